import { describe, expect, it } from 'vitest';
import { Decimal, cents, dec, sum } from '../../src/money/index.js';
import { METRIC_NAMES } from '../../src/engine/types.js';
import {
  headlineView,
  ledgerTotal,
  ledgerView,
  modelJson,
  periodsTableView,
  periodsView,
  summaryView,
  tranchesTableView,
  tranchesView,
} from '../../src/report/model-views.js';
import { renderCsv } from '../../src/report/csv.js';
import { renderTable } from '../../src/report/table.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { requestedMetricNames, selectMetrics } from '../../src/report/metrics.js';
import { nearest as nearestName } from '../../src/scenario/suggest.js';
import { compareHeaders, compareJson, compareView } from '../../src/report/compare-views.js';
import { fixtureResult } from './fixtures.js';
import { parseCsvObjects } from './csv-parse.js';

describe('summary view', () => {
  it('lists every SPEC §3 metric in METRIC_NAMES order, each in its own kind', () => {
    const result = fixtureResult();
    const rows = parseCsvObjects(renderCsv(summaryView(result, METRIC_NAMES)));
    expect(rows.map((r) => r['metric'])).toEqual([...METRIC_NAMES]);
    const value = (m: string) => rows.find((r) => r['metric'] === m)!['value'];
    expect(value('amd_units')).toBe('15'); // 10 + 5, a count
    expect(value('amd_hardware_spend')).toBe('15007.50'); // money: two decimals
    expect(value('warrant_tax')).toBe('0.00');
    expect(value('amd_net_cost')).toBe('-35070.16'); // negative money stays a plain number
    expect(value('effective_discount')).toBe('3.331001'); // six decimals
  });

  it('filters to the chosen metrics, in the order asked, without duplicates', () => {
    const selection = selectMetrics(['savings', 'amd_units', 'savings']);
    expect(selection).toEqual({ ok: true, metrics: ['savings', 'amd_units'] });
  });
});

describe('metric selection', () => {
  it('suggests the nearest name for a typo', () => {
    const selection = selectMetrics(['savigns']);
    expect(selection.ok).toBe(false);
    if (!selection.ok) expect(selection.message).toContain('unknown metric "savigns" (did you mean "savings"?)');
    expect(nearestName('amd_net_cots', METRIC_NAMES)).toBe('amd_net_cost');
    expect(nearestName('zzzzzzzz', METRIC_NAMES)).toBeUndefined();
  });

  it('reads --metrics as a comma list and adds --metric', () => {
    expect(requestedMetricNames('savings', 'amd_units, baseline_cost')).toEqual(['amd_units', 'baseline_cost', 'savings']);
    expect(requestedMetricNames()).toEqual([]);
    expect(selectMetrics([])).toEqual({ ok: true, metrics: [...METRIC_NAMES] });
  });

  it('keeps an empty name (--metric "", a stray comma) so that it is refused, never read as "all" (issue 12)', () => {
    expect(requestedMetricNames('')).toEqual(['']);
    expect(requestedMetricNames(undefined, 'amd_units,,savings,')).toEqual(['amd_units', '', 'savings', '']);
    const selection = selectMetrics(requestedMetricNames(' '));
    expect(selection.ok).toBe(false);
    expect(!selection.ok && selection.message).toMatch(/^an empty metric name; known metrics: amd_units, /);
  });
});

describe('periods view', () => {
  it('has money columns that sum to the summary totals (parsed back from CSV)', () => {
    const result = fixtureResult();
    const rows = parseCsvObjects(renderCsv(periodsView(result)));
    const total = (key: string) => sum(rows.map((r) => dec(r[key]!)));
    // 10005.00 + 5002.50 = 15007.50 etc.; each pair as worked out in fixtures.ts
    const pairs: [string, string][] = [
      ['amd_hardware_spend', 'amd_hardware_spend'],
      ['amd_other_costs', 'amd_other_costs'],
      ['amd_energy_cost', 'amd_energy_cost'],
      ['warrant_exercise_cost', 'warrant_exercise_cost'],
      ['warrant_sale_proceeds', 'warrant_sale_proceeds'],
      ['warrant_tax', 'warrant_tax'],
      ['amd_net_cost', 'amd_net_cost'],
      ['baseline_hardware_spend', 'baseline_hardware_spend'],
      ['baseline_other_costs', 'baseline_other_costs'],
      ['baseline_energy_cost', 'baseline_energy_cost'],
      ['baseline_cost', 'baseline_cost'],
      ['amd_units', 'amd_units'],
      ['baseline_units', 'baseline_units'],
    ];
    for (const [columnKey, metric] of pairs) {
      expect(total(columnKey).eq(result.summary[metric as keyof typeof result.summary]), columnKey).toBe(true);
    }
    // the last cumulative value is the total: -35070.16
    expect(rows[1]!['cumulative_amd_net_cost']).toBe('-35070.16');
  });

  it('writes money with two decimals, GW and prices with 10 decimals', () => {
    const rows = parseCsvObjects(renderCsv(periodsView(fixtureResult())));
    expect(rows[0]).toMatchObject({
      period: '1',
      start: '2026-07-01',
      end: '2026-09-30',
      gw: '0.5000000000',
      share_price: '40.1234560000', // 40.123456, padded to 10 places: enough to recompute proceeds
      amd_unit_price: '1000.5000000000',
      amd_other_costs: '-100.00',
      amd_energy_cost: '0.00',
    });
    for (const row of rows) {
      for (const [key, value] of Object.entries(row)) {
        if (/(spend|costs?|proceeds|tax)$/.test(key)) expect(value, key).toMatch(/^-?\d+\.\d\d$/);
      }
    }
  });

  it('shows the warrant as one net flow in the terminal table', async () => {
    const view = periodsTableView(fixtureResult());
    const text = await renderTable([view], { color: false });
    // period 2: exercise 10.00 + tax 0.00 - proceeds 50000.00 = -49990.00
    expect(text).toContain('-49,990.00');
    // period 2 net cost -44975.16, grouped
    expect(text).toContain('-44,975.16');
  });
});

describe('tranches view', () => {
  it('says when and why a tranche vested or not', () => {
    const rows = parseCsvObjects(renderCsv(tranchesView(fixtureResult())));
    expect(rows[0]).toMatchObject({
      tranche: '1',
      shares: '1000',
      gw_condition: '1',
      price_condition: '',
      gw_met: 'yes',
      gw_met_date: '2026-12-31',
      price_met: 'no condition',
      vested: 'yes',
      vest_date: '2026-12-31',
      not_vested_reason: '',
      sale_price: '50.0000000000',
      exercise_cost: '10.00',
      proceeds: '50000.00',
      gain: '49990.00', // 50000.00 - 10.00
      tax: '0.00',
    });
    expect(rows[1]).toMatchObject({
      vested: 'no',
      vest_date: '',
      gw_met: 'no',
      price_met: 'no',
      // every unmet condition is named: the 6 GW and the 600 hurdle
      not_vested_reason: 'deployment never reaches 6 GW; price 600 never met',
      proceeds: '0.00',
    });
  });

  it('puts "not vested: why" in the terminal table', async () => {
    const text = await renderTable([tranchesTableView(fixtureResult())], { color: false });
    expect(text).toContain('not vested: deployment never reaches 6 GW');
    expect(text).toContain('2026-12-31');
  });
});

describe('ledger view', () => {
  it('has amounts whose per-side sums equal the summary totals', () => {
    const result = fixtureResult();
    const rows = parseCsvObjects(renderCsv(ledgerView(result)));
    const sideTotal = (side: string) => sum(rows.filter((r) => r['side'] === side).map((r) => dec(r['amount']!)));
    // amd: 10005.00 - 100.00 + 5002.50 + 12.34 = 14919.84 = amd_gross_cost
    expect(sideTotal('amd').toFixed(2)).toBe(result.summary.amd_gross_cost.toFixed(2));
    // baseline: 12000.00 + 6000.00 = 18000.00
    expect(sideTotal('baseline').toFixed(2)).toBe(result.summary.baseline_cost.toFixed(2));
    // warrant: 10.00 - 50000.00 = -49990.00 = -warrant_net_value
    expect(sideTotal('warrant').toFixed(2)).toBe(result.summary.warrant_net_value.negated().toFixed(2));
    expect(ledgerTotal(result, 'amd').toFixed(2)).toBe('14919.84');
  });

  it('has present values that sum to the *_pv totals to the cent', () => {
    const result = fixtureResult();
    const rows = parseCsvObjects(renderCsv(ledgerView(result)));
    const pv = (sides: string[]) =>
      cents(sum(rows.filter((r) => sides.includes(r['side']!)).map((r) => new Decimal(r['present_value']!))));
    // -34269.7068 -> -34269.71 and 17760.00 (fixtures.ts)
    expect(pv(['amd', 'warrant']).toFixed(2)).toBe('-34269.71');
    expect(pv(['baseline']).toFixed(2)).toBe('17760.00');
    // the row for the sale: -50000.00 x 0.98 = -49000.000000; discount factor with 12 decimals
    const sale = rows.find((r) => r['kind'] === 'sale')!;
    expect(sale).toMatchObject({ amount: '-50000.00', discount_factor: '0.980000000000', present_value: '-49000.000000', units: '1000' });
  });

  it('guards labels that start like a formula, in CSV only', () => {
    const result = fixtureResult();
    const csv = renderCsv(ledgerView(result));
    expect(csv).toContain(",'-rebate,");
    expect(csv).toContain(",'=Vera Rubin,");
    const markdown = renderMarkdown([ledgerView(result)]);
    expect(markdown).toContain('| -rebate |');
  });
});

describe('headline', () => {
  it('shows nominal and present value of the net cost, baseline and savings', async () => {
    const text = await renderTable([headlineView(fixtureResult())], { color: false });
    expect(text).toContain('Fixture deal (USD)');
    expect(text).toContain('-35,070.16'); // amd_net_cost
    expect(text).toContain('-34,269.71'); // amd_net_cost_pv
    expect(text).toContain('53,070.16'); // savings
    expect(text).toContain('52,029.71'); // savings_pv
    expect(text).toContain('effective discount: 3.331001');
    expect(text).toContain('1,000 of 1,500 shares vested');
  });
});

describe('model JSON', () => {
  it('has the SPEC §4 shape, every metric as a string', () => {
    const result = fixtureResult({ description: 'a test' });
    const document = modelJson(result, { file: 'x.yaml', metrics: METRIC_NAMES, includeLedger: false });
    expect(Object.keys(document)).toEqual(['version', 'command', 'scenario', 'summary', 'periods', 'tranches', 'warnings']);
    expect(document['command']).toBe('model');
    expect(document['scenario']).toEqual({ name: 'Fixture deal', description: 'a test', currency: 'USD', file: 'x.yaml' });
    const summary = document['summary'] as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual([...METRIC_NAMES]);
    for (const value of Object.values(summary)) expect(typeof value).toBe('string');
    expect(summary['savings_pv']).toBe('52029.71');
    expect(document['warnings']).toEqual([
      { code: 'tranche_gw_unreachable', path: 'warrant.tranches[2]', message: 'tranche 2 needs 6 GW but the deployment never exceeds 1 GW' },
    ]);
    const withLedger = modelJson(result, { file: '-', metrics: ['savings'], includeLedger: true });
    expect(Object.keys(withLedger['summary'] as object)).toEqual(['savings']);
    expect((withLedger['ledger'] as unknown[]).length).toBe(8);
  });
});

describe('compare views', () => {
  const a = fixtureResult({ name: 'Deal' });
  const b = fixtureResult({ name: 'Deal' });
  const c = fixtureResult({ name: '=Other' });

  it('disambiguates duplicate names with the file name', () => {
    const headers = compareHeaders([
      { name: 'Deal', file: 'dir/a.yaml', summary: a.summary },
      { name: 'Deal', file: 'dir/b.yaml', summary: b.summary },
      { name: '=Other', file: 'c.yaml', summary: c.summary },
    ]);
    expect(headers).toEqual(['Deal (a.yaml)', 'Deal (b.yaml)', '=Other']);
  });

  it('writes one column per scenario, metrics as rows, guarded headers', () => {
    const entries = [
      { name: 'Deal', file: 'a.yaml', summary: a.summary },
      { name: '=Other', file: 'c.yaml', summary: c.summary },
    ];
    const csv = renderCsv(compareView(entries, ['amd_units', 'savings', 'effective_discount']));
    expect(csv).toBe(
      "metric,Deal,'=Other\r\n" + 'amd_units,15,15\r\n' + 'savings,53070.16,53070.16\r\n' + 'effective_discount,3.331001,3.331001\r\n',
    );
    expect(compareJson(entries, ['savings'])).toEqual({
      version: 1,
      command: 'compare',
      scenarios: [
        { name: 'Deal', file: 'a.yaml', column: 'Deal' },
        { name: '=Other', file: 'c.yaml', column: '=Other' },
      ],
      metrics: { savings: ['53070.16', '53070.16'] },
      warnings: [],
    });
  });
});
