/**
 * Bin tests for `model` (issue 4): spawn the built CLI, check exit codes, JSON.parse stdout, and
 * that stdout carries only the result. Run `npm run build` first (npm test does).
 */
import { mkdtempSync, readFileSync, existsSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decimal, sum } from '../../src/money/index.js';
import { METRIC_NAMES } from '../../src/engine/types.js';
import { parseCsvObjects } from '../report/csv-parse.js';
import { root, runCli } from './run-cli.js';

const BASE = 'scenarios/meta-amd-base.yaml';
const SCENARIOS = readdirSync(join(root, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => `scenarios/${f}`);

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cfe-model-'));
}

function modelJson(args: string[]): Record<string, any> {
  const run = runCli(['model', ...args, '--format', 'json']);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

describe('model --format json', () => {
  it('prints one JSON document with every SPEC §3 metric as a string', () => {
    const document = modelJson([BASE]);
    expect(document['version']).toBe(1);
    expect(document['scenario']['file']).toBe(BASE);
    expect(Object.keys(document['summary'])).toEqual([...METRIC_NAMES]);
    for (const value of Object.values(document['summary'])) expect(value).toMatch(/^-?\d+(\.\d+)?$/);
    expect(document['summary']['effective_discount']).toMatch(/^-?\d+\.\d{6}$/);
    expect(Array.isArray(document['periods'])).toBe(true);
    expect(Array.isArray(document['tranches'])).toBe(true);
    expect(Array.isArray(document['warnings'])).toBe(true);
    expect(document['ledger']).toBeUndefined();
  });

  it('adds the ledger with --view ledger', () => {
    const document = modelJson([BASE, '--view', 'ledger']);
    expect(document['ledger'].length).toBeGreaterThan(0);
    expect(Object.keys(document['ledger'][0])).toEqual([
      'date',
      'period',
      'side',
      'kind',
      'label',
      'units',
      'amount',
      'discount_factor',
      'present_value',
    ]);
  });

  it('keeps warnings on stderr, never on stdout', () => {
    // a tranche that needs 1000 GW can never vest: the engine warns
    const run = runCli(['model', BASE, '--format', 'json', '--set', 'warrant.tranches[0].gw=1000']);
    expect(run.status, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout);
    expect(document['warnings'].length).toBeGreaterThan(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^warning: warrant\.tranches\[\d+\]/);
    expect(run.stdout).not.toContain('warning:');
  });
});

describe('model totals reconcile with the rows (every shipped scenario)', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario}: the periods CSV money columns sum to the summary, to the cent`, () => {
      const summary = modelJson([scenario])['summary'] as Record<string, string>;
      const run = runCli(['model', scenario, '--format', 'csv', '--view', 'periods']);
      expect(run.status, run.stderr).toBe(0);
      const rows = parseCsvObjects(run.stdout);
      const columnSum = (key: string) => sum(rows.map((r) => new Decimal(r[key]!))).toFixed(2);
      for (const key of [
        'amd_hardware_spend',
        'amd_other_costs',
        'amd_energy_cost',
        'warrant_exercise_cost',
        'warrant_sale_proceeds',
        'warrant_tax',
        'amd_net_cost',
        'baseline_hardware_spend',
        'baseline_other_costs',
        'baseline_energy_cost',
        'baseline_cost',
      ]) {
        expect(columnSum(key), key).toBe(summary[key]);
      }
      expect(sum(rows.map((r) => new Decimal(r['amd_units']!))).toFixed(0)).toBe(summary['amd_units']);
      expect(rows[rows.length - 1]!['cumulative_amd_net_cost']).toBe(summary['amd_net_cost']);
    });

    it(`${scenario}: the ledger amounts sum per side to the totals and PVs to *_pv`, () => {
      const summary = modelJson([scenario])['summary'] as Record<string, string>;
      const run = runCli(['model', scenario, '--format', 'csv', '--view', 'ledger']);
      expect(run.status, run.stderr).toBe(0);
      const rows = parseCsvObjects(run.stdout);
      const total = (sides: string[], key: string) =>
        sum(rows.filter((r) => sides.includes(r['side']!)).map((r) => new Decimal(r[key]!)));
      expect(total(['amd'], 'amount').toFixed(2)).toBe(summary['amd_gross_cost']);
      expect(total(['warrant'], 'amount').negated().toFixed(2)).toBe(summary['warrant_net_value']);
      expect(total(['amd', 'warrant'], 'amount').toFixed(2)).toBe(summary['amd_net_cost']);
      expect(total(['baseline'], 'amount').toFixed(2)).toBe(summary['baseline_cost']);
      // present_value is shown with 6 decimals: their sum rounds to the same cent as *_pv
      expect(total(['amd', 'warrant'], 'present_value').toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2)).toBe(
        summary['amd_net_cost_pv'],
      );
      expect(total(['baseline'], 'present_value').toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2)).toBe(
        summary['baseline_cost_pv'],
      );
    });
  }
});

describe('model --metric', () => {
  it('prints the bare value alone with the table format', () => {
    const savings = modelJson([BASE])['summary']['savings'];
    const run = runCli(['model', BASE, '--metric', 'savings']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${savings}\n`);
  });

  it('filters the summary with --metrics', () => {
    const document = modelJson([BASE, '--metrics', 'savings_pv,amd_units']);
    // in the order asked
    expect(Object.keys(document['summary'])).toEqual(['savings_pv', 'amd_units']);
  });

  it('exits 2 on an unknown metric, suggesting the nearest name', () => {
    const run = runCli(['model', BASE, '--metric', 'savigns']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('did you mean "savings"?');
  });
});

describe('model usage and failures', () => {
  it('exits 2 on an unknown format or view', () => {
    const format = runCli(['model', BASE, '--format', 'xml']);
    expect(format.status).toBe(2);
    expect(format.stdout).toBe('');
    const view = runCli(['model', BASE, '--format', 'csv', '--view', 'nope']);
    expect(view.status).toBe(2);
  });

  it('exits 1 on an invalid scenario, with file:line:col and no stack trace', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(join(root, BASE), 'utf8').replace(/^version: 1$/m, 'version: 2'));
    const run = runCli(['model', bad, '--format', 'json']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/bad\.yaml:\d+:\d+: version/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('writes --output whole and prints nothing', () => {
    const dir = tempDir();
    const out = join(dir, 'result.csv');
    const run = runCli(['model', BASE, '--format', 'csv', '--view', 'periods', '--output', out]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(runCli(['model', BASE, '--format', 'csv', '--view', 'periods']).stdout);
    // no temporary file left behind
    expect(readdirSync(dir)).toEqual(['result.csv']);
  });

  it('exits 1 with a clear message when --output points into a missing directory', () => {
    const dir = tempDir();
    const out = join(dir, 'missing', 'result.json');
    const run = runCli(['model', BASE, '--format', 'json', '--output', out]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`cannot write ${out}: no such directory`);
    expect(existsSync(out)).toBe(false);
  });

  it('reads the scenario from standard input with -', () => {
    const fromFile = modelJson([BASE]);
    const run = runCli(['model', '-', '--format', 'json'], { input: readFileSync(join(root, BASE), 'utf8'), cwd: join(root, 'scenarios') });
    expect(run.status, run.stderr).toBe(0);
    const fromStdin = JSON.parse(run.stdout);
    expect(fromStdin['summary']).toEqual(fromFile['summary']);
    expect(fromStdin['scenario']['file']).toBe('-');
  });

  it('prints a headline, the periods and the tranches as plain tables without colour', () => {
    const run = runCli(['model', BASE]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/\u001b\[/);
    expect(run.stdout).toContain('AMD net cost');
    expect(run.stdout).toContain('Per period');
    expect(run.stdout).toContain('Warrant tranches');
  });
});
