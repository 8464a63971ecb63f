/**
 * The answer at a glance (issue 11): `model`'s one-sentence headline in each of its cases, the
 * per-accelerator and per-GW prices, and the per-period savings columns. Numbers come from
 * tests/report/fixtures.ts (its arithmetic is written there) or are set here by hand.
 */
import { describe, expect, it } from 'vitest';
import { dec, sum } from '../../src/money/index.js';
import type { ModelResult, Summary } from '../../src/engine/types.js';
import { answerSentence, headlineView, periodsTableView, periodsView, unitPricesView } from '../../src/report/model-views.js';
import { formatCell } from '../../src/report/view.js';
import { renderCsv } from '../../src/report/csv.js';
import { renderTable } from '../../src/report/table.js';
import { fixtureResult } from './fixtures.js';
import { parseCsvObjects } from './csv-parse.js';

/** The fixture with its summary's savings split replaced (only what the sentence reads). */
function withSplit(costAdvantage: string, warrant: string): ModelResult {
  const result = fixtureResult({ baselineName: 'Nvidia' });
  const summary: Summary = {
    ...result.summary,
    cost_advantage: dec(costAdvantage),
    warrant_net_value: dec(warrant),
    savings: dec(costAdvantage).plus(warrant),
  };
  return { ...result, summary };
}

describe('the one-sentence answer', () => {
  it('AMD cheaper on price and the warrant: both parts, at a glance', () => {
    // the base case's split: 25,927,010,830.54 + 38,049,054,761.28 = 63,976,065,591.82
    expect(answerSentence(withSplit('25927010830.54', '38049054761.28'))).toBe(
      'AMD MI450 saves $64.0B against Nvidia: $25.9B is the cost advantage before the warrant, $38.0B the warrant.',
    );
  });

  it('AMD dearer before the warrant, cheaper with it: the warrant wins the deal', () => {
    // -2,000,000,000 + 3,000,000,000 = 1,000,000,000
    expect(answerSentence(withSplit('-2000000000', '3000000000'))).toBe(
      'AMD MI450 saves $1.0B against Nvidia, thanks to the warrant: it is worth $3.0B, while AMD MI450 costs $2.0B more before it.',
    );
  });

  it('no warrant value: says the warrant adds nothing', () => {
    expect(answerSentence(withSplit('11975937507.92', '0'))).toBe(
      'AMD MI450 saves $12.0B against Nvidia: $12.0B is the cost advantage before the warrant, the warrant adds nothing.',
    );
  });

  it('negative savings: the baseline wins, said so in words', () => {
    // -7,000,000,000 + 2,000,000,000 = -5,000,000,000
    expect(answerSentence(withSplit('-7000000000', '2000000000'))).toBe(
      'Nvidia is $5.0B cheaper than AMD MI450 (negative savings): AMD MI450 costs $7.0B more before the warrant, and the warrant is worth $2.0B.',
    );
    // a price advantage eaten by a warrant that costs money (exercise above the sale price, tax)
    expect(answerSentence(withSplit('1000000000', '-1500000'))).toBe(
      'AMD MI450 saves $998.5M against Nvidia: $1.0B is the cost advantage before the warrant, the warrant costs $1.5M.',
    );
    // 100 - 1,500,000 = -1,499,900: $1.5M at a glance
    expect(answerSentence(withSplit('100', '-1500000'))).toBe(
      'Nvidia is $1.5M cheaper than AMD MI450 (negative savings): AMD MI450\'s cost advantage before the warrant is $100.00, and the warrant costs $1.5M.',
    );
  });

  it('marks negative savings in the headline table too', () => {
    const view = headlineView(withSplit('-7000000000', '2000000000'));
    expect(view.rows.map((r) => r[0])).toContain('savings: NEGATIVE (baseline wins)');
    expect(view.title.split('\n')[1]).toContain('(negative savings)');
  });
});

describe('per accelerator and per GW', () => {
  it('divides the totals by the AMD units and by the GW they make', () => {
    // fixture: amd_units 15, units_per_gw 15 -> 1 GW; amd_net_cost -35070.16, baseline_cost 18000.00
    // per unit: the summary's amd_net_cost_per_unit -2338.01 and baseline_cost_per_amd_unit 1200.00
    // per GW: -35070.16 / 1 and 18000.00 / 1
    const view = unitPricesView(fixtureResult())!;
    const text = (r: number, c: number) => formatCell(view.rows[r]![c]!, view.columns[c]!).text;
    expect([text(0, 1), text(0, 2)]).toEqual(['-2338.01', '-35070.16']);
    expect([text(1, 1), text(1, 2)]).toEqual(['1200.00', '18000.00']);
    expect(view.title).toContain('15 AMD units, 1.000 GW');
  });

  it('is left out when no AMD unit is bought', () => {
    const result = fixtureResult();
    expect(unitPricesView({ ...result, summary: { ...result.summary, amd_units: dec(0) } })).toBeUndefined();
  });
});

describe('per-period savings', () => {
  it('csv: savings per period sum to the summary savings; the cumulative column ends on it', () => {
    const result = fixtureResult();
    const rows = parseCsvObjects(renderCsv(periodsView(result)));
    // period 1: 12000.00 - 9905.00 = 2095.00; period 2: 6000.00 - (-44975.16) = 50975.16
    expect(rows.map((r) => r['savings'])).toEqual(['2095.00', '50975.16']);
    // cumulative: 2095.00, then 18000.00 - (-35070.16) = 53070.16 = savings
    expect(rows.map((r) => r['cumulative_savings'])).toEqual(['2095.00', '53070.16']);
    expect(sum(rows.map((r) => dec(r['savings']!))).eq(result.summary.savings)).toBe(true);
    // the v1 columns keep their order; the new ones come last
    expect(Object.keys(rows[0]!).slice(-3)).toEqual(['cumulative_baseline_cost', 'savings', 'cumulative_savings']);
  });

  it('terminal: both columns, at a glance or to the cent', async () => {
    const view = periodsTableView(fixtureResult());
    expect(await renderTable([view], { color: false })).toContain('50,975.16');
    expect(await renderTable([view], { color: false, glance: true })).toContain('$50,975');
  });
});
