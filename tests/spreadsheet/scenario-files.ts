/**
 * What the spreadsheet tests need around the CLI: run the built binary, and read the two timeline
 * settings a spreadsheet formula needs (discount rate, valuation date) from a scenario file with a
 * tiny independent reader that follows `extends` (SPEC §2 defaults: rate 0, valuation date =
 * timeline.start). Independent of src/scenario on purpose: the check should not share our loader.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCENARIOS_DIR = join(REPO, 'scenarios');
const BIN = join(REPO, 'bin', 'chipsforequity');

/** Every shipped scenario file (absolute paths), so a newly shipped one is checked too. */
export function shippedScenarios(): string[] {
  return readdirSync(SCENARIOS_DIR)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join(SCENARIOS_DIR, f));
}

/** Runs the built CLI; throws with its stderr when it does not exit 0. */
export function cli(args: readonly string[]): string {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`chipsforequity ${args.join(' ')} exited ${run.status}:\n${run.stderr}`);
  return run.stdout;
}

/** {@link cli} without blocking, so a test can run several CLI processes at once. */
export function cliAsync(args: readonly string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: { ...process.env, NO_COLOR: '1' } });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status === 0) resolvePromise(Buffer.concat(stdout).toString('utf8'));
      else reject(new Error(`chipsforequity ${args.join(' ')} exited ${status}:\n${Buffer.concat(stderr).toString('utf8')}`));
    });
  });
}

export interface DiscountSettings {
  /** annual effective rate as written in the file, e.g. `0.09` */
  rate: string;
  /** ISO date */
  valuationDate: string;
}

type YamlMap = Record<string, unknown>;

function timelineValue(file: string, key: string, depth = 0): unknown {
  if (depth > 16) throw new Error(`extends chain too deep at ${file}`);
  const document = parse(readFileSync(file, 'utf8')) as YamlMap;
  const timeline = (document['timeline'] ?? {}) as YamlMap;
  if (key in timeline) return timeline[key];
  const parent = document['extends'];
  return typeof parent === 'string' ? timelineValue(resolve(dirname(file), parent), key, depth + 1) : undefined;
}

/** The discount rate and valuation date the scenario file (with its `extends` chain) sets. */
export function discountSettings(file: string): DiscountSettings {
  const rate = timelineValue(file, 'discount_rate');
  const valuation = timelineValue(file, 'valuation_date') ?? timelineValue(file, 'start');
  if (typeof valuation !== 'string') throw new Error(`${file}: no valuation date or start`);
  return { rate: rate === undefined || rate === null ? '0' : String(rate).replace(/_/g, ''), valuationDate: valuation };
}
