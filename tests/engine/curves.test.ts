/**
 * The curves of SPEC §3 on their own: fractional powers, deployment and share-price interpolation.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { dec, power } from '../../src/money/index.js';
import { deploymentLevelCurve, growthFactor, gwAtLeast, gwValue, sharePriceCurve } from '../../src/engine/index.js';
import { day, point, pointsPrice } from '../helpers/scenario-builders.js';
import { decimalArb } from '../helpers/scenario-arbitrary.js';

describe('growthFactor: base^(days/365)', () => {
  test('exact for whole years: 1.09^-1 = 1/1.09, 1.09^2 = 1.1881', () => {
    expect(growthFactor(dec('1.09'), 730).toFixed()).toBe('1.1881');
    expect(growthFactor(dec('1.09'), -365).eq(dec(1).div('1.09'))).toBe(true);
    expect(growthFactor(dec('1.09'), 0).toFixed()).toBe('1');
  });

  test('agrees with a direct decimal.js pow to 50 significant digits', () => {
    fc.assert(
      fc.property(decimalArb(3, 4, 0.5), fc.integer({ min: -5000, max: 5000 }), (base, days) => {
        fc.pre(!base.isZero());
        const direct = power(base, dec(days).div(365));
        const relative = growthFactor(base, days).minus(direct).div(direct).abs();
        expect(relative.lt('1e-50')).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('deployment level', () => {
  test('linear: exact fraction, flat after the last point, 0 at the start', () => {
    // from (2026-01-01, 0) to (2026-01-04, 1): GW(2026-01-02) = (0 x 2 + 1 x 1) / 3 = 1/3 exactly
    const level = deploymentLevelCurve({ interpolation: 'linear', points: [point('2026-01-04', 1)] }, day('2026-01-01'));
    const third = level(day('2026-01-02'));
    expect(third.numerator.toFixed()).toBe('1');
    expect(third.denominator.toFixed()).toBe('3');
    // compared as 1 >= gw x 3: 1/3 >= 0.3333333, but 1/3 < 0.333..334 (50 digits), which a
    // comparison after dividing (1/3 rounded to some digits) could get wrong
    expect(gwAtLeast(third, dec('0.3333333'))).toBe(true);
    expect(gwAtLeast(third, dec('0.' + '3'.repeat(49) + '4'))).toBe(false);
    expect(gwAtLeast(third, dec('0.' + '3'.repeat(49) + '3'))).toBe(true);
    expect(gwValue(level(day('2026-01-01'))).toFixed()).toBe('0');
    expect(gwValue(level(day('2027-01-01'))).toFixed()).toBe('1');
  });

  test('step: 0 before the first point, then the last point on or before t', () => {
    const level = deploymentLevelCurve(
      { interpolation: 'step', points: [point('2026-02-01', 1), point('2026-03-01', 4)] },
      day('2026-01-01'),
    );
    expect(gwValue(level(day('2026-01-31'))).toFixed()).toBe('0');
    expect(gwValue(level(day('2026-02-01'))).toFixed()).toBe('1');
    expect(gwValue(level(day('2026-02-28'))).toFixed()).toBe('1');
    expect(gwValue(level(day('2026-03-01'))).toFixed()).toBe('4');
  });
});

describe('share price points', () => {
  test('linear by day, flat before the first and after the last', () => {
    // (2026-01-01, 100) to (2026-01-11, 200): P(2026-01-04) = (100 x 7 + 200 x 3) / 10 = 130
    const price = sharePriceCurve(pointsPrice([['2026-01-01', 100], ['2026-01-11', 200]]));
    expect(price(day('2026-01-04')).toFixed()).toBe('130');
    expect(price(day('2025-06-01')).toFixed()).toBe('100');
    expect(price(day('2027-01-01')).toFixed()).toBe('200');
  });

  test('step: the first point before it, then the last point on or before t', () => {
    const price = sharePriceCurve(pointsPrice([['2026-01-01', 100], ['2026-01-11', 200]], 'step'));
    expect(price(day('2025-12-31')).toFixed()).toBe('100');
    expect(price(day('2026-01-10')).toFixed()).toBe('100');
    expect(price(day('2026-01-11')).toFixed()).toBe('200');
  });
});
