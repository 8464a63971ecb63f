/**
 * The warrant's fair value (SPEC §7, src/analysis/simulate/value.ts), in-process with scenarios built in
 * code: σ = 0 hand-computed to the cent; the Monte Carlo within 4 standard errors of SPEC §7's
 * one-date closed form; that closed form against QuantLib (an independent pricer); properties
 * where the discounted share price is a martingale; history before v; antithetic pairs.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec } from '../../src/money/index.js';
import type { Scenario, SharePrice } from '../../src/scenario/types.js';
import {
  fairValue,
  oneDateClosedForm,
  planValue,
  runValueSamples,
  summarizeFairValue,
  type FairValueResult,
  type OneDateInputs,
} from '../../src/analysis/simulate/value.js';
import { cagrPrice, day, makeScenario, metaBaseScenario, point, pointsPrice, tranche } from '../helpers/scenario-builders.js';
import { root } from '../cli/run-cli.js';

function withVolatility(price: SharePrice, volatility: string | number): SharePrice {
  return { ...price, volatility: dec(volatility) };
}

function withValuation(scenario: Scenario, r: string | number, q: string | number): Scenario {
  return { ...scenario, valuation: { risk_free_rate: dec(r), dividend_yield: dec(q) } };
}

const num = (d: { toString(): string } | undefined) => Number(d?.toString() ?? NaN);

describe('value: σ = 0 is SPEC §7 exact formula, to the cent', () => {
  // v = 2025-12-31; yearly periods from 2026-01-01: e_1 = 2026-12-31 (τ = 365/365 = 1),
  // e_2 = 2027-12-31 (τ = 730/365 = 2). r = 5 %, q = 2 %: F(e_k) = 100 × (1.05/1.02)^τ grows
  // slower than r. GW: 1 at e_1, 2 at e_2 (linear points). Strike 0.01.
  const scenario = withValuation(
    makeScenario({
      timeline: { start: day('2026-01-01'), periods: 2, step: 'year', valuation_date: day('2025-12-31') },
      deployment: { interpolation: 'linear', points: [point('2026-12-31', 1), point('2027-12-31', 2)] },
      // the real-world cagr (30 %) would pass the 104 hurdle at e_1 (130); under the risk-neutral
      // measure only the forward counts, and F(e_1) = 102.94 < 104 <= F(e_2) = 105.97
      share_price: cagrPrice(100, '2025-12-31', '0.3'),
      warrant: { strike: dec('0.01'), tranches: [tranche(1000, { gw: 1 }), tranche(3000, { gw: 1, price: 104 })] },
    }),
    '0.05',
    '0.02',
  );

  it('values a GW-only tranche at e_1 and a price-gated one at e_2', () => {
    const result = fairValue(scenario, { paths: 10, seed: 3 });
    // tranche 1 (GW only, vests e_1): 1000 × (100 × 1.05/1.02 − 0.01) × 1.05^−1
    //   = 1000 × (102.941176470588235… − 0.01) / 1.05 = 98,029.6918767507… -> 98,029.69
    // tranche 2 (needs 104, F(e_1) = 102.94 < 104, F(e_2) = 100 × 1.1025/1.0404 = 105.968858… ≥ 104):
    //   3000 × (105.968858131487889… − 0.01) / 1.1025 = 288,323.4234870418… -> 288,323.42
    expect(result.tranches.map((t) => t.fairValue.toFixed(2))).toEqual(['98029.69', '288323.42']);
    expect(result.total.toFixed(2)).toBe('386353.11'); // 98,029.69 + 288,323.42
    expect(result.tranches.map((t) => t.standardError?.toFixed())).toEqual(['0', '0']);
    expect(result.tranches.map((t) => t.probability.toFixed())).toEqual(['1', '1']);
    expect(result.tranches.map((t) => t.medianVestDate)).toEqual([day('2026-12-31'), day('2027-12-31')]);
    expect(result.exact).toBe(true);
    expect(result.inputs.spot.toFixed()).toBe('100');
  });

  it('is the same with plain Monte Carlo and any seed (no noise at all)', () => {
    const a = fairValue(scenario, { paths: 7, seed: 99, antithetic: false });
    expect(a.total.toFixed(2)).toBe('386353.11');
  });

  it('reports per GW, share of hardware spend and the dilution adjustment', () => {
    const diluted: Scenario = { ...scenario, dilution: { shares_outstanding: dec(16000) } };
    const result = fairValue(diluted, { paths: 2, seed: 1 });
    // max GW 2: 386,353.11 / 2 = 193,176.555 -> 193,176.56 (half-even: …555 rounds to …56)
    expect(result.perGw?.toFixed(2)).toBe('193176.56');
    // hardware: 1 unit per GW at 1.00 each: units 1 (e_1) + 1 (e_2) = 2 units = 2.00 of spend
    expect(result.inputs.amdHardwareSpend.toFixed(2)).toBe('2.00');
    expect(result.shareOfHardwareSpend?.toFixed(6)).toBe('193176.555000');
    // N/(N + M) = 16,000 / (16,000 + 4,000) = 0.8: 386,353.11 × 0.8 = 309,082.488 -> 309,082.49
    expect(result.dilution?.factor.toFixed()).toBe('0.8');
    expect(result.dilution?.value.toFixed(2)).toBe('309082.49');
  });
});

describe('value: σ = 0, an exact half cent rounds half-even', () => {
  it('one tranche at one year: (10 × 1.25 − 0.00625 × 1.6) / (1.6 × 1.25) = 12.49 / 2 = 6.245 -> 6.24', () => {
    const scenario = withValuation(
      makeScenario({
        timeline: { start: day('2026-01-01'), periods: 1, step: 'year', valuation_date: day('2025-12-31') },
        share_price: cagrPrice(10, '2025-12-31', 0),
        warrant: { strike: dec('0.00625'), tranches: [tranche(1)] },
      }),
      '0.25',
      '0.6',
    );
    // r = 25 %, q = 60 %, τ = 1: F = 10 × 1.25 / 1.6 = 7.8125; (7.8125 − 0.00625) / 1.25 = 6.245 exactly
    expect(fairValue(scenario, { paths: 2, seed: 1 }).total.toFixed(2)).toBe('6.24');
    const up = { ...scenario, warrant: { ...scenario.warrant, strike: dec('0.0125') } };
    // (12.5 − 0.0125 × 1.6) / 2 = 12.48 / 2 = 6.24 exactly; and 0.003125 gives 12.495 / 2 = 6.2475 -> 6.25
    expect(fairValue(up, { paths: 2, seed: 1 }).total.toFixed(2)).toBe('6.24');
    const third = { ...scenario, warrant: { ...scenario.warrant, strike: dec('0.003125') } };
    expect(fairValue(third, { paths: 2, seed: 1 }).total.toFixed(2)).toBe('6.25');
  });
});

describe('value: a tranche whose conditions were met before v', () => {
  // quarters from 2026-01-01, e_1 = 2026-03-31 where 1 GW is reached (step); v = 2027-03-31 is
  // 365 days after e_1; the history price there is the flat 40 of the points curve.
  const base = (volatility: number) =>
    withValuation(
      makeScenario({
        timeline: { start: day('2026-01-01'), periods: 8, valuation_date: day('2027-03-31') },
        share_price: withVolatility(pointsPrice([['2026-01-01', 40]]), volatility),
        warrant: { strike: dec('0.5'), tranches: [tranche(10, { gw: 1, price: 35 }), tranche(5, { price: 80 })] },
      }),
      '0.05',
      0,
    );

  it('is valued from the historical price with no randomness, whatever σ and seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.constantFrom(0, 0.3, 0.8), (seed, sigma) => {
        const result = fairValue(base(sigma), { paths: 200, seed });
        const first = result.tranches[0]!;
        // 10 × (40 − 0.5) × (1.05)^(365/365) = 10 × 39.5 × 1.05 = 414.75 (τ = −1: carried forward to v)
        expect(first.fairValue.toFixed(2)).toBe('414.75');
        expect(first.standardError?.toFixed()).toBe('0');
        expect(first.probability.toFixed()).toBe('1');
        expect(first.medianVestDate).toBe(day('2026-03-31'));
      }),
      { numRuns: 6 },
    );
  });
});

// ---- SPEC §7 "Check": one tranche, one price condition H, one period end e after v ----

interface OneDateCase extends OneDateInputs {
  label: string;
  step: 'month' | 'quarter' | 'year';
  valuationDate: string;
}

const ONE_DATE_CASES: OneDateCase[] = [
  // e = 2026-12-31, v = 2025-12-31: T = 365 days
  { label: 'near the money', spot: 100, hurdle: 120, strike: 0.01, volatility: 0.3, days: 365, riskFreeRate: 0.04, dividendYield: 0, shares: 1000, step: 'year', valuationDate: '2025-12-31' },
  // the Meta hurdle over five years: v = 2021-12-31 to e = 2026-12-31 is 1,826 days (2024 is a leap year)
  { label: 'Meta $600 over 5 years', spot: 213.84, hurdle: 600, strike: 0.01, volatility: 0.5, days: 1826, riskFreeRate: 0.037, dividendYield: 0, shares: 26666666, step: 'year', valuationDate: '2021-12-31' },
  // deep in the money, a 5.00 strike and q > 0: e = 2026-03-31, 90 days
  { label: 'deep in the money', spot: 100, hurdle: 50, strike: 5, volatility: 0.2, days: 90, riskFreeRate: 0.03, dividendYield: 0.01, shares: 500, step: 'quarter', valuationDate: '2025-12-31' },
  // deep out of the money (P(vest) about 1 %)
  { label: 'deep out of the money', spot: 100, hurdle: 200, strike: 0.01, volatility: 0.3, days: 365, riskFreeRate: 0.05, dividendYield: 0.02, shares: 1000, step: 'year', valuationDate: '2025-12-31' },
  // q > r (the forward falls), one month: e = 2026-01-31, 31 days
  { label: 'dividend above the rate', spot: 50, hurdle: 52, strike: 1, volatility: 0.4, days: 31, riskFreeRate: 0.01, dividendYield: 0.06, shares: 2000, step: 'month', valuationDate: '2025-12-31' },
];

function oneDateScenario(c: OneDateCase): Scenario {
  return withValuation(
    makeScenario({
      timeline: { start: day('2026-01-01'), periods: 1, step: c.step, valuation_date: day(c.valuationDate) },
      share_price: withVolatility(cagrPrice(String(c.spot), c.valuationDate, 0), c.volatility),
      warrant: { strike: dec(String(c.strike)), tranches: [tranche(c.shares, { price: String(c.hurdle) })] },
    }),
    String(c.riskFreeRate),
    String(c.dividendYield),
  );
}

describe('value: Monte Carlo against the one-date closed form', () => {
  for (const c of ONE_DATE_CASES) {
    it(`${c.label}: within 4 standard errors (antithetic pairs and plain)`, () => {
      const expected = oneDateClosedForm(c);
      for (const antithetic of [true, false]) {
        const result = fairValue(oneDateScenario(c), { paths: 20_000, seed: 11, antithetic });
        const error = num(result.totalStandardError);
        expect(error).toBeGreaterThan(0);
        expect(Math.abs(num(result.total) - expected), `${c.label} antithetic=${antithetic}: ${result.total} vs ${expected} ± ${error}`).toBeLessThanOrEqual(4 * error + 0.01);
        // the vest probability against N(d2)
        const t = c.days / 365;
        const forward = c.spot * ((1 + c.riskFreeRate) / (1 + c.dividendYield)) ** t;
        const d2 = (Math.log(forward / c.hurdle) - (c.volatility ** 2 * t) / 2) / (c.volatility * Math.sqrt(t));
        const p = num(result.tranches[0]!.probability);
        const pError = Math.sqrt((pNormal(d2) * (1 - pNormal(d2))) / 20_000);
        expect(Math.abs(p - pNormal(d2))).toBeLessThanOrEqual(4 * pError + 1e-4);
      }
    });
  }

  it('the period end is the one SPEC §7 names (T in days of Actual/365F)', () => {
    for (const c of ONE_DATE_CASES) {
      const plan = planValue(oneDateScenario(c));
      expect(plan.simulation.prepared.schedule[0]!.end - day(c.valuationDate)).toBe(c.days);
    }
  });
});

function pNormal(x: number): number {
  // Φ via the closed form's own CDF would be circular: use the series of erf (|x| < 6 here)
  let sum = x;
  let term = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / 2 / n;
    sum += term / (2 * n + 1);
  }
  return 0.5 + sum / Math.sqrt(2 * Math.PI);
}

describe('value: the closed form against QuantLib (independent pricer)', () => {
  it('equals asset-or-nothing minus strike × cash-or-nothing from QuantLib AnalyticEuropeanEngine', () => {
    const extra: OneDateInputs[] = [
      { spot: 164.67, hurdle: 250, strike: 0.01, volatility: 0.55, days: 1460, riskFreeRate: 0.037, dividendYield: 0, shares: 26666667 },
      { spot: 10, hurdle: 9, strike: 0, volatility: 0.05, days: 7, riskFreeRate: 0.1, dividendYield: 0.2, shares: 1 },
      { spot: 10, hurdle: 40, strike: 2, volatility: 0.25, days: 3650, riskFreeRate: -0.005, dividendYield: 0, shares: 1e6 },
    ];
    const items: OneDateInputs[] = [
      ...ONE_DATE_CASES.map(({ spot, hurdle, strike, volatility, days, riskFreeRate, dividendYield, shares }) => ({
        spot, hurdle, strike, volatility, days, riskFreeRate, dividendYield, shares,
      })),
      ...extra,
    ];
    // /usr/bin/python3.11 with Debian's python3-quantlib (.ci/system-deps installs it): a missing
    // QuantLib fails this test, it never skips
    const run = spawnSync('/usr/bin/python3.11', [join(root, 'tests', 'analysis', 'quantlib_one_date.py')], {
      input: JSON.stringify(items),
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const quantlib = JSON.parse(run.stdout) as number[];
    expect(quantlib).toHaveLength(items.length);
    items.forEach((item, i) => {
      const ours = oneDateClosedForm(item);
      // the closed form's Φ has a relative error below 1.2e-7
      expect(Math.abs(ours - quantlib[i]!), `${JSON.stringify(item)}: ${ours} vs QuantLib ${quantlib[i]}`).toBeLessThanOrEqual(
        1e-6 * Math.max(Math.abs(quantlib[i]!), item.shares * 1e-6),
      );
    });
  });
});

describe('value: Monte Carlo against a two-date reference built on QuantLib', () => {
  // one tranche with only a price condition, two yearly period ends after v = 2025-12-31:
  // e_1 = 2026-12-31 (365 days), e_2 = 2027-12-31 (730 days); the latch and the earlier vest date
  // matter, so the reference needs the bivariate normal (tests/analysis/quantlib_two_dates.py)
  const cases = [
    { spot: 100, hurdle: 130, strike: 0, volatility: 0.4, days1: 365, days2: 730, riskFreeRate: 0.04, dividendYield: 0, shares: 1000 },
    { spot: 213.84, hurdle: 300, strike: 0.01, volatility: 0.55, days1: 365, days2: 730, riskFreeRate: 0.037, dividendYield: 0, shares: 26666667 },
    { spot: 50, hurdle: 45, strike: 10, volatility: 0.3, days1: 365, days2: 730, riskFreeRate: 0.02, dividendYield: 0.05, shares: 300 },
    { spot: 100, hurdle: 190, strike: 1, volatility: 0.35, days1: 365, days2: 730, riskFreeRate: 0.06, dividendYield: 0.01, shares: 1000 },
  ];
  it('lies within 4 standard errors for near, in and out of the money hurdles', () => {
    const run = spawnSync('/usr/bin/python3.11', [join(root, 'tests', 'analysis', 'quantlib_two_dates.py')], {
      input: JSON.stringify(cases),
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const reference = JSON.parse(run.stdout) as number[];
    cases.forEach((c, i) => {
      const scenario = withValuation(
        makeScenario({
          timeline: { start: day('2026-01-01'), periods: 2, step: 'year', valuation_date: day('2025-12-31') },
          share_price: withVolatility(cagrPrice(String(c.spot), '2025-12-31', 0), c.volatility),
          warrant: { strike: dec(String(c.strike)), tranches: [tranche(c.shares, { price: String(c.hurdle) })] },
        }),
        String(c.riskFreeRate),
        String(c.dividendYield),
      );
      const result = fairValue(scenario, { paths: 20_000, seed: 21 });
      const error = num(result.totalStandardError);
      expect(Math.abs(num(result.total) - reference[i]!), `${JSON.stringify(c)}: ${result.total} vs ${reference[i]} ± ${error}`).toBeLessThanOrEqual(4 * error + 0.01);
    });
  });
});

// ---- properties where the discounted price is a martingale (strike 0, q = 0) ----

function propertyScenario(options: { hurdle: number; gw: number; gwDate: string; sigma: number; r: number; spot: number }): Scenario {
  return withValuation(
    makeScenario({
      timeline: { start: day('2026-01-01'), periods: 8, valuation_date: day('2025-12-15') },
      deployment: { interpolation: 'linear', points: [point(options.gwDate, 3)] },
      share_price: withVolatility(cagrPrice(String(options.spot), '2025-12-15', 0), options.sigma),
      warrant: { strike: dec(0), expiry: day('2027-10-01'), tranches: [tranche(1000, { gw: options.gw, price: String(options.hurdle) })] },
    }),
    String(options.r),
    0,
  );
}

const PATHS = 4_000;

function bound(a: FairValueResult, b: FairValueResult): number {
  return 4 * Math.hypot(num(a.totalStandardError), num(b.totalStandardError)) + 0.01;
}

describe('value: properties (strike 0, q = 0)', () => {
  const inputs = fc.record({
    spot: fc.integer({ min: 20, max: 200 }),
    sigma: fc.constantFrom(0.2, 0.4, 0.7),
    r: fc.constantFrom(0, 0.03, 0.08),
    gw: fc.constantFrom(1, 2, 3),
    seed: fc.integer({ min: 0, max: 1000 }),
  });

  it('a lower hurdle never lowers the value', () => {
    fc.assert(
      fc.property(inputs, fc.double({ min: 0.6, max: 2, noNaN: true }), fc.double({ min: 0.02, max: 0.5, noNaN: true }), (x, level, gap) => {
        const high = Math.round(x.spot * level * 100) / 100;
        const low = Math.max(0.01, Math.round(high * (1 - gap) * 100) / 100);
        const common = { gw: x.gw, gwDate: '2026-09-30', sigma: x.sigma, r: x.r, spot: x.spot };
        const a = fairValue(propertyScenario({ ...common, hurdle: low }), { paths: PATHS, seed: x.seed });
        const b = fairValue(propertyScenario({ ...common, hurdle: high }), { paths: PATHS, seed: x.seed });
        expect(num(a.total)).toBeGreaterThanOrEqual(num(b.total) - bound(a, b));
      }),
      { numRuns: 8 },
    );
  });

  it('an earlier GW date never lowers the value', () => {
    fc.assert(
      fc.property(inputs, fc.double({ min: 0.8, max: 1.6, noNaN: true }), fc.constantFrom('2026-03-31', '2026-06-30'), fc.constantFrom('2026-12-31', '2027-06-30'), (x, level, early, late) => {
        const common = { gw: x.gw, sigma: x.sigma, r: x.r, spot: x.spot, hurdle: Math.round(x.spot * level * 100) / 100 };
        const a = fairValue(propertyScenario({ ...common, gwDate: early }), { paths: PATHS, seed: x.seed });
        const b = fairValue(propertyScenario({ ...common, gwDate: late }), { paths: PATHS, seed: x.seed });
        expect(num(a.total)).toBeGreaterThanOrEqual(num(b.total) - bound(a, b));
      }),
      { numRuns: 8 },
    );
  });

  it('no tranche unvested at v is worth more than shares × S_v; dilution-adjusted ≤ unadjusted', () => {
    fc.assert(
      fc.property(inputs, fc.double({ min: 0.5, max: 3, noNaN: true }), fc.integer({ min: 1, max: 10_000_000 }), (x, level, outstanding) => {
        const scenario: Scenario = {
          ...propertyScenario({ gw: x.gw, gwDate: '2026-09-30', sigma: x.sigma, r: x.r, spot: x.spot, hurdle: Math.round(x.spot * level * 100) / 100 }),
          dilution: { shares_outstanding: dec(outstanding) },
        };
        const result = fairValue(scenario, { paths: PATHS, seed: x.seed });
        expect(num(result.total)).toBeLessThanOrEqual(1000 * x.spot + 4 * num(result.totalStandardError) + 0.01);
        expect(result.total.gte(0)).toBe(true);
        expect(result.dilution!.value.lte(result.total)).toBe(true);
        expect(result.dilution!.factor.lt(1)).toBe(true);
      }),
      { numRuns: 8 },
    );
  });

  it('dilution-adjusted ≤ unadjusted whatever the strike (in size: a negative value shrinks too)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 1e9 }), (strike, outstanding) => {
        const s = { ...propertyScenario({ gw: 1, gwDate: '2026-06-30', sigma: 0.3, r: 0.02, spot: 100, hurdle: 50 }), dilution: { shares_outstanding: dec(outstanding) } };
        const scenario: Scenario = { ...s, warrant: { ...s.warrant, strike: dec(strike) } };
        const result = fairValue(scenario, { paths: 200, seed: 5 });
        expect(result.dilution!.value.abs().lte(result.total.abs())).toBe(true);
      }),
      { numRuns: 10 },
    );
  });
});

describe('value: antithetic pairs and reproducibility', () => {
  const shipped = metaBaseScenario();
  const meta = withValuation({ ...shipped, share_price: withVolatility(shipped.share_price, '0.5') }, '0.037', 0);

  it('pairs lower the standard error of the shipped Meta case at the same path count', () => {
    const paired = fairValue(meta, { paths: 8_000, seed: 4 });
    const plain = fairValue(meta, { paths: 8_000, seed: 4, antithetic: false });
    expect(num(paired.totalStandardError)).toBeLessThan(num(plain.totalStandardError));
    // the two estimates agree within their errors
    expect(Math.abs(num(paired.total) - num(plain.total))).toBeLessThanOrEqual(4 * Math.hypot(num(paired.totalStandardError), num(plain.totalStandardError)));
  });

  it('chunks computed in any order give the same result (what the worker pool relies on)', () => {
    const plan = planValue(meta);
    const forward = [runValueSamples(plan, 9, 1, 301, true), runValueSamples(plan, 9, 301, 1001, true)];
    const other = planValue(meta);
    const late = runValueSamples(other, 9, 301, 1001, true);
    const early = runValueSamples(other, 9, 1, 301, true);
    const a = summarizeFairValue(plan, forward, { paths: 2000, seed: 9 });
    const b = summarizeFairValue(other, [early, late], { paths: 2000, seed: 9 });
    expect(JSON.stringify(b, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).toBe(
      JSON.stringify(a, (_k, v) => (typeof v === 'bigint' ? String(v) : v)),
    );
    expect(a.tranches.reduce((acc, t) => acc.plus(t.fairValue), dec(0)).eq(a.total)).toBe(true);
  });

  it('a pair is the path and its mirror: the first half of each pair is the plain path', () => {
    const plan = planValue(meta);
    const paired = runValueSamples(plan, 2, 1, 51, true);
    const plain = runValueSamples(plan, 2, 1, 51, false);
    const tranches = meta.warrant.tranches.length;
    for (let s = 0; s < 50; s++) {
      for (let t = 0; t < tranches; t++) {
        expect(paired.vestPeriods[(2 * s) * tranches + t]).toBe(plain.vestPeriods[s * tranches + t]);
      }
    }
  });

  it('refuses an odd path count with pairs', () => {
    expect(() => fairValue(meta, { paths: 3, seed: 1 })).toThrow(/even/);
  });
});
