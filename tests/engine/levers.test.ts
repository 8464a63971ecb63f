/**
 * SPEC v1.1 levers (issue 14), computed by hand: performance as a dated curve with the baseline's
 * `max` rule, per_unit_year costs, the supply delay (delivered GW, vesting, its cost). Each
 * expected number shows its arithmetic.
 *
 * Unless a test says otherwise the timeline is makeScenario's: 4 quarters from 2026-01-01, so
 * e_1 = 2026-03-31 (89 days after the start, 90 days in the period), e_2 = 2026-06-30 (180 days;
 * 91 in the period), e_3 = 2026-09-30 (272 days; 92), e_4 = 2026-12-31 (364 days; 92); rate 0;
 * unit prices 1, so hardware spend in dollars equals units bought.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { dec, type Decimal } from '../../src/money/index.js';
import { formatDay } from '../../src/time/index.js';
import { runModel, type Booking, type ModelResult } from '../../src/engine/index.js';
import type { PerUnitCost, PerformanceCurve, Scenario } from '../../src/scenario/types.js';
import { day, makeScenario, point, tranche } from '../helpers/scenario-builders.js';
import { scenarioArb } from '../helpers/scenario-arbitrary.js';

const rows = (r: ModelResult, side: Booking['side'], kind: Booking['kind']) => r.ledger.filter((b) => b.side === side && b.kind === kind);
const amounts = (bookings: Booking[]) => bookings.map((b) => b.amount.toFixed(2));
const dates = (bookings: Booking[]) => bookings.map((b) => formatDay(b.date));
const cumulative = (r: ModelResult, side: 'amd' | 'baseline') =>
  r.periods.map((p) => (side === 'amd' ? p.amd_units_cumulative : p.baseline_units_cumulative).toFixed());

function curve(interpolation: 'linear' | 'step', points: Array<[string, string | number]>): PerformanceCurve {
  return { interpolation, points: points.map(([date, value]) => ({ date: day(date), value: dec(value) })) };
}

function perUnit(name: string, perUnitYear: string | number, from: string, to: string): PerUnitCost {
  return { kind: 'per_unit', name, per_unit_year: dec(perUnitYear), from: day(from), to: day(to) };
}

function withDelay(s: Scenario, days: number, costPerGwYear: string | number = 0): Scenario {
  return { ...s, supply_delay: { days, cost_per_gw_year: dec(costPerGwYear) } };
}

describe('performance as a dated curve (SPEC §2, §3 "Baseline units")', () => {
  test('a two-point linear curve gives an exact half in baseline units, rounded half-even', () => {
    // 1 GW from 2026-02-01 (step), 180 units per GW: U(e_k) = 180 at every period end.
    // perf_amd: 0.5 on 2026-01-01 (day 0) rising linearly to 1 on 2026-06-30 (day 180).
    // e_1 (day 89): perf = (0.5 × (180 − 89) + 1 × 89) / 180 = (45.5 + 89) / 180 = 134.5 / 180,
    //   B(e_1) = round(180 × 134.5 / 180) = round(134.5) = 134 (half to even; a float would see
    //   0.7472222… × 180 and could land on either side of the half)
    // e_2 (day 180) and later: perf = 1, B = 180. Bought: 134, then 46.
    const r = runModel(
      makeScenario({
        deployment: { interpolation: 'step', points: [point('2026-02-01', 1)] },
        amd: { units_per_gw: dec(180), performance: curve('linear', [['2026-01-01', '0.5'], ['2026-06-30', 1]]) },
      }),
    );
    expect(cumulative(r, 'amd')).toEqual(['180', '180', '180', '180']);
    expect(cumulative(r, 'baseline')).toEqual(['134', '180', '180', '180']);
    expect(amounts(rows(r, 'baseline', 'hardware'))).toEqual(['134.00', '46.00']);
    expect(r.summary.baseline_units.toFixed()).toBe('180');
  });

  test('a falling curve: the baseline holds its fleet and buys nothing until AMD grows again', () => {
    // step deployment: 1 GW from 2026-02-01, 3 GW from 2026-08-01; 100 units per GW:
    //   U = 100, 100, 300, 300.
    // perf_amd (step): 1 from 2026-01-01, 0.5 from 2026-05-01: 1, 0.5, 0.5, 0.5 at e_1..e_4.
    // matched: round(U × perf / 1) = 100, 50, 150, 150;
    // B = max(previous, matched) = 100, max(100, 50) = 100, 150, 150: bought 100, 0, 50, 0.
    const r = runModel(
      makeScenario({
        deployment: { interpolation: 'step', points: [point('2026-02-01', 1), point('2026-08-01', 3)] },
        amd: { units_per_gw: dec(100), performance: curve('step', [['2026-01-01', 1], ['2026-05-01', '0.5']]) },
      }),
    );
    expect(cumulative(r, 'baseline')).toEqual(['100', '100', '150', '150']);
    expect(dates(rows(r, 'baseline', 'hardware'))).toEqual(['2026-03-31', '2026-09-30']);
    expect(amounts(rows(r, 'baseline', 'hardware'))).toEqual(['100.00', '50.00']);
  });

  test('a baseline curve divides: a faster Nvidia fleet needs fewer units, but never sells any', () => {
    // U = 100 from e_1 (1 GW step on 2026-02-01). perf_baseline (step): 1, then 2 from 2026-04-01.
    // matched: round(100 × 1 / 1) = 100, then round(100 × 1 / 2) = 50; B = 100, 100, 100, 100.
    const r = runModel(
      makeScenario({
        deployment: { interpolation: 'step', points: [point('2026-02-01', 1)] },
        amd: { units_per_gw: dec(100) },
        baseline: { performance: curve('step', [['2026-01-01', 1], ['2026-04-01', 2]]) },
      }),
    );
    expect(cumulative(r, 'baseline')).toEqual(['100', '100', '100', '100']);
    expect(r.summary.baseline_units.toFixed()).toBe('100');
  });
});

describe('per_unit_year other costs (SPEC §3 "Other costs", v1.1)', () => {
  test('over partial periods: cents(per_unit_year × avg_units × overlap_days / 365)', () => {
    // 1 GW from 2026-02-01, 10 units per GW: cumulative units 0 (e_0), then 10 at e_1..e_4.
    // AMD licences 730 per unit-year from 2026-02-15 to 2026-08-15:
    //   P1 (Jan 1-Mar 31): overlap Feb 15-Mar 31 = 14 + 31 = 45 days, avg (0 + 10) / 2 = 5:
    //      730 × 5 × 45 / 365 = 450.00
    //   P2 (Apr 1-Jun 30): 91 days, avg 10: 730 × 10 × 91 / 365 = 1820.00
    //   P3 (Jul 1-Sep 30): Jul 1-Aug 15 = 31 + 15 = 46 days: 730 × 10 × 46 / 365 = 920.00
    //   P4: no overlap, no row. Total 3190.00.
    // Baseline credit -1 per unit-year over the whole year (B = 10 as U, perf 1 / 1):
    //   P1: -1 × 5 × 90 / 365 = -1.2328… -> -1.23; P2: -1 × 10 × 91 / 365 = -2.4931… -> -2.49;
    //   P3 and P4: -1 × 10 × 92 / 365 = -2.5205… -> -2.52. Total -8.76.
    const r = runModel(
      makeScenario({
        deployment: { interpolation: 'step', points: [point('2026-02-01', 1)] },
        amd: { units_per_gw: dec(10), other_costs: [perUnit('ROCm licences', 730, '2026-02-15', '2026-08-15')] },
        baseline: { other_costs: [perUnit('NVAIE bundle credit', -1, '2026-01-01', '2026-12-31')] },
      }),
    );
    const amd = rows(r, 'amd', 'other_cost');
    expect(amd.map((b) => b.label)).toEqual(['ROCm licences', 'ROCm licences', 'ROCm licences']);
    expect(dates(amd)).toEqual(['2026-03-31', '2026-06-30', '2026-09-30']);
    expect(amounts(amd)).toEqual(['450.00', '1820.00', '920.00']);
    expect(r.summary.amd_other_costs.toFixed(2)).toBe('3190.00');
    expect(amounts(rows(r, 'baseline', 'other_cost'))).toEqual(['-1.23', '-2.49', '-2.52', '-2.52']);
    expect(r.summary.baseline_other_costs.toFixed(2)).toBe('-8.76');
    // the period table carries them in its other-cost columns
    expect(r.periods.map((p) => p.amd_other_costs.toFixed(2))).toEqual(['450.00', '1820.00', '920.00', '0.00']);
  });
});

describe('supply delay (SPEC §2 supply_delay, §3 "Supply delay")', () => {
  const stepAtMarch = () =>
    makeScenario({
      deployment: { interpolation: 'step', points: [point('2026-03-01', 1)] },
      amd: { units_per_gw: dec(100) },
      warrant: { tranches: [tranche(1, { gw: 1 })] },
    });

  test('a delay moves the vest date and AMD units, not the baseline', () => {
    // no delay: GW(e_1 = 2026-03-31) = 1 >= 1, the tranche vests on 2026-03-31.
    // 60 days: GW_amd(e_1) = GW(2026-01-30) = 0; GW_amd(e_2) = GW(2026-05-01) = 1: vests 2026-06-30.
    // AMD units follow GW_amd: 0, 100, 100, 100; the baseline keeps the schedule: 100 from e_1.
    const onTime = runModel(stepAtMarch());
    expect(onTime.tranches[0]!.vest_date).toBe(day('2026-03-31'));
    const late = runModel(withDelay(stepAtMarch(), 60));
    expect(late.tranches[0]!.vest_date).toBe(day('2026-06-30'));
    expect(late.tranches[0]!.gw_met_date).toBe(day('2026-06-30'));
    expect(cumulative(late, 'amd')).toEqual(['0', '100', '100', '100']);
    expect(cumulative(late, 'baseline')).toEqual(['100', '100', '100', '100']);
    // no cost_per_gw_year: no delay booking
    expect(late.ledger.filter((b) => b.label === 'supply delay')).toEqual([]);
  });

  test('a delay pushes a tranche past expiry', () => {
    // expiry 2026-05-15: on time it vests on 2026-03-31 <= expiry; 60 days late both conditions
    // first hold on e_2 = 2026-06-30 > expiry: never vests (expired).
    const early = (s: Scenario): Scenario => ({ ...s, warrant: { ...s.warrant, expiry: day('2026-05-15') } });
    expect(runModel(early(stepAtMarch())).tranches[0]!.vest_date).toBe(day('2026-03-31'));
    const late = runModel(withDelay(early(stepAtMarch()), 60));
    expect(late.tranches[0]!.vest_date).toBeUndefined();
    expect(late.tranches[0]!.not_vested_reason).toBe('expired');
    expect(late.summary.warrant_vested_shares.toFixed()).toBe('0');
  });

  test('the delay cost over periods where the gap grows, holds and closes', () => {
    // linear from (2026-01-01, 0) to (2026-12-31 = day 364, 3.64 GW): GW(t) = 0.01 × t (days), flat after.
    // 91 days late; gap(t) = GW(t) − GW(t − 91):
    //   e_1 day 89: 0.89 − 0 = 0.89 (GW_amd is 0 before the start); e_2 day 180: 1.80 − 0.89 = 0.91;
    //   e_3 day 272: 0.91; e_4 day 364: 3.64 − 2.73 = 0.91; e_5 (2027-03-31, day 454): 3.64 − 3.63 = 0.01;
    //   e_6 (2027-06-30, day 545): 3.64 − 3.64 = 0.
    // cost 730 per GW-year: cents(730 × (gap(e_{k−1}) + gap(e_k)) × days / 730) = (sum of gaps) × days:
    //   P1 (90 days) 0.89 × 90 = 80.10; P2 (91) 1.80 × 91 = 163.80; P3 (92) 1.82 × 92 = 167.44;
    //   P4 (92) 167.44; P5 (90) 0.92 × 90 = 82.80; P6 (91) 0.01 × 91 = 0.91. Total 662.49.
    const s = withDelay(
      makeScenario({
        timeline: { periods: 6 },
        deployment: { interpolation: 'linear', points: [point('2026-12-31', '3.64')] },
        amd: { units_per_gw: dec(100) },
      }),
      91,
      730,
    );
    const r = runModel(s);
    const delay = r.ledger.filter((b) => b.label === 'supply delay');
    expect(delay.every((b) => b.side === 'amd' && b.kind === 'other_cost')).toBe(true);
    expect(dates(delay)).toEqual(['2026-03-31', '2026-06-30', '2026-09-30', '2026-12-31', '2027-03-31', '2027-06-30']);
    expect(amounts(delay)).toEqual(['80.10', '163.80', '167.44', '167.44', '82.80', '0.91']);
    expect(r.summary.amd_other_costs.toFixed(2)).toBe('662.49');
    // AMD's units follow GW_amd: round(100 × 0.01 × (t − 91)) at e_2 (day 180) = round(89) = 89
    expect(r.periods[1]!.amd_units_cumulative.toFixed()).toBe('89');
    expect(r.periods[1]!.baseline_units_cumulative.toFixed()).toBe('180');
  });
});

/** The same scenario with every plain performance as a one-point curve and a 0-day supply delay. */
function asV11(s: Scenario, cost: Decimal): Scenario {
  const constant = (p: Scenario['amd']['performance'], on: number): Scenario['amd']['performance'] =>
    typeof (p as { points?: unknown }).points === 'object' ? p : { interpolation: 'linear', points: [{ date: on, value: p as Decimal }] };
  return {
    ...s,
    amd: { ...s.amd, performance: constant(s.amd.performance, s.timeline.start + 17) },
    baseline: { ...s.baseline, performance: constant(s.baseline.performance, s.timeline.start - 400) },
    supply_delay: { days: 0, cost_per_gw_year: cost },
  };
}

/** Everything a user sees of a result, as text (the scenario echo aside). */
function visible(r: ModelResult): string {
  // bookings carry their cents as a bigint too: written as text
  return JSON.stringify({ summary: r.summary, periods: r.periods, tranches: r.tranches, ledger: r.ledger, warnings: r.warnings }, (_, v: unknown) =>
    typeof v === 'bigint' ? `${v}n` : v,
  );
}

describe('constant curves and a 0-day delay change nothing (property)', () => {
  test('random v1 scenarios give identical results with one-point curves and supply_delay { days: 0 }', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 10 ** 9 }), (s, cost) => {
        expect(visible(runModel(asV11(s, dec(cost))))).toBe(visible(runModel(s)));
      }),
      { numRuns: 150, seed: 20261201 },
    );
  });
});
