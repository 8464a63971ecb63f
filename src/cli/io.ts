/**
 * The edge that touches the process: stdout, stderr, colour decisions and files. Commands receive
 * an {@link Io} so tests could drive them without a process.
 */
import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { RunError } from './errors.js';

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** stdout is a terminal (tables, colours) */
  stdoutIsTTY: boolean;
  /** stderr is a terminal (progress bars) */
  stderrIsTTY: boolean;
  /** colours on (see {@link colorWanted}); `--no-color` turns it off */
  color: boolean;
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
 * --paths-out`) write through it row by row; {@link writeFileAtomic} in one go. Devices such as
 * `/dev/null` are written straight into (see {@link atomicTempPath}). Every failure is one plain
 * `RunError` line naming the file.
 */
export class AtomicFileWriter {
  /** undefined for a device: written straight into, never renamed over */
  private readonly tmp: string | undefined;
  private fd: number | undefined;

  constructor(readonly path: string) {
    this.tmp = atomicTempPath(path);
    try {
      this.fd = this.tmp === undefined ? openSync(path, 'w') : openSync(this.tmp, 'wx', 0o644);
    } catch (error) {
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
      closeSync(this.fd);
      this.fd = undefined;
      if (this.tmp !== undefined) renameSync(this.tmp, this.path);
    } catch (error) {
      this.abort();
      throw this.failure(error);
    }
  }

  abort(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        /* already failing */
      }
      this.fd = undefined;
    }
    try {
      if (this.tmp !== undefined) unlinkSync(this.tmp);
    } catch {
      /* nothing left */
    }
  }

  private failure(error: unknown): RunError {
    return new RunError(`cannot write ${this.path}: ${describeFsError(error)}`);
  }
}

/** Writes `text` to `path` whole or not at all (SPEC §6), through {@link AtomicFileWriter}. */
export function writeFileAtomic(path: string, text: string | Uint8Array): void {
  const file = new AtomicFileWriter(path);
  file.write(text);
  file.commit();
}

/**
 * The temporary file to write beside `path` before renaming it over `path`; or undefined when
 * `path` already exists and is not a regular file or directory (`/dev/null`, `/dev/stdout`,
 * `/dev/full`, a FIFO): those are written straight into, since renaming over them would replace
 * the device with a plain file (as root, `--output /dev/null` used to do exactly that — found by
 * the error catalog's `*-output-dev-full` cases) and a device is never "half written" anyway.
 */
export function atomicTempPath(path: string): string | undefined {
  try {
    const stat = statSync(path);
    if (!stat.isFile() && !stat.isDirectory()) return undefined;
  } catch {
    /* no such file yet: the usual case */
  }
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
}

/** writeSync until every byte is written (a single call may write fewer on pipes and devices). */
function writeAllSync(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
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
    writeFileAtomic(output, text);
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
