/**
 * Invariants of SPEC §3 over generated valid scenarios (fast-check). Sums are recomputed here
 * from the ledger independently of the engine's summarize().
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Decimal, cents, dec } from '../../src/money/index.js';
import {
  METRIC_KINDS,
  METRIC_NAMES,
  compareBookings,
  prepareModel,
  runModel,
  summarizePath,
  type Booking,
  type ModelResult,
  type Scenario,
} from '../../src/engine/index.js';
import { scenarioArb, decimalArb } from '../helpers/scenario-arbitrary.js';
import { referenceSummary } from '../helpers/reference-model.js';
import { metaBaseScenario } from '../helpers/scenario-builders.js';

const RUNS = { numRuns: 150 };

const sumOf = (bookings: Booking[], pick: (b: Booking) => Decimal = (b) => b.amount) =>
  bookings.reduce((acc, b) => acc.plus(pick(b)), dec(0));
const where = (r: ModelResult, side: Booking['side'], kind?: Booking['kind']) =>
  r.ledger.filter((b) => b.side === side && (kind === undefined || b.kind === kind));

function expectEq(actual: Decimal, expected: Decimal, what: string): void {
  expect(actual.toFixed(), what).toBe(expected.toFixed());
}

describe('ledger reconciliation', () => {
  test('every summary total is the sum of its booked rows', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const r = runModel(scenario);
        const s = r.summary;
        expectEq(s.amd_units, sumOf(where(r, 'amd', 'hardware'), (b) => b.units!), 'amd_units');
        expectEq(s.baseline_units, sumOf(where(r, 'baseline', 'hardware'), (b) => b.units!), 'baseline_units');
        expectEq(s.amd_hardware_spend, sumOf(where(r, 'amd', 'hardware')), 'amd_hardware_spend');
        expectEq(s.amd_other_costs, sumOf(where(r, 'amd', 'other_cost')), 'amd_other_costs');
        expectEq(s.amd_energy_cost, sumOf(where(r, 'amd', 'energy')), 'amd_energy_cost');
        expectEq(s.amd_gross_cost, sumOf(where(r, 'amd')), 'amd_gross_cost');
        expectEq(s.warrant_vested_shares, sumOf(where(r, 'warrant', 'exercise'), (b) => b.units!), 'vested');
        expectEq(s.warrant_exercise_cost, sumOf(where(r, 'warrant', 'exercise')), 'exercise');
        expectEq(s.warrant_sale_proceeds, sumOf(where(r, 'warrant', 'sale')).negated(), 'proceeds');
        expectEq(s.warrant_tax, sumOf(where(r, 'warrant', 'tax')), 'tax');
        expectEq(s.warrant_net_value, sumOf(where(r, 'warrant')).negated(), 'warrant_net_value');
        expectEq(s.amd_net_cost, sumOf([...where(r, 'amd'), ...where(r, 'warrant')]), 'amd_net_cost');
        expectEq(s.baseline_hardware_spend, sumOf(where(r, 'baseline', 'hardware')), 'baseline_hardware_spend');
        expectEq(s.baseline_other_costs, sumOf(where(r, 'baseline', 'other_cost')), 'baseline_other_costs');
        expectEq(s.baseline_energy_cost, sumOf(where(r, 'baseline', 'energy')), 'baseline_energy_cost');
        expectEq(s.baseline_cost, sumOf(where(r, 'baseline')), 'baseline_cost');
        const pv = (rows: Booking[]) => cents(rows.reduce((acc, b) => acc.plus(b.amount.times(b.discount_factor)), dec(0)));
        expectEq(s.amd_net_cost_pv, pv([...where(r, 'amd'), ...where(r, 'warrant')]), 'amd_net_cost_pv');
        expectEq(s.baseline_cost_pv, pv(where(r, 'baseline')), 'baseline_cost_pv');
        // the tranche table agrees with the ledger too
        expectEq(s.warrant_sale_proceeds, r.tranches.reduce((acc, t) => acc.plus(t.proceeds), dec(0)), 'tranche proceeds');
      }),
      RUNS,
    );
  });

  test('the period rows add up to the totals; the last cumulative is the total', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const r = runModel(scenario);
        const total = (pick: (p: ModelResult['periods'][number]) => Decimal) =>
          r.periods.reduce((acc, p) => acc.plus(pick(p)), dec(0));
        const s = r.summary;
        expectEq(total((p) => p.amd_units), s.amd_units, 'amd_units');
        expectEq(total((p) => p.baseline_units), s.baseline_units, 'baseline_units');
        expectEq(total((p) => p.amd_hardware_spend), s.amd_hardware_spend, 'amd_hardware_spend');
        expectEq(total((p) => p.amd_other_costs), s.amd_other_costs, 'amd_other_costs');
        expectEq(total((p) => p.amd_energy_cost), s.amd_energy_cost, 'amd_energy_cost');
        expectEq(total((p) => p.baseline_hardware_spend), s.baseline_hardware_spend, 'baseline_hardware_spend');
        expectEq(total((p) => p.baseline_other_costs), s.baseline_other_costs, 'baseline_other_costs');
        expectEq(total((p) => p.baseline_energy_cost), s.baseline_energy_cost, 'baseline_energy_cost');
        expectEq(total((p) => p.warrant_exercise_cost), s.warrant_exercise_cost, 'exercise');
        expectEq(total((p) => p.warrant_sale_proceeds), s.warrant_sale_proceeds, 'proceeds');
        expectEq(total((p) => p.warrant_tax), s.warrant_tax, 'tax');
        expectEq(total((p) => p.amd_net_cost), s.amd_net_cost, 'amd_net_cost');
        expectEq(total((p) => p.baseline_cost), s.baseline_cost, 'baseline_cost');
        const last = r.periods[r.periods.length - 1]!;
        expectEq(last.cumulative_amd_net_cost, s.amd_net_cost, 'cumulative amd');
        expectEq(last.cumulative_baseline_cost, s.baseline_cost, 'cumulative baseline');
        expectEq(last.amd_units_cumulative, s.amd_units, 'amd cumulative units');
      }),
      RUNS,
    );
  });

  test('identities: savings = baseline - net, gross = parts, pv savings of the rounded values', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const s = runModel(scenario).summary;
        expectEq(s.savings, s.baseline_cost.minus(s.amd_net_cost), 'savings');
        expectEq(s.amd_net_cost, s.amd_gross_cost.minus(s.warrant_net_value), 'amd_net_cost');
        expectEq(s.amd_gross_cost, s.amd_hardware_spend.plus(s.amd_other_costs).plus(s.amd_energy_cost), 'gross');
        expectEq(s.warrant_net_value, s.warrant_sale_proceeds.minus(s.warrant_exercise_cost).minus(s.warrant_tax), 'wnv');
        expectEq(s.savings_pv, s.baseline_cost_pv.minus(s.amd_net_cost_pv), 'savings_pv');
      }),
      RUNS,
    );
  });

  test('at discount_rate 0 every *_pv equals its nominal total', () => {
    fc.assert(
      fc.property(scenarioArb, (generated) => {
        const scenario: Scenario = { ...generated, timeline: { ...generated.timeline, discount_rate: dec(0) } };
        const s = runModel(scenario).summary;
        expectEq(s.amd_net_cost_pv, s.amd_net_cost, 'amd');
        expectEq(s.baseline_cost_pv, s.baseline_cost, 'baseline');
        expectEq(s.savings_pv, s.savings, 'savings');
      }),
      RUNS,
    );
  });

  test('units bought are never negative; money has at most 2 decimals, counts none', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const r = runModel(scenario);
        for (const p of r.periods) {
          expect(p.amd_units.isNegative() && !p.amd_units.isZero()).toBe(false);
          expect(p.baseline_units.isNegative() && !p.baseline_units.isZero()).toBe(false);
          for (const key of ['amd_hardware_spend', 'amd_energy_cost', 'amd_net_cost', 'baseline_cost', 'warrant_tax'] as const) {
            expect(p[key].decimalPlaces()).toBeLessThanOrEqual(2);
          }
        }
        for (const b of r.ledger) {
          expect(b.amount.decimalPlaces(), `${b.side} ${b.kind}`).toBeLessThanOrEqual(2);
          if (b.kind === 'hardware') expect(b.units!.gt(0)).toBe(true);
        }
        for (const m of METRIC_NAMES) {
          const places = { count: 0, money: 2, ratio: 6 }[METRIC_KINDS[m]];
          expect(r.summary[m].decimalPlaces(), m).toBeLessThanOrEqual(places);
        }
      }),
      RUNS,
    );
  });

  test('the ledger is in date, side, kind order and the fast path agrees with runModel', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const r = runModel(scenario);
        for (let i = 1; i < r.ledger.length; i++) {
          expect(compareBookings(r.ledger[i - 1]!, r.ledger[i]!)).toBeLessThanOrEqual(0);
        }
        const prepared = prepareModel(scenario);
        const fast = summarizePath(prepared, prepared.sharePriceAtEnds);
        for (const m of METRIC_NAMES) expectEq(fast[m], r.summary[m], m);
      }),
      { numRuns: 50 },
    );
  });
});

describe('differential', () => {
  test('every metric equals a naive second reading of SPEC §3 (tests/helpers/reference-model.ts)', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const engine = runModel(scenario).summary;
        const reference = referenceSummary(scenario);
        for (const m of METRIC_NAMES) expectEq(engine[m], reference[m], m);
      }),
      { numRuns: 100 },
    );
  });

  test('the realistic Meta x AMD base case agrees too', () => {
    const engine = runModel(metaBaseScenario()).summary;
    const reference = referenceSummary(metaBaseScenario());
    for (const m of METRIC_NAMES) expectEq(engine[m], reference[m], m);
  });
});

describe('reuse for sweep and simulate', () => {
  test('a prepared model reused for a new share price and warrant gives runModel\'s numbers', () => {
    fc.assert(
      fc.property(scenarioArb, scenarioArb, (first, other) => {
        // the sweep's way: copy only what changes, keep the other sections as the same objects
        const second: Scenario = { ...first, share_price: other.share_price, warrant: other.warrant };
        const reused = prepareModel(second, prepareModel(first));
        const direct = runModel(second);
        const fast = summarizePath(reused, reused.sharePriceAtEnds);
        for (const m of METRIC_NAMES) expectEq(fast[m], direct.summary[m], m);
      }),
      { numRuns: 50 },
    );
  });

  test('the cost side is reused only when its sections are the same objects', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const prepared = prepareModel(scenario);
        const sameCosts = prepareModel({ ...scenario, warrant: { ...scenario.warrant } }, prepared);
        expect(sameCosts.costLedger).toBe(prepared.costLedger);
        expect(sameCosts.sharePriceAtEnds).toBe(prepared.sharePriceAtEnds);
        const newTimeline = prepareModel({ ...scenario, timeline: { ...scenario.timeline } }, prepared);
        expect(newTimeline.costLedger).not.toBe(prepared.costLedger);
      }),
      { numRuns: 20 },
    );
  });
});

describe('monotonicity of the warrant', () => {
  /** The scenario with a cagr share price dated on or before the start (so a higher cagr raises
   * every P(e_k)), sold at the horizon. */
  const cagrCase = fc.record({
    scenario: scenarioArb,
    start: decimalArb(800, 2, 1),
    back: fc.integer({ min: 0, max: 800 }),
    low: decimalArb(0.8, 3, -0.5),
    raise: decimalArb(0.5, 3, 0.001),
  });
  const withCagr = (s: Scenario, start: Decimal, back: number, cagr: Decimal, taxRate?: Decimal): Scenario => ({
    ...s,
    share_price: { model: 'cagr', start, date: s.timeline.start - back, cagr, volatility: dec(0) },
    warrant: { ...s.warrant, sell: 'at_horizon', tax_rate: taxRate ?? s.warrant.tax_rate },
  });
  const lastPrice = (r: ModelResult) => r.periods[r.periods.length - 1]!.share_price;

  test('at_horizon, tax 0: a higher cagr never lowers warrant_net_value (when strike <= P(e_n))', () => {
    // A higher cagr meets every price condition no later and sells at a higher P(e_n); a tranche
    // that newly vests adds shares x (P(e_n) - strike) >= 0 only when strike <= P(e_n) — with a
    // strike above the price, vesting more loses money, so that case is excluded.
    fc.assert(
      fc.property(cagrCase, ({ scenario, start, back, low, raise }) => {
        const lo = runModel(withCagr(scenario, start, back, low, dec(0)));
        fc.pre(scenario.warrant.strike.lte(lastPrice(lo)));
        const hi = runModel(withCagr(scenario, start, back, low.plus(raise), dec(0)));
        expect(hi.summary.warrant_net_value.gte(lo.summary.warrant_net_value)).toBe(true);
      }),
      RUNS,
    );
  });

  test('with tax: never lower by more than one cent per tranche (half-even rounding of the tax)', () => {
    // per vested tranche f(g) = g - cents(t x g) for a gain g > 0. Raising g by d raises t x g by
    // t x d <= d, but two half-even roundings can move the tax by up to d + 0.01 (0.005 -> 0.00,
    // 0.015 -> 0.02), so f may drop by one cent: monotone only up to a cent per tranche.
    fc.assert(
      fc.property(cagrCase, ({ scenario, start, back, low, raise }) => {
        const lo = runModel(withCagr(scenario, start, back, low));
        fc.pre(scenario.warrant.strike.lte(lastPrice(lo)));
        const hi = runModel(withCagr(scenario, start, back, low.plus(raise)));
        const slack = dec('0.01').times(scenario.warrant.tranches.length);
        expect(hi.summary.warrant_net_value.plus(slack).gte(lo.summary.warrant_net_value)).toBe(true);
      }),
      RUNS,
    );
  });

  test('more shares vested never lowers the value at the horizon (strike <= P(e_n)), any tax', () => {
    // Dropping every condition vests every tranche at e_1 (if e_1 <= expiry): a superset of the
    // vested tranches, each sold at the same P(e_n); a new tranche adds g - cents(t x g) >= 0.
    fc.assert(
      fc.property(scenarioArb, (generated) => {
        const scenario: Scenario = { ...generated, warrant: { ...generated.warrant, sell: 'at_horizon' } };
        const base = runModel(scenario);
        fc.pre(scenario.warrant.strike.lte(lastPrice(base)));
        const unconditional = runModel({
          ...scenario,
          warrant: { ...scenario.warrant, tranches: scenario.warrant.tranches.map((t) => ({ shares: t.shares })) },
        });
        expect(unconditional.summary.warrant_vested_shares.gte(base.summary.warrant_vested_shares)).toBe(true);
        expect(unconditional.summary.warrant_net_value.gte(base.summary.warrant_net_value)).toBe(true);
      }),
      RUNS,
    );
  });
});
