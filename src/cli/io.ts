/**
 * The edge that touches the process: stdout, stderr, colour decisions and files. Commands receive
 * an {@link Io} so tests could drive them without a process.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
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
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    writeSync(fd, typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (error) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        /* already failing */
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing was created */
    }
    throw new RunError(`cannot write ${path}: ${describeFsError(error)}`);
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
