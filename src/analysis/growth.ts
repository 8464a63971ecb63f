/**
 * Fast growth factors `base ^ (days / 365)` for analyses that need the same base at many days
 * (a sweep over `share_price.cagr` needs (1 + cagr)^yf at every period end for each cagr).
 *
 * decimal.js computes every fractional power with a logarithm and an exponential series, which
 * dominates a sweep. Here the daily root `base ^ (1/365)` is computed once per base at
 * {@link WORK_DIGITS} significant digits, and `base ^ (days/365)` is that root raised to the whole
 * number `days` (by repeated squaring, or — as curves walk the period ends in order — as the
 * previous power times the root to the step between them), then rounded to the engine's 60
 * digits. The root's own error (10^-72 relative) grows with the exponent, and each multiplication
 * adds one rounding of 10^-72: with |days| < 5·10^5 (1,200 years) the error before rounding stays
 * below 10^-66 relative, so the result agrees with the engine's `growthFactor` to its 59th
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
export const WORK_DIGITS = 72;
const Work = Decimal.clone({ precision: WORK_DIGITS, rounding: Decimal.ROUND_HALF_EVEN });
type Work = InstanceType<typeof Work>;

const ROOT_CACHE_LIMIT = 1_000;
/** Per base: the daily root, powers of it by small steps, and the last power computed. */
interface BaseState {
  root: Work;
  steps: Map<number, Work>;
  lastDays: number;
  lastPower: Work;
}
const roots = new Map<string, BaseState>();
const FACTOR_CACHE_LIMIT = 50_000;
const factors = new Map<string, Decimal>();

function stateOf(base: Decimal): BaseState {
  const key = base.toString();
  let state = roots.get(key);
  if (state === undefined) {
    const root = dailyRootOf(new Work(key));
    state = { root, steps: new Map(), lastDays: 1, lastPower: root };
    if (roots.size >= ROOT_CACHE_LIMIT) roots.clear();
    roots.set(key, state);
  }
  return state;
}

/**
 * base^(1/365) by Newton's iteration on y^365 = base: y ← y − (y^365 − base) / (365 · y^364),
 * entirely in WORK_DIGITS decimals. A binary float gives only the starting guess (16 digits); the
 * iteration doubles the correct digits each step (16 → 32 → 64 → 128), so it stops when a step
 * changes the value by less than 10^-(WORK_DIGITS − 2) relative — far cheaper than decimal.js's
 * logarithm-and-exponential `pow`, and as accurate.
 */
function dailyRootOf(base: Work): Work {
  const guess = Math.pow(base.toNumber(), 1 / 365);
  let y = Number.isFinite(guess) && guess > 0 ? new Work(guess.toPrecision(17)) : base.pow(new Work(1).div(365));
  const tolerance = new Work(10).pow(-(WORK_DIGITS - 2));
  for (let i = 0; i < 12; i++) {
    const y364 = powerOf(y, 364);
    const next = y.minus(y364.times(y).minus(base).div(y364.times(365)));
    const change = next.minus(y).abs();
    y = next;
    if (change.lte(tolerance.times(y))) break;
  }
  return y;
}

/** root^n for a whole n >= 1 by repeated squaring. */
function powerOf(root: Work, n: number): Work {
  let result = new Work(1);
  let square = root;
  while (n > 0) {
    if (n & 1) result = result.times(square);
    n = Math.floor(n / 2);
    if (n > 0) square = square.times(square);
  }
  return result;
}

/**
 * root^n, n >= 1. Curves ask for period ends in increasing order, so the last power times
 * root^(n − last) (one multiplication; the step, ~91 days for quarters, is memoised) replaces
 * a full exponentiation. Each step adds at most one rounding at WORK_DIGITS.
 */
function rootPower(state: BaseState, n: number): Work {
  let power: Work;
  const step = n - state.lastDays;
  if (step > 0 && step <= 400) {
    let stepPower = state.steps.get(step);
    if (stepPower === undefined) {
      stepPower = powerOf(state.root, step);
      if (state.steps.size < 16) state.steps.set(step, stepPower);
    }
    power = state.lastPower.times(stepPower);
  } else {
    power = powerOf(state.root, n);
  }
  state.lastDays = n;
  state.lastPower = power;
  return power;
}

/** `base ^ (days / 365)`, base > 0; see the module comment for its accuracy. */
export function growth(base: Decimal, days: number): Decimal {
  if (days === 0 || base.eq(ONE)) return ONE;
  if (days % 365 === 0) return growthFactor(base, days);
  const key = `${base.toString()}^${days}`;
  const cached = factors.get(key);
  if (cached !== undefined) return cached;
  let result = rootPower(stateOf(base), Math.abs(days));
  if (days < 0) result = new Work(1).div(result);
  const value = new Decimal(result.toSignificantDigits(60, Decimal.ROUND_HALF_EVEN).toString());
  if (factors.size >= FACTOR_CACHE_LIMIT) factors.clear();
  factors.set(key, value);
  return value;
}
