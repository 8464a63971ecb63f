/**
 * A fast-check generator of valid, validated-shape scenarios for the differential oracle test.
 * Written apart from the engine's own test helpers so that the two checks do not share blind
 * spots. Values are chosen to hit SPEC §3's edges: half-unit and half-cent ties, step and linear
 * curves, price conditions met then lost, expiry inside the timeline, negative other costs,
 * valuation dates before and after the start.
 */
import fc from 'fast-check';
import { Decimal } from '../../src/money/index.js';
import type { OtherCost, PerformanceCurve, Scenario, Tranche } from '../../src/scenario/types.js';
import { addMonths, dayFromCivil, periodSchedule, type Step } from '../../src/time/index.js';

const dec = (v: string | number) => new Decimal(v);

/** A decimal with up to `places` decimals between lo and hi (inclusive), from an integer draw. */
function decimalIn(lo: number, hi: number, places: number): fc.Arbitrary<Decimal> {
  const scale = 10 ** places;
  return fc.integer({ min: Math.round(lo * scale), max: Math.round(hi * scale) }).map((i) => dec(i).div(scale));
}

interface CurveDraw {
  interpolation: 'linear' | 'step';
  /** first point's offset from the start (may be before it), then gaps in days */
  offset: number;
  points: Array<{ gap: number; value: Decimal }>;
}

function perfCurve(): fc.Arbitrary<CurveDraw> {
  return fc.record({
    interpolation: fc.constantFrom<'linear' | 'step'>('linear', 'step'),
    offset: fc.integer({ min: -200, max: 600 }),
    points: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 700 }), value: fc.oneof(decimalIn(0.3, 2, 3), fc.constantFrom(dec('0.5'), dec('0.75'), dec(1))) }), {
      minLength: 1,
      maxLength: 4,
    }),
  });
}

/** A drawn curve as a validated performance curve (dates strictly increasing). */
function curveAt(start: number, c: CurveDraw): PerformanceCurve {
  let day = start + c.offset;
  return {
    interpolation: c.interpolation,
    points: c.points.map((p, i) => {
      if (i > 0) day += p.gap;
      return { date: day, value: p.value };
    }),
  };
}

/** Draws of {@link arbitraryScenario} that a caller may replace (to plant ties). */
type Overrides = Partial<{
  year: fc.Arbitrary<number>;
  month: fc.Arbitrary<number>;
  step: fc.Arbitrary<Step>;
  periods: fc.Arbitrary<number>;
  valuationShift: fc.Arbitrary<number>;
  discountRate: fc.Arbitrary<Decimal>;
}>;

export function arbitraryScenario(overrides: Overrides = {}): fc.Arbitrary<Scenario> {
  return fc
    .record({
      year: fc.integer({ min: 2024, max: 2030 }),
      month: fc.integer({ min: 1, max: 12 }),
      step: fc.constantFrom<Step>('month', 'quarter', 'year'),
      periods: fc.integer({ min: 1, max: 24 }),
      valuationShift: fc.integer({ min: -400, max: 400 }),
      discountRate: fc.oneof(fc.constant(dec(0)), decimalIn(0, 0.3, 3)),
      interpolation: fc.constantFrom<'linear' | 'step'>('linear', 'step'),
      depPoints: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 500 }), gwStep: decimalIn(0, 3, 3) }), {
        minLength: 1,
        maxLength: 4,
      }),
      unitsPerGw: fc.oneof(fc.constantFrom(dec(250000), dec(400000), dec(3), dec(5)), decimalIn(1, 500000, 1)),
      amdPrice: fc.oneof(decimalIn(1000, 60000, 3), fc.constantFrom(dec('0.125'), dec('0.375'), dec('40000'))),
      basePrice: decimalIn(1000, 80000, 2),
      amdChange: fc.oneof(fc.constant(dec(0)), decimalIn(-0.5, 0.5, 3)),
      baseChange: fc.oneof(fc.constant(dec(0)), decimalIn(-0.5, 0.5, 3)),
      amdPerf: fc.oneof(fc.constant(dec(1)), decimalIn(0.5, 2, 2)),
      basePerf: fc.oneof(fc.constant(dec(1)), decimalIn(0.5, 2, 2)),
      // v1.1: performance as a dated curve (rising, falling or both; linear or step)
      amdCurve: fc.option(perfCurve(), { nil: undefined }),
      baseCurve: fc.option(perfCurve(), { nil: undefined }),
      // v1.1: supply delay, 0 days included
      delay: fc.option(
        fc.record({ days: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 500 })), cost: fc.oneof(fc.constant(dec(0)), decimalIn(0, 1e10, 2)) }),
        { nil: undefined },
      ),
      energy: fc.option(
        fc.record({
          price: decimalIn(1, 200, 2),
          pue: decimalIn(1, 2, 2),
          util: decimalIn(0, 1, 2),
          amdKw: decimalIn(0.1, 4, 2),
          baseKw: decimalIn(0.1, 4, 2),
        }),
        { nil: undefined },
      ),
      costs: fc.array(
        fc.record({
          side: fc.constantFrom('amd', 'baseline'),
          oneOff: fc.boolean(),
          perUnit: fc.boolean(),
          amount: decimalIn(-1e8, 1e9, 3),
          at: fc.integer({ min: 0, max: 10_000 }),
          from: fc.integer({ min: -200, max: 3000 }),
          length: fc.integer({ min: 0, max: 3000 }),
        }),
        { maxLength: 4 },
      ),
      shareModel: fc.constantFrom<'cagr' | 'points'>('cagr', 'points'),
      shareStart: decimalIn(1, 700, 2),
      shareShift: fc.integer({ min: -500, max: 500 }),
      cagr: decimalIn(-0.6, 1.5, 3),
      sharePoints: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 600 }), price: decimalIn(1, 900, 2) }), {
        minLength: 1,
        maxLength: 5,
      }),
      shareInterp: fc.constantFrom<'linear' | 'step'>('linear', 'step'),
      tranches: fc.array(
        fc.record({
          shares: fc.integer({ min: 1, max: 50_000_000 }),
          gw: fc.option(decimalIn(0, 8, 2), { nil: undefined }),
          price: fc.option(decimalIn(1, 900, 1), { nil: undefined }),
        }),
        { minLength: 1, maxLength: 6 },
      ),
      strike: fc.oneof(fc.constant(dec('0.01')), decimalIn(0, 500, 2)),
      expiryShift: fc.integer({ min: -400, max: 4000 }),
      sell: fc.constantFrom<'at_vest' | 'at_horizon'>('at_vest', 'at_horizon'),
      taxRate: fc.oneof(fc.constant(dec(0)), decimalIn(0, 1, 3)),
      ...overrides,
    })
    .map((g): Scenario => {
      const start = dayFromCivil(g.year, g.month, 1);
      const schedule = periodSchedule(start, g.periods, g.step);
      const lastEnd = schedule[schedule.length - 1]!.end;
      let day = start;
      let gw = dec(0);
      const points = g.depPoints.map((p) => {
        day += p.gap;
        gw = gw.plus(p.gwStep);
        return { date: day, gw };
      });
      const otherCosts = (side: string): OtherCost[] =>
        g.costs
          .filter((c) => c.side === side)
          .map((c, i): OtherCost => {
            const name = `cost ${i + 1}`;
            if (c.oneOff) return { kind: 'one_off', name, amount: c.amount, date: start + (c.at % (lastEnd - start + 1)) };
            if (c.perUnit) {
              // per installed unit a year: amounts of a software subscription, credits included
              return { kind: 'per_unit', name, per_unit_year: c.amount.div(100000).toDecimalPlaces(3), from: start + c.from, to: start + c.from + c.length };
            }
            return { kind: 'recurring', name, per_year: c.amount, from: start + c.from, to: start + c.from + c.length };
          });
      let shareDay = start + g.shareShift;
      const sharePoints = g.sharePoints.map((p) => {
        shareDay += p.gap;
        return { date: shareDay - p.gap, price: p.price };
      });
      const shares = g.tranches.reduce((acc, t) => acc + t.shares, 0);
      const tranches: Tranche[] = g.tranches.map((t) => ({
        shares: dec(t.shares),
        ...(t.gw !== undefined ? { gw: t.gw } : {}),
        ...(t.price !== undefined ? { price: t.price } : {}),
      }));
      return {
        version: 1,
        name: 'generated',
        currency: 'USD',
        timeline: {
          start,
          periods: g.periods,
          step: g.step,
          valuation_date: start + g.valuationShift,
          discount_rate: g.discountRate,
        },
        deployment: { interpolation: g.interpolation, points },
        amd: {
          product: 'MI450',
          unit_price: g.amdPrice,
          price_change: g.amdChange,
          units_per_gw: g.unitsPerGw,
          performance: g.amdCurve === undefined ? g.amdPerf : curveAt(start, g.amdCurve),
          ...(g.energy ? { kw_per_unit: g.energy.amdKw } : {}),
          other_costs: otherCosts('amd'),
        },
        baseline: {
          name: 'Nvidia',
          unit_price: g.basePrice,
          price_change: g.baseChange,
          performance: g.baseCurve === undefined ? g.basePerf : curveAt(start, g.baseCurve),
          ...(g.energy ? { kw_per_unit: g.energy.baseKw } : {}),
          other_costs: otherCosts('baseline'),
        },
        share_price:
          g.shareModel === 'cagr'
            ? { model: 'cagr', start: g.shareStart, date: start + g.shareShift, cagr: g.cagr, volatility: dec(0) }
            : { model: 'points', points: sharePoints, interpolation: g.shareInterp, volatility: dec(0) },
        warrant: {
          shares: dec(shares),
          strike: g.strike,
          expiry: addMonths(start, 0) + g.expiryShift,
          tranches,
          sell: g.sell,
          tax_rate: g.taxRate,
        },
        ...(g.energy ? { energy: { price_per_mwh: g.energy.price, pue: g.energy.pue, utilization: g.energy.util } } : {}),
        ...(g.delay ? { supply_delay: { days: g.delay.days, cost_per_gw_year: g.delay.cost } } : {}),
      };
    });
}

/**
 * Scenarios with planted exact half-cent ties where SPEC §3 divides (or raises to a negative
 * integer power) before it multiplies — the three classes a 60-digit intermediate gets wrong:
 * - `segment`: the sale date e_n lies inside a linear share-price segment of 3, 6, 7, 9 or 21
 *   days, P(e_n) = (p0·(d1−e_n) + p1·(e_n−d0)) / (d1−d0) with prices of 3 decimals, and the shares a
 *   multiple of the segment length, so shares × P often ends in an exact half cent;
 * - `cagr`: the price's date is 365 or 730 days after e_n (yf = −1 or −2) with 1 + cagr in
 *   {7.5, 1.5, 3, 6} and shares a multiple of its numerator's power;
 * - `pv`: yearly periods from 2029-01-01 and valuation 2028-12-31, so every booking date is a
 *   whole number of years after it, at discount rates of 5, 2, 0.5 or 1 (factors 6^−k, 3^−k, …).
 */
export function arbitraryTieScenario(): fc.Arbitrary<Scenario> {
  const pvRates = fc.constantFrom(dec(5), dec(2), dec('0.5'), dec(1));
  const pv = arbitraryScenario({
    year: fc.constant(2029),
    month: fc.constant(1),
    step: fc.constant<Step>('year'),
    periods: fc.integer({ min: 1, max: 3 }),
    valuationShift: fc.constant(-1),
    discountRate: pvRates,
  });
  const plant = fc.record({
    kind: fc.constantFrom('segment', 'cagr', 'none'),
    length: fc.constantFrom(3, 6, 7, 9, 21),
    offset: fc.integer({ min: 1, max: 20 }),
    p0: decimalIn(0.001, 50, 3),
    p1: decimalIn(0.001, 50, 3),
    base: fc.constantFrom('6.5', '0.5', '2', '5'),
    years: fc.constantFrom(1, 2),
    start: decimalIn(0.001, 50, 3),
    multiples: fc.array(fc.integer({ min: 1, max: 2000 }), { minLength: 1, maxLength: 6 }),
  });
  return fc.tuple(fc.oneof(arbitraryScenario(), pv), plant).map(([s, p]): Scenario => {
    if (p.kind === 'none') return s;
    const schedule = periodSchedule(s.timeline.start, s.timeline.periods, s.timeline.step);
    const lastEnd = schedule[schedule.length - 1]!.end;
    let unit: number;
    let share_price: Scenario['share_price'];
    if (p.kind === 'segment') {
      const a = 1 + (p.offset % (p.length - 1));
      const d0 = lastEnd - a;
      share_price = {
        model: 'points',
        points: [
          { date: d0 - 30, price: p.p1 },
          { date: d0, price: p.p0 },
          { date: d0 + p.length, price: p.p1 },
        ],
        interpolation: 'linear',
        volatility: dec(0),
      };
      unit = p.length;
    } else {
      const numerator = { '6.5': 15, '0.5': 3, '2': 3, '5': 6 }[p.base]!;
      share_price = { model: 'cagr', start: p.start, date: lastEnd + 365 * p.years, cagr: dec(p.base), volatility: dec(0) };
      unit = numerator ** p.years;
    }
    const tranches: Tranche[] = p.multiples.map((m, i) => {
      const t = s.warrant.tranches[i % s.warrant.tranches.length]!;
      return { shares: dec(unit * m), ...(t.gw !== undefined ? { gw: t.gw } : {}) };
    });
    const shares = tranches.reduce((acc, t) => acc.plus(t.shares), dec(0));
    return {
      ...s,
      share_price,
      warrant: { ...s.warrant, shares, tranches, sell: 'at_horizon', expiry: Math.max(s.warrant.expiry, lastEnd) },
    };
  });
}
