/**
 * SPEC §5 "Uncertain inputs": each family's draws against its closed forms. 10^5 draws per family
 * from the project's own per-(seed, path, input) normal streams; tolerances are ~5 standard errors
 * (mean), a few percent (variance), and a Kolmogorov–Smirnov bound of 1.63/√n (the 1% critical
 * value) on the empirical CDF.
 */
import { describe, expect, it } from 'vitest';
import { cdf, drawFromNormal, moments, type Distribution } from '../../../src/analysis/uncertainty/distributions.js';
import { fnv1a64, inputNormal } from '../../../src/analysis/uncertainty/draws.js';

const N = 100_000;

function draws(distribution: Distribution, label: string): Float64Array {
  const hash = fnv1a64(label);
  const out = new Float64Array(N);
  for (let i = 0; i < N; i++) out[i] = drawFromNormal(distribution, inputNormal(7, i + 1, hash));
  return out;
}

function meanAndVariance(x: Float64Array): { mean: number; variance: number } {
  let m = 0;
  for (const v of x) m += v;
  m /= x.length;
  let s = 0;
  for (const v of x) s += (v - m) ** 2;
  return { mean: m, variance: s / (x.length - 1) };
}

/** sup |F_n(x) − F(x)| over the sample points. */
function ksDistance(x: Float64Array, F: (v: number) => number): number {
  const sorted = Float64Array.from(x).sort();
  let d = 0;
  for (let i = 0; i < sorted.length; i++) {
    const f = F(sorted[i]!);
    d = Math.max(d, Math.abs((i + 1) / sorted.length - f), Math.abs(i / sorted.length - f));
  }
  return d;
}

const KS_BOUND = 1.63 / Math.sqrt(N);

const families: Array<[string, Distribution]> = [
  ['normal', { family: { family: 'normal', mean: 55000, sd: 6000 } }],
  ['lognormal', { family: { family: 'lognormal', mean: 60, sd: 15 } }],
  ['uniform', { family: { family: 'uniform', min: 300000, max: 500000 } }],
  ['triangular', { family: { family: 'triangular', min: 0.8, mode: 0.95, max: 1.05 } }],
  ['pert', { family: { family: 'pert', min: 0, mode: 0.15, max: 0.3 } }],
];

describe('each family matches its closed forms over 10^5 draws', () => {
  for (const [name, distribution] of families) {
    it(name, () => {
      const x = draws(distribution, `test.${name}`);
      const sample = meanAndVariance(x);
      const exact = moments(distribution.family);
      const se = Math.sqrt(exact.variance / N);
      expect(Math.abs(sample.mean - exact.mean)).toBeLessThan(5 * se);
      expect(Math.abs(sample.variance / exact.variance - 1)).toBeLessThan(0.03);
      expect(ksDistance(x, (v) => cdf(distribution.family, v))).toBeLessThan(KS_BOUND);
    });
  }

  it('lognormal: the mean and sd are those of the value itself (not of its log)', () => {
    // mean 60, sd 15: σ² = ln(1 + 15²/60²) = ln(1.0625); the median is 60/√1.0625 = 58.2086...
    const x = draws({ family: { family: 'lognormal', mean: 60, sd: 15 } }, 'test.lognormal.median');
    const sorted = Float64Array.from(x).sort();
    expect(sorted[N / 2]!).toBeGreaterThan(60 / Math.sqrt(1.0625) - 0.3);
    expect(sorted[N / 2]!).toBeLessThan(60 / Math.sqrt(1.0625) + 0.3);
  });

  it('PERT with λ = 4: (0, 0.15, 0.3) has mean (0 + 4·0.15 + 0.3)/6 = 0.15 and α = β = 3', () => {
    expect(moments({ family: 'pert', min: 0, mode: 0.15, max: 0.3 }).mean).toBeCloseTo(0.15, 12);
    // Beta(3, 3) on [0, 0.3]: variance 0.3² × 9 / (36 × 7) = 0.003214285...
    expect(moments({ family: 'pert', min: 0, mode: 0.15, max: 0.3 }).variance).toBeCloseTo((0.09 * 9) / (36 * 7), 12);
  });
});

describe('truncation', () => {
  it('a truncated normal stays within its bounds and follows the renormalised CDF', () => {
    const distribution: Distribution = { family: { family: 'normal', mean: 55000, sd: 6000 }, min: 50000, max: 58000 };
    const x = draws(distribution, 'test.truncated');
    expect(Math.min(...x)).toBeGreaterThanOrEqual(50000);
    expect(Math.max(...x)).toBeLessThanOrEqual(58000);
    const F = (v: number) => cdf(distribution.family, v);
    const low = F(50000);
    const high = F(58000);
    expect(ksDistance(x, (v) => (F(v) - low) / (high - low))).toBeLessThan(KS_BOUND);
  });

  it('a one-sided bound (min only) cuts the left tail alone', () => {
    const distribution: Distribution = { family: { family: 'uniform', min: 0, max: 10 }, min: 4 };
    const x = draws(distribution, 'test.one-sided');
    expect(Math.min(...x)).toBeGreaterThanOrEqual(4);
    // uniform on [4, 10]: mean 7
    expect(Math.abs(meanAndVariance(x).mean - 7)).toBeLessThan(5 * Math.sqrt(36 / 12 / N));
  });
});

describe('discrete', () => {
  it('draws each value with its weight share (2:1:1)', () => {
    const distribution: Distribution = { family: { family: 'discrete', values: [0, -0.1, -0.2], weights: [2, 1, 1] } };
    const x = draws(distribution, 'test.discrete');
    const share = (v: number) => x.filter((d) => d === v).length / N;
    // binomial standard error √(p(1−p)/N) ≈ 0.0016 for p = 0.5; 5 SE
    expect(Math.abs(share(0) - 0.5)).toBeLessThan(0.008);
    expect(Math.abs(share(-0.1) - 0.25)).toBeLessThan(0.007);
    expect(Math.abs(share(-0.2) - 0.25)).toBeLessThan(0.007);
  });

  it('truncation drops the values outside the bounds and renormalises the rest', () => {
    const distribution: Distribution = { family: { family: 'discrete', values: [1, 2, 3], weights: [1, 1, 2] }, max: 2.5 };
    const x = draws(distribution, 'test.discrete.truncated');
    expect(x.every((v) => v === 1 || v === 2)).toBe(true);
    expect(Math.abs(x.filter((d) => d === 1).length / N - 0.5)).toBeLessThan(0.008);
  });
});
