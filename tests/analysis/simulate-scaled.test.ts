/**
 * issue 13 "path-independent work once": `simulate` totals a path in integers — the cost metrics
 * once per run, per path only the vested tranches' cents (with a float screen for the proceeds) —
 * and must give exactly what the engine's full valuation gives: `valueWarrantOnPath`'s ledger rows
 * added onto the cost totals, then the Decimal summary (`valuePath`).
 */
import { describe, expect, it } from 'vitest';
import { dec } from '../../src/money/index.js';
import { KIND_PLACES, METRIC_KINDS, METRIC_NAMES, emptyTotals, vestedPresentValue } from '../../src/engine/index.js';
import { noiseFactors, planSimulation, proceedsOn, scaledPath, valuePath } from '../../src/analysis/simulate/paths.js';
import { metaBaseScenario, tranche } from '../helpers/scenario-builders.js';

/** Every metric of a Decimal summary as the integer scaled by its kind's places. */
function scaledOfSummary(summary: Record<string, { toFixed(places: number): string }>) {
  return Object.fromEntries(
    METRIC_NAMES.map((m) => {
      const places = KIND_PLACES[METRIC_KINDS[m]];
      return [m, BigInt(summary[m]!.toFixed(places).replace('.', ''))];
    }),
  );
}

describe('a path in integers equals the engine’s full valuation of it', () => {
  for (const [label, volatility, taxRate] of [
    ['σ = 0.5, taxed', '0.5', '0.21'],
    ['σ = 1.2, untaxed', '1.2', '0'],
  ] as const) {
    it(`${label}: 1,500 paths, every metric, vest periods and sale prices`, () => {
      const base = metaBaseScenario();
      const scenario = {
        ...base,
        share_price: { ...base.share_price, volatility: dec(volatility) },
        warrant: { ...base.warrant, tax_rate: dec(taxRate) },
      };
      const plan = planSimulation(scenario, [...METRIC_NAMES]);
      const factors = new Float64Array(plan.prepared.schedule.length);
      let vestedSomewhere = 0;
      for (let path = 1; path <= 1500; path++) {
        noiseFactors(plan, 42, path, factors);
        const fast = scaledPath(plan, factors);
        const full = valuePath(plan, factors);
        expect(fast.scaled).toEqual(scaledOfSummary(full.summary));
        expect(fast.decisions.map((d) => d.vestPeriod)).toEqual(full.valuation.decisions.map((d) => d.vestPeriod));
        for (const v of fast.vested) {
          const t = full.valuation.tranches[v.index - 1]!;
          expect(fast.prices[v.saleIndex]!.toFixed()).toBe(t.sale_price!.toFixed());
          expect(v.proceeds.toString()).toBe(t.proceeds.toFixed(2).replace('.', '').replace(/^(-?)0+(?=\d)/, '$1'));
          vestedSomewhere++;
        }
      }
      // the paths exercised the warrant, not only the cost side
      expect(vestedSomewhere).toBeGreaterThan(1500);
    });
  }
});

describe('the float screen of the proceeds decides only what it can decide exactly', () => {
  // a one-period plan stand-in: P(e_1) and f_1 as floats
  const planWith = (price: number) => ({ priceFloats: Float64Array.of(price) }) as unknown as Parameters<typeof proceedsOn>[0];

  it('rounds a clear case: 3 shares × $1.2345 × f 1 = 370.35 cents -> 370', () => {
    // 3 × 1.2345 = 3.7035 dollars = 370.35 cents: 0.35 from the integer below, far from a half
    expect(proceedsOn(planWith(1.2345), Float64Array.of(1))(0, 3n)).toBe(370n);
  });

  it('refuses a half cent: 1 share × $0.125 = 12.5 cents (the engine rounds half-even to 12)', () => {
    expect(proceedsOn(planWith(0.125), Float64Array.of(1))(0, 1n)).toBeUndefined();
    // and next to one, within the margin: 12.5 + 1e-12 cents
    expect(proceedsOn(planWith(0.125 + 1e-14), Float64Array.of(1))(0, 1n)).toBeUndefined();
  });

  it('refuses products beyond 2^52 cents, where a float no longer holds every cent', () => {
    // 1e15 shares × $1,000 = 1e18 dollars = 1e20 cents
    expect(proceedsOn(planWith(1000), Float64Array.of(1))(0, 10n ** 15n)).toBeUndefined();
  });

  it('agrees with the exact rounding where it answers: one 160M-share tranche sold on 500 paths', () => {
    const base = metaBaseScenario();
    const scenario = { ...base, warrant: { ...base.warrant, tranches: [tranche('160000000', { gw: '0.5' })], shares: dec('160000000') } };
    const plan = planSimulation({ ...scenario, share_price: { ...scenario.share_price, volatility: dec('0.4') } }, ['savings']);
    const factors = new Float64Array(plan.prepared.schedule.length);
    for (let path = 1; path <= 500; path++) {
      noiseFactors(plan, 9, path, factors);
      const fast = scaledPath(plan, factors);
      const full = valuePath(plan, factors);
      expect(fast.scaled.savings.toString()).toBe(full.summary.savings.toFixed(2).replace('.', ''));
    }
  });
});

describe('the float screen of the present value falls back to the exact sum at a half cent', () => {
  it('2.5 cents -> 2 and 3.5 cents -> 4 (half-even), 3.4 cents -> 3 from the float', () => {
    const totals = (num: bigint, den: bigint) => ({ ...emptyTotals(), amd_net_cost_pv_exact: { num, den } });
    // PV = 5/2 = 2.5 cents exactly: the float 2.5 is a half cent, so the exact fraction decides
    expect(vestedPresentValue(totals(5n, 2n), 2.5, [])).toBe(2n);
    expect(vestedPresentValue(totals(7n, 2n), 3.5, [])).toBe(4n);
    // a float told 3.4 with an exact 17/5 = 3.4: far from a half, the float answers
    expect(vestedPresentValue(totals(17n, 5n), 3.4, [])).toBe(3n);
    // a float that lies (3.49999…) next to an exact half (7/2): within its error bound, so exact
    expect(vestedPresentValue(totals(7n, 2n), 3.5 - 1e-15, [])).toBe(4n);
  });

  it('adds the flows: 0 + 5 cents × 0.5 = 2.5 -> 2 (exact), 0 + 7 cents × 0.5 − 1 cent × 0.5 = 3 (float)', () => {
    const flow = (cents: bigint, factor: string) => ({ side: 'warrant' as const, kind: 'exercise' as const, cents, discount_factor: dec(factor) });
    const zero = { ...emptyTotals() };
    expect(vestedPresentValue(zero, 0, [flow(5n, '0.5')])).toBe(2n);
    expect(vestedPresentValue(zero, 0, [flow(7n, '0.5'), flow(-1n, '0.5')])).toBe(3n);
    // 3 cents × 0.5 = 1.5 -> 2 (half-even: 1 is odd)
    expect(vestedPresentValue(zero, 0, [flow(3n, '0.5')])).toBe(2n);
  });
});
