/**
 * The article's three levers (SPEC v1.1 §2, §3), each a small stage hooked into the v1 engine:
 * - performance as a dated curve and the baseline units that follow AMD's delivered compute and
 *   never shrink ("Baseline units", the `max`);
 * - other costs per installed accelerator (`per_unit_year`);
 * - a supply delay: AMD's delivered GW lags the schedule, and the late compute is booked as the
 *   AMD other cost named `supply delay`.
 *
 * Exactness (SPEC §3): perf(t), GW(t) and the delay gap are held as exact fractions
 * (numerator / denominator, the shape of {@link DeploymentLevel}); every amount multiplies first
 * and divides once, then rounds once. With constant performances, no per-unit cost and no delay,
 * every function here gives v1's numbers to the last digit.
 */
import { Decimal, ONE, ZERO, roundUnits, roundedRatioScaled } from '../money/index.js';
import type { Day, Period } from '../time/index.js';
import type { Deployment, Performance, PerformanceCurve, PerUnitCost, SupplyDelay } from '../scenario/types.js';
import type { Booking } from './types.js';
import { deploymentLevelCurve, type DeploymentLevel } from './curves.js';
import { makeBooking, type DiscountFactorAt } from './costs.js';

/** An exact fraction numerator / denominator, denominator > 0 (the shape of a deployment level). */
export type Fraction = DeploymentLevel;

/** The label of the supply-delay booking (SPEC §3 "Supply delay"). */
export const SUPPLY_DELAY_LABEL = 'supply delay';

/** True when `performance` is a dated curve rather than a plain number. */
export function isPerformanceCurve(performance: Performance): performance is PerformanceCurve {
  return !Decimal.isDecimal(performance);
}

/**
 * SPEC §2 performance curve: perf(t) as an exact fraction. linear: by day between points,
 * (v0 × (d1 − t) + v1 × (t − d0)) / (d1 − d0), flat before the first point and after the last;
 * step: the last point on or before t (the first point's value before it). A plain number p is the
 * constant curve p.
 */
export function performanceCurve(performance: Performance): (day: Day) => Fraction {
  if (!isPerformanceCurve(performance)) {
    const constant = { numerator: performance, denominator: ONE };
    return () => constant;
  }
  const points = performance.points;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (performance.interpolation === 'step') {
    return (day) => {
      let value = first.value;
      for (const p of points) {
        if (p.date > day) break;
        value = p.value;
      }
      return { numerator: value, denominator: ONE };
    };
  }
  return (day) => {
    if (day <= first.date) return { numerator: first.value, denominator: ONE };
    if (day >= last.date) return { numerator: last.value, denominator: ONE };
    for (let i = 1; i < points.length; i++) {
      const right = points[i]!;
      if (day <= right.date) {
        if (day === right.date) return { numerator: right.value, denominator: ONE };
        const left = points[i - 1]!;
        return {
          numerator: left.value.times(right.date - day).plus(right.value.times(day - left.date)),
          denominator: new Decimal(right.date - left.date),
        };
      }
    }
    return { numerator: last.value, denominator: ONE };
  };
}

/** perf(t) as a Decimal (one division), for tables and reports. */
export function performanceAt(performance: Performance, day: Day): Decimal {
  const f = performanceCurve(performance)(day);
  return f.denominator.eq(ONE) ? f.numerator : f.numerator.div(f.denominator);
}

/**
 * SPEC §3 "Baseline units", one period end: round(U × perf_amd / perf_baseline), the quotient of
 * the two exact fractions computed with one division and rounded once.
 */
export function baselineUnitsAtEnd(amdUnits: Decimal, amd: Fraction, baseline: Fraction): Decimal {
  return roundUnits(amdUnits.times(amd.numerator).times(baseline.denominator).div(amd.denominator.times(baseline.numerator)));
}

/**
 * SPEC §3 "Baseline units": B(e_0) = 0, B(e_k) = max(B(e_{k−1}), round(U(e_k) × perf_amd(e_k) /
 * perf_baseline(e_k))). `unitsAtEnds[k-1]` is the U(e_k) the baseline matches: AMD's units, or
 * with a supply delay the scheduled round(GW(e_k) × units_per_gw). Returns B(e_1)..B(e_n).
 */
export function baselineUnitsPath(
  unitsAtEnds: readonly Decimal[],
  ends: readonly Day[],
  amdPerformance: Performance,
  baselinePerformance: Performance,
): Decimal[] {
  const amd = performanceCurve(amdPerformance);
  const baseline = performanceCurve(baselinePerformance);
  let previous = ZERO;
  return unitsAtEnds.map((u, i) => {
    const day = ends[i]!;
    const b = baselineUnitsAtEnd(u, amd(day), baseline(day));
    previous = b.gt(previous) ? b : previous;
    return previous;
  });
}

/**
 * SPEC §3 "Supply delay": GW_amd(t) = GW(t − days), AMD's delivered GW at each period end (the
 * scheduled levels themselves when there is no delay or it is 0 days).
 */
export function deliveredLevels(
  deployment: Deployment,
  start: Day,
  ends: readonly Day[],
  scheduled: readonly DeploymentLevel[],
  delay: SupplyDelay | undefined,
): DeploymentLevel[] {
  if (delay === undefined || delay.days === 0) return [...scheduled];
  const level = deploymentLevelCurve(deployment, start);
  return ends.map((end) => level(end - delay.days));
}

function minus(a: Fraction, b: Fraction): Fraction {
  if (a.denominator.eq(b.denominator)) return { numerator: a.numerator.minus(b.numerator), denominator: a.denominator };
  return {
    numerator: a.numerator.times(b.denominator).minus(b.numerator.times(a.denominator)),
    denominator: a.denominator.times(b.denominator),
  };
}

function plus(a: Fraction, b: Fraction): Fraction {
  if (a.denominator.eq(b.denominator)) return { numerator: a.numerator.plus(b.numerator), denominator: a.denominator };
  return {
    numerator: a.numerator.times(b.denominator).plus(b.numerator.times(a.denominator)),
    denominator: a.denominator.times(b.denominator),
  };
}

/**
 * SPEC §3 "Supply delay", the cost: in every period k, cents(cost_per_gw_year × (gap(e_{k−1}) +
 * gap(e_k)) × days_in_period / (2 × 365)), gap(t) = GW(t) − GW_amd(t), gap(e_0) = 0, booked on
 * the AMD side as the other cost `supply delay`; no booking when it is 0.00.
 */
export function bookSupplyDelay(
  delay: SupplyDelay | undefined,
  schedule: readonly Period[],
  scheduled: readonly DeploymentLevel[],
  delivered: readonly DeploymentLevel[],
  discountFactorAt: DiscountFactorAt,
): Booking[] {
  if (delay === undefined || delay.days === 0 || delay.cost_per_gw_year.isZero()) return [];
  const rows: Booking[] = [];
  let previousGap: Fraction = { numerator: ZERO, denominator: ONE };
  schedule.forEach((period, i) => {
    const gap = minus(scheduled[i]!, delivered[i]!);
    const both = plus(previousGap, gap);
    previousGap = gap;
    if (both.numerator.isZero()) return;
    // cents(cost_per_gw_year × gap GW-sum × days / 730): one exact division, in integer cents
    const amount = roundedRatioScaled([delay.cost_per_gw_year, both.numerator, period.days], both.denominator.times(730), 2);
    if (amount === 0n) return;
    rows.push(makeBooking('amd', 'other_cost', SUPPLY_DELAY_LABEL, period, amount, discountFactorAt));
  });
  return rows;
}

/**
 * SPEC §3 "Other costs", per unit (v1.1): in each period, cents(per_unit_year × avg_units ×
 * overlap_days / 365), avg_units = (cumulative units at e_{k−1} + at e_k) / 2 — the halving folded
 * into the one division (/ 730). Row rule (SPEC is silent; decided as for energy): a row only when
 * the overlap is at least one day and the amount is not 0.00.
 */
export function bookPerUnitCost(
  side: 'amd' | 'baseline',
  cost: PerUnitCost,
  schedule: readonly Period[],
  cumulative: readonly Decimal[],
  discountFactorAt: DiscountFactorAt,
): Booking[] {
  const rows: Booking[] = [];
  schedule.forEach((period, i) => {
    const overlapDays = Math.min(cost.to, period.end) - Math.max(cost.from, period.first) + 1;
    if (overlapDays <= 0) return;
    const unitSum = cumulative[i]!.plus(cumulative[i + 1]!);
    if (unitSum.isZero()) return;
    // cents(per_unit_year × unit sum × overlap_days / 730): one exact division, in integer cents
    const amount = roundedRatioScaled([cost.per_unit_year, unitSum, overlapDays], 730, 2);
    if (amount === 0n) return;
    rows.push(makeBooking(side, 'other_cost', cost.name, period, amount, discountFactorAt));
  });
  return rows;
}
