/** Seeded per-path streams (src/analysis/random.ts): reproducible, independent of order, N(0,1). */
import { describe, expect, it } from 'vitest';
import { MAX_SEED, normalCdf, pathNormals, pathState, pathUniforms } from '../../src/analysis/random.js';

function draws(seed: number, path: number, count: number): number[] {
  const stream = pathNormals(seed, path);
  return Array.from({ length: count }, () => stream.next());
}

describe('pathState', () => {
  it('depends only on (seed, path index)', () => {
    expect(pathState(1, 7)).toEqual(pathState(1, 7));
    expect(pathState(1, 7)).not.toEqual(pathState(1, 8));
    expect(pathState(1, 7)).not.toEqual(pathState(2, 7));
    // seed × 2^32 + index: (0, 2^32 - 1) and (1, 0) are different inputs
    expect(pathState(0, 0xffffffff)).not.toEqual(pathState(1, 0));
  });

  it('gives signed 32-bit words, never the all-zero state', () => {
    for (let i = 0; i < 200; i++) {
      const words = pathState(12345, i);
      for (const w of words) expect(w).toBe(w | 0);
      expect(words.some((w) => w !== 0)).toBe(true);
    }
  });

  it('refuses seeds and indexes outside the documented range', () => {
    expect(() => pathState(-1, 0)).toThrow(RangeError);
    expect(() => pathState(1.5, 0)).toThrow(RangeError);
    expect(() => pathState(MAX_SEED + 1, 0)).toThrow(RangeError);
    expect(() => pathState(0, -1)).toThrow(RangeError);
    expect(() => pathState(MAX_SEED, 0)).not.toThrow();
  });
});

describe('pathNormals', () => {
  it('replays the same draws whatever order the paths are run in', () => {
    const forward = [1, 2, 3].map((p) => draws(9, p, 20));
    const backward = [3, 2, 1].map((p) => draws(9, p, 20)).reverse();
    expect(backward).toEqual(forward);
  });

  it('uses Box–Muller on pure-rand uniforms: z1 = r cos(2πu2), z2 = r sin(2πu2)', () => {
    const u = pathUniforms(4, 11);
    const u1 = u();
    const u2 = u();
    const r = Math.sqrt(-2 * Math.log(1 - u1));
    const [z1, z2] = draws(4, 11, 2);
    expect(z1).toBe(r * Math.cos(2 * Math.PI * u2));
    expect(z2).toBe(r * Math.sin(2 * Math.PI * u2));
  });

  it('has mean 0, variance 1 and P(Z <= 1) = Φ(1) within 4 standard errors', () => {
    const n = 200_000;
    let total = 0;
    let squares = 0;
    let belowOne = 0;
    // 2,000 paths × 100 draws each, as simulate uses them
    for (let p = 1; p <= 2_000; p++) {
      for (const z of draws(1, p, 100)) {
        total += z;
        squares += z * z;
        if (z <= 1) belowOne++;
      }
    }
    const mean = total / n;
    const variance = squares / n - mean * mean;
    // SE of the mean: 1/√n; of the variance of N(0,1): √(2/n); of a proportion: √(p(1-p)/n)
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    const p = normalCdf(1);
    expect(Math.abs(belowOne / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
  });

  it('draws for different paths are uncorrelated (neighbouring indexes)', () => {
    const n = 50_000;
    let product = 0;
    for (let p = 1; p <= n; p++) product += draws(1, p, 1)[0]! * draws(1, p + 1, 1)[0]!;
    // E[Z1 Z2] = 0, SE 1/√n
    expect(Math.abs(product / n)).toBeLessThan(4 / Math.sqrt(n));
  });
});

describe('normalCdf', () => {
  it('matches tabulated values', () => {
    // tables: Φ(0) = 0.5, Φ(1) = 0.841344746, Φ(1.96) = 0.975002105, Φ(-2) = 0.022750132
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1)).toBeCloseTo(0.841344746, 6);
    expect(normalCdf(1.96)).toBeCloseTo(0.975002105, 6);
    expect(normalCdf(-2)).toBeCloseTo(0.022750132, 6);
  });
});
