/**
 * Reading a scenario file (issue 12): the one place where the program reads the bytes of a
 * scenario, whether it is the FILE of a command, a base named by `extends`, or standard input.
 *
 * - The byte limit (SPEC §6, 10 MB) is counted while reading, on the open descriptor: a file that
 *   grows or is swapped after it was looked at, `/dev/zero` on stdin, or a pipe that never ends
 *   stop at the limit instead of being read whole.
 * - Opening never blocks: files are opened with O_NONBLOCK | O_NOCTTY, and only then examined
 *   (fstat of the descriptor, so what is examined is what is read).
 * - A command's FILE is a regular file or a pipe (`model <(gen)` gives one); a directory, a device
 *   (`/dev/zero`, `/dev/tty`) or a socket is refused before a byte is read.
 * - An `extends` base must be a regular file whose name, and whose real path after symbolic
 *   links, ends in `.yaml` or `.yml`; with `extendsRoot`, its real path must lie inside that
 *   directory. A refused base is named, never read, so no message can echo the content of a file
 *   that is not a scenario (`extends: /etc/passwd`, `/proc/self/environ`).
 *
 * Every refusal is data (`code`, `message`), worded for `cannot extend X: ...` or a file-level
 * issue; nothing here throws for a user mistake. Exported for commands that need the exact bytes
 * of a chain (a manifest with checksums): {@link readScenarioFile} gives what the loader reads.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import { MAX_FILE_BYTES } from '../scenario/yaml.js';

/** Which role the file plays: the command's FILE, or a base named by `extends`. */
export type ScenarioFileRole = 'file' | 'extends';

export interface ScenarioFileOptions {
  role: ScenarioFileRole;
  /** `--extends-root DIR`: every base must lie inside DIR (after symbolic links) */
  extendsRoot?: string;
  /** defaults to SPEC §6's 10 MB */
  maxBytes?: number;
}

/** What was read: the bytes, and the file's identity (to tell later whether an output is this input). */
export interface ScenarioFileContent {
  ok: true;
  bytes: Uint8Array;
  /** the real path after symbolic links (`<stdin>` for standard input) */
  realPath: string;
  /** device and inode: undefined for a pipe or a terminal */
  identity: FileIdentity | undefined;
}

export interface ScenarioFileRefusal {
  ok: false;
  /** stable code: no_such_file, symlink_loop, is_directory, not_regular, not_yaml, outside_root, too_large, unreadable */
  code: string;
  /** a plain sentence that names no byte of the file */
  message: string;
}

export type ScenarioFileResult = ScenarioFileContent | ScenarioFileRefusal;

export interface FileIdentity {
  dev: number;
  ino: number;
}

/** The extensions a base may have (lower case). */
export const SCENARIO_EXTENSIONS: readonly string[] = ['.yaml', '.yml'];

const CHUNK = 64 * 1024;

/** Reads one scenario file by path; see the module comment for what is refused. */
export function readScenarioFile(path: string, options: ScenarioFileOptions): ScenarioFileResult {
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (error) {
    return refusal(error);
  }
  if (stat.isDirectory()) return refuse('is_directory', 'it is a directory, not a scenario file');
  const kind = fileKind(stat);
  if (options.role === 'extends') {
    if (!stat.isFile()) return refuse('not_regular', `it is ${kind}, not a regular file; extends reads only regular .yaml and .yml files`);
  } else if (!stat.isFile() && !stat.isFIFO()) {
    return refuse('not_regular', `it is ${kind}, not a scenario file (a scenario is a regular file, a pipe or - for standard input)`);
  }
  let realPath: string;
  try {
    realPath = realpathSync(path);
  } catch (error) {
    return refusal(error);
  }
  if (options.role === 'extends') {
    if (!hasScenarioExtension(path) || !hasScenarioExtension(realPath)) {
      return refuse('not_yaml', 'extends reads only .yaml and .yml files (the file was not read)');
    }
    if (options.extendsRoot !== undefined && !isInside(realPath, options.extendsRoot)) {
      return refuse('outside_root', `it lies outside the --extends-root directory ${options.extendsRoot} (the file was not read)`);
    }
  }
  if (stat.isFile() && stat.size > maxBytes) return refuse('too_large', tooLargeBySize(stat.size, maxBytes));

  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    return refusal(error);
  }
  try {
    // what is read is what was checked: the descriptor must still be the file looked at above
    const opened = fstatSync(fd);
    if (opened.dev !== stat.dev || opened.ino !== stat.ino) {
      return refuse('unreadable', 'the file changed while it was being opened; run again');
    }
    const read = readBounded(fd, maxBytes);
    if ('error' in read) return refusal(read.error);
    if (read.bytes.length > maxBytes) return refuse('too_large', tooLargeWhileReading(maxBytes));
    return { ok: true, bytes: read.bytes, realPath, identity: opened.isFile() ? { dev: opened.dev, ino: opened.ino } : undefined };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads standard input, at most `maxBytes + 1` bytes (one more than allowed, so the caller can
 * tell "too large" without reading on). A terminal is read as usual (the user types, then Ctrl-D).
 */
export function readStandardInput(maxBytes: number = MAX_FILE_BYTES): { bytes: Uint8Array; identity: FileIdentity | undefined } | { error: unknown } {
  const read = readBounded(0, maxBytes);
  if ('error' in read) return read;
  let identity: FileIdentity | undefined;
  try {
    const stat = fstatSync(0);
    if (stat.isFile()) identity = { dev: stat.dev, ino: stat.ino };
  } catch {
    /* no identity: not a file */
  }
  return { bytes: read.bytes, identity };
}

/** True when the name ends in .yaml or .yml (any case). */
export function hasScenarioExtension(path: string): boolean {
  return SCENARIO_EXTENSIONS.includes(extname(path).toLowerCase());
}

/** True when `path` (a real path) lies inside the directory `root` (resolved through symbolic links). */
function isInside(path: string, root: string): boolean {
  let base: string;
  try {
    base = realpathSync(root);
  } catch {
    base = resolve(root);
  }
  const rel = relative(base, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Reads up to `maxBytes + 1` bytes from `fd`, chunk by chunk. A non-blocking descriptor with no
 * data yet (EAGAIN: a pipe whose writer is slow) is waited for in short sleeps.
 */
function readBounded(fd: number, maxBytes: number): { bytes: Uint8Array } | { error: unknown } {
  const chunks: Buffer[] = [];
  let total = 0;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    const want = Math.min(CHUNK, maxBytes + 1 - total);
    if (want <= 0) break;
    const chunk = Buffer.allocUnsafe(want);
    let n: number;
    try {
      n = readSync(fd, chunk, 0, want, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException)?.code;
      if (code === 'EAGAIN' || code === 'EWOULDBLOCK') {
        Atomics.wait(sleeper, 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break;
      return { error };
    }
    if (n === 0) break;
    chunks.push(n === want ? chunk : chunk.subarray(0, n));
    total += n;
  }
  return { bytes: Buffer.concat(chunks, total) };
}

function fileKind(stat: Stats): string {
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function refuse(code: string, message: string): ScenarioFileRefusal {
  return { ok: false, code, message };
}

/** A file-system error as a refusal. */
function refusal(error: unknown): ScenarioFileRefusal {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return refuse('no_such_file', 'no such file');
    case 'ELOOP':
      return refuse('symlink_loop', 'its symbolic links form a loop (too many levels of symbolic links)');
    case 'ENOTDIR':
      return refuse('no_such_file', 'no such file (a part of the path is not a directory)');
    case 'ENAMETOOLONG':
      return refuse('no_such_file', 'the file name is too long');
    case 'EACCES':
    case 'EPERM':
      return refuse('unreadable', 'cannot read the file: permission denied');
    case 'EISDIR':
      return refuse('is_directory', 'it is a directory, not a scenario file');
    case 'ENXIO':
      return refuse('not_regular', 'it is a device or socket that cannot be opened for reading');
    default:
      return refuse('unreadable', `cannot read the file: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** SPEC §6's wording, with the size known before reading. */
export function tooLargeBySize(bytes: number, maxBytes: number = MAX_FILE_BYTES): string {
  const mb = (bytes / (1024 * 1024)).toFixed(1);
  return `the file is ${mb} MB; scenario files are limited to ${maxBytes / (1024 * 1024)} MB`;
}

/** SPEC §6's wording when the limit was reached while reading (a pipe, stdin, a growing file). */
export function tooLargeWhileReading(maxBytes: number = MAX_FILE_BYTES): string {
  return `it holds more than ${maxBytes / (1024 * 1024)} MB; scenario files are limited to ${maxBytes / (1024 * 1024)} MB (reading stopped there)`;
}
