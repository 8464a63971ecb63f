/**
 * Statistics of a Monte Carlo sample, exact (SPEC §5 output: mean, standard error, percentiles,
 * histogram). Pure; no IO.
 *
 * A sample holds values that are exact decimals with a fixed number of places — money in cents
 * (2), counts (0), `effective_discount` (6) — so each value is stored as a scaled integer
 * (`bigint`: value × 10^places). Sums, sums of squares, sorting and histogram binning are then exact
 * integer arithmetic; only the final division (mean) and square root (standard error) are decimal
 * operations at the money module's 60 significant digits.
 *
 * Definitions (README "Monte Carlo"):
 * - **mean** = Σx / N, exact to 60 significant digits.
 * - **standard error** = s / √N with s² = (N·Σx² − (Σx)²) / (N·(N − 1)), the unbiased sample
 *   variance; undefined (absent) when N < 2.
 * - **percentile P_p (nearest rank)** = the ⌈p·N/100⌉-th smallest value (1-based; P_0 is the
 *   minimum). Every percentile is therefore one of the sampled values: money stays in whole cents
 *   and counts stay whole, with no interpolation rule to argue about.
 * - **histogram**: `bins` equal-width bins over [min, max]; bin i holds min + i·w ≤ x < min + (i+1)·w
 *   with w = (max − min)/bins, the last bin also holding max; index computed exactly as
 *   ⌊(x − min)·bins / (max − min)⌋. When max = min every value is in one bin.
 * - **clipped histogram** (what `simulate` shows): Monte Carlo savings have a long right tail (a few
 *   paths where AMD's price soars), so equal width over [min, max] put 94 % of the base case's paths
 *   in its first bin. Instead `bins` equal-width bins cover [P5, P95) (nearest rank) and two tail
 *   bins hold the rest: "below P5" [min, P5) — left out when empty, as when P5 is the minimum —
 *   and "P95 and above" [P95, max]. Bin i of the middle holds P5 + i·w ≤ x < P5 + (i+1)·w, index
 *   ⌊(x − P5)·bins / (P95 − P5)⌋, exact. When P5 = P95 it falls back to the equal-width histogram.
 */
import { Decimal, ZERO } from '../money/index.js';

/** The percentiles `simulate` reports, in percent. */
export const REPORTED_PERCENTILES = [5, 25, 50, 75, 95] as const;

/**
 * 0-based index of the nearest-rank percentile `p` (0..100, an integer or a decimal with up to
 * 6 places) in a sorted sample of `n` values: ⌈p·n/100⌉ − 1, and 0 for p = 0.
 */
export function nearestRankIndex(n: number, p: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`a percentile needs at least one value (n = ${n})`);
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is outside 0..100`);
  // p·n/100 with p scaled to an integer number of millionths, so the ceiling is exact
  const scaledP = BigInt(Math.round(p * 1_000_000));
  const numerator = scaledP * BigInt(n);
  const denominator = 100_000_000n;
  const rank = (numerator + denominator - 1n) / denominator;
  return Math.max(Number(rank), 1) - 1;
}

/** Nearest-rank percentile of an ascending sample (see module doc). */
export function percentileOfSorted<T>(sorted: ArrayLike<T>, p: number): T {
  return sorted[nearestRankIndex(sorted.length, p)]!;
}

/** The scaled integer of an exact decimal with at most `places` decimals (throws if it has more). */
export function toScaled(value: Decimal, places: number): bigint {
  const scaled = value.times(SCALE[places] ?? new Decimal(10).pow(places));
  if (!scaled.isInteger()) throw new RangeError(`${value.toFixed()} has more than ${places} decimals`);
  return BigInt(scaled.toFixed(0));
}

/** The exact decimal of a scaled integer. */
export function fromScaled(value: bigint, places: number): Decimal {
  const d = new Decimal(value.toString());
  return places === 0 ? d : d.div(SCALE[places] ?? new Decimal(10).pow(places));
}

const SCALE: Decimal[] = Array.from({ length: 13 }, (_, i) => new Decimal(10).pow(i));

/** A scaled integer written as a plain decimal with exactly `places` decimals (`-1234`, 2 -> `-12.34`). */
export function formatScaled(value: bigint, places: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  if (places === 0) return (negative ? '-' : '') + digits;
  const padded = digits.padStart(places + 1, '0');
  const text = `${padded.slice(0, -places)}.${padded.slice(-places)}`;
  return negative ? `-${text}` : text;
}

/** What {@link describeSample} returns; every value an exact decimal in the sample's units. */
export interface SampleSummary {
  count: number;
  mean: Decimal;
  /** absent when count < 2 */
  standardError?: Decimal;
  min: Decimal;
  max: Decimal;
  /** P5, P25, P50, P75, P95 (nearest rank), keyed by percent */
  percentiles: Map<number, Decimal>;
}

/**
 * Mean, standard error, min, max and nearest-rank percentiles of a sample of scaled integers
 * (value × 10^places). Sorts `values` in place (ascending).
 */
export function describeSample(
  values: BigInt64Array,
  places: number,
  percents: readonly number[] = REPORTED_PERCENTILES,
): SampleSummary {
  const n = values.length;
  if (n === 0) throw new RangeError('an empty sample has no statistics');
  let total = 0n;
  let squares = 0n;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    total += x;
    squares += x * x;
  }
  values.sort();
  const scale = SCALE[places] ?? new Decimal(10).pow(places);
  const count = new Decimal(n);
  const mean = new Decimal(total.toString()).div(count.times(scale));
  const summary: SampleSummary = {
    count: n,
    mean,
    min: fromScaled(values[0]!, places),
    max: fromScaled(values[n - 1]!, places),
    percentiles: new Map(percents.map((p) => [p, fromScaled(percentileOfSorted(values, p), places)])),
  };
  if (n >= 2) {
    // N·Σx² − (Σx)² ≥ 0 exactly (Cauchy–Schwarz), so the square root is real
    const spread = BigInt(n) * squares - total * total;
    const variance = new Decimal(spread.toString()).div(count.times(n - 1));
    summary.standardError = variance.div(count).sqrt().div(scale);
  }
  return summary;
}

/** One bin of a histogram: [lower, upper) (the last bin closed), with its count. */
export interface HistogramBin {
  lower: Decimal;
  upper: Decimal;
  count: number;
  /** a tail bin of {@link clippedHistogram}: below P5, or P95 and above */
  tail?: 'below' | 'above';
}

/** The clipped histogram (see module doc): `bins` bins over [P5, P95) and up to two tail bins. */
export function clippedHistogram(values: BigInt64Array, places: number, bins: number): HistogramBin[] {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer, got ${bins}`);
  const n = values.length;
  if (n === 0) return [];
  const sorted = values.slice().sort();
  const lo = sorted[nearestRankIndex(n, 5)]!;
  const hi = sorted[nearestRankIndex(n, 95)]!;
  if (lo === hi) return histogram(values, places, bins);
  const min = sorted[0]!;
  const max = sorted[n - 1]!;
  const counts = new Array<number>(bins).fill(0);
  let below = 0;
  let above = 0;
  const range = hi - lo;
  const binCount = BigInt(bins);
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    if (x < lo) below++;
    else if (x >= hi) above++;
    else counts[Number(((x - lo) * binCount) / range)]!++;
  }
  const low = fromScaled(lo, places);
  const width = fromScaled(hi, places).minus(low);
  const result: HistogramBin[] = [];
  if (below > 0) result.push({ lower: fromScaled(min, places), upper: low, count: below, tail: 'below' });
  counts.forEach((count, i) => {
    result.push({
      lower: i === 0 ? low : low.plus(width.times(i).div(bins)),
      upper: i === bins - 1 ? fromScaled(hi, places) : low.plus(width.times(i + 1).div(bins)),
      count,
    });
  });
  result.push({ lower: fromScaled(hi, places), upper: fromScaled(max, places), count: above, tail: 'above' });
  return result;
}

/**
 * Equal-width histogram of scaled integers over [min, max] (see module doc). `bins` ≥ 1.
 * When every value is equal, a single bin [min, max] holds them all.
 */
export function histogram(values: BigInt64Array, places: number, bins: number): HistogramBin[] {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer, got ${bins}`);
  const n = values.length;
  if (n === 0) return [];
  let min = values[0]!;
  let max = values[0]!;
  for (let i = 1; i < n; i++) {
    const x = values[i]!;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const low = fromScaled(min, places);
  const high = fromScaled(max, places);
  if (min === max) return [{ lower: low, upper: high, count: n }];
  const counts = new Array<number>(bins).fill(0);
  const range = max - min;
  const binCount = BigInt(bins);
  for (let i = 0; i < n; i++) {
    const index = Number(((values[i]! - min) * binCount) / range);
    counts[Math.min(index, bins - 1)]!++;
  }
  const width = high.minus(low);
  return counts.map((count, i) => ({
    lower: i === 0 ? low : low.plus(width.times(i).div(bins)),
    upper: i === bins - 1 ? high : low.plus(width.times(i + 1).div(bins)),
    count,
  }));
}

/** count / total as a decimal (0 when total is 0). */
export function proportion(count: number, total: number): Decimal {
  return total === 0 ? ZERO : new Decimal(count).div(total);
}
