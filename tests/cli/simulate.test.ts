/**
 * Bin tests for `simulate` (issue 6): spawn the built CLI, check exit codes, parse what it writes.
 * Run `npx tsc -p tsconfig.json` first (the bin runs dist/).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvObjects } from '../report/csv-parse.js';
import { root, runCli } from './run-cli.js';

const BASE = 'scenarios/meta-amd-base.yaml';

function json(args: string[]): Record<string, any> {
  const run = runCli(['simulate', BASE, '--format', 'json', ...args]);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

function modelSummary(args: string[] = []): Record<string, string> {
  const run = runCli(['model', BASE, '--format', 'json', ...args]);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout)['summary'];
}

describe('simulate: reproducible', () => {
  it('gives byte-identical JSON with 1, 2 and 4 workers', () => {
    // 7,000 paths = 4 chunks of at most 2,000: every worker count really splits the work
    const outputs = ['1', '2', '4'].map((w) => {
      const run = runCli(['simulate', BASE, '--paths', '7000', '--seed', '42', '--workers', w, '--format', 'json']);
      expect(run.status, run.stderr).toBe(0);
      // the manifest's command line is the one given (it names --workers); every other byte is equal
      return run.stdout.replace(/\n {4}"command": \[[^\]]*\],/, '');
    });
    expect(outputs[0]).not.toContain('"--workers"');
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[2]).toBe(outputs[0]);
    const document = JSON.parse(outputs[0]!);
    expect(document.seed).toBe('42');
    expect(document.paths).toBe('7000');
  });

  it('echoes seed and paths and changes with the seed', () => {
    const a = json(['--paths', '300', '--seed', '1']);
    const b = json(['--paths', '300', '--seed', '2']);
    expect(a.seed).toBe('1');
    expect(b.seed).toBe('2');
    expect(a.statistics.savings.mean).not.toBe(b.statistics.savings.mean);
    expect(Object.keys(a.statistics)).toEqual(['savings', 'savings_pv', 'amd_net_cost', 'warrant_net_value', 'warrant_vested_shares']);
    expect(a.tranches).toHaveLength(6);
    // 20 equal bins from P5 to P95, then the tail(s): P95 and above always, below P5 when not empty
    expect(a.histogram.filter((b: { tail: string | null }) => b.tail === null)).toHaveLength(20);
    expect(a.histogram.at(-1).tail).toBe('P95 and above');
  });
});

describe('simulate: volatility 0 is the model', () => {
  it('every statistic of every metric equals model, with a note on stderr', () => {
    const run = runCli(['simulate', BASE, '--paths', '200', '--set', 'share_price.volatility=0', '--format', 'json', '--metrics', 'savings,amd_net_cost_pv,warrant_vested_shares,effective_discount']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/volatility is 0/);
    const document = JSON.parse(run.stdout);
    const model = modelSummary();
    for (const metric of ['savings', 'amd_net_cost_pv', 'warrant_vested_shares', 'effective_discount']) {
      const s = document.statistics[metric];
      for (const key of ['p5', 'p25', 'p50', 'p75', 'p95', 'min', 'max']) expect(s[key], `${metric} ${key}`).toBe(model[metric]);
      expect(s.standard_error).toMatch(/^0\.0+$/);
    }
    expect(document.deterministic.savings).toBe(model['savings']);
  });

  it('treats a missing volatility as 0 and says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfe-sim-'));
    const text = readFileSync(join(root, BASE), 'utf8').replace(/^\s*volatility:.*$/m, '');
    expect(text).not.toMatch(/volatility:/);
    const file = join(dir, 'no-vol.yaml');
    writeFileSync(file, text);
    const run = runCli(['simulate', file, '--paths', '50', '--format', 'json', '--metric', 'savings']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/volatility is 0 or not given: treated as 0/);
    const document = JSON.parse(run.stdout);
    expect(document.statistics.savings.min).toBe(document.statistics.savings.max);
    expect(document.statistics.savings.min).toBe(modelSummary()['savings']);
  });
});

describe('simulate: formats', () => {
  it('table: run, statistics and tranche tables and a block-character histogram', () => {
    // SPEC §8: into a pipe the histogram is a table; --chart draws the bars
    const piped = runCli(['simulate', BASE, '--paths', '500', '--bins', '8']);
    expect(piped.status, piped.stderr).toBe(0);
    expect(piped.stdout).not.toMatch(/█/);
    expect(piped.stdout).toMatch(/Savings histogram \(8 equal bins from P5 to P95, plus the tails\)/);
    const run = runCli(['simulate', BASE, '--paths', '500', '--bins', '8', '--chart']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Statistics over 500 paths \(seed 1\)/);
    expect(run.stdout).toMatch(/median vest date/);
    expect(run.stdout).toMatch(/█/);
    // 8 histogram lines, each with a count at the end; the counts add up to the paths
    const bars = run.stdout.split('\n').filter((l) => l.includes('│') && /\d$/.test(l) && l.includes(' .. '));
    expect(bars.filter((l) => !/P5|P95/.test(l))).toHaveLength(8);
    expect(run.stdout).toMatch(/\nP95 and above: [-$\d,.BMT]+ \.\. [-$\d,.BMT]+ │/);
    expect(bars.reduce((a, l) => a + Number(l.split(' ').pop()), 0)).toBe(500);
  });

  it('csv: the statistics view by default, other views with --view', () => {
    const run = runCli(['simulate', BASE, '--paths', '300', '--format', 'csv']);
    expect(run.status, run.stderr).toBe(0);
    const rows = parseCsvObjects(run.stdout);
    expect(rows.map((r) => r['metric'])).toEqual(['savings', 'savings_pv', 'amd_net_cost', 'warrant_net_value', 'warrant_vested_shares']);
    for (const r of rows) expect(r['mean']).toMatch(/^-?\d+\.\d{2}$/);
    expect(rows[4]!['p50']).toMatch(/^\d+$/); // a count stays whole
    const tranches = parseCsvObjects(runCli(['simulate', BASE, '--paths', '300', '--format', 'csv', '--view', 'tranches']).stdout);
    expect(tranches).toHaveLength(6);
    const histogram = parseCsvObjects(runCli(['simulate', BASE, '--paths', '300', '--format', 'csv', '--view', 'histogram', '--bins', '5']).stdout);
    expect(histogram.reduce((a, r) => a + Number(r['paths']), 0)).toBe(300);
  });

  it('markdown: every view as a section', () => {
    const run = runCli(['simulate', BASE, '--paths', '200', '--format', 'markdown']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.match(/^## /gm)).toHaveLength(4);
    expect(run.stdout).toMatch(/\| metric \| mean \|/);
  });

  it('json statistics agree with the csv statistics', () => {
    const document = json(['--paths', '400', '--seed', '9']);
    const rows = parseCsvObjects(runCli(['simulate', BASE, '--paths', '400', '--seed', '9', '--format', 'csv']).stdout);
    expect(rows[0]!['mean']).toBe(document.statistics.savings.mean);
    expect(rows[0]!['p95']).toBe(document.statistics.savings.p95);
  });
});

describe('simulate --paths-out', () => {
  it('writes one CSV row per path whose columns reproduce the statistics', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfe-sim-'));
    const file = join(dir, 'paths.csv');
    const run = runCli(['simulate', BASE, '--paths', '2500', '--seed', '3', '--format', 'json', '--paths-out', file]);
    expect(run.status, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout);
    const records = parseCsv(readFileSync(file, 'utf8'));
    const header = records[0]!;
    expect(header.slice(0, 3)).toEqual(['path', 'tranche_1_vest_date', 'tranche_1_sale_price']);
    expect(header.slice(13)).toEqual(['savings', 'savings_pv', 'amd_net_cost', 'warrant_net_value', 'warrant_vested_shares']);
    const rows = records.slice(1);
    expect(rows).toHaveLength(2500);
    expect(rows.map((r) => Number(r[0]))).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
    // exact mean of the savings column, in cents: Σ / N, rounded half-even to cents like the report
    const total = rows.reduce((a, r) => a + BigInt(r[13]!.replace('.', '')), 0n);
    const mean = Number(total) / 2500 / 100;
    expect(Math.abs(mean - Number(document.statistics.savings.mean))).toBeLessThanOrEqual(0.005);
    const sorted = rows.map((r) => BigInt(r[13]!.replace('.', ''))).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    // nearest rank P25 of 2,500 = the 625th smallest
    expect((Number(sorted[624]!) / 100).toFixed(2)).toBe(document.statistics.savings.p25);
    // a vested tranche has a date and a sale price; a vested count is the sum of its tranches' shares
    for (const r of rows.slice(0, 50)) {
      expect(r[1] === '').toBe(r[2] === '');
      if (r[1] !== '') expect(r[1]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    // no temporary file is left behind
    expect(readdirSync(dir)).toEqual(['paths.csv']);
  });

  it('writes the same file with 1 and 3 worker threads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfe-sim-'));
    const files = ['1', '3'].map((w) => {
      const file = join(dir, `paths-${w}.csv`);
      const run = runCli(['simulate', BASE, '--paths', '4500', '--seed', '5', '--workers', w, '--format', 'json', '--paths-out', file]);
      expect(run.status, run.stderr).toBe(0);
      return readFileSync(file, 'utf8');
    });
    expect(files[1]).toBe(files[0]);
    expect(parseCsv(files[0]!)).toHaveLength(4501);
  });

  it('writes nothing when the run is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfe-sim-'));
    const file = join(dir, 'paths.csv');
    const run = runCli(['simulate', BASE, '--paths', '10000001', '--paths-out', file]);
    expect(run.status).toBe(1);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('simulate: bad input', () => {
  const cases: Array<[string[], number, RegExp]> = [
    [['--paths', '0'], 2, /--paths must be a whole number from 1 to 10000000, got "0"/],
    [['--paths', '-1'], 2, /--paths must be a whole number/],
    [['--paths', '2.5'], 2, /--paths must be a whole number/],
    [['--paths', 'many'], 2, /--paths must be a whole number/],
    [['--seed', '-3'], 2, /--seed must be a whole number from 0 to 4294967295, got "-3"/],
    [['--seed', '1.5'], 2, /--seed must be a whole number/],
    [['--seed', '4294967296'], 2, /--seed must be a whole number/],
    [['--workers', '0'], 2, /--workers must be a whole number/],
    [['--bins', '0'], 2, /--bins must be a whole number/],
    [['--metric', 'savigns'], 2, /did you mean "savings"/],
    [['--paths', '10000001'], 1, /more than the limit of 10000000 paths/],
  ];
  for (const [args, code, message] of cases) {
    it(`${args.join(' ')} -> exit ${code}`, () => {
      const run = runCli(['simulate', BASE, ...args]);
      expect(run.status).toBe(code);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe('');
      expect(run.stderr).not.toMatch(/\n\s+at /); // never a stack trace
    });
  }

  it('an invalid scenario is exit 1 with file:line:col', () => {
    const run = runCli(['simulate', '-', '--paths', '10'], { input: 'version: 1\nname: x\n' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/<stdin>/);
  });
});
