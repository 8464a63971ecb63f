/**
 * fast-check generators of valid {@link Scenario} values (SPEC §2 constraints): dates in order,
 * deployment non-decreasing, one-offs inside the timeline, tranche shares adding up, energy with
 * kw_per_unit on both sides. Numbers are built from integers and decimal strings, never floats.
 */
import fc from 'fast-check';
import { dec, type Decimal } from '../../src/money/index.js';
import { dayFromCivil, periodSchedule, type Day, type Step } from '../../src/time/index.js';
import type { OtherCost, Scenario, SharePrice, Tranche } from '../../src/scenario/types.js';

/** A decimal with up to `places` decimals between 0 and max (inclusive), from an integer. */
export function decimalArb(max: number, places: number, min = 0): fc.Arbitrary<Decimal> {
  const scale = 10 ** places;
  return fc.integer({ min: Math.round(min * scale), max: Math.round(max * scale) }).map((n) => dec(n).div(scale));
}

const stepArb = fc.constantFrom<Step>('month', 'quarter', 'year');

interface Frame {
  start: Day;
  periods: number;
  step: Step;
  lastEnd: Day;
}

const frameArb: fc.Arbitrary<Frame> = fc
  .record({ year: fc.integer({ min: 2024, max: 2030 }), month: fc.integer({ min: 1, max: 12 }), periods: fc.integer({ min: 1, max: 12 }), step: stepArb })
  .map(({ year, month, periods, step }) => {
    const start = dayFromCivil(year, month, 1);
    const schedule = periodSchedule(start, periods, step);
    return { start, periods, step, lastEnd: schedule[schedule.length - 1]!.end };
  });

function otherCostsArb(frame: Frame): fc.Arbitrary<OtherCost[]> {
  const span = frame.lastEnd - frame.start;
  const oneOff = fc
    .record({ amount: decimalArb(1_000_000, 3, -100_000), at: fc.integer({ min: 0, max: span }) })
    .map(({ amount, at }): OtherCost => ({ kind: 'one_off', name: 'one-off', amount, date: frame.start + at }));
  const recurring = fc
    .record({
      perYear: decimalArb(1_000_000, 2, -10_000),
      from: fc.integer({ min: -400, max: span + 100 }),
      length: fc.integer({ min: 0, max: 2000 }),
    })
    .map(({ perYear, from, length }): OtherCost => ({
      kind: 'recurring',
      name: 'recurring',
      per_year: perYear,
      from: frame.start + from,
      to: frame.start + from + length,
    }));
  return fc.array(fc.oneof(oneOff, recurring), { maxLength: 3 });
}

function sharePriceArb(frame: Frame): fc.Arbitrary<SharePrice> {
  const cagr = fc
    .record({ start: decimalArb(1000, 2, 1), offset: fc.integer({ min: -800, max: 400 }), cagr: decimalArb(1, 3, -0.5) })
    .map(({ start, offset, cagr }): SharePrice => ({ model: 'cagr', start, date: frame.start + offset, cagr, volatility: dec(0) }));
  const points = fc
    .record({
      first: fc.integer({ min: -400, max: 400 }),
      gaps: fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 0, maxLength: 3 }),
      prices: fc.array(decimalArb(1000, 2, 0.01), { minLength: 4, maxLength: 4 }),
      interpolation: fc.constantFrom<'linear' | 'step'>('linear', 'step'),
    })
    .map(({ first, gaps, prices, interpolation }): SharePrice => {
      let date = frame.start + first;
      const pts = [{ date, price: prices[0]! }];
      gaps.forEach((g, i) => {
        date += g;
        pts.push({ date, price: prices[i + 1]! });
      });
      return { model: 'points', points: pts, interpolation, volatility: dec(0) };
    });
  return fc.oneof(cagr, points);
}

const trancheArb: fc.Arbitrary<Tranche> = fc
  .record({
    shares: fc.integer({ min: 1, max: 50_000_000 }),
    gw: fc.option(decimalArb(8, 2), { nil: undefined }),
    price: fc.option(decimalArb(1200, 2, 0.01), { nil: undefined }),
  })
  .map(({ shares, gw, price }) => {
    const t: Tranche = { shares: dec(shares) };
    if (gw !== undefined) t.gw = gw;
    if (price !== undefined) t.price = price;
    return t;
  });

/** Any valid scenario (SPEC §2), small enough to run hundreds of times. */
export const scenarioArb: fc.Arbitrary<Scenario> = frameArb.chain((frame) =>
  fc
    .record({
      valuationOffset: fc.integer({ min: -400, max: 400 }),
      discountRate: fc.constantFrom('0', '0.05', '0.09', '0.1234'),
      interpolation: fc.constantFrom<'linear' | 'step'>('linear', 'step'),
      pointGaps: fc.array(fc.integer({ min: 1, max: 600 }), { minLength: 1, maxLength: 4 }),
      pointRises: fc.array(decimalArb(3, 2), { minLength: 4, maxLength: 4 }),
      amdPrice: decimalArb(100_000, 3, 0.001),
      amdChange: fc.constantFrom('0', '0.05', '-0.1', '0.3'),
      unitsPerGw: fc.integer({ min: 1, max: 400_000 }),
      amdPerformance: fc.constantFrom('1', '1.5', '0.8'),
      baselinePrice: decimalArb(100_000, 3, 0.001),
      baselineChange: fc.constantFrom('0', '-0.2', '0.07'),
      baselinePerformance: fc.constantFrom('1', '1.3', '1.2', '0.7'),
      amdOther: otherCostsArb(frame),
      baselineOther: otherCostsArb(frame),
      sharePrice: sharePriceArb(frame),
      tranches: fc.array(trancheArb, { minLength: 1, maxLength: 5 }),
      strike: fc.constantFrom('0', '0.01', '50', '300'),
      expiryOffset: fc.integer({ min: 0, max: 4000 }),
      sell: fc.constantFrom<'at_vest' | 'at_horizon'>('at_vest', 'at_horizon'),
      taxRate: fc.constantFrom('0', '0.21', '0.5', '1'),
      energy: fc.option(
        fc.record({ price: decimalArb(200, 2, 0.01), pue: fc.constantFrom('1', '1.2'), utilization: fc.constantFrom('0', '0.8', '1') }),
        { nil: undefined },
      ),
    })
    .map((g): Scenario => {
      let date = frame.start;
      let gw = dec(0);
      const points = g.pointGaps.map((gap, i) => {
        date += gap;
        gw = gw.plus(g.pointRises[i]!);
        return { date, gw };
      });
      const scenario: Scenario = {
        version: 1,
        name: 'generated',
        currency: 'USD',
        timeline: {
          start: frame.start,
          periods: frame.periods,
          step: frame.step,
          valuation_date: frame.start + g.valuationOffset,
          discount_rate: dec(g.discountRate),
        },
        deployment: { interpolation: g.interpolation, points },
        amd: {
          product: 'MI450',
          unit_price: g.amdPrice,
          price_change: dec(g.amdChange),
          units_per_gw: dec(g.unitsPerGw),
          performance: dec(g.amdPerformance),
          kw_per_unit: dec('2.1'),
          other_costs: g.amdOther,
        },
        baseline: {
          name: 'Nvidia',
          unit_price: g.baselinePrice,
          price_change: dec(g.baselineChange),
          performance: dec(g.baselinePerformance),
          kw_per_unit: dec('2.9'),
          other_costs: g.baselineOther,
        },
        share_price: g.sharePrice,
        warrant: {
          shares: g.tranches.reduce((acc, t) => acc.plus(t.shares), dec(0)),
          strike: dec(g.strike),
          expiry: frame.start + g.expiryOffset,
          tranches: g.tranches,
          sell: g.sell,
          tax_rate: dec(g.taxRate),
        },
      };
      if (g.energy !== undefined) {
        scenario.energy = { price_per_mwh: g.energy.price, pue: dec(g.energy.pue), utilization: dec(g.energy.utilization) };
      }
      return scenario;
    }),
);
