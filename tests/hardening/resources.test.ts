/**
 * Resources (issue 12): every shape the loader accepts finishes in time and memory roughly linear
 * in its size, or is refused up front with a documented limit (docs/security.md):
 *   - recurring other costs × periods: at most 250,000 bookings (MAX_RECURRING_BOOKINGS);
 *   - lines per file: at most 1,000,000 (MAX_LINES);
 *   - bytes per file: 10 MB, counted while reading (SPEC §6).
 * The bounds below are generous (a loaded 2-core CI machine): they catch a quadratic loader or a
 * heap exhaustion (a V8 abort, exit 134), not a slow second.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRawScenario, validateRaw } from '../../src/scenario/index.js';
import { MAX_LINES } from '../../src/scenario/load.js';
import { MAX_RECURRING_BOOKINGS } from '../../src/scenario/validate.js';
import { memoryHost } from '../scenario/helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'chipsforequity');
const VALID_TEXT = readFileSync(join(ROOT, 'tests', 'errors', 'fixtures', 'valid.yaml'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'cfe-resources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runFile(name: string, text: string, args: string[] = ['validate']) {
  const file = join(dir, name);
  writeFileSync(file, text);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--max-old-space-size=1024', BIN, ...args, file], {
    encoding: 'utf8',
    timeout: 170_000,
    maxBuffer: 1 << 28,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { exit: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

/** The valid scenario over `periods` months with `count` recurring costs on the AMD side. */
function recurring(count: number, periods = 1200): string {
  const costs = Array.from({ length: count }, (_, i) => `    - { name: c${i}, per_year: ${1000 + i} }`).join('\n');
  return VALID_TEXT.replace('periods: 8', `periods: ${periods}\n  step: month`)
    .replace('expiry: 2030-01-01', 'expiry: 2130-01-01')
    .replace('  units_per_gw: 250000\n', `  units_per_gw: 250000\n  other_costs:\n${costs}\n`);
}

/** The valid scenario with `count` extra keys in the baseline mapping (each an unknown key). */
function manyKeys(count: number): string {
  const keys = Array.from({ length: count }, (_, i) => `  k${i}: ${i}`).join('\n');
  return VALID_TEXT.replace('baseline:\n', `baseline:\n${keys}\n`);
}

describe('shapes that used to exhaust the heap or take quadratic time', () => {
  it('20,000 recurring costs over 1,200 monthly periods is refused up front with the limit', () => {
    const result = runFile('costs20000.yaml', recurring(20_000), ['model']);
    expect(result.signal).toBeNull();
    expect(result.exit).toBe(1);
    expect(result.stderr).toContain(`20000 recurring or per-unit other costs over 1200 periods make 24,000,000 bookings; a scenario may hold at most ${MAX_RECURRING_BOOKINGS.toLocaleString('en-US')}`);
    expect(result.ms).toBeLessThan(120_000);
  }, 180_000);

  it('200 recurring costs over 1,200 months (240,000 bookings, within the limit) computes', () => {
    expect(200 * 1200).toBeLessThanOrEqual(MAX_RECURRING_BOOKINGS);
    const result = runFile('costs200.yaml', recurring(200), ['model', '--format', 'json']);
    expect(result.exit, result.stderr.slice(0, 300)).toBe(0);
    // 200 costs of 1000..1199 per year (219,900 a year) over 100 years, booked per month on
    // Actual/365F days: about 219,900 × 36,525 / 365 = 22,005,061.64 (each booking is rounded to
    // the cent, which the engine's hand-computed tests pin; here the order of magnitude is enough)
    const perYear = Array.from({ length: 200 }, (_, i) => 1000 + i).reduce((a, b) => a + b, 0);
    const total = Number(JSON.parse(result.stdout).summary.amd_other_costs);
    expect(Math.abs(total - (perYear * 36_525) / 365)).toBeLessThan(perYear * 0.01);
    expect(result.ms).toBeLessThan(150_000);
  }, 180_000);

  it('100,000 keys in one mapping: every key reported, in bounded time', () => {
    const result = runFile('keys.yaml', manyKeys(100_000));
    expect(result.signal).toBeNull();
    expect(result.exit).toBe(1);
    expect(result.stderr.match(/unknown key/g)).toHaveLength(100_000);
    expect(result.ms).toBeLessThan(150_000);
  }, 180_000);

  it('a key of 1,000,000 characters through "did you mean" is linear', () => {
    const key = 'unit_price'.repeat(100_000);
    // an explicit key (`? key`): YAML limits implicit keys to 1,024 characters
    const result = runFile('longkey.yaml', VALID_TEXT.replace('baseline:\n', `baseline:\n  ? "${key}"\n  : 1\n`));
    expect(result.exit).toBe(1);
    expect(result.stderr).toContain('unknown key');
    expect(result.stderr).toContain('(did you mean "unit_price"?)');
    expect(result.ms).toBeLessThan(60_000);
  }, 90_000);

  it('10,000,000 blank lines (10 MB) are refused by the line limit before parsing', () => {
    const result = runFile('blank10m.yaml', VALID_TEXT + '\n'.repeat(10 * 1024 * 1024 - VALID_TEXT.length - 1));
    expect(result.exit).toBe(1);
    expect(result.stderr).toContain(`scenario files are limited to ${MAX_LINES.toLocaleString('en-US')} lines`);
    expect(result.ms).toBeLessThan(60_000);
  }, 90_000);

  it('990,000 blank lines, then a mistake: parsed, reported at the right line', () => {
    const result = runFile('blank990k.yaml', VALID_TEXT.replace('baseline:\n', `baseline:\n${'\n'.repeat(990_000)}  bogus: 1\n`));
    expect(result.exit).toBe(1);
    expect(result.stderr).toMatch(/blank990k\.yaml:990015:3: baseline\.bogus: unknown key/);
    expect(result.ms).toBeLessThan(120_000);
  }, 150_000);
});

describe('the loader is about linear in the number of keys', () => {
  /** CPU milliseconds to load and validate `count` keys, in-process (best of three). */
  function loadMs(count: number): number {
    const text = manyKeys(count);
    let best = Infinity;
    for (let attempt = 0; attempt < 3; attempt++) {
      const started = process.cpuUsage();
      const raw = loadRawScenario('s.yaml', { host: memoryHost({ 's.yaml': text }) });
      const result = validateRaw(raw);
      const used = process.cpuUsage(started);
      expect(result.ok).toBe(false);
      best = Math.min(best, (used.user + used.system) / 1000);
    }
    return best;
  }

  it('8 times the keys take well under 8² times as long', () => {
    loadMs(500); // warm up the schemas and the JIT
    const small = loadMs(2_500);
    const large = loadMs(20_000);
    // linear gives about 8; the quadratic duplicate-key check gave about 40-64. 20 leaves room for
    // garbage collection and a busy machine.
    expect(large / small).toBeLessThan(20);
  }, 120_000);

  it('duplicate keys are still found among many (the linear check replaced yaml\'s own)', () => {
    const text = manyKeys(5_000).replace('  k4999: 4999', '  k4999: 4999\n  k17: again');
    expect(() => loadRawScenario('s.yaml', { host: memoryHost({ 's.yaml': text }) })).toThrow(/duplicate key "k17"/);
  });
});
