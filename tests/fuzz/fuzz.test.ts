/**
 * Fuzzing the CLI with fast-check (issue 8): valid scenarios written as YAML text, then mutated
 * (a line dropped or duplicated, a value retyped, garbage or unicode inserted, deep nesting, the
 * file cut at a random byte). Whatever the input, a run ends with
 *   - exit 0 and a valid result (JSON that parses, money with two decimals), or
 *   - exit 1 with at least one `file:line:col: ` message,
 * and never a stack trace, an internal error, an exit code above 2, or `NaN`/`Infinity`/`undefined`
 * anywhere in stdout or stderr.
 *
 * Most cases run in-process through runCli(), the entry bin/chipsforequity uses, with an injected
 * Io; a smaller share spawn the built CLI. FUZZ_RUNS=100000 scales the in-process count for long
 * runs (the spawned share is a twentieth of it: 100 by default, at most 2,000; each spawn costs a
 * node start-up, ~0.5 s on a loaded 2-core CI machine).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { mutatedScenarioBytes, validScenarioText } from './scenario-text.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 0) || 2000;
const SPAWNED = Math.min(2000, Math.max(100, Math.round(RUNS / 20)));
const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'cfe-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An Io whose stdout and stderr collect text (the commands only call write/once on them). */
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

const FORMATS = [['--format', 'json'], ['--format', 'csv', '--view', 'ledger'], ['--format', 'table'], ['--format', 'markdown']];
let counter = 0;

/** The contract every run must keep; returns the reason it was broken, or undefined. */
function broken(file: string, exit: number, stdout: string, stderr: string, format: string): string | undefined {
  if (![0, 1].includes(exit)) return `exit ${exit}`;
  if (/\n\s+at |internal error|Error:|EPIPE/.test(stderr)) return 'a stack trace or internal error';
  if (/NaN|Infinity|undefined/.test(stdout + stderr)) return 'NaN/Infinity/undefined in the output';
  if (exit === 1) {
    if (stdout !== '') return 'stdout on failure';
    const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (!new RegExp(`^${escaped}:\\d+:\\d+: `, 'm').test(stderr)) return 'no file:line:col message';
    return undefined;
  }
  if (stdout === '') return 'no result';
  if (format === 'json') {
    const parsed = JSON.parse(stdout) as { summary: Record<string, string> };
    if (!/^-?\d+\.\d\d$/.test(parsed.summary['amd_net_cost'] ?? '')) return `amd_net_cost ${parsed.summary['amd_net_cost']}`;
  }
  return undefined;
}

async function runInProcess(bytes: Buffer, formatIndex: number): Promise<string | undefined> {
  const file = join(dir, `case-${counter++}.yaml`);
  writeFileSync(file, bytes);
  const format = FORMATS[formatIndex % FORMATS.length]!;
  const { io, out, err } = memoryIo();
  const exit = await runCli(['model', file, ...format], io);
  rmSync(file);
  return broken(file, exit, out(), err(), format[1]!);
}

function spawnCli(args: string[]): Promise<{ exit: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'chipsforequity'), ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
    child.stdin.end();
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ exit: code ?? (signal ? 128 : -1), stdout, stderr }));
  });
}

describe('fuzz: the CLI never crashes, whatever the scenario text', () => {
  it('accepts every generated valid scenario (the generator is right, so mutations start from valid files)', async () => {
    await fc.assert(
      fc.asyncProperty(validScenarioText, fc.nat(), async (text, f) => {
        const file = join(dir, `valid-${counter++}.yaml`);
        writeFileSync(file, text);
        const { io, out, err } = memoryIo();
        const format = FORMATS[f % FORMATS.length]!;
        const exit = await runCli(['model', file, ...format], io);
        expect(err()).not.toMatch(/^\S+:\d+:\d+: /m);
        expect(exit).toBe(0);
        expect(broken(file, exit, out(), err(), format[1]!)).toBeUndefined();
      }),
      { numRuns: Math.max(100, Math.round(RUNS / 10)) },
    );
  });

  it(`${RUNS} mutated scenarios in-process: exit 0 with a result or exit 1 with file:line:col`, async () => {
    await fc.assert(
      fc.asyncProperty(mutatedScenarioBytes, fc.nat(), async ({ bytes }, f) => {
        expect(await runInProcess(bytes, f)).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  }, 600_000);

  it(`${SPAWNED} mutated scenarios through the built bin (real process, exit codes, streams)`, async () => {
    const cases = fc.sample(fc.tuple(mutatedScenarioBytes, fc.nat()), { numRuns: SPAWNED, seed: 8 });
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < cases.length; i = next++) {
        const [{ bytes }, f] = cases[i]!;
        const file = join(dir, `spawned-${i}.yaml`);
        writeFileSync(file, bytes);
        const format = FORMATS[f % FORMATS.length]!;
        const run = await spawnCli(['model', file, ...format]);
        const reason = broken(file, run.exit, run.stdout, run.stderr, format[1]!);
        if (reason) failures.push(`${file}: ${reason}\n${run.stderr.slice(0, 400)}`);
        else rmSync(file);
      }
    };
    await Promise.all(Array.from({ length: Math.max(2, availableParallelism()) }, worker));
    expect(failures).toEqual([]);
  }, 600_000);
});
