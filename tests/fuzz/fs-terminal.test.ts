/**
 * Fuzzing the IO edge (issue 12): file-system and terminal mutations. Each case builds, in a fresh
 * directory, a scenario FILE and possibly a base it `extends`, under names with control characters,
 * escapes, newlines and bidirectional overrides, as any of: a valid or mutated regular file, a
 * FIFO, a link to /dev/null or /dev/zero, a directory, a dangling link, a loop of links, a hard
 * link; then runs a command with `--output` pointed at a new odd name, the input itself, a FIFO
 * nobody reads, /dev/null, a directory, a hard-linked file or a dangling link. Whatever the case:
 *   - the run ends (no special file is waited for) with exit 0, 1 or 2, never a stack trace;
 *   - nothing printed for a person (stderr, table stdout) holds a raw control character;
 *   - no input is changed, and an output that is an input is refused with exit 2;
 *   - every failure names the file as `name:` or `name:line:col:` on one line.
 * In-process through runCli() (the entry bin/chipsforequity uses), with the real file system.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { terminalLine } from '../../src/scenario/terminal-text.js';
import { mutatedScenarioBytes, validScenarioText } from './scenario-text.js';

const RUNS = Math.max(60, Math.round((Number(process.env['FUZZ_RUNS'] ?? 0) || 2000) / 15));
const top = mkdtempSync(join(tmpdir(), 'cfe-fuzz-fs-'));
afterAll(() => rmSync(top, { recursive: true, force: true }));

function memoryIo(): { io: Io; out: () => string; err: () => string } {
  const chunks = { out: [] as string[], err: [] as string[] };
  const sink = (into: string[]) =>
    new Writable({
      write(chunk, _encoding, done) {
        into.push(String(chunk));
        done();
      },
    }) as unknown as NodeJS.WriteStream;
  const io: Io = { stdout: sink(chunks.out), stderr: sink(chunks.err), stdoutIsTTY: false, stderrIsTTY: false, color: false };
  return { io, out: () => chunks.out.join(''), err: () => chunks.err.join('') };
}

/** File names a hostile upload could carry (no `/` and no NUL: the file system refuses those). */
const oddName = fc
  .array(fc.constantFrom('a', 'Z', '9', ' ', '-', '.', '\n', '\r', '\t', '\u001b', '[', '2', 'J', ']', '0', ';', '\u0007', '\u009b', '\u202e', '\u2066', 'é', '"', "'", '#', ':'), {
    minLength: 1,
    maxLength: 14,
  })
  .map((chars) => `${chars.join('')}.yaml`);

type InputKind = 'valid' | 'mutated' | 'fifo' | 'dev-null' | 'dev-zero' | 'directory' | 'dangling' | 'loop' | 'hard-link';
type OutputKind = 'none' | 'new-odd-name' | 'the-input' | 'the-base' | 'fifo' | 'dev-null' | 'directory' | 'hard-linked' | 'dangling';

const inputKind = fc.constantFrom<InputKind>('valid', 'valid', 'mutated', 'fifo', 'dev-null', 'dev-zero', 'directory', 'dangling', 'loop', 'hard-link');
const outputKind = fc.constantFrom<OutputKind>('none', 'new-odd-name', 'the-input', 'the-base', 'fifo', 'dev-null', 'directory', 'hard-linked', 'dangling');

/** Makes `path` as the kind asks; `text` is the content of a regular file. */
function makeInput(dir: string, path: string, kind: InputKind, text: string, mutated: Buffer): void {
  switch (kind) {
    case 'valid':
      return writeFileSync(path, text);
    case 'mutated':
      return writeFileSync(path, mutated);
    case 'fifo':
      return void execFileSync('mkfifo', [path]);
    case 'dev-null':
      return symlinkSync('/dev/null', path);
    case 'dev-zero':
      return symlinkSync('/dev/zero', path);
    case 'directory':
      return mkdirSync(path);
    case 'dangling':
      return symlinkSync(join(dir, 'missing', 'nothing.yaml'), path);
    case 'loop':
      symlinkSync(`${path}.other`, path);
      return symlinkSync(path, `${path}.other`);
    case 'hard-link':
      writeFileSync(`${path}.twin`, text);
      return linkSync(`${path}.twin`, path);
  }
}

function digest(path: string): string | undefined {
  try {
    if (!lstatSync(path).isFile()) return undefined;
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return undefined;
  }
}

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let counter = 0;

describe('fuzz: hostile names, special files as inputs and outputs', () => {
  it(`${RUNS} cases: every run ends, prints no raw control character, and never changes an input`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          text: validScenarioText,
          mutated: mutatedScenarioBytes,
          fileName: oddName,
          baseName: oddName,
          fileKind: inputKind,
          baseKind: fc.option(inputKind, { nil: undefined }),
          output: outputKind,
          outputName: oddName,
          command: fc.constantFrom('model-table', 'model-csv', 'model-json', 'validate', 'compare'),
        }),
        async (c) => {
          const dir = join(top, `c${counter++}`);
          mkdirSync(dir);
          const base = join(dir, `b-${c.baseName}`);
          const file = join(dir, `f-${c.fileName}`);
          if (c.baseKind !== undefined) {
            makeInput(dir, base, c.baseKind, c.text, c.mutated.bytes);
            // the top file extends the base (a YAML double-quoted string takes JSON's escapes)
            writeFileSync(file, `extends: ${JSON.stringify(base)}\nname: Child\n`);
          } else {
            makeInput(dir, file, c.fileKind, c.text, c.mutated.bytes);
          }
          const inputs = [file, base].filter((p) => existsSync(p));
          const before = inputs.map(digest);

          const args: string[] = [];
          let output: string | undefined;
          switch (c.output) {
            case 'none':
              break;
            case 'new-odd-name':
              output = join(dir, `o-${c.outputName}`);
              break;
            case 'the-input':
              output = file;
              break;
            case 'the-base':
              output = c.baseKind !== undefined ? base : file;
              break;
            case 'fifo':
              output = join(dir, 'out.fifo');
              execFileSync('mkfifo', [output]);
              break;
            case 'dev-null':
              output = '/dev/null';
              break;
            case 'directory':
              output = join(dir, 'out-dir');
              mkdirSync(output);
              break;
            case 'hard-linked':
              output = join(dir, 'out.csv');
              writeFileSync(output, 'old\n');
              linkSync(output, join(dir, 'out-twin.csv'));
              break;
            case 'dangling':
              output = join(dir, 'out-link.csv');
              symlinkSync(join(dir, 'missing', 'x.csv'), output);
              break;
          }
          switch (c.command) {
            case 'model-table':
              args.push('model', file, '--format', 'table');
              break;
            case 'model-csv':
              args.push('model', file, '--format', 'csv');
              break;
            case 'model-json':
              args.push('model', file, '--format', 'json');
              break;
            case 'validate':
              args.push('validate', file);
              break;
            case 'compare':
              args.push('compare', file, file, '--format', 'csv');
              break;
          }
          const writes = output !== undefined && c.command !== 'validate';
          if (writes) args.push('--output', output!);
          else if (c.command === 'validate' && output !== undefined) args.push('--set', `name=${c.outputName}`);

          const { io, out, err } = memoryIo();
          const timer = new Promise<number>((resolve) => setTimeout(() => resolve(-1), 20_000));
          const exit = await Promise.race([runCli(args, io), timer]);
          const stdout = out();
          const stderr = err();
          const where = `${JSON.stringify(args)}\n${stderr.slice(0, 400)}`;

          expect(exit, `the run did not end: ${where}`).not.toBe(-1);
          expect([0, 1, 2], where).toContain(exit);
          expect(stderr, where).not.toMatch(/\n\s+at |internal error|Error:/);
          expect(stderr, where).not.toMatch(RAW_CONTROL);
          if (c.command === 'model-table' || c.command === 'validate') expect(stdout, where).not.toMatch(RAW_CONTROL);
          // no input changed, whatever the output was
          expect(inputs.map(digest), where).toEqual(before);
          const outputIsInput = writes && (output === file || (output === base && c.baseKind !== undefined && existsSync(base)));
          if (outputIsInput && before[inputs.indexOf(output!)] !== undefined) {
            // refused, never written: exit 2 (an input), or exit 1 when the output is refused
            // before loading for its own sake (a hard-linked file)
            expect(lstatSync(output!).nlink > 1 ? [1, 2] : [2], where).toContain(exit);
          }
          if (exit !== 0 && exit !== 2) {
            // a failure names a file: `name:` / `name:line:col:`, the name escaped, on one line
            const names = [file, base].map(terminalLine);
            const named = stderr.split('\n').some((line) => names.some((n) => line.startsWith(`${n}:`)) || /^(chipsforequity|warning|--set [^\n]*?): /.test(line));
            expect(named, where).toBe(true);
          }
          rmSync(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: RUNS },
    );
  }, 600_000);
});
