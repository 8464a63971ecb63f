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
  /** colours on: stdout is a TTY and NO_COLOR is unset or empty */
  color: boolean;
}

export function processIo(): Io {
  const stdoutIsTTY = Boolean(process.stdout.isTTY);
  const noColor = process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '';
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdoutIsTTY,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    color: stdoutIsTTY && !noColor,
  };
}

/**
 * Writes `text` to `path` whole or not at all (SPEC §6): a temporary file in the same directory,
 * flushed, then renamed over the target.
 */
export function writeFileAtomic(path: string, text: string | Uint8Array): void {
  const tmp = atomicTempPath(path);
  let fd: number | undefined;
  try {
    fd = tmp === undefined ? openSync(path, 'w') : openSync(tmp, 'wx', 0o644);
    writeAllSync(fd, typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
    if (tmp !== undefined) fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    if (tmp !== undefined) renameSync(tmp, path);
  } catch (error) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        /* already failing */
      }
    }
    try {
      if (tmp !== undefined) unlinkSync(tmp);
    } catch {
      /* nothing was created */
    }
    throw new RunError(`cannot write ${path}: ${describeFsError(error)}`);
  }
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
