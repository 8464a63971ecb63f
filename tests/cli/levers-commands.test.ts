/**
 * Bin tests for the v1.1 levers through the commands (issue 14): `compare --delta`, the tornado's
 * "ROCm maturity", "supply delay" and "per-unit software" rows, breakeven on a scaled performance
 * curve, the ledger's labelled delay and per-unit bookings, and the shipped hurdle scenarios.
 */
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '../../src/engine/types.js';
import { Decimal } from '../../src/money/index.js';
import { parseCsv } from '../report/csv-parse.js';
import { runCli } from './run-cli.js';

const BASE = 'scenarios/meta-amd-base.yaml';
const HURDLES = ['rocm-gap', 'nvidia-price-response', 'supply-delay', 'asic-share', 'asic-tpu', 'parity', 'article-bear'].map(
  (name) => `scenarios/${name}.yaml`,
);

function json(args: string[]): Record<string, any> {
  const run = runCli(args);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

function summaryOf(file: string): Record<string, string> {
  return json(['model', file, '--format', 'json'])['summary'];
}

describe('compare --delta', () => {
  it('keeps the first file as it is and writes every other as its exact difference from it', () => {
    const files = [BASE, ...HURDLES];
    const document = json(['compare', ...files, '--delta', '--format', 'json']);
    expect(document['delta']).toBe(true);
    expect(document['scenarios'][0]['column']).toBe('Meta x AMD 6 GW - base');
    expect(document['scenarios'][1]['column']).toBe('Δ Meta x AMD 6 GW - ROCm gap');
    const own = files.map(summaryOf);
    for (const metric of METRIC_NAMES) {
      const values: string[] = document['metrics'][metric];
      expect(values[0]).toBe(own[0]![metric]);
      for (let i = 1; i < files.length; i++) {
        // reference + delta = the scenario's own figure, digit for digit
        expect(new Decimal(own[0]![metric]!).plus(values[i]!).eq(own[i]![metric]!), `${metric} of ${files[i]}`).toBe(true);
        expect(values[i]!.split('.')[1]?.length ?? 0).toBe((own[i]![metric]!.split('.')[1] ?? '').length);
      }
    }
  });

  it('in CSV: a metric column, the reference, then one Δ column per scenario; without --delta nothing changes', () => {
    const run = runCli(['compare', BASE, 'scenarios/supply-delay.yaml', '--delta', '--format', 'csv', '--metrics', 'savings,amd_units']);
    expect(run.status, run.stderr).toBe(0);
    const records = parseCsv(run.stdout);
    expect(records[0]).toEqual(['metric', 'Meta x AMD 6 GW - base', 'Δ Meta x AMD 6 GW - supply delay']);
    const base = summaryOf(BASE);
    const late = summaryOf('scenarios/supply-delay.yaml');
    expect(records[1]).toEqual(['savings', base['savings'], new Decimal(late['savings']!).minus(base['savings']!).toFixed(2)]);
    expect(records[2]).toEqual(['amd_units', base['amd_units'], new Decimal(late['amd_units']!).minus(base['amd_units']!).toFixed(0)]);
    const plain = json(['compare', BASE, 'scenarios/supply-delay.yaml', '--format', 'json']);
    expect(plain['delta']).toBeUndefined();
    expect(plain['metrics']['savings']).toEqual([base['savings'], late['savings']]);
  });
});

describe('tornado: the article levers', () => {
  it('ranks ROCm maturity, supply delay and per-unit software with the other inputs', () => {
    const rows = json(['tornado', 'scenarios/article-bear.yaml', '--format', 'json'])['rows'] as Array<Record<string, string | null>>;
    const byPath = new Map(rows.map((r) => [r['path'], r]));
    // a curve moves as a whole: the factors 0.8 and 1.2 on every point
    expect(byPath.get('amd.performance')).toMatchObject({ low: '0.8', high: '1.2' });
    // 90 days x (1 -/+ 0.2) = 72 and 108 days
    expect(byPath.get('supply_delay.days')).toMatchObject({ low: '72', high: '108' });
    expect(byPath.get('other_costs.per_unit_year')).toMatchObject({ low: '0.8', high: '1.2' });
    for (const path of ['amd.performance', 'supply_delay.days', 'other_costs.per_unit_year']) {
      expect(byPath.get(path)!['note'], path).toBeNull();
    }
    // a longer delay costs the AMD side more: savings fall from the low to the high delay
    const delay = byPath.get('supply_delay.days')!;
    expect(new Decimal(delay['savings_high']!).lt(delay['savings_low']!)).toBe(true);
  });

  it('the ROCm maturity row equals model --set on every point of the curve', () => {
    const rows = json(['tornado', 'scenarios/rocm-gap.yaml', '--format', 'json', '--metric', 'savings'])['rows'] as Array<Record<string, string>>;
    const row = rows.find((r) => r['path'] === 'amd.performance')!;
    // rocm-gap: 0.75 and 1 -> at 1.2: 0.9 and 1.2
    const high = summaryOf('scenarios/rocm-gap.yaml');
    const set = json([
      'model',
      'scenarios/rocm-gap.yaml',
      '--format',
      'json',
      '--set',
      'amd.performance.points[0].value=0.9',
      '--set',
      'amd.performance.points[1].value=1.2',
    ])['summary'];
    expect(row['savings_high']).toBe(set['savings']);
    expect(high['savings']).not.toBe(set['savings']);
  });

  it('a scenario without a delay moves it from 0 to 73 days; without per-unit costs there is no such row', () => {
    const rows = json(['tornado', BASE, '--format', 'json'])['rows'] as Array<Record<string, string>>;
    expect(rows.find((r) => r['path'] === 'supply_delay.days')).toMatchObject({ low: '0', high: '73' });
    expect(rows.find((r) => r['path'] === 'other_costs.per_unit_year')).toBeUndefined();
    expect(rows.find((r) => r['path'] === 'amd.performance')).toMatchObject({ low: '0.8', high: '1.2' });
  });
});

describe('breakeven --vary amd.performance', () => {
  it('on a curve, solves for a factor on every point; the curve scaled by it breaks even', () => {
    const crossings = (json(['breakeven', 'scenarios/rocm-gap.yaml', '--vary', 'amd.performance', '--format', 'json']) as unknown as { crossings: Array<Record<string, string>> }).crossings;
    expect(crossings).toHaveLength(1);
    const crossing = crossings[0]!;
    expect(crossing['path']).toBe('amd.performance');
    expect(crossing['value_is']).toBe('a factor on every point of the curve');
    // the bracket is within the tolerance and savings change sign across it
    const below = new Decimal(crossing['below']);
    const above = new Decimal(crossing['above']);
    expect(above.minus(below).lte('0.000001')).toBe(true);
    const at = (factor: Decimal) =>
      new Decimal(
        json([
          'model',
          'scenarios/rocm-gap.yaml',
          '--format',
          'json',
          '--set',
          `amd.performance.points[0].value=${factor.times('0.75').toFixed()}`,
          '--set',
          `amd.performance.points[1].value=${factor.toFixed()}`,
        ])['summary']['savings'],
      );
    expect(at(below).isNegative()).not.toBe(at(above).isNegative());
  });
});

describe('breakeven --vary supply_delay.days', () => {
  it('searches whole days and names the tranche a longer delay pushes past expiry', () => {
    const run = runCli(['breakeven', 'scenarios/supply-delay.yaml', '--vary', 'supply_delay.days', '--metric', 'warrant_vested_shares', '--target', '106666668', '--max', '1000', '--format', 'csv']);
    expect(run.status, run.stderr).toBe(0);
    const [header, crossing] = parseCsv(run.stdout);
    expect(header!.slice(0, 4)).toEqual(['path', 'value', 'below', 'above']);
    const [below, above] = [Number(crossing![2]), Number(crossing![3])];
    expect(above - below).toBe(1);
    expect(crossing![6]).toBe('jump');
    expect(crossing![7]).toBe('tranche 4');
    // one day apart: the tranche vests at `below` days and not at `above`
    const vested = (days: number) => json(['model', 'scenarios/supply-delay.yaml', '--format', 'json', '--set', `supply_delay.days=${days}`])['summary']['warrant_vested_shares'];
    expect(vested(below)).toBe('106666668');
    expect(vested(above)).toBe('80000001');
  });

  it('refuses a fractional --min', () => {
    const run = runCli(['breakeven', 'scenarios/supply-delay.yaml', '--vary', 'supply_delay.days', '--min', '1.5']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('--min 1.5: expected whole days, 0 or more');
  });
});

describe('simulate', () => {
  it('runs the levers on every path: at volatility 0 every path is the model, whatever the workers', () => {
    for (const file of ['scenarios/article-bear.yaml', 'scenarios/supply-delay.yaml']) {
      const model = summaryOf(file);
      const runs = ['1', '2'].map((workers) =>
        runCli(['simulate', file, '--set', 'share_price.volatility=0', '--paths', '40', '--seed', '5', '--workers', workers, '--format', 'json']),
      );
      for (const run of runs) expect(run.status, run.stderr).toBe(0);
      // every number agrees; the manifest records the command line, --workers included
      const numbers = (text: string) => JSON.stringify({ ...JSON.parse(text), manifest: undefined });
      expect(numbers(runs[1]!.stdout)).toBe(numbers(runs[0]!.stdout));
      const statistics = JSON.parse(runs[0]!.stdout)['statistics'];
      for (const metric of ['savings', 'savings_pv', 'amd_net_cost', 'warrant_vested_shares']) {
        expect(statistics[metric]['min'], `${file} ${metric}`).toBe(model[metric]);
        expect(statistics[metric]['max'], `${file} ${metric}`).toBe(model[metric]);
      }
    }
  });
});

describe('ledger and period views', () => {
  it('books the delay cost and per-unit costs as labelled AMD and baseline other costs', () => {
    const run = runCli(['model', 'scenarios/article-bear.yaml', '--format', 'csv', '--view', 'ledger']);
    expect(run.status, run.stderr).toBe(0);
    const [header, ...records] = parseCsv(run.stdout);
    const col = (name: string) => header!.indexOf(name);
    const delay = records.filter((r) => r[col('label')] === 'supply delay');
    const credit = records.filter((r) => r[col('label')] === 'NVAIE bundle credit');
    expect(delay.length).toBeGreaterThan(10);
    expect(delay.every((r) => r[col('side')] === 'amd' && r[col('kind')] === 'other_cost')).toBe(true);
    expect(credit.every((r) => r[col('side')] === 'baseline' && new Decimal(r[col('amount')]!).isNegative())).toBe(true);
    const summary = summaryOf('scenarios/article-bear.yaml');
    const sum = (rows: string[][]) => rows.reduce((acc, r) => acc.plus(r[col('amount')]!), new Decimal(0));
    // the credit is the only baseline other cost: its rows add up to the total to the cent
    expect(sum(credit).toFixed(2)).toBe(summary['baseline_other_costs']);
  });
});
