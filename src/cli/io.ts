/**
 * The edge that touches the process: stdout, stderr, colour decisions and files. Commands receive
 * an {@link Io} so tests could drive them without a process.
 */
import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fsyncSync,
  lstatSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { RunError } from './errors.js';
import { assertNotAnInput, isDescriptorPath, standardStreamOf } from './run-files.js';
import { terminalLine } from '../scenario/terminal-text.js';

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** stdout is a terminal (tables, colours) */
  stdoutIsTTY: boolean;
  /** stderr is a terminal (progress bars) */
  stderrIsTTY: boolean;
  /** colours on (see {@link colorWanted}); `--no-color` turns it off */
  color: boolean;
  /** the command line after the program name, as given (set by runCli; the manifest's `command`) */
  argv?: readonly string[];
  /** `--quiet`: no warnings, notes or progress on stderr (errors still go there) */
  quiet?: boolean;
}

export function processIo(): Io {
  const stdoutIsTTY = Boolean(process.stdout.isTTY);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdoutIsTTY,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    color: colorWanted(process.env, stdoutIsTTY),
  };
}

/**
 * Whether stdout gets colours, from the environment (clig.dev; the order Node's own tty uses):
 * `FORCE_COLOR` set decides first (`0` or `false` turns colour off, any other value — even empty —
 * on, also when stdout is a pipe, e.g. `| less -R`); then a non-empty `NO_COLOR` or `TERM=dumb`
 * turns it off; otherwise colour only on a terminal. `--no-color` overrides all of this (main.ts).
 * Files written with `--output` never get colours.
 */
export function colorWanted(env: NodeJS.ProcessEnv, stdoutIsTTY: boolean): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['TERM'] === 'dumb') return false;
  return stdoutIsTTY;
}

/** One warning or note line on stderr (e.g. `warning: PATH: message`); nothing with `--quiet`. */
export function warn(io: Io, line: string): void {
  if (io.quiet) return;
  io.stderr.write(line.endsWith('\n') ? line : `${line}\n`);
}

/**
 * A file written whole or not at all (SPEC §6): bytes go to a temporary file in the same
 * directory, which {@link AtomicFileWriter.commit} flushes and renames over the target and
 * {@link AtomicFileWriter.abort} removes. Streaming commands (`sweep --output`, `simulate
 * --paths-out`) write through it row by row; {@link writeFileAtomic} in one go. Every failure is
 * one plain `RunError` line naming the file.
 *
 * What an existing target gets (issue 12, docs/security.md):
 * - a regular file keeps its permission bits (and, run as root, its owner); one the user may not
 *   write (a read-only file, as a shell redirect would refuse) is refused, not replaced;
 * - a symbolic link is followed: the file it points to is replaced and the link stays (as `>`
 *   does); a link to nothing or a loop of links is refused;
 * - a file with several hard links is refused: renaming a new file over one name would leave the
 *   other names with the old content, silently;
 * - this process's own stdout or stderr (`/dev/stdout`, `/proc/self/fd/1`, the file stdout is
 *   redirected to) is written through that descriptor; other devices, FIFOs and descriptor paths
 *   (`/dev/null`, `/dev/full`, `/dev/fd/3`) are written straight into, never renamed over, and a
 *   FIFO nobody reads is refused instead of waited for;
 * - a file this run reads is never opened ({@link assertNotAnInput}).
 */
export class AtomicFileWriter {
  /** the temporary file; undefined when written straight into */
  private readonly tmp: string | undefined;
  /** the file the temporary file is renamed over (a symbolic link's target) */
  private readonly target: string;
  private fd: number | undefined;
  /** the descriptor belongs to the process (stdout/stderr): never closed here */
  private readonly borrowed: boolean;

  constructor(
    readonly path: string,
    option = '--output',
  ) {
    assertNotAnInput(path, option);
    const plan = planOutput(path);
    if ('refused' in plan) throw new RunError(`cannot write ${terminalLine(path)}: ${plan.refused}`);
    this.target = plan.target;
    this.borrowed = plan.mode === 'stream';
    this.tmp = plan.mode === 'atomic' ? temporaryPathFor(plan.target) : undefined;
    try {
      if (plan.mode === 'stream') this.fd = plan.fd;
      else if (plan.mode === 'direct') this.fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_NOCTTY | constants.O_TRUNC);
      else {
        this.fd = openSync(this.tmp!, 'wx', 0o644);
        addPending(this.tmp!);
        if (plan.keep !== undefined) keepModeAndOwner(this.fd, plan.keep);
      }
    } catch (error) {
      this.abort();
      throw this.failure(error);
    }
  }

  write(text: string | Uint8Array): void {
    if (this.fd === undefined) return;
    try {
      writeAllSync(this.fd, typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
    } catch (error) {
      // e.g. disk full mid-run: no temporary file left behind
      this.abort();
      throw this.failure(error);
    }
  }

  commit(): void {
    if (this.fd === undefined) return;
    try {
      if (this.tmp !== undefined) fsyncSync(this.fd);
      if (!this.borrowed) closeSync(this.fd);
      this.fd = undefined;
      if (this.tmp !== undefined) {
        renameSync(this.tmp, this.target);
        deletePending(this.tmp);
      }
    } catch (error) {
      this.abort();
      throw this.failure(error);
    }
  }

  abort(): void {
    if (this.fd !== undefined) {
      try {
        if (!this.borrowed) closeSync(this.fd);
      } catch {
        /* already failing */
      }
      this.fd = undefined;
    }
    if (this.tmp !== undefined) {
      try {
        unlinkSync(this.tmp);
      } catch {
        /* nothing left */
      }
      deletePending(this.tmp);
    }
  }

  private failure(error: unknown): RunError {
    return new RunError(`cannot write ${terminalLine(this.path)}: ${describeFsError(error)}`);
  }
}

/**
 * Refuses, before any work, an output that {@link AtomicFileWriter} would refuse at the end
 * (a read-only file, several hard links, a dangling link, a directory): a long `simulate` never
 * computes for nothing. Opens nothing.
 */
export function preflightOutput(path: string): void {
  if (standardStreamOf(path) !== undefined) return;
  const plan = planOutput(path);
  if ('refused' in plan) throw new RunError(`cannot write ${terminalLine(path)}: ${plan.refused}`);
}

/** Writes `text` to `path` whole or not at all (SPEC §6), through {@link AtomicFileWriter}. */
export function writeFileAtomic(path: string, text: string | Uint8Array): void {
  const file = new AtomicFileWriter(path);
  file.write(text);
  file.commit();
}

/** Temporary files not yet renamed or removed: a SIGINT/SIGTERM/SIGHUP handler removes them. */
const pendingTemporaryFiles = new Set<string>();

/** Removes every temporary file still pending (on a terminating signal, or a failing stdout). */
export function removePendingTemporaryFiles(): void {
  for (const tmp of pendingTemporaryFiles) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
  }
  pendingTemporaryFiles.clear();
  disarmSignals();
}

/**
 * While a temporary file exists, SIGINT, SIGTERM and SIGHUP remove it and then end the process by
 * the same signal (the parent sees what it would see without a handler). Handlers are installed
 * only in that window, so Ctrl-C stays immediate the rest of the time. SIGKILL cannot be caught:
 * it may leave the hidden `.NAME.PID.TIME.tmp` beside the target (never renamed over it).
 */
const TERMINATING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const onSignal = (signal: NodeJS.Signals): void => {
  removePendingTemporaryFiles();
  process.kill(process.pid, signal);
};
let armed = false;

function addPending(tmp: string): void {
  pendingTemporaryFiles.add(tmp);
  if (armed) return;
  armed = true;
  for (const signal of TERMINATING_SIGNALS) process.on(signal, onSignal);
}

function deletePending(tmp: string): void {
  pendingTemporaryFiles.delete(tmp);
  if (pendingTemporaryFiles.size === 0) disarmSignals();
}

function disarmSignals(): void {
  if (!armed) return;
  armed = false;
  for (const signal of TERMINATING_SIGNALS) process.off(signal, onSignal);
}

type OutputPlan =
  | { mode: 'stream'; fd: 1 | 2; target: string }
  | { mode: 'direct'; target: string }
  | { mode: 'atomic'; target: string; keep: Stats | undefined }
  | { refused: string };

/** How `path` is to be written (see {@link AtomicFileWriter}). */
function planOutput(path: string): OutputPlan {
  const stream = standardStreamOf(path);
  if (stream !== undefined) return { mode: 'stream', fd: stream, target: path };
  if (isDescriptorPath(path)) return { mode: 'direct', target: path };
  let target = path;
  let link: Stats | undefined;
  try {
    link = lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    if (code === 'ENOENT') return { mode: 'atomic', target, keep: undefined };
    return { refused: describeFsError(error) };
  }
  if (link.isSymbolicLink()) {
    try {
      target = realpathSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException)?.code;
      if (code === 'ENOENT') return { refused: 'it is a symbolic link to a file that does not exist; --output does not create files through a dangling link' };
      return { refused: describeFsError(error) };
    }
  }
  let stat: Stats;
  try {
    stat = link.isSymbolicLink() ? statSync(target) : link;
  } catch (error) {
    return { refused: describeFsError(error) };
  }
  if (stat.isDirectory()) return { refused: 'is a directory' };
  if (!stat.isFile()) {
    if (stat.isFIFO()) return { mode: 'direct', target };
    if (stat.isSocket()) return { refused: 'it is a socket' };
    return { mode: 'direct', target };
  }
  if (stat.nlink > 1) {
    return {
      refused: `it has ${stat.nlink} hard links; --output replaces a file whole by renaming a new one over it, which would leave the other links with the old content (remove the extra links, or write to another file)`,
    };
  }
  try {
    accessSync(target, constants.W_OK);
  } catch {
    return { refused: 'permission denied (the file is not writable; a shell redirect would refuse it too)' };
  }
  return { mode: 'atomic', target, keep: stat };
}

/**
 * The replaced file's permission bits (and owner, when run as root) onto the new one. Only the
 * read/write/execute bits: a result file never inherits set-user-ID, set-group-ID or sticky bits.
 */
function keepModeAndOwner(fd: number, previous: Stats): void {
  if (typeof process.getuid === 'function' && process.getuid() === 0 && (previous.uid !== 0 || previous.gid !== 0)) {
    try {
      fchownSync(fd, previous.uid, previous.gid);
    } catch {
      /* e.g. a file system without owners: the mode is kept anyway */
    }
  }
  fchmodSync(fd, previous.mode & 0o777);
}

/**
 * The temporary file beside `target`: `.NAME.PID.TIME.tmp`, hidden and named after the target.
 * A long NAME is shortened so the temporary name stays within the 255-byte limit of a file name
 * (a 244-character output name used to fail on the temporary file alone).
 */
function temporaryPathFor(target: string): string {
  let name = basename(target);
  while (Buffer.byteLength(name) > 200) name = name.slice(0, -1);
  return join(dirname(target), `.${name}.${process.pid}.${Date.now()}.tmp`);
}

/** writeSync until every byte is written (a single call may write fewer on pipes and devices). */
function writeAllSync(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  let sleeper: Int32Array | undefined;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      // a non-blocking pipe or FIFO that is full: wait for the reader
      if ((error as NodeJS.ErrnoException)?.code !== 'EAGAIN') throw error;
      sleeper ??= new Int32Array(new SharedArrayBuffer(4));
      Atomics.wait(sleeper, 0, 0, 5);
    }
  }
}

/** A short human reason for a file-system error (no stack). */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on device';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ELOOP':
      return 'its symbolic links form a loop (too many levels of symbolic links)';
    case 'ENAMETOOLONG':
      return 'the file name is too long';
    case 'ENXIO':
      return 'it is a FIFO that nobody reads (or a device that is not there)';
    case 'EXDEV':
      return 'the file lies on another file system than its directory entry';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Delivers a command's finished output: to `--output FILE` atomically, or to stdout.
 * Resolves once stdout has accepted the text.
 */
export async function deliver(io: Io, text: string, output?: string): Promise<void> {
  if (output !== undefined && output !== '-') {
    // /dev/stdout, /proc/self/fd/2 and the like: through the process's own stream (issue 12)
    const stream = standardStreamOf(output);
    if (stream === undefined) {
      writeFileAtomic(output, text);
      return;
    }
    await writeAll(stream === 1 ? io.stdout : io.stderr, text);
    return;
  }
  await writeAll(io.stdout, text);
}

/** Writes to a stream and waits for it to drain (so large outputs are not lost at exit). */
export function writeAll(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (text === '') return resolve();
    const ok = stream.write(text);
    if (ok) resolve();
    else stream.once('drain', () => resolve());
  });
}
