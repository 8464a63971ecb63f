/**
 * The market (STYLE habit 3): deployment, unit prices and the share price as functions of the day.
 * The curves know nothing of the warrant's terms or of how it is valued.
 *
 * SPEC §3: multiplications first, one division last; comparisons exact; only non-integer powers
 * approximate. decimal.js `pow` dominates the cost of a run, so every fractional power goes through
 * {@link growthFactor}: a daily root per base, integer powers per day, each (base, days) once.
 */
import { Decimal, ONE, ZERO, power, roundUnits } from '../money/index.js';
import type { Day } from '../time/index.js';
import type { Deployment, SharePrice, SideTerms } from '../scenario/types.js';

/** Bound on the memos of powers; cleared whole when reached (cheap, and never wrong). */
const CACHE_LIMIT = 100_000;
const growthCache = new Map<string, Decimal>();

/**
 * Working precision of the daily root and its integer powers: 30 guard digits above the clone's
 * 60, so that after at most ~2·log2(days) roundings the result, rounded to 60 digits, is correctly
 * rounded except in vanishingly rare cases.
 */
const WORK_DIGITS = 90;
const Work = Decimal.clone({ precision: WORK_DIGITS, rounding: Decimal.ROUND_HALF_EVEN });
type Work = InstanceType<typeof Work>;
const dailyRootCache = new Map<string, Work>();

function dailyRoot(baseKey: string): Work {
  let root = dailyRootCache.get(baseKey);
  if (root === undefined) {
    root = new Work(baseKey).pow(new Work(1).div(365));
    if (dailyRootCache.size >= CACHE_LIMIT) dailyRootCache.clear();
    dailyRootCache.set(baseKey, root);
  }
  return root;
}

/**
 * `base ^ yf` with yf = days / 365 (SPEC §3 "Year fraction", Actual/365 Fixed), base > 0; `days`
 * may be negative.
 *
 * Whole years (days a multiple of 365) are an integer power: exact, e.g. 1/1.09 at yf = −1. Other
 * exponents: a fractional decimal.js `pow` (a logarithm and an exponential series) costs ~30
 * integer powers and a run needs one per period and curve, so the daily root base^(1/365) is
 * computed once per base at 90 digits and raised to the whole number `days` by repeated squaring,
 * then rounded to 60 significant digits (error before rounding < 1e-80 relative for |days| < 1e6),
 * far beyond SPEC's 40-digit floor. Memoised by (base, days). (src/analysis/growth.ts uses the same
 * algorithm, so sweeps and `model` agree digit for digit.)
 */
export function growthFactor(base: Decimal, days: number): Decimal {
  if (days === 0 || base.eq(ONE)) return ONE;
  const baseKey = base.toString();
  const key = `${baseKey}^${days}`;
  const cached = growthCache.get(key);
  if (cached !== undefined) return cached;
  let value: Decimal;
  if (days % 365 === 0) {
    value = power(base, new Decimal(days / 365));
  } else {
    let n = Math.abs(days);
    let result = new Work(1);
    let square = dailyRoot(baseKey);
    while (n > 0) {
      if (n & 1) result = result.times(square);
      n = Math.floor(n / 2);
      if (n > 0) square = square.times(square);
    }
    if (days < 0) result = new Work(1).div(result);
    value = new Decimal(result.toSignificantDigits(60, Decimal.ROUND_HALF_EVEN).toString());
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
        const numerator = left.gw.times(right.date - day).plus(right.gw.times(day - left.date));
        return { numerator, denominator: new Decimal(right.date - left.date) };
      }
    }
    return { numerator: last.gw, denominator: ONE };
  };
}

/** GW(t) as a Decimal (one division), for tables and reports. */
export function gwValue(level: DeploymentLevel): Decimal {
  return level.denominator.eq(ONE) ? level.numerator : level.numerator.div(level.denominator);
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
  return level.numerator.gte(gw.times(level.denominator));
}

/** SPEC §3 "AMD units": U(t) = round(GW(t) × units_per_gw), the division done last. */
export function amdUnitsAt(level: DeploymentLevel, unitsPerGw: Decimal): Decimal {
  return roundUnits(level.numerator.times(unitsPerGw).div(level.denominator));
}

/** SPEC §3 "Baseline units": B(t) = round(U(t) × amd.performance / baseline.performance). */
export function baselineUnitsFor(amdUnits: Decimal, amdPerformance: Decimal, baselinePerformance: Decimal): Decimal {
  return roundUnits(amdUnits.times(amdPerformance).div(baselinePerformance));
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
  return (day) => side.unit_price.times(growthFactor(base, day - start));
}

/**
 * SPEC §3 "Share price" P(t). cagr: start × (1 + cagr)^yf(date, t) (yf negative before `date`).
 * points, linear: (p0 × (d1 − t) + p1 × (t − d0)) / (d1 − d0) between points, flat before the
 * first and after the last; step: the last point on or before t, the first point's price before it.
 *
 * The linear division is correctly rounded to 60 digits, so `P(t) ≥ price` on the result agrees
 * with the exact comparison for any price with fewer than ~50 significant digits.
 */
export function sharePriceCurve(sharePrice: SharePrice): (day: Day) => Decimal {
  if (sharePrice.model === 'cagr') {
    const base = ONE.plus(sharePrice.cagr);
    const { start, date } = sharePrice;
    return (day) => start.times(growthFactor(base, day - date));
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
        return left.price
          .times(right.date - day)
          .plus(right.price.times(day - left.date))
          .div(right.date - left.date);
      }
    }
    return last.price;
  };
}
