/** Exact sample statistics (src/analysis/statistics.ts) on hand-made samples. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  clippedHistogram,
  describeSample,
  formatScaled,
  fromScaled,
  histogram,
  nearestRankIndex,
  percentileOfSorted,
  toScaled,
} from '../../src/analysis/statistics.js';
import { dec } from '../../src/money/index.js';

const cents = (...values: number[]) => BigInt64Array.from(values.map((v) => BigInt(v)));

describe('nearest-rank percentiles: the ceil(p·N/100)-th smallest value', () => {
  it('N = 10', () => {
    // P5: ceil(0.5) = 1st; P25: ceil(2.5) = 3rd; P50: ceil(5) = 5th; P75: ceil(7.5) = 8th; P95: ceil(9.5) = 10th
    expect([5, 25, 50, 75, 95].map((p) => nearestRankIndex(10, p))).toEqual([0, 2, 4, 7, 9]);
  });

  it('N = 1 and N = 20, and P0 is the minimum', () => {
    expect([0, 5, 50, 100].map((p) => nearestRankIndex(1, p))).toEqual([0, 0, 0, 0]);
    // N = 20: P5 = ceil(1) = 1st, P25 = 5th, P50 = 10th, P75 = 15th, P95 = 19th
    expect([5, 25, 50, 75, 95].map((p) => nearestRankIndex(20, p))).toEqual([0, 4, 9, 14, 18]);
    expect(nearestRankIndex(20, 0)).toBe(0);
    expect(nearestRankIndex(20, 100)).toBe(19);
  });

  it('refuses an empty sample and p outside 0..100', () => {
    expect(() => nearestRankIndex(0, 50)).toThrow(RangeError);
    expect(() => nearestRankIndex(5, 101)).toThrow(RangeError);
  });

  it('is always a sample value and never decreases with p (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 60 }), (values) => {
        const sorted = [...values].sort((a, b) => a - b);
        let previous = -Infinity;
        for (const p of [0, 5, 25, 50, 75, 95, 100]) {
          const v = percentileOfSorted(sorted, p);
          expect(values).toContain(v);
          expect(v).toBeGreaterThanOrEqual(previous);
          previous = v;
        }
      }),
    );
  });
});

describe('describeSample', () => {
  it('hand sample 3.00, 1.00, 4.00, 1.00, 5.00 (money, in cents)', () => {
    const s = describeSample(cents(300, 100, 400, 100, 500), 2);
    // mean = (3 + 1 + 4 + 1 + 5) / 5 = 14 / 5 = 2.8
    expect(s.mean.toFixed()).toBe('2.8');
    // Σx² = 9 + 1 + 16 + 1 + 25 = 52; s² = (5·52 − 14²) / (5·4) = (260 − 196) / 20 = 3.2
    // SE = √(3.2 / 5) = √0.64 = 0.8
    expect(s.standardError!.toFixed()).toBe('0.8');
    // sorted 1, 1, 3, 4, 5: P5 = 1st (ceil .25), P25 = 2nd (ceil 1.25), P50 = 3rd (ceil 2.5),
    // P75 = 4th (ceil 3.75), P95 = 5th (ceil 4.75)
    expect([5, 25, 50, 75, 95].map((p) => s.percentiles.get(p)!.toFixed(2))).toEqual(['1.00', '1.00', '3.00', '4.00', '5.00']);
    expect(s.min.toFixed(2)).toBe('1.00');
    expect(s.max.toFixed(2)).toBe('5.00');
    expect(s.count).toBe(5);
  });

  it('keeps cents exact where floats would not: 0.10 + 0.20 over three paths', () => {
    // values 0.10, 0.20, 0.30: mean = 0.60 / 3 = 0.2 exactly; s² = (3·0.14 − 0.36)/6 = 0.01, SE = √(0.01/3)
    const s = describeSample(cents(10, 20, 30), 2);
    expect(s.mean.toFixed()).toBe('0.2');
    expect(s.standardError!.toFixed(12)).toBe(dec('0.01').div(3).sqrt().toFixed(12));
  });

  it('has no standard error for one path, and a zero one for equal values', () => {
    expect(describeSample(cents(700), 2).standardError).toBeUndefined();
    expect(describeSample(cents(7, 7, 7), 0).standardError!.isZero()).toBe(true);
  });

  it('handles counts (places 0) and negative money', () => {
    const s = describeSample(cents(-250, 50), 2);
    // mean = (−2.50 + 0.50) / 2 = −1
    expect(s.mean.toFixed()).toBe('-1');
    expect(s.min.toFixed(2)).toBe('-2.50');
  });
});

describe('histogram', () => {
  it('bins 0..9 into 3 equal-width bins, the last closed', () => {
    // width = 9 / 3 = 3; index = floor(x·3/9): 0,1,2 -> 0; 3,4,5 -> 1; 6,7,8 -> 2; 9 -> 3 -> clamped to 2
    const bins = histogram(cents(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 0, 3);
    expect(bins.map((b) => b.count)).toEqual([3, 3, 4]);
    expect(bins.map((b) => [b.lower.toFixed(), b.upper.toFixed()])).toEqual([
      ['0', '3'],
      ['3', '6'],
      ['6', '9'],
    ]);
  });

  it('puts every value in one bin when all are equal, and counts every value (property)', () => {
    expect(histogram(cents(5, 5), 2, 10)).toHaveLength(1);
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -1_000_000_000_000n, max: 1_000_000_000_000n }), { minLength: 1, maxLength: 50 }), fc.integer({ min: 1, max: 30 }), (values, bins) => {
        const result = histogram(BigInt64Array.from(values), 2, bins);
        expect(result.reduce((a, b) => a + b.count, 0)).toBe(values.length);
      }),
    );
  });
});

describe('clipped histogram (what simulate shows)', () => {
  it('bins [P5, P95) equally and puts the rest in tail bins', () => {
    // -50, 1..20, 1000: n = 22; P5 is the ceil(0.05·22) = 2nd smallest = 1, P95 the
    // ceil(0.95·22) = 21st = 20. Two bins over [1, 20): width 9.5, index floor((x − 1)·2/19):
    // 1..10 -> 0 (10 values), 11..19 -> 1 (9 values); below P5: -50; P95 and above: 20, 1000
    const values = [-50, ...Array.from({ length: 20 }, (_, i) => i + 1), 1000];
    const bins = clippedHistogram(cents(...values), 0, 2);
    expect(bins.map((b) => [b.tail ?? '', b.lower.toFixed(), b.upper.toFixed(), b.count])).toEqual([
      ['below', '-50', '1', 1],
      ['', '1', '10.5', 10],
      ['', '10.5', '20', 9],
      ['above', '20', '1000', 2],
    ]);
  });

  it('leaves out an empty lower tail (P5 is the minimum) and keeps the upper one', () => {
    // 1..20: P5 = 1st = 1 = min, P95 = 19th = 19; three bins over [1, 19) of width 6
    const bins = clippedHistogram(cents(...Array.from({ length: 20 }, (_, i) => i + 1)), 0, 3);
    expect(bins.map((b) => [b.tail ?? '', b.lower.toFixed(), b.upper.toFixed(), b.count])).toEqual([
      ['', '1', '7', 6],
      ['', '7', '13', 6],
      ['', '13', '19', 6],
      ['above', '19', '20', 2],
    ]);
  });

  it('falls back to equal width when P5 = P95, and counts every value (property)', () => {
    expect(clippedHistogram(cents(5, 5, 5), 2, 10)).toEqual(histogram(cents(5, 5, 5), 2, 10));
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -1_000_000_000_000n, max: 1_000_000_000_000n }), { minLength: 1, maxLength: 80 }), fc.integer({ min: 1, max: 30 }), (values, bins) => {
        const result = clippedHistogram(BigInt64Array.from(values), 2, bins);
        expect(result.reduce((a, b) => a + b.count, 0)).toBe(values.length);
        // bins are contiguous: each starts where the previous ended
        for (let i = 1; i < result.length; i++) expect(result[i]!.lower.eq(result[i - 1]!.upper)).toBe(true);
      }),
    );
  });
});

describe('scaled integers', () => {
  it('round-trips decimals and writes them with fixed places', () => {
    expect(toScaled(dec('-12.34'), 2)).toBe(-1234n);
    expect(fromScaled(-1234n, 2).toFixed()).toBe('-12.34');
    expect(() => toScaled(dec('0.001'), 2)).toThrow(RangeError);
    expect(formatScaled(-1234n, 2)).toBe('-12.34');
    expect(formatScaled(5n, 2)).toBe('0.05');
    expect(formatScaled(-5n, 2)).toBe('-0.05');
    expect(formatScaled(0n, 2)).toBe('0.00');
    expect(formatScaled(42n, 0)).toBe('42');
    expect(formatScaled(1n, 6)).toBe('0.000001');
  });
});
