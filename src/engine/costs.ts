/**
 * The price-independent half of the ledger: units bought, hardware spend, other costs and energy
 * on both sides (SPEC §3). Nothing here depends on the share price, so a Monte Carlo run or a sweep
 * over share-price or warrant parameters computes it once.
 */
import { Decimal, ZERO, cents, centsOf, decimalOfScaled, roundedRatioScaled, scaledOf } from '../money/index.js';
import type { Day, Period } from '../time/index.js';
import { ScenarioError, type ScenarioIssue } from '../scenario/issues.js';
import type { Energy, OtherCost, Performance, Scenario, SideTerms } from '../scenario/types.js';
import type { Booking, BookingKind, Side } from './types.js';
import { amdUnitsAt, baselineUnitsFor, type DeploymentLevel } from './curves.js';
import { baselineUnitsPath, bookPerUnitCost, bookSupplyDelay } from './levers.js';

/** Discount factor of a booking date (SPEC §3 `*_pv`). */
export type DiscountFactorAt = (day: Day) => Decimal;

/**
 * Cumulative units at e_0..e_n (index 0 is timeline.start, always 0 units) and units bought in
 * each period, index k-1 for period k (SPEC §3 "AMD units", "Baseline units").
 */
export interface UnitsPlan {
  amdCumulative: Decimal[];
  baselineCumulative: Decimal[];
  amdBought: Decimal[];
  baselineBought: Decimal[];
}

/** What {@link buyUnits} needs besides GW(e_k) once v1.1's levers are used. */
export interface UnitsContext {
  /** e_1..e_n: where a performance curve is read */
  ends: readonly Day[];
  /** GW_amd(e_k) under a supply delay (default: the scheduled levels) */
  delivered?: readonly DeploymentLevel[];
}

/**
 * SPEC §3 "AMD units" and "Baseline units": U(e_k) and B(e_k) rounded half-even from the exact
 * GW fraction, bought in period k = U(e_k) − U(e_{k−1}). `levelsAtEnds[k-1]` is GW(e_k).
 * v1.1: U follows AMD's delivered GW (`context.delivered`), B matches the scheduled units times
 * perf_amd / perf_baseline at e_k and never shrinks (see {@link baselineUnitsPath}); a dated
 * performance curve needs `context.ends`.
 */
export function buyUnits(scenario: Scenario, levelsAtEnds: readonly DeploymentLevel[], context?: UnitsContext): UnitsPlan {
  const { amd, baseline } = scenario;
  const delivered = context?.delivered ?? levelsAtEnds;
  const amdUnits = amdUnitsSeries(amd.units_per_gw, delivered);
  const scheduledUnits = delivered === levelsAtEnds ? amdUnits : amdUnitsSeries(amd.units_per_gw, levelsAtEnds);
  const baselineUnits = baselineUnitsSeries(scheduledUnits, context?.ends, amd.performance, baseline.performance);
  return unitsPlan(amdUnits, baselineUnits);
}

/** SPEC §3 "AMD units": U(e_k) for each level GW(e_k) (or GW_amd(e_k)), index k-1. */
export function amdUnitsSeries(unitsPerGw: Decimal, levels: readonly DeploymentLevel[]): Decimal[] {
  return levels.map((level) => amdUnitsAt(level, unitsPerGw));
}

/**
 * SPEC §3 "Baseline units" B(e_1)..B(e_n) from the units the baseline matches: v1's
 * round(U × amd.performance / baseline.performance) for plain numbers (U never decreases, so the
 * `max` never binds), {@link baselineUnitsPath} with the `max` for a curve (needs `ends`).
 */
export function baselineUnitsSeries(
  unitsAtEnds: readonly Decimal[],
  ends: readonly Day[] | undefined,
  amdPerformance: Performance,
  baselinePerformance: Performance,
): Decimal[] {
  if (Decimal.isDecimal(amdPerformance) && Decimal.isDecimal(baselinePerformance)) {
    return unitsAtEnds.map((u) => baselineUnitsFor(u, amdPerformance, baselinePerformance));
  }
  if (ends === undefined) throw new RangeError('baselineUnitsSeries: a performance curve needs the period end dates');
  return baselineUnitsPath(unitsAtEnds, ends, amdPerformance, baselinePerformance);
}

/** Cumulative (index 0 = e_0 = 0) and bought-per-period units of both sides. */
export function unitsPlan(amdUnits: readonly Decimal[], baselineUnits: readonly Decimal[]): UnitsPlan {
  const amdCumulative: Decimal[] = [ZERO, ...amdUnits];
  const baselineCumulative: Decimal[] = [ZERO, ...baselineUnits];
  const amdBought = amdUnits.map((u, i) => u.minus(amdCumulative[i]!));
  const baselineBought = baselineUnits.map((b, i) => b.minus(baselineCumulative[i]!));
  return { amdCumulative, baselineCumulative, amdBought, baselineBought };
}

/**
 * Builds one booking; the single place a {@link Booking} is made, so every row has its factor and
 * its amount both as a Decimal and as integer cents. `amount` is whole cents: a Decimal (a
 * RangeError if it is not) or the integer cents themselves.
 */
export function makeBooking(
  side: Side,
  kind: BookingKind,
  label: string,
  period: Period,
  amount: Decimal | bigint,
  discountFactorAt: DiscountFactorAt,
  units?: Decimal,
): Booking {
  const booking: Booking = {
    date: period.end,
    side,
    kind,
    label,
    period: period.index,
    amount: typeof amount === 'bigint' ? decimalOfScaled(amount, 2) : amount,
    cents: typeof amount === 'bigint' ? amount : centsOf(amount),
    discount_factor: discountFactorAt(period.end),
  };
  if (units !== undefined) {
    booking.units = units;
    booking.count = scaledOf(units, 0);
  }
  return booking;
}

/** SPEC §3 "Unit prices": the hardware spend cents(units × unit price), as integer cents. */
export function hardwareSpend(units: Decimal, unitPrice: Decimal): bigint {
  return roundedRatioScaled([units, unitPrice], 1, 2);
}

/** Inputs of {@link bookCosts} that the model computes once per scenario. */
export interface CostInputs {
  schedule: readonly Period[];
  units: UnitsPlan;
  /** price per accelerator at e_k, index k-1 */
  amdUnitPrices: readonly Decimal[];
  baselineUnitPrices: readonly Decimal[];
  discountFactorAt: DiscountFactorAt;
  /** v1.1 supply delay: GW(e_k) as scheduled and as delivered by AMD (no delay cost without them) */
  levelsAtEnds?: readonly DeploymentLevel[];
  deliveredLevelsAtEnds?: readonly DeploymentLevel[];
}

/**
 * Books hardware, other costs and energy for both sides (SPEC §3 "Unit prices", "Other costs",
 * "Energy"). Row rules (SPEC is silent on empty rows; decided here):
 * - a hardware row only when the units bought in the period are not 0;
 * - a one-off other cost always (even an amount of 0), on the end of the period containing its date;
 * - a recurring other cost in every period where its overlap with [from, to] is at least one day;
 * - an energy row only when its amount in cents is not 0.
 * Throws {@link ScenarioError} for a one-off dated outside the timeline, a recurring cost with
 * from > to, or `energy` without `kw_per_unit` (the loader checks these too; the engine is safe
 * on its own).
 */
export function bookCosts(scenario: Scenario, inputs: CostInputs): Booking[] {
  const issues: ScenarioIssue[] = [];
  const bookings: Booking[] = [];
  const { schedule, units, discountFactorAt } = inputs;
  const sides: Array<{
    side: 'amd' | 'baseline';
    terms: SideTerms;
    label: string;
    bought: Decimal[];
    cumulative: Decimal[];
    prices: readonly Decimal[];
  }> = [
    {
      side: 'amd',
      terms: scenario.amd,
      label: scenario.amd.product,
      bought: units.amdBought,
      cumulative: units.amdCumulative,
      prices: inputs.amdUnitPrices,
    },
    {
      side: 'baseline',
      terms: scenario.baseline,
      label: scenario.baseline.name,
      bought: units.baselineBought,
      cumulative: units.baselineCumulative,
      prices: inputs.baselineUnitPrices,
    },
  ];
  for (const s of sides) {
    schedule.forEach((period, i) => {
      const bought = s.bought[i]!;
      if (!bought.isZero()) {
        bookings.push(makeBooking(s.side, 'hardware', s.label, period, hardwareSpend(bought, s.prices[i]!), discountFactorAt, bought));
      }
    });
    s.terms.other_costs.forEach((cost, c) => {
      const path = `${s.side}.other_costs[${c}]`;
      bookings.push(...bookOtherCost(s.side, cost, path, schedule, discountFactorAt, issues, s.cumulative));
    });
    if (s.side === 'amd' && inputs.levelsAtEnds !== undefined && inputs.deliveredLevelsAtEnds !== undefined) {
      bookings.push(...bookSupplyDelay(scenario.supply_delay, schedule, inputs.levelsAtEnds, inputs.deliveredLevelsAtEnds, discountFactorAt));
    }
    if (scenario.energy !== undefined) {
      const kw = s.terms.kw_per_unit;
      if (kw === undefined) {
        issues.push({
          code: 'required',
          path: `${s.side}.kw_per_unit`,
          message: 'kw_per_unit is required when `energy` is present',
        });
      } else {
        bookings.push(...bookEnergy(s.side, kw, scenario.energy, schedule, s.cumulative, discountFactorAt));
      }
    }
  }
  if (issues.length > 0) throw new ScenarioError(issues);
  return bookings;
}

/**
 * SPEC §3 "Other costs". One-off: cents(amount) on the end of the period containing `date`.
 * Recurring: cents(per_year × overlap_days / 365) in each period overlapping [from, to].
 * Per unit (v1.1): see {@link bookPerUnitCost}; needs the side's `cumulative` units.
 */
export function bookOtherCost(
  side: 'amd' | 'baseline',
  cost: OtherCost,
  path: string,
  schedule: readonly Period[],
  discountFactorAt: DiscountFactorAt,
  issues: ScenarioIssue[],
  cumulative?: readonly Decimal[],
): Booking[] {
  if (cost.kind === 'one_off') {
    const period = schedule.find((p) => p.first <= cost.date && cost.date <= p.end);
    if (period === undefined) {
      issues.push({ code: 'outside_timeline', path: `${path}.date`, message: 'the date lies outside the timeline' });
      return [];
    }
    return [makeBooking(side, 'other_cost', cost.name, period, cents(cost.amount), discountFactorAt)];
  }
  if (cost.from > cost.to) {
    issues.push({ code: 'from_after_to', path: `${path}.from`, message: '`from` is after `to`' });
    return [];
  }
  if (cost.kind === 'per_unit') {
    if (cumulative === undefined) throw new RangeError('bookOtherCost: a per-unit cost needs the cumulative units');
    return bookPerUnitCost(side, cost, schedule, cumulative, discountFactorAt);
  }
  const rows: Booking[] = [];
  for (const period of schedule) {
    const overlapDays = Math.min(cost.to, period.end) - Math.max(cost.from, period.first) + 1;
    if (overlapDays <= 0) continue;
    // cents(per_year × overlap_days / 365): one exact division, in integer cents
    const amount = roundedRatioScaled([cost.per_year, overlapDays], 365, 2);
    rows.push(makeBooking(side, 'other_cost', cost.name, period, amount, discountFactorAt));
  }
  return rows;
}

/**
 * SPEC §3 "Energy": cents((U(e_{k−1}) + U(e_k)) × kw × pue × utilization × 24 × days × price_per_mwh
 * / 2000) — the average units' halving and the kW→MW division folded into one division last.
 */
export function bookEnergy(
  side: 'amd' | 'baseline',
  kwPerUnit: Decimal,
  energy: Energy,
  schedule: readonly Period[],
  cumulative: readonly Decimal[],
  discountFactorAt: DiscountFactorAt,
): Booking[] {
  // kw × pue × utilization × 24 × price_per_mwh as one exact fraction; units are whole, so each
  // period's amount is one integer division: cents = (U + U') × perUnitDay × days × 100 / 2000
  const perUnitDay = [kwPerUnit, energy.pue, energy.utilization, 24, energy.price_per_mwh];
  const rows: Booking[] = [];
  schedule.forEach((period, i) => {
    const unitSum = scaledOf(cumulative[i]!, 0) + scaledOf(cumulative[i + 1]!, 0);
    if (unitSum === 0n) return;
    const amount = roundedRatioScaled([unitSum, ...perUnitDay, period.days], 2000, 2);
    if (amount === 0n) return;
    rows.push(makeBooking(side, 'energy', 'energy', period, amount, discountFactorAt));
  });
  return rows;
}
