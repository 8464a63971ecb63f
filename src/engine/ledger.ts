/**
 * The ledger is the truth (STYLE habit 2): discounting, ordering, and every total and period row
 * derived from booked amounts only (SPEC §3 "Totals"), so a spreadsheet SUM over a column equals
 * the printed total to the cent.
 */
import { Decimal, ONE, ZERO, cents, exactSum, product, roundRatio } from '../money/index.js';
import type { Day, Period } from '../time/index.js';
import { BOOKING_KINDS, SIDES, type Booking, type PeriodRow, type Summary } from './types.js';
import { growthFactor } from './curves.js';
import { derivedMetrics } from './derived.js';
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
  /** minus the sum of sale bookings: positive (money in) */
  warrant_sale_proceeds: Decimal;
  warrant_tax: Decimal;
  /** Σ amount × discount_factor over amd and warrant bookings, unrounded */
  amd_net_cost_pv_exact: Decimal;
  baseline_cost_pv_exact: Decimal;
  /** Σ amount × discount_factor over the amd bookings alone (SPEC v1.1 amd_gross_cost_pv), unrounded */
  amd_gross_cost_pv_exact: Decimal;
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
    warrant_sale_proceeds: ZERO,
    warrant_tax: ZERO,
    amd_net_cost_pv_exact: ZERO,
    baseline_cost_pv_exact: ZERO,
    amd_gross_cost_pv_exact: ZERO,
  };
}

/** The money and count fields that both {@link LedgerTotals} and {@link PeriodRow} carry. */
type MoneyField =
  | 'amd_hardware_spend'
  | 'amd_other_costs'
  | 'amd_energy_cost'
  | 'baseline_hardware_spend'
  | 'baseline_other_costs'
  | 'baseline_energy_cost'
  | 'warrant_exercise_cost'
  | 'warrant_sale_proceeds'
  | 'warrant_tax';

/**
 * Where a booking adds up, the one classification behind totals and period rows: the money field
 * (sale bookings are money in, so `warrant_sale_proceeds` takes them negated) and, for hardware,
 * the units field its count adds to.
 */
interface BookingColumn {
  money: MoneyField;
  negate?: true;
  units?: 'amd_units' | 'baseline_units';
}

const BOOKING_COLUMNS: Record<Booking['side'], Partial<Record<Booking['kind'], BookingColumn>>> = {
  amd: {
    hardware: { money: 'amd_hardware_spend', units: 'amd_units' },
    other_cost: { money: 'amd_other_costs' },
    energy: { money: 'amd_energy_cost' },
  },
  baseline: {
    hardware: { money: 'baseline_hardware_spend', units: 'baseline_units' },
    other_cost: { money: 'baseline_other_costs' },
    energy: { money: 'baseline_energy_cost' },
  },
  warrant: {
    exercise: { money: 'warrant_exercise_cost' },
    sale: { money: 'warrant_sale_proceeds', negate: true },
    tax: { money: 'warrant_tax' },
  },
};

/** Adds one booking's amount (and units) into `into` by {@link BOOKING_COLUMNS}. */
function addBooking(into: Pick<LedgerTotals, MoneyField | 'amd_units' | 'baseline_units'>, b: Booking): void {
  const column = BOOKING_COLUMNS[b.side][b.kind];
  if (column === undefined) return;
  into[column.money] = column.negate ? into[column.money].minus(b.amount) : into[column.money].plus(b.amount);
  if (column.units !== undefined) into[column.units] = into[column.units].plus(b.units ?? ZERO);
}

/** Adds bookings into a copy of `start` (never mutates its argument). */
export function addToTotals(start: LedgerTotals, bookings: readonly Booking[]): LedgerTotals {
  const t = { ...start };
  for (const b of bookings) {
    // exact for whole-year factors such as 6^−1 (money's `product`/`exactSum` carry the fraction)
    const present = b.discount_factor.eq(ONE) ? b.amount : product(b.amount, b.discount_factor);
    if (b.side === 'baseline') t.baseline_cost_pv_exact = exactSum(t.baseline_cost_pv_exact, present);
    else t.amd_net_cost_pv_exact = exactSum(t.amd_net_cost_pv_exact, present);
    if (b.side === 'amd') t.amd_gross_cost_pv_exact = exactSum(t.amd_gross_cost_pv_exact, present);
    // vested shares are counted from the exercise bookings (totals only: a period row has no such column)
    if (b.kind === 'exercise') t.warrant_vested_shares = t.warrant_vested_shares.plus(b.units ?? ZERO);
    addBooking(t, b);
  }
  return t;
}

/** SPEC §3 table: every metric from the running sums. */
export function totalsToSummary(t: LedgerTotals): Summary {
  const amd_gross_cost = t.amd_hardware_spend.plus(t.amd_other_costs).plus(t.amd_energy_cost);
  const warrant_sale_proceeds = t.warrant_sale_proceeds;
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
    // a quotient of two whole-cent amounts: a tie at 6 decimals is a short terminating decimal
    // (exact in 60 digits), and a non-tie lies further from one than 60 digits can blur — so the
    // plain Decimal division rounds exactly, with no fraction needed
    effective_discount: t.amd_hardware_spend.isZero() ? ZERO : roundRatio(warrant_net_value.div(t.amd_hardware_spend)),
    amd_net_cost_pv,
    baseline_cost_pv,
    savings_pv: baseline_cost_pv.minus(amd_net_cost_pv),
    ...derivedMetrics({
      amd_units: t.amd_units,
      amd_gross_cost,
      amd_net_cost,
      baseline_cost,
      amd_net_cost_pv,
      baseline_cost_pv,
      amdGrossCostPvExact: t.amd_gross_cost_pv_exact,
    }),
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
    if (b.side === 'baseline') row.baseline_cost = row.baseline_cost.plus(b.amount);
    else row.amd_net_cost = row.amd_net_cost.plus(b.amount);
    addBooking(row, b);
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
