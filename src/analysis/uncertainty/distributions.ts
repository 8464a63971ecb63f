/**
 * The six families of SPEC §5 "Uncertain inputs", as inverse CDFs of a uniform u ∈ (0, 1), with
 * optional truncation. Float64 by design: a draw is a sampled *input* (like the share-price noise),
 * not money; it enters the scenario as the decimal of its shortest round-trip text and every amount
 * is then booked in exact cents by the engine.
 *
 * The normal and beta quantiles and CDFs come from stdlib (`@stdlib/stats-base-dists-*`), a
 * maintained, extensively tested numerics library, rather than a home-made approximation.
 *
 * Truncation (SPEC §5: "the draw is the inverse CDF of a uniform on the truncated range, so it is
 * still one draw"): with bounds [a, b] the uniform is mapped to u' = F(a) + u·(F(b) − F(a)) and the
 * draw is F⁻¹(u'), clamped into [a, b] against the last-bit error of F⁻¹(F(a)).
 */
import betaCdf from '@stdlib/stats-base-dists-beta-cdf';
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/** One distribution's parameters as float64 (validated by the loader: sd > 0, min < max, ...). */
export type Family =
  | { family: 'normal'; mean: number; sd: number }
  | { family: 'lognormal'; mean: number; sd: number }
  | { family: 'uniform'; min: number; max: number }
  | { family: 'triangular'; min: number; mode: number; max: number }
  | { family: 'pert'; min: number; mode: number; max: number }
  | { family: 'discrete'; values: number[]; weights: number[] };

export const FAMILY_NAMES = ['normal', 'lognormal', 'uniform', 'triangular', 'pert', 'discrete'] as const;
export type FamilyName = (typeof FAMILY_NAMES)[number];

/** A family with its optional truncation bounds. */
export interface Distribution {
  family: Family;
  min?: number;
  max?: number;
}

/** ln-space parameters of a lognormal given the mean and sd of the value itself. */
export function lognormalParameters(mean: number, sd: number): { mu: number; sigma: number } {
  const sigma2 = Math.log1p((sd * sd) / (mean * mean));
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}

/** Beta-PERT (λ = 4) shape parameters. */
export function pertShape(min: number, mode: number, max: number): { alpha: number; beta: number } {
  const range = max - min;
  return { alpha: 1 + (4 * (mode - min)) / range, beta: 1 + (4 * (max - mode)) / range };
}

/** The family's CDF F(x). */
export function cdf(family: Family, x: number): number {
  switch (family.family) {
    case 'normal':
      return normalCdf(x, family.mean, family.sd);
    case 'lognormal': {
      if (x <= 0) return 0;
      const { mu, sigma } = lognormalParameters(family.mean, family.sd);
      return normalCdf(Math.log(x), mu, sigma);
    }
    case 'uniform':
      return x <= family.min ? 0 : x >= family.max ? 1 : (x - family.min) / (family.max - family.min);
    case 'triangular': {
      const { min, mode, max } = family;
      if (x <= min) return 0;
      if (x >= max) return 1;
      if (x <= mode) return ((x - min) * (x - min)) / ((max - min) * (mode - min));
      return 1 - ((max - x) * (max - x)) / ((max - min) * (max - mode));
    }
    case 'pert': {
      const { min, mode, max } = family;
      if (x <= min) return 0;
      if (x >= max) return 1;
      const { alpha, beta } = pertShape(min, mode, max);
      return betaCdf((x - min) / (max - min), alpha, beta);
    }
    case 'discrete': {
      const total = sum(family.weights);
      let acc = 0;
      family.values.forEach((v, i) => {
        if (v <= x) acc += family.weights[i]!;
      });
      return acc / total;
    }
  }
}

/** The family's inverse CDF F⁻¹(u), u ∈ (0, 1). */
export function quantile(family: Family, u: number): number {
  switch (family.family) {
    case 'normal':
      return normalQuantile(u, family.mean, family.sd);
    case 'lognormal': {
      const { mu, sigma } = lognormalParameters(family.mean, family.sd);
      return Math.exp(normalQuantile(u, mu, sigma));
    }
    case 'uniform':
      return family.min + u * (family.max - family.min);
    case 'triangular': {
      const { min, mode, max } = family;
      const c = (mode - min) / (max - min);
      return u < c ? min + Math.sqrt(u * (max - min) * (mode - min)) : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
    }
    case 'pert': {
      const { min, mode, max } = family;
      const { alpha, beta } = pertShape(min, mode, max);
      return min + (max - min) * betaQuantile(u, alpha, beta);
    }
    case 'discrete': {
      const sorted = sortedDiscrete(family.values, family.weights, family.values.map((_, i) => i));
      return sorted.values[discreteIndex(sorted.values, sorted.weights, u)]!;
    }
  }
}

/**
 * A discrete family's values in ascending order, their weights and original indices carried
 * along: the inverse CDF walks values in order of size, so a higher uniform (a higher normal) gives
 * a higher value — what a rank correlation with another input needs — whatever the listed order.
 */
export function sortedDiscrete(values: readonly number[], weights: readonly number[], indices: readonly number[]): { values: number[]; weights: number[]; indices: number[] } {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
  return { values: order.map((i) => values[i]!), weights: order.map((i) => weights[i]!), indices: order.map((i) => indices[i]!) };
}

/** The index of the value a uniform u selects: the first whose cumulative weight share exceeds u. */
export function discreteIndex(values: readonly number[], weights: readonly number[], u: number): number {
  const total = sum(weights);
  let acc = 0;
  for (let i = 0; i < values.length; i++) {
    acc += weights[i]!;
    if (u * total < acc) return i;
  }
  return values.length - 1;
}

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/**
 * One draw from a standard normal z (SPEC §5: "the inverse CDF of Φ(z)"). An untruncated normal is
 * mean + sd·z itself (the same draw without the round trip through Φ and Φ⁻¹); a lognormal
 * exp(μ + σ·z). A discrete family draws an index (the caller uses the exact listed decimal).
 */
export function drawFromNormal(distribution: Distribution, z: number): number {
  const { family, min, max } = distribution;
  if (min === undefined && max === undefined) {
    if (family.family === 'normal') return family.mean + family.sd * z;
    if (family.family === 'lognormal') {
      const { mu, sigma } = lognormalParameters(family.mean, family.sd);
      return Math.exp(mu + sigma * z);
    }
  }
  return drawFromUniform(distribution, uniformOf(z));
}

/** Φ(z), computed on the side of 0 where it keeps its relative precision. */
export function uniformOf(z: number): number {
  return z <= 0 ? normalCdf(z, 0, 1) : 1 - normalCdf(-z, 0, 1);
}

/** F⁻¹ of a uniform mapped onto the truncated range [F(min), F(max)]. */
export function drawFromUniform(distribution: Distribution, u: number): number {
  const { family, min, max } = distribution;
  if (family.family === 'discrete') {
    const kept = truncatedDiscrete(distribution);
    return kept.values[discreteIndex(kept.values, kept.weights, u)]!;
  }
  if (min === undefined && max === undefined) return quantile(family, clampOpen(u));
  const low = min === undefined ? 0 : cdf(family, min);
  const high = max === undefined ? 1 : cdf(family, max);
  let x = quantile(family, clampOpen(low + u * (high - low)));
  if (min !== undefined && x < min) x = min;
  if (max !== undefined && x > max) x = max;
  return x;
}

/** The values (and weights) of a discrete family that lie within its truncation bounds, ascending. */
export function truncatedDiscrete(distribution: Distribution): { values: number[]; weights: number[]; indices: number[] } {
  const family = distribution.family as Extract<Family, { family: 'discrete' }>;
  const values: number[] = [];
  const weights: number[] = [];
  const indices: number[] = [];
  family.values.forEach((v, i) => {
    if ((distribution.min === undefined || v >= distribution.min) && (distribution.max === undefined || v <= distribution.max)) {
      values.push(v);
      weights.push(family.weights[i]!);
      indices.push(i);
    }
  });
  return sortedDiscrete(values, weights, indices);
}

/** The index (into the family's own values) that a standard normal z selects, truncation applied. */
export function discreteDrawIndex(distribution: Distribution, z: number): number {
  const kept = truncatedDiscrete(distribution);
  return kept.indices[discreteIndex(kept.values, kept.weights, uniformOf(z))]!;
}

/** Keeps u strictly inside (0, 1): Φ(z) rounds to 0 or 1 only beyond |z| ≈ 38, never reached by Box–Muller. */
function clampOpen(u: number): number {
  if (u <= 0) return Number.MIN_VALUE;
  if (u >= 1) return 1 - Number.EPSILON / 2;
  return u;
}

/**
 * The mean of the distribution as drawn — truncation included: the family's closed form when
 * untruncated, else the midpoint-rule average of F⁻¹ over the truncated range of u (4,096 points;
 * ample for a display column), and for a discrete family the exact weighted mean of the kept values.
 */
export function drawnMean(distribution: Distribution): number {
  const { family, min, max } = distribution;
  if (min === undefined && max === undefined) return moments(family).mean;
  if (family.family === 'discrete') {
    const kept = truncatedDiscrete(distribution);
    const total = sum(kept.weights);
    return kept.values.reduce((acc, v, i) => acc + (v * kept.weights[i]!) / total, 0);
  }
  const n = 4096;
  let acc = 0;
  for (let i = 0; i < n; i++) acc += drawFromUniform(distribution, (i + 0.5) / n);
  return acc / n;
}

/** The family's own mean and variance (closed forms, for tests and the report's "asked for" column). */
export function moments(family: Family): { mean: number; variance: number } {
  switch (family.family) {
    case 'normal':
    case 'lognormal':
      return { mean: family.mean, variance: family.sd * family.sd };
    case 'uniform':
      return { mean: (family.min + family.max) / 2, variance: (family.max - family.min) ** 2 / 12 };
    case 'triangular': {
      const { min: a, mode: c, max: b } = family;
      return { mean: (a + b + c) / 3, variance: (a * a + b * b + c * c - a * b - a * c - b * c) / 18 };
    }
    case 'pert': {
      const { min, mode, max } = family;
      const { alpha, beta } = pertShape(min, mode, max);
      const range = max - min;
      return { mean: min + (range * alpha) / (alpha + beta), variance: (range * range * alpha * beta) / ((alpha + beta) ** 2 * (alpha + beta + 1)) };
    }
    case 'discrete': {
      const total = sum(family.weights);
      let mean = 0;
      family.values.forEach((v, i) => (mean += (v * family.weights[i]!) / total));
      let variance = 0;
      family.values.forEach((v, i) => (variance += ((v - mean) ** 2 * family.weights[i]!) / total));
      return { mean, variance };
    }
  }
}
