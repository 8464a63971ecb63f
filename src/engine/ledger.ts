/**
 * The ledger is the truth (STYLE habit 2): discounting, ordering, and every total and period row
 * derived from booked amounts only (SPEC §3 "Totals"), so a spreadsheet SUM over a column equals
 * the printed total to the cent.
 */
import { Decimal, ONE, ZERO, cents, roundRatio } from '../money/index.js';
import type { Day, Period } from '../time/index.js';
import { BOOKING_KINDS, SIDES, type Booking, type PeriodRow, type Summary } from './types.js';
import { growthFactor } from './curves.js';
import type { DiscountFactorAt } from './costs.js';

/**
 * SPEC §3 `*_pv`: the factor (1 + discount_rate)^(−yf(valuation_date, date)), memoised per day.
 * Exactly 1 at a rate of 0 (so every PV equals its nominal total).
 */
export function discountCurve(discountRate: Decimal, valuationDate: Day): DiscountFactorAt {
  if (discountRate.isZero()) return () => ONE;
  const base = ONE.plus(discountRate);
  const byDay = new Map<Day, Decimal>();
  return (day) => {
    let factor = byDay.get(day);
    if (factor === undefined) {
      // (1+r)^(−(day − valuation)/365) = (1+r)^((valuation − day)/365)
      factor = growthFactor(base, valuationDate - day);
      byDay.set(day, factor);
    }
    return factor;
  };
}

const SIDE_ORDER = new Map(SIDES.map((s, i) => [s, i]));
const KIND_ORDER = new Map(BOOKING_KINDS.map((k, i) => [k, i]));

/** Ledger order (types.ts): date, then side in SIDES order, then kind in BOOKING_KINDS order; stable. */
export function compareBookings(a: Booking, b: Booking): number {
  return (
    a.date - b.date ||
    SIDE_ORDER.get(a.side)! - SIDE_ORDER.get(b.side)! ||
    KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)!
  );
}

/** A new array in ledger order (Array.prototype.sort is stable). */
export function sortLedger(bookings: readonly Booking[]): Booking[] {
  return [...bookings].sort(compareBookings);
}

/**
 * Running sums over bookings. Kept separate from {@link summarize} so a caller can total the
 * price-independent bookings once and add only the warrant bookings per share-price path.
 */
export interface LedgerTotals {
  amd_units: Decimal;
  baseline_units: Decimal;
  amd_hardware_spend: Decimal;
  amd_other_costs: Decimal;
  amd_energy_cost: Decimal;
  baseline_hardware_spend: Decimal;
  baseline_other_costs: Decimal;
  baseline_energy_cost: Decimal;
  warrant_vested_shares: Decimal;
  warrant_exercise_cost: Decimal;
  /** sum of sale bookings: negative (money in) */
  warrant_sale_bookings: Decimal;
  warrant_tax: Decimal;
  /** Σ amount × discount_factor over amd and warrant bookings, unrounded */
  amd_net_cost_pv_exact: Decimal;
  baseline_cost_pv_exact: Decimal;
}

export function emptyTotals(): LedgerTotals {
  return {
    amd_units: ZERO,
    baseline_units: ZERO,
    amd_hardware_spend: ZERO,
    amd_other_costs: ZERO,
    amd_energy_cost: ZERO,
    baseline_hardware_spend: ZERO,
    baseline_other_costs: ZERO,
    baseline_energy_cost: ZERO,
    warrant_vested_shares: ZERO,
    warrant_exercise_cost: ZERO,
    warrant_sale_bookings: ZERO,
    warrant_tax: ZERO,
    amd_net_cost_pv_exact: ZERO,
    baseline_cost_pv_exact: ZERO,
  };
}

/** Adds bookings into a copy of `start` (never mutates its argument). */
export function addToTotals(start: LedgerTotals, bookings: readonly Booking[]): LedgerTotals {
  const t = { ...start };
  for (const b of bookings) {
    const present = b.discount_factor.eq(ONE) ? b.amount : b.amount.times(b.discount_factor);
    if (b.side === 'baseline') {
      t.baseline_cost_pv_exact = t.baseline_cost_pv_exact.plus(present);
      if (b.kind === 'hardware') {
        t.baseline_hardware_spend = t.baseline_hardware_spend.plus(b.amount);
        t.baseline_units = t.baseline_units.plus(b.units ?? ZERO);
      } else if (b.kind === 'other_cost') t.baseline_other_costs = t.baseline_other_costs.plus(b.amount);
      else if (b.kind === 'energy') t.baseline_energy_cost = t.baseline_energy_cost.plus(b.amount);
      continue;
    }
    t.amd_net_cost_pv_exact = t.amd_net_cost_pv_exact.plus(present);
    switch (b.kind) {
      case 'hardware':
        t.amd_hardware_spend = t.amd_hardware_spend.plus(b.amount);
        t.amd_units = t.amd_units.plus(b.units ?? ZERO);
        break;
      case 'other_cost':
        t.amd_other_costs = t.amd_other_costs.plus(b.amount);
        break;
      case 'energy':
        t.amd_energy_cost = t.amd_energy_cost.plus(b.amount);
        break;
      case 'exercise':
        t.warrant_exercise_cost = t.warrant_exercise_cost.plus(b.amount);
        t.warrant_vested_shares = t.warrant_vested_shares.plus(b.units ?? ZERO);
        break;
      case 'sale':
        t.warrant_sale_bookings = t.warrant_sale_bookings.plus(b.amount);
        break;
      case 'tax':
        t.warrant_tax = t.warrant_tax.plus(b.amount);
        break;
    }
  }
  return t;
}

/** SPEC §3 table: every metric from the running sums. */
export function totalsToSummary(t: LedgerTotals): Summary {
  const amd_gross_cost = t.amd_hardware_spend.plus(t.amd_other_costs).plus(t.amd_energy_cost);
  const warrant_sale_proceeds = t.warrant_sale_bookings.negated();
  const warrant_net_value = warrant_sale_proceeds.minus(t.warrant_exercise_cost).minus(t.warrant_tax);
  const amd_net_cost = amd_gross_cost.minus(warrant_net_value);
  const baseline_cost = t.baseline_hardware_spend.plus(t.baseline_other_costs).plus(t.baseline_energy_cost);
  const amd_net_cost_pv = cents(t.amd_net_cost_pv_exact);
  const baseline_cost_pv = cents(t.baseline_cost_pv_exact);
  return {
    amd_units: t.amd_units,
    baseline_units: t.baseline_units,
    amd_hardware_spend: t.amd_hardware_spend,
    amd_other_costs: t.amd_other_costs,
    amd_energy_cost: t.amd_energy_cost,
    amd_gross_cost,
    warrant_vested_shares: t.warrant_vested_shares,
    warrant_exercise_cost: t.warrant_exercise_cost,
    warrant_sale_proceeds,
    warrant_tax: t.warrant_tax,
    warrant_net_value,
    amd_net_cost,
    baseline_hardware_spend: t.baseline_hardware_spend,
    baseline_other_costs: t.baseline_other_costs,
    baseline_energy_cost: t.baseline_energy_cost,
    baseline_cost,
    savings: baseline_cost.minus(amd_net_cost),
    effective_discount: t.amd_hardware_spend.isZero() ? ZERO : roundRatio(warrant_net_value.div(t.amd_hardware_spend)),
    amd_net_cost_pv,
    baseline_cost_pv,
    savings_pv: baseline_cost_pv.minus(amd_net_cost_pv),
  };
}

/**
 * SPEC §3 "Totals": every metric as a sum of booked rows. PV: Σ amount × discount factor summed
 * exactly, then rounded to cents; warrant rows count in the AMD net cost with their sign.
 * effective_discount = roundRatio(warrant_net_value / amd_hardware_spend), 0 when spend is 0.
 */
export function summarize(ledger: readonly Booking[]): Summary {
  return totalsToSummary(addToTotals(emptyTotals(), ledger));
}

/** Per-period inputs to {@link periodRows} that are not bookings (curve values and unit counts). */
export interface PeriodCurves {
  /** index k-1 for period k */
  gw: readonly Decimal[];
  sharePrice: readonly Decimal[];
  amdUnitPrice: readonly Decimal[];
  baselineUnitPrice: readonly Decimal[];
  /** index k for e_k, index 0 = timeline.start */
  amdCumulative: readonly Decimal[];
  baselineCumulative: readonly Decimal[];
}

/**
 * The per-period table: each money field is the sum of that period's bookings of that kind, so a
 * column sum equals the summary total; cumulative net costs run over the periods.
 */
export function periodRows(schedule: readonly Period[], ledger: readonly Booking[], curves: PeriodCurves): PeriodRow[] {
  const rows: PeriodRow[] = schedule.map((period, i) => ({
    period,
    gw: curves.gw[i]!,
    share_price: curves.sharePrice[i]!,
    amd_unit_price: curves.amdUnitPrice[i]!,
    baseline_unit_price: curves.baselineUnitPrice[i]!,
    amd_units_cumulative: curves.amdCumulative[i + 1]!,
    baseline_units_cumulative: curves.baselineCumulative[i + 1]!,
    amd_units: ZERO,
    baseline_units: ZERO,
    amd_hardware_spend: ZERO,
    amd_other_costs: ZERO,
    amd_energy_cost: ZERO,
    baseline_hardware_spend: ZERO,
    baseline_other_costs: ZERO,
    baseline_energy_cost: ZERO,
    warrant_exercise_cost: ZERO,
    warrant_sale_proceeds: ZERO,
    warrant_tax: ZERO,
    amd_net_cost: ZERO,
    baseline_cost: ZERO,
    cumulative_amd_net_cost: ZERO,
    cumulative_baseline_cost: ZERO,
  }));
  for (const b of ledger) {
    const row = rows[b.period - 1]!;
    if (b.side === 'baseline') {
      row.baseline_cost = row.baseline_cost.plus(b.amount);
      if (b.kind === 'hardware') {
        row.baseline_hardware_spend = row.baseline_hardware_spend.plus(b.amount);
        row.baseline_units = row.baseline_units.plus(b.units ?? ZERO);
      } else if (b.kind === 'other_cost') row.baseline_other_costs = row.baseline_other_costs.plus(b.amount);
      else if (b.kind === 'energy') row.baseline_energy_cost = row.baseline_energy_cost.plus(b.amount);
      continue;
    }
    row.amd_net_cost = row.amd_net_cost.plus(b.amount);
    switch (b.kind) {
      case 'hardware':
        row.amd_hardware_spend = row.amd_hardware_spend.plus(b.amount);
        row.amd_units = row.amd_units.plus(b.units ?? ZERO);
        break;
      case 'other_cost':
        row.amd_other_costs = row.amd_other_costs.plus(b.amount);
        break;
      case 'energy':
        row.amd_energy_cost = row.amd_energy_cost.plus(b.amount);
        break;
      case 'exercise':
        row.warrant_exercise_cost = row.warrant_exercise_cost.plus(b.amount);
        break;
      case 'sale':
        row.warrant_sale_proceeds = row.warrant_sale_proceeds.minus(b.amount);
        break;
      case 'tax':
        row.warrant_tax = row.warrant_tax.plus(b.amount);
        break;
    }
  }
  let amdRunning = ZERO;
  let baselineRunning = ZERO;
  for (const row of rows) {
    amdRunning = amdRunning.plus(row.amd_net_cost);
    baselineRunning = baselineRunning.plus(row.baseline_cost);
    row.cumulative_amd_net_cost = amdRunning;
    row.cumulative_baseline_cost = baselineRunning;
  }
  return rows;
}
