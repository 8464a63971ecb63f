/**
 * The files of one run (issue 12): the one place that knows which paths this run reads and which
 * it writes, so that an output can never destroy an input.
 *
 * - {@link declareOutputs} is called once per command line, before any work: an empty output
 *   name, two outputs naming the same file (`--output X --paths-out X`), two outputs on standard
 *   output, or an output that is one of the command's FILEs is a usage error (exit 2).
 * - {@link noteInput} is called by the scenario reader for every file it reads, `extends` bases
 *   included: a base that is also a declared output (`--paths-out base.yaml`) stops the run, a
 *   usage error raised while loading, before anything is computed or written.
 * - {@link assertNotAnInput} is the writer's last check (AtomicFileWriter): no output is ever
 *   opened over a file that this run has read.
 * - {@link standardStreamOf} tells whether an output path is the process's own stdout or stderr
 *   (`/dev/stdout`, `/proc/self/fd/1`, or any path that resolves to the same file): those are
 *   written through the stream, never renamed over.
 */
import { fstatSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';
import type { FileIdentity } from './scenario-file.js';

interface DeclaredOutput {
  /** the option as the user wrote it, e.g. `--output` */
  option: string;
  path: string;
}

interface ReadInput {
  /** as shown in messages */
  name: string;
  identity: FileIdentity;
}

let outputs: DeclaredOutput[] = [];
let inputs: ReadInput[] = [];

/** The output options of every command (commander's camel-case key -> the flag). */
const OUTPUT_OPTIONS: ReadonlyArray<[string, string]> = [
  ['output', '--output'],
  ['pathsOut', '--paths-out'],
];

/**
 * Checks a command line's outputs before any work and remembers them (see the module comment).
 * `files` are the command's scenario FILE arguments (`-` for standard input).
 */
export function declareOutputs(options: Record<string, unknown>, files: readonly string[]): void {
  outputs = [];
  inputs = [];
  for (const [key, option] of OUTPUT_OPTIONS) {
    const value = options[key];
    if (value === undefined) continue;
    const path = String(value);
    if (path.trim() === '') throw new UsageError(`${option} needs a file name${option === '--output' ? ' (or - for standard output)' : ''}, got an empty one`);
    outputs.push({ option, path });
  }
  const named = outputs.filter((o) => !(o.option === '--output' && o.path === '-'));
  // both on standard output would interleave two documents
  const onStdout = outputs.filter((o) => (o.option === '--output' && o.path === '-') || standardStreamOf(o.path) === 1);
  if (onStdout.length === 1 && onStdout[0]!.option !== '--output' && options['output'] === undefined) {
    onStdout.push({ option: 'the result', path: '(no --output)' });
  }
  if (onStdout.length > 1) {
    throw new UsageError(`${onStdout.map((o) => `${o.option} ${o.path}`).join(' and ')} would both write to standard output; send one of them to a file`);
  }
  for (let i = 0; i < named.length; i++) {
    for (let j = i + 1; j < named.length; j++) {
      if (sameTarget(named[i]!.path, named[j]!.path)) {
        throw new UsageError(`${named[i]!.option} and ${named[j]!.option} name the same file ${named[i]!.path}; one would overwrite the other`);
      }
    }
  }
  if (files.filter((f) => f === '-').length > 1) {
    throw new UsageError('standard input (-) can be read only once; give - at most once');
  }
  for (const file of files) {
    if (file === '-') continue;
    let identity: FileIdentity;
    try {
      const stat = statSync(file);
      identity = { dev: stat.dev, ino: stat.ino };
    } catch {
      continue; // reported by the loader
    }
    refuseIfOutput(file, identity, 'the scenario file');
  }
}

/**
 * Records a file the run has read; a usage error when a declared output is that file (the run
 * would destroy what it reads). `name` as shown in messages.
 */
export function noteInput(name: string, identity: FileIdentity | undefined, via: 'file' | 'extends' | 'stdin'): void {
  if (identity === undefined) return;
  refuseIfOutput(name, identity, via === 'extends' ? 'a base the scenario extends' : via === 'stdin' ? 'the scenario read on standard input' : 'the scenario file');
  inputs.push({ name, identity });
}

/** The writer's last check: a usage error when `path` is a file this run has read. */
export function assertNotAnInput(path: string, option = 'the output'): void {
  const identity = identityOf(path);
  if (identity === undefined) return;
  const input = inputs.find((i) => i.identity.dev === identity.dev && i.identity.ino === identity.ino);
  if (input !== undefined) throw new UsageError(outputOverInput(option, path, input.name, 'a file this run read'));
}

function refuseIfOutput(name: string, identity: FileIdentity, role: string): void {
  for (const output of outputs) {
    const target = identityOf(output.path);
    if (target !== undefined && target.dev === identity.dev && target.ino === identity.ino) {
      throw new UsageError(outputOverInput(output.option, output.path, name, role));
    }
  }
}

function outputOverInput(option: string, path: string, input: string, role: string): string {
  const which = path === input || role.includes('standard input') ? role : `${role}, ${input}`;
  return `${option} ${path} is an input of this run (${which}): writing it would destroy it; nothing was written, choose another output file`;
}

/** Device and inode of the file `path` names (following symbolic links), or undefined. */
function identityOf(path: string): FileIdentity | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() ? { dev: stat.dev, ino: stat.ino } : undefined;
  } catch {
    return undefined;
  }
}

/** True when two output paths name the same file (existing: same inode; new: same resolved path). */
function sameTarget(a: string, b: string): boolean {
  const ia = identityOf(a);
  const ib = identityOf(b);
  if (ia !== undefined && ib !== undefined) return ia.dev === ib.dev && ia.ino === ib.ino;
  return resolvedPath(a) === resolvedPath(b);
}

/** The absolute path with its directory resolved through symbolic links. */
function resolvedPath(path: string): string {
  const absolute = resolve(path);
  try {
    return join(realpathSync(dirname(absolute)), basename(absolute));
  } catch {
    return absolute;
  }
}

const FD_PATH = /^\/(?:dev\/fd|proc\/(self|thread-self|\d+)\/fd)\/(\d+)$/;

/**
 * 1 when `path` is this process's standard output, 2 for standard error, else undefined:
 * `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`, or a path that resolves to the
 * very file stdout or stderr is connected to (`model s.yaml --output out.txt > out.txt`).
 */
export function standardStreamOf(path: string): 1 | 2 | undefined {
  if (path === '/dev/stdout') return 1;
  if (path === '/dev/stderr') return 2;
  const fd = FD_PATH.exec(path);
  if (fd && (fd[1] === undefined || fd[1] === 'self' || fd[1] === 'thread-self' || Number(fd[1]) === process.pid)) {
    const n = Number(fd[2]);
    if (n === 1 || n === 2) return n;
  }
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return undefined;
  }
  for (const n of [1, 2] as const) {
    try {
      const s = fstatSync(n);
      if (s.dev === stat.dev && s.ino === stat.ino && s.rdev === stat.rdev) return n;
    } catch {
      /* closed */
    }
  }
  return undefined;
}

/** True for a path that names an open descriptor (`/dev/fd/3`, `/proc/self/fd/3`): written straight into. */
export function isDescriptorPath(path: string): boolean {
  return FD_PATH.test(path);
}
