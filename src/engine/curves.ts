/**
 * The market (STYLE habit 3): deployment, unit prices and the share price as functions of the day.
 * The curves know nothing of the warrant's terms or of how it is valued.
 *
 * SPEC §3: multiplications first, one division last; comparisons exact; only non-integer powers
 * approximate. Every fractional power goes through {@link growthFactor}: a daily root per base,
 * binary powers of it (330-bit binary floats), each (base, days) once.
 */
import {
  Decimal,
  ONE,
  ZERO,
  atLeast,
  decimalOfBinaryFloat,
  exactSum,
  exactValue,
  integerPower,
  product,
  quotient,
  roundedRatio,
} from '../money/index.js';
import {
  FULL,
  MANTISSA_BITS,
  add,
  bitLength,
  divide,
  divideSmall,
  fromDouble,
  fromRatio,
  integerPowerOf,
  multiply,
  multiplySmall,
  toWidth,
  width,
  type BinaryFloat,
  type Width,
} from '../money/binary-float.js';
import type { Day } from '../time/index.js';
import type { Deployment, SharePrice, SideTerms } from '../scenario/types.js';

/** Bound on the memo of powers by (base, days); cleared whole when reached (cheap, and never wrong). */
const CACHE_LIMIT = 10_000;
/**
 * Bound on the bases whose binary powers are kept (each holds a dozen 330-bit floats, ~1 kB): a
 * 60,001-value cagr sweep has a new base at every point.
 */
const BASES_LIMIT = 256;
const growthCache = new Map<string, Decimal>();

/** Per base: root^(2^k) for k = 0, 1, 2, … (root = base^(1/365)), grown on demand. */
const binaryPowersCache = new Map<string, BinaryFloat[]>();
const FLOAT_ONE = fromRatio(1n, 1n);

/**
 * Newton's iteration stops once a step moved y by less than 2^−170 (relative): the error after
 * it is about 182·change² (y^365 has f''/2f' ≈ 182/y near the root), below the 330-bit mantissa.
 */
const ROOT_STOP_BITS = 170;

/**
 * base^(1/365) by Newton's iteration on y^365 = base, written y <- (364·y + base / y^364) / 365,
 * in binary floats (money/binary-float.ts). A double seeds it (53 correct bits, or a power of two
 * of the right size for a base beyond a double's range); each step doubles the correct bits, so
 * the first two run narrower — 128 bits (to ~106 correct), 240 bits (to ~212) — and the last at
 * the full 330, repeated only while a step still moves y by more than 2^−170.
 */
function dailyRootOf(base: Decimal): BinaryFloat {
  const exact = exactValue(base);
  const double = Number(base.toString());
  let guess = Math.pow(double, 1 / 365);
  if (!(Number.isFinite(double) && double > 0 && Number.isFinite(guess) && guess > 0)) {
    guess = Math.pow(2, (bitLength(exact.num) - bitLength(exact.den)) / 365);
  }
  const b = fromRatio(exact.num, exact.den);
  let y = fromDouble(guess, NARROW);
  y = newtonStep(y, toWidth(b, FULL, NARROW), NARROW);
  y = newtonStep(toWidth(y, NARROW, MIDDLE), toWidth(b, FULL, MIDDLE), MIDDLE);
  y = toWidth(y, MIDDLE, FULL);
  for (let i = 0; i < 200; i++) {
    const next = newtonStep(y, b, FULL);
    const settled = next.e === y.e && (next.m > y.m ? next.m - y.m : y.m - next.m) < SETTLED;
    y = next;
    if (settled) break;
  }
  return y;
}

/** A change of the mantissa below this is a relative change below 2^−170 ({@link ROOT_STOP_BITS}). */
const SETTLED = 1n << BigInt(MANTISSA_BITS - 1 - ROOT_STOP_BITS);

const NARROW = width(128);
const MIDDLE = width(240);

/** One Newton step for y^365 = b at the width `w` (y and b of that width). */
function newtonStep(y: BinaryFloat, b: BinaryFloat, w: Width): BinaryFloat {
  return divideSmall(add(multiplySmall(y, 364, w), divide(b, integerPowerOf(y, 364, w), w), w), 365, w);
}

/**
 * Binary powers of the daily root (`inverse` false) or of its reciprocal (`inverse` true, for
 * negative days such as discount factors: one division per base instead of one per date).
 */
function binaryPowers(base: Decimal, baseKey: string, inverse: boolean): BinaryFloat[] {
  const key = inverse ? `1/${baseKey}` : baseKey;
  let powers = binaryPowersCache.get(key);
  if (powers === undefined) {
    const root = inverse ? divide(FLOAT_ONE, binaryPowers(base, baseKey, false)[0]!) : dailyRootOf(base);
    powers = [root];
    if (binaryPowersCache.size >= BASES_LIMIT) binaryPowersCache.clear();
    binaryPowersCache.set(key, powers);
  }
  return powers;
}

/**
 * `base ^ yf` with yf = days / 365 (SPEC §3 "Year fraction", Actual/365 Fixed), base > 0; `days`
 * may be negative. The one implementation of every fractional power in the code base (unit
 * prices, the cagr share price, discount factors), used by `model`, `sweep` and `simulate` alike.
 *
 * Whole years (days a multiple of 365) are an integer power: exact, e.g. 1/1.09 at yf = −1. Other
 * exponents: the daily root r = base^(1/365) is found once per base by Newton's iteration in
 * 330-bit binary floats, and r^|days| is the product of the memoised binary powers r^(2^k) for
 * the set bits of |days| (taken in increasing k, so the value depends only on (base, days), never
 * on the order of calls) — for negative days the powers of 1/r — then rounded half-even to 60
 * significant digits. Each of the at most ~2·log2(|days|) + 5 truncations costs 2^−329 relative,
 * and the root's error is multiplied by |days|: below 1e-90 relative for |days| < 1e6, far beyond
 * SPEC's 40-digit floor. Memoised by (base, days).
 */
export function growthFactor(base: Decimal, days: number): Decimal {
  if (days === 0 || base.eq(ONE)) return ONE;
  const baseKey = base.toString();
  const key = `${baseKey}^${days}`;
  const cached = growthCache.get(key);
  if (cached !== undefined) return cached;
  let value: Decimal;
  if (days % 365 === 0) {
    // an integer power: exact (the Decimal carries its fraction when 60 digits cannot hold it)
    value = integerPower(base, days / 365);
  } else {
    const powers = binaryPowers(base, baseKey, days < 0);
    let n = Math.abs(days);
    let result: BinaryFloat | undefined;
    for (let k = 0; n > 0; k++, n = Math.floor(n / 2)) {
      if (powers[k] === undefined) powers[k] = multiply(powers[k - 1]!, powers[k - 1]!);
      if (n & 1) result = result === undefined ? powers[k]! : multiply(result, powers[k]!);
    }
    value = decimalOfBinaryFloat(result!);
  }
  if (growthCache.size >= CACHE_LIMIT) growthCache.clear();
  growthCache.set(key, value);
  return value;
}

/**
 * GW(t) held as an exact fraction `numerator / denominator` (denominator > 0), so that the GW
 * condition and U(t) never divide before they multiply (SPEC §3 "Deployment", "AMD units").
 */
export interface DeploymentLevel {
  numerator: Decimal;
  denominator: Decimal;
}

const ZERO_LEVEL: DeploymentLevel = { numerator: ZERO, denominator: ONE };

/**
 * SPEC §3 "Deployment": GW(t) as an exact fraction. 0 at (and before) timeline.start. linear:
 * straight lines from (start, 0) through the points by day, flat after the last point, with
 * GW(t) = (g0 × (d1 − t) + g1 × (t − d0)) / (d1 − d0); step: the gw of the last point dated on or
 * before t, 0 before the first point.
 */
export function deploymentLevelCurve(deployment: Deployment, start: Day): (day: Day) => DeploymentLevel {
  const points = deployment.points;
  if (deployment.interpolation === 'step') {
    return (day) => {
      let level = ZERO_LEVEL;
      for (const p of points) {
        if (p.date > day) break;
        level = { numerator: p.gw, denominator: ONE };
      }
      return level;
    };
  }
  const knots = [{ date: start, gw: ZERO }, ...points];
  const last = knots[knots.length - 1]!;
  return (day) => {
    if (day <= start) return ZERO_LEVEL;
    if (day >= last.date) return { numerator: last.gw, denominator: ONE };
    for (let i = 1; i < knots.length; i++) {
      const right = knots[i]!;
      if (day <= right.date) {
        const left = knots[i - 1]!;
        const numerator = exactSum(product(left.gw, right.date - day), product(right.gw, day - left.date));
        return { numerator, denominator: new Decimal(right.date - left.date) };
      }
    }
    return { numerator: last.gw, denominator: ONE };
  };
}

/** GW(t) as a Decimal (one division), for tables and reports. */
export function gwValue(level: DeploymentLevel): Decimal {
  return level.denominator.eq(ONE) ? level.numerator : quotient(level.numerator, level.denominator);
}

/** SPEC §3 "Deployment" as a plain curve `(day) => GW`, for reports and callers that need a value. */
export function deploymentCurve(deployment: Deployment, start: Day): (day: Day) => Decimal {
  const level = deploymentLevelCurve(deployment, start);
  return (day) => gwValue(level(day));
}

/**
 * SPEC §3 "Vesting": GW(e_k) ≥ gw, compared without dividing (numerator ≥ gw × denominator). Exact
 * whenever gw × (d1 − d0) fits the clone's 60 significant digits, i.e. any gw of up to ~54 digits.
 */
export function gwAtLeast(level: DeploymentLevel, gw: Decimal): boolean {
  return atLeast(level.numerator, product(gw, level.denominator));
}

/** SPEC §3 "AMD units": U(t) = round(GW(t) × units_per_gw), the division done last. */
export function amdUnitsAt(level: DeploymentLevel, unitsPerGw: Decimal): Decimal {
  return roundedRatio([level.numerator, unitsPerGw], level.denominator, 0);
}

/** SPEC §3 "Baseline units": B(t) = round(U(t) × amd.performance / baseline.performance). */
export function baselineUnitsFor(amdUnits: Decimal, amdPerformance: Decimal, baselinePerformance: Decimal): Decimal {
  return roundedRatio([amdUnits, amdPerformance], baselinePerformance, 0);
}

/** The largest GW the deployment ever reaches (points are non-decreasing: the last point's gw). */
export function maxDeploymentGw(deployment: Deployment): Decimal {
  let max = ZERO;
  for (const p of deployment.points) if (p.gw.gt(max)) max = p.gw;
  return max;
}

/**
 * SPEC §3 "Unit prices": price(t) = unit_price × (1 + price_change)^yf(timeline.start, t), per side.
 */
export function unitPriceCurve(side: SideTerms, start: Day): (day: Day) => Decimal {
  const base = ONE.plus(side.price_change);
  if (side.price_change.isZero()) return () => side.unit_price;
  return (day) => product(side.unit_price, growthFactor(base, day - start));
}

/**
 * SPEC §3 "Share price" P(t). cagr: start × (1 + cagr)^yf(date, t) (yf negative before `date`).
 * points, linear: (p0 × (d1 − t) + p1 × (t − d0)) / (d1 − d0) between points, flat before the
 * first and after the last; step: the last point on or before t, the first point's price before it.
 *
 * The linear division is done last and exactly: P(t) is the 60-digit Decimal carrying its exact
 * fraction, so `cents(shares × P(t))` and `P(t) ≥ price` (money's `atLeast`) are exact. A cagr
 * price over a whole number of years is an integer power, exact the same way.
 */
export function sharePriceCurve(sharePrice: SharePrice): (day: Day) => Decimal {
  if (sharePrice.model === 'cagr') {
    const base = ONE.plus(sharePrice.cagr);
    const { start, date } = sharePrice;
    return (day) => product(start, growthFactor(base, day - date));
  }
  const points = sharePrice.points;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (sharePrice.interpolation === 'step') {
    return (day) => {
      let price = first.price;
      for (const p of points) {
        if (p.date > day) break;
        price = p.price;
      }
      return price;
    };
  }
  return (day) => {
    if (day <= first.date) return first.price;
    if (day >= last.date) return last.price;
    for (let i = 1; i < points.length; i++) {
      const right = points[i]!;
      if (day <= right.date) {
        const left = points[i - 1]!;
        if (day === right.date) return right.price;
        // the one division last, exact: P(t) carries its fraction (see money's `quotient`)
        return quotient(
          exactSum(product(left.price, right.date - day), product(right.price, day - left.date)),
          right.date - left.date,
        );
      }
    }
    return last.price;
  };
}
