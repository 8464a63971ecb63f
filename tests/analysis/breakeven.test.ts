/**
 * Breakeven (issue 5): a hand-built linear crossing solved by hand, a tranche jump, a range with no
 * crossing, and the two questions of the base scenario.
 */
import { describe, expect, it } from 'vitest';
import { dec } from '../../src/money/index.js';
import { runBreakeven, type BreakevenResult } from '../../src/analysis/sensitivity/breakeven.js';
import { oneYearScenario, shippedRaw, validatorOf, yamlRaw } from './sensitivity-helpers.js';

function solve(raw: ReturnType<typeof yamlRaw>, query: Parameters<typeof runBreakeven>[1]): BreakevenResult {
  const outcome = runBreakeven(validatorOf(raw), query);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.result;
}

// A tranche that can never vest (needs 5 GW, the deployment reaches 1): the warrant is worth 0.
const LINEAR = yamlRaw(oneYearScenario({ baselinePrice: '60', tranche: 'gw: 5' }));

describe('breakeven: a smooth, linear crossing', () => {
  it('finds the baseline unit price at which savings are zero, to the tolerance', () => {
    // savings(p) = baseline cost − AMD cost = cents(100 × p) − 100 × 50 = cents(100p) − 5,000.00.
    // cents() rounds half-even, so cents(100p) >= 5,000.00 exactly when 100p >= 4,999.995, i.e. the
    // metric turns non-negative at p* = 49.99995 (not 50: the half cent rounds up to 5,000.00).
    const result = solve(LINEAR, { path: 'baseline.unit_price', metric: 'savings', target: dec(0) });
    // default range for a price: [0.1 × 60, 3 × 60] = [6, 180]; default tolerance 0.01
    expect(result.min).toBe('6');
    expect(result.max).toBe('180');
    expect(result.crossings).toHaveLength(1);
    const c = result.crossings[0]!;
    expect(c.kind).toBe('smooth');
    expect(c.direction).toBe('up');
    expect(dec(c.below).lt('49.99995')).toBe(true);
    expect(dec(c.above).gte('49.99995')).toBe(true);
    expect(dec(c.above).minus(c.below).lte('0.01')).toBe(true);
    expect(c.metricBelow.isNegative()).toBe(true);
    expect(c.metricAbove.gte(0)).toBe(true);
    // within a 0.01 bracket the metric moves by at most 100 × 0.01 = 1.00
    expect(c.metricAbove.minus(c.metricBelow).lte(1)).toBe(true);
  });

  it('honours --target: savings of 1,000 at p = 60 exactly', () => {
    // cents(100p) − 5,000 >= 1,000 when 100p >= 5,999.995 (half-even rounds 5,999.995 up): p >= 59.99995
    const result = solve(LINEAR, { path: 'baseline.unit_price', metric: 'savings', target: dec(1000), min: '10', max: '100', tolerance: '0.0001' });
    expect(result.crossings).toHaveLength(1);
    const c = result.crossings[0]!;
    expect(dec(c.below).lt('59.99995')).toBe(true);
    expect(dec(c.above).gte('59.99995')).toBe(true);
    expect(dec(c.above).minus(c.below).lte('0.0001')).toBe(true);
  });

  it('reports no crossing in a range where savings stay positive', () => {
    // on [60, 100] savings = 100p − 5,000 >= 1,000 > 0 everywhere
    const result = solve(LINEAR, { path: 'baseline.unit_price', metric: 'savings', target: dec(0), min: '60', max: '100' });
    expect(result.crossings).toEqual([]);
    expect(result.base.toFixed(2)).toBe('1000.00');
  });
});

describe('breakeven: a jump when a tranche vests', () => {
  it('finds the share-price cagr at which the tranche vests and names the tranche', () => {
    // Baseline 40 per unit: without the warrant savings = 4,000 − 5,000 = −1,000.00.
    // P(2026-12-31) = 100 × (1 + c)^(365/365) = 100 (1 + c); the tranche (price 150) vests when
    // 100 (1 + c) >= 150, i.e. c >= 0.5 (an integer power: exact). It is sold at the horizon for
    // 100 shares × 100 (1 + c) = 15,000.00 at c = 0.5, so savings jump from −1,000 to +14,000.
    const raw = yamlRaw(oneYearScenario({ baselinePrice: '40', tranche: 'price: 150' }));
    const result = solve(raw, { path: 'share_price.cagr', metric: 'savings', target: dec(0) });
    expect(result.min).toBe('-0.5');
    expect(result.max).toBe('1');
    expect(result.crossings).toHaveLength(1);
    const c = result.crossings[0]!;
    expect(c.kind).toBe('jump');
    expect(c.tranches).toEqual([1]);
    expect(dec(c.below).lt('0.5')).toBe(true);
    expect(dec(c.above).gte('0.5')).toBe(true);
    expect(dec(c.above).minus(c.below).lte('0.000001')).toBe(true);
    expect(c.metricBelow.toFixed(2)).toBe('-1000.00');
    // at c = above (>= 0.5): −1,000 + cents(100 × 100 (1 + above)) >= 14,000
    expect(c.metricAbove.gte(14000)).toBe(true);
  });
});

describe('breakeven on the base scenario', () => {
  const BASE = shippedRaw('meta-amd-base.yaml');

  it('finds the cagr at which savings fall to a target, on either side', () => {
    // The base deal saves ~64B at its own cagr (0.15) and ~26B at cagr 0 (no tranche vests), so a
    // 60B target is crossed between 0 and 0.15. Each crossing brackets the target.
    const result = solve(BASE, { path: 'share_price.cagr', metric: 'savings', target: dec('60000000000') });
    expect(result.crossings.length).toBeGreaterThan(0);
    for (const c of result.crossings) {
      const [low, high] = c.direction === 'up' ? [c.metricBelow, c.metricAbove] : [c.metricAbove, c.metricBelow];
      expect(low.lt('60000000000')).toBe(true);
      expect(high.gte('60000000000')).toBe(true);
    }
  });

  it('finds the Nvidia price cut that erases the advantage (baseline.price_change)', () => {
    const result = solve(BASE, { path: 'baseline.price_change', metric: 'savings', target: dec(0) });
    expect(result.crossings).toHaveLength(1);
    const c = result.crossings[0]!;
    expect(c.kind).toBe('smooth');
    expect(dec(c.value).isNegative()).toBe(true);
    expect(c.metricBelow.isNegative()).toBe(true);
    expect(c.metricAbove.gte(0)).toBe(true);
  });
});
