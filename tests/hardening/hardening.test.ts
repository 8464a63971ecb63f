/**
 * Hardening (issue 8, SPEC §6) proved on the built CLI: atomic --output under SIGKILL, quiet exits
 * when stdout closes early, resource limits, and byte-identical output whatever the time zone or
 * locale. Every case spawns bin/chipsforequity (build first: npm test does).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'chipsforequity');
const BASE = join(ROOT, 'scenarios', 'meta-amd-base.yaml');
const VALID = join(ROOT, 'tests', 'errors', 'fixtures', 'valid.yaml');
const dir = mkdtempSync(join(tmpdir(), 'cfe-hardening-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
    encoding: 'utf8',
    input: '',
    maxBuffer: 1 << 28,
  });
  return { exit: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The valid catalog scenario with `periods`/`step` replaced. */
function scenarioWith(replace: [string, string][]): string {
  let text = readFileSync(VALID, 'utf8');
  for (const [from, to] of replace) {
    expect(text).toContain(from);
    text = text.replace(from, to);
  }
  return text;
}

// 10,000 × 100 = 1,000,000 points: minutes of work, so the kill always lands mid-way.
const BIG_SWEEP = ['--vary', 'share_price.cagr=0:0.9999:0.0001', '--vary', 'warrant.tax_rate=0:0.99:0.01', '--format', 'csv', '--workers', '0'];

/** Starts a big sweep into `target`, waits until its temporary file holds rows, then SIGKILLs it. */
async function killSweepMidway(target: string): Promise<string[]> {
  const child = spawn(process.execPath, [BIN, 'sweep', VALID, ...BIG_SWEEP, '--output', target], { cwd: ROOT, stdio: 'ignore' });
  const prefix = `.${target.split('/').pop()}.${child.pid}.`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const temps = readdirSync(dir).filter((f) => f.startsWith(prefix));
    if (temps.length > 0 && statSync(join(dir, temps[0]!)).size > 10_000) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the sweep never started writing');
    await new Promise((r) => setTimeout(r, 50));
  }
  const closed = new Promise((r) => child.on('close', r));
  child.kill('SIGKILL');
  await closed;
  return readdirSync(dir).filter((f) => f.startsWith(prefix));
}

describe('atomic --output (SPEC §6: whole or not at all)', () => {
  it('SIGKILL mid-way through a large sweep leaves the old file untouched', async () => {
    const target = join(dir, 'old.csv');
    writeFileSync(target, 'the previous result\n');
    const temps = await killSweepMidway(target);
    expect(readFileSync(target, 'utf8')).toBe('the previous result\n');
    // Documented: after SIGKILL nothing can run, so the partial `.old.csv.PID.TIME.tmp` stays beside
    // the target (hidden, named after it); it is never renamed over the target.
    expect(temps).toHaveLength(1);
    for (const t of temps) rmSync(join(dir, t));
  }, 120_000);

  it('SIGKILL mid-way with no previous file leaves no target file at all', async () => {
    const target = join(dir, 'fresh.csv');
    const temps = await killSweepMidway(target);
    expect(existsSync(target)).toBe(false);
    for (const t of temps) rmSync(join(dir, t));
  }, 120_000);

  it('a finished --output replaces the old file whole and leaves no temporary file', () => {
    const target = join(dir, 'done.json');
    writeFileSync(target, 'old');
    const result = run(['model', VALID, '--format', 'json', '--output', target]);
    expect(result.exit).toBe(0);
    expect(result.stdout).toBe('');
    expect(JSON.parse(readFileSync(target, 'utf8')).scenario.name).toBe('Catalog base');
    expect(readdirSync(dir).filter((f) => f.startsWith('.done.json.'))).toEqual([]);
  });

  it('a write error (disk full, /dev/full) is exit 1 and one plain line, and /dev/full stays a device', () => {
    for (const args of [['model', VALID, '--format', 'json'], ['schema'], ['sweep', VALID, '--vary', 'share_price.cagr=0.1,0.2', '--format', 'csv']]) {
      const result = run([...args, '--output', '/dev/full']);
      expect(result.exit).toBe(1);
      expect(result.stderr).toMatch(/^chipsforequity: cannot write \/dev\/full: no space left on device$/m);
      expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
    }
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });
});

describe('a stdout closed early (| head -n 1) ends the program quietly', () => {
  const ledger = join(dir, 'long.yaml');
  writeFileSync(ledger, scenarioWith([['periods: 8', 'periods: 1200\n  step: month'], ['expiry: 2030-01-01', 'expiry: 2130-01-01']]));
  const commands: [string, string][] = [
    ['sweep', `sweep ${VALID} ${BIG_SWEEP.join(' ')}`],
    ['model ledger', `model ${ledger} --format csv --view ledger`],
    ['model table', `model ${ledger}`],
    ['compare', `compare ${BASE} ${ledger} ${VALID} --format csv`],
    ['simulate', `simulate ${BASE} --paths 20000 --format json`],
    ['value', `value ${BASE} --paths 20000 --format json`],
    ['schema', 'schema'],
    ['init', 'init'],
  ];
  it.each(commands)('%s', (_name, args) => {
    const shell = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" ${args} 2>"${dir}/err" | head -n 1 >/dev/null; echo "\${PIPESTATUS[0]}"`], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const stderr = readFileSync(join(dir, 'err'), 'utf8');
    expect(stderr).not.toMatch(/EPIPE|\n\s+at |internal error|Error/);
    // the CLI's own exit code: 0 (a closed pipe is not a failure of the computation)
    expect(shell.stdout.trim()).toBe('0');
  }, 120_000);
});

describe('resource limits (SPEC §6)', () => {
  it('periods: 1200, step: month finishes with 1200 periods', () => {
    const file = join(dir, 'p1200.yaml');
    writeFileSync(file, scenarioWith([['periods: 8', 'periods: 1200\n  step: month']]));
    const result = run(['model', file, '--format', 'json']);
    expect(result.exit).toBe(0);
    const json = JSON.parse(result.stdout) as { periods: { end: string }[] };
    expect(json.periods).toHaveLength(1200);
    // 2026-07-01 + 1200 months = 2126-07-01, so the last period ends the day before
    expect(json.periods[1199]!.end).toBe('2126-06-30');
  });

  it('a grid of 10,000,001 points (11 × 909,091) is refused before any work', () => {
    const result = run(['sweep', VALID, '--vary', 'amd.unit_price=1:11:1', '--vary', 'share_price.start=1:909091:1', '--format', 'csv']);
    expect(result.exit).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('10,000,001 points (11 × 909091)');
  });

  it('a 10,000,000-point grid is within the limit: it starts streaming rows (stopped after the first)', () => {
    // 10 × 1,000,000 = the limit exactly; `head -n 2` reads the header and one row, then closes
    const shell = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" "${BIN}" sweep ${VALID} --vary amd.unit_price=1:10:1 --vary share_price.start=1:1000000:1 --format csv --workers 0 2>/dev/null | head -n 2`],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
    );
    expect(shell.stdout.split('\n')[1]).toMatch(/^1,1,/);
  }, 120_000);

  it('1,000 tranches and 1,000 other costs finish with a result', () => {
    const tranches = Array.from({ length: 1000 }, (_, i) => `    - { shares: 1, gw: ${(i % 20) / 10}, price: ${100 + i} }`).join('\n');
    const costs = Array.from({ length: 1000 }, (_, i) =>
      i % 2 === 0 ? `    - { name: cost ${i}, amount: ${i}.5, date: 2027-0${1 + (i % 9)}-15 }` : `    - { name: cost ${i}, per_year: ${i}, from: 2026-07-01 }`,
    ).join('\n');
    const text = scenarioWith([
      ['units_per_gw: 250000', `units_per_gw: 250000\n  other_costs:\n${costs}`],
      ['shares: 100\n', 'shares: 1000\n'],
      ['    - { shares: 60, gw: 1 }\n    - { shares: 40, gw: 2, price: 300 }', tranches],
    ]);
    const file = join(dir, 'huge.yaml');
    writeFileSync(file, text);
    const result = run(['model', file, '--format', 'json']);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(result.exit).toBe(0);
    const json = JSON.parse(result.stdout) as { tranches: unknown[]; summary: Record<string, string> };
    expect(json.tranches).toHaveLength(1000);
    expect(json.summary['amd_other_costs']).toMatch(/^\d+\.\d\d$/);
  }, 120_000);
});

describe('reproducible: byte-identical across runs, time zones and locales', () => {
  const foreign = { TZ: 'Pacific/Kiritimati', LC_ALL: 'de_DE.UTF-8', LANG: 'de_DE.UTF-8' };
  const cases: [string, string[]][] = [
    ['model json', ['model', BASE, '--format', 'json']],
    ['model csv periods', ['model', BASE, '--format', 'csv', '--view', 'periods']],
    ['model csv ledger', ['model', BASE, '--format', 'csv', '--view', 'ledger']],
    ['model markdown', ['model', BASE, '--format', 'markdown']],
    ['model table', ['model', BASE]],
    ['compare', ['compare', BASE, join(ROOT, 'scenarios', 'meta-amd-bull.yaml'), '--format', 'csv']],
    ['sweep', ['sweep', BASE, '--vary', 'share_price.cagr=0:0.5:0.1', '--vary', 'timeline.discount_rate=0.05,0.1', '--format', 'csv']],
    ['simulate', ['simulate', BASE, '--paths', '500', '--seed', '7', '--format', 'json']],
    ['value', ['value', BASE, '--paths', '2000', '--seed', '7', '--format', 'json']],
  ];
  it.each(cases)('%s', (_name, args) => {
    const first = run(args);
    const again = run(args);
    const elsewhere = run(args, foreign);
    expect(first.exit).toBe(0);
    expect(first.stdout).not.toBe('');
    expect(again.stdout).toBe(first.stdout);
    expect(elsewhere.stdout).toBe(first.stdout);
    expect(elsewhere.stderr).toBe(first.stderr);
  }, 120_000);
});
