/**
 * SPEC v1.1 §3's six new metrics (cost_advantage, amd_gross_cost_pv, warrant_net_value_pv,
 * cost_advantage_pv, amd_net_cost_per_unit, baseline_cost_per_amd_unit): hand-computed cases with
 * the arithmetic written out, and the reconciliations SPEC promises, over generated scenarios.
 * (tests/oracle checks the same rows against the independent Python implementation.)
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { dec, type Decimal } from '../../src/money/index.js';
import { METRIC_NAMES, runModel } from '../../src/engine/index.js';
import { day, makeScenario, oneOff, point, pointsPrice, tranche } from '../helpers/scenario-builders.js';
import { scenarioArb } from '../helpers/scenario-arbitrary.js';

const money = (d: Decimal): string => d.toFixed(2);

describe('SPEC v1.1 §3 metrics, by hand', () => {
  test('v1 metrics keep their order; the six v1.1 rows come after them, in SPEC order', () => {
    expect(METRIC_NAMES.slice(0, 21).at(-1)).toBe('savings_pv');
    expect(METRIC_NAMES.slice(21)).toEqual([
      'cost_advantage',
      'amd_gross_cost_pv',
      'warrant_net_value_pv',
      'cost_advantage_pv',
      'amd_net_cost_per_unit',
      'baseline_cost_per_amd_unit',
    ]);
  });

  test('two yearly periods at 9%: the split of savings into price and warrant, nominal and PV', () => {
    // yearly periods from 2026-01-01, valuation 2025-12-31: e_1 = 2026-12-31 is 365 days later (yf 1),
    // e_2 = 2027-12-31 730 days later (yf 2). 1 unit bought in each period on each side.
    // AMD hardware 1090 + 1090 = 2180.00 (gross); baseline 100 + 100 = 200.00.
    // Warrant: 1 share at a flat 10, strike 0, vests at e_1, sold at e_2: net value 10.00.
    const r = runModel(
      makeScenario({
        timeline: { step: 'year', periods: 2, valuation_date: day('2025-12-31'), discount_rate: dec('0.09') },
        deployment: { interpolation: 'step', points: [point('2026-06-30', 1), point('2027-06-30', 2)] },
        amd: { unit_price: dec(1090) },
        baseline: { unit_price: dec(100) },
      }),
    );
    const s = r.summary;
    // cost_advantage = baseline_cost - amd_gross_cost = 200.00 - 2180.00
    expect(money(s.cost_advantage)).toBe('-1980.00');
    // savings = 200.00 - (2180.00 - 10.00) = -1970.00 = -1980.00 + 10.00
    expect(money(s.savings)).toBe('-1970.00');
    // amd_gross_cost_pv = 1090/1.09 + 1090/1.1881 = 1000 + 917.4311926.. = 1917.4311926.. -> 1917.43
    expect(money(s.amd_gross_cost_pv)).toBe('1917.43');
    // amd_net_cost_pv = 1917.4311926.. - 10/1.1881 (8.4168000..) = 1909.0143926.. -> 1909.01
    // warrant_net_value_pv = 1917.43 - 1909.01 (the rounded values, not cents(8.4168..) = 8.42 by chance)
    expect(money(s.amd_net_cost_pv)).toBe('1909.01');
    expect(money(s.warrant_net_value_pv)).toBe('8.42');
    // baseline_cost_pv = 100/1.09 + 100/1.1881 = 91.7431192.. + 84.1680000.. = 175.9111192.. -> 175.91
    // cost_advantage_pv = 175.91 - 1917.43
    expect(money(s.cost_advantage_pv)).toBe('-1741.52');
    // savings_pv = 175.91 - 1909.01 = -1733.10 = -1741.52 + 8.42
    expect(money(s.savings_pv)).toBe('-1733.10');
    // amd_units = 2: 2170.00 / 2 = 1085.00 per AMD accelerator; 200.00 / 2 = 100.00 from the baseline
    expect(s.amd_units.toFixed()).toBe('2');
    expect(money(s.amd_net_cost_per_unit)).toBe('1085.00');
    expect(money(s.baseline_cost_per_amd_unit)).toBe('100.00');
  });

  test('the warrant net value PV is the difference of the rounded PVs, not the PV of the warrant rounded', () => {
    // one yearly period, valuation = start 2026-01-01, e_1 = 2026-12-31 (364 days, yf 364/365), rate 10%
    // AMD: 1 unit at 100.005 -> hardware cents(100.005) = 100.00 (half-even), factor f = 1.1^(-364/365)
    // 1 share at 0.005, strike 0: proceeds cents(0.005) = 0.00 (half-even) -> the warrant books 0.00
    // so amd_gross_cost_pv = amd_net_cost_pv = cents(100 f) and warrant_net_value_pv = 0.00 exactly
    const r = runModel(
      makeScenario({
        timeline: { step: 'year', periods: 1, discount_rate: dec('0.1') },
        amd: { unit_price: dec('100.005') },
        share_price: pointsPrice([['2026-01-01', '0.005']]),
      }),
    );
    expect(money(r.summary.amd_hardware_spend)).toBe('100.00');
    expect(money(r.summary.warrant_sale_proceeds)).toBe('0.00');
    // 100 x 1.1^(-364/365) = 100 / 1.0997128.. = 90.9328325.. -> 90.93
    expect(money(r.summary.amd_gross_cost_pv)).toBe('90.93');
    expect(money(r.summary.warrant_net_value_pv)).toBe('0.00');
  });

  test('per-unit prices round half-even to cents', () => {
    // step to 2 GW on 2026-03-31, 1 unit per GW: 2 units on each side, bought in period 1
    // AMD: cents(2 x 0.125) = 0.25; baseline: cents(2 x 0.375) = 0.75
    // warrant worth nothing: 1 share, strike 10 = the flat price 10 -> exercise 10.00, proceeds 10.00
    // amd_net_cost_per_unit = 0.25 / 2 = 0.125 -> 0.12 (2 is even); baseline 0.75 / 2 = 0.375 -> 0.38
    const r = runModel(
      makeScenario({
        deployment: { interpolation: 'step', points: [point('2026-03-31', 2)] },
        amd: { unit_price: dec('0.125') },
        baseline: { unit_price: dec('0.375') },
        warrant: { strike: dec(10), tranches: [tranche(1)] },
      }),
    );
    expect(money(r.summary.warrant_net_value)).toBe('0.00');
    expect(money(r.summary.amd_net_cost)).toBe('0.25');
    expect(money(r.summary.amd_net_cost_per_unit)).toBe('0.12');
    expect(money(r.summary.baseline_cost_per_amd_unit)).toBe('0.38');
    // 3 units each side:
    const three = runModel(
      makeScenario({
        deployment: { interpolation: 'step', points: [point('2026-03-31', 3)] },
        amd: { unit_price: dec('0.5') },
        baseline: { unit_price: dec(2) },
        warrant: { strike: dec(10), tranches: [tranche(1)] },
      }),
    );
    // AMD 3 x 0.5 = 1.50 -> 1.50 / 3 = 0.50; baseline 3 x 2 = 6.00 -> 6.00 / 3 = 2.00
    expect(money(three.summary.amd_net_cost_per_unit)).toBe('0.50');
    expect(money(three.summary.baseline_cost_per_amd_unit)).toBe('2.00');
  });

  test('no AMD units: both per-unit prices are 0.00, whatever the costs', () => {
    // deployment stays at 0 GW: no unit on either side; the baseline still pays a one-off 500.00
    const r = runModel(
      makeScenario({
        deployment: { interpolation: 'step', points: [point('2026-03-31', 0)] },
        baseline: { other_costs: [oneOff('study', 500, '2026-02-01')] },
      }),
    );
    expect(r.summary.amd_units.toFixed()).toBe('0');
    expect(money(r.summary.baseline_cost)).toBe('500.00');
    expect(money(r.summary.amd_net_cost_per_unit)).toBe('0.00');
    expect(money(r.summary.baseline_cost_per_amd_unit)).toBe('0.00');
    // cost_advantage = 500.00 - 0.00
    expect(money(r.summary.cost_advantage)).toBe('500.00');
  });
});

describe('SPEC v1.1 §3 reconciliations, on generated scenarios', () => {
  test('savings = cost_advantage + warrant_net_value and savings_pv = cost_advantage_pv + warrant_net_value_pv, exactly', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const s = runModel(scenario).summary;
        expect(s.cost_advantage.plus(s.warrant_net_value).eq(s.savings)).toBe(true);
        expect(s.cost_advantage_pv.plus(s.warrant_net_value_pv).eq(s.savings_pv)).toBe(true);
        expect(s.amd_gross_cost_pv.minus(s.warrant_net_value_pv).eq(s.amd_net_cost_pv)).toBe(true);
        // every v1.1 money metric is whole cents
        for (const m of ['cost_advantage', 'amd_gross_cost_pv', 'warrant_net_value_pv', 'cost_advantage_pv', 'amd_net_cost_per_unit', 'baseline_cost_per_amd_unit'] as const) {
          expect(s[m].decimalPlaces()).toBeLessThanOrEqual(2);
        }
        // at a 0% rate every PV equals its nominal total
        if (scenario.timeline.discount_rate.isZero()) {
          expect(s.amd_gross_cost_pv.eq(s.amd_gross_cost)).toBe(true);
          expect(s.warrant_net_value_pv.eq(s.warrant_net_value)).toBe(true);
          expect(s.cost_advantage_pv.eq(s.cost_advantage)).toBe(true);
        }
        // the per-unit price times the units is within half a cent per unit of the total
        if (!s.amd_units.isZero()) {
          expect(s.amd_net_cost_per_unit.times(s.amd_units).minus(s.amd_net_cost).abs().lte(s.amd_units.times('0.005'))).toBe(true);
        }
      }),
      { numRuns: 200, seed: 20261201 },
    );
  });
});
