/**
 * Fast growth factors `base ^ (days / 365)` for analyses that need the same base at many days
 * (a sweep over `share_price.cagr` needs (1 + cagr)^yf at every period end for each cagr).
 *
 * decimal.js computes every fractional power with a logarithm and an exponential series, which
 * dominates a sweep. Here the daily root `base ^ (1/365)` is computed once per base at
 * {@link WORK_DIGITS} significant digits, and `base ^ (days/365)` is that root raised to the whole
 * number `days` by repeated squaring (about 2·log2(days) multiplications), then rounded to the
 * engine's 60 digits. The error before rounding is below 10^-80 relative for any timeline SPEC
 * allows (|days| < 10^6), so the result agrees with the engine's `growthFactor` to its 59th
 * significant digit — far beyond the cent, and beyond SPEC's 40-digit floor (SPEC §3: "only
 * non-integer powers are approximations, to ≥ 40 significant digits").
 *
 * Whole years (days a multiple of 365: an integer exponent) go through the engine's exact
 * `growthFactor`, so a share price that exactly reaches a tranche's price after whole years
 * compares exactly as it does in `model`.
 */
import { Decimal, ONE } from '../money/index.js';
import { growthFactor } from '../engine/index.js';

/** Working precision of the daily root and its powers. */
export const WORK_DIGITS = 90;
const Work = Decimal.clone({ precision: WORK_DIGITS, rounding: Decimal.ROUND_HALF_EVEN });
type Work = InstanceType<typeof Work>;

const ROOT_CACHE_LIMIT = 10_000;
const roots = new Map<string, Work>();
const FACTOR_CACHE_LIMIT = 200_000;
const factors = new Map<string, Decimal>();

function dailyRoot(base: Decimal): Work {
  const key = base.toString();
  let root = roots.get(key);
  if (root === undefined) {
    root = new Work(key).pow(new Work(1).div(365));
    if (roots.size >= ROOT_CACHE_LIMIT) roots.clear();
    roots.set(key, root);
  }
  return root;
}

/** `base ^ (days / 365)`, base > 0; see the module comment for its accuracy. */
export function growth(base: Decimal, days: number): Decimal {
  if (days === 0 || base.eq(ONE)) return ONE;
  if (days % 365 === 0) return growthFactor(base, days);
  const key = `${base.toString()}^${days}`;
  const cached = factors.get(key);
  if (cached !== undefined) return cached;
  const root = dailyRoot(base);
  let n = Math.abs(days);
  let result = new Work(1);
  let square = root;
  while (n > 0) {
    if (n & 1) result = result.times(square);
    n = Math.floor(n / 2);
    if (n > 0) square = square.times(square);
  }
  if (days < 0) result = new Work(1).div(result);
  const value = new Decimal(result.toSignificantDigits(60, Decimal.ROUND_HALF_EVEN).toString());
  if (factors.size >= FACTOR_CACHE_LIMIT) factors.clear();
  factors.set(key, value);
  return value;
}
