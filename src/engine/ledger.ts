/**
 * The ledger is the truth (STYLE habit 2): discounting, ordering, and every total and period row
 * derived from booked amounts only (SPEC §3 "Totals"), so a spreadsheet SUM over a column equals
 * the printed total to the cent.
 */
import {
  Decimal,
  ONE,
  ZERO_FRACTION,
  addFractions,
  decimalOfScaled,
  exactValue,
  roundScaled,
  roundedQuotientSigned,
  scaleFraction,
  type Fraction,
} from '../money/index.js';
import type { Day, Period } from '../time/index.js';
import {
  BOOKING_KINDS,
  KIND_PLACES,
  METRIC_KINDS,
  METRIC_NAMES,
  SIDES,
  type Booking,
  type PeriodRow,
  type ScaledSummary,
  type Summary,
} from './types.js';
import type { VestedTranche } from './warrant.js';
import { growthFactor } from './curves.js';
import { costDerivedMetrics, warrantDerivedMetrics } from './derived.js';
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
 * Running sums over bookings, in integer cents (money), whole counts, and exact fractions for the
 * present values (Σ cents × discount factor, rounded once at the end). Kept separate from
 * {@link summarize} so a caller can total the price-independent bookings once and add only the
 * warrant's amounts per share-price path.
 */
export interface LedgerTotals {
  amd_units: bigint;
  baseline_units: bigint;
  amd_hardware_spend: bigint;
  amd_other_costs: bigint;
  amd_energy_cost: bigint;
  baseline_hardware_spend: bigint;
  baseline_other_costs: bigint;
  baseline_energy_cost: bigint;
  warrant_vested_shares: bigint;
  warrant_exercise_cost: bigint;
  /** minus the sum of sale bookings: positive (money in) */
  warrant_sale_proceeds: bigint;
  warrant_tax: bigint;
  /** Σ cents × discount_factor over amd and warrant bookings, exact */
  amd_net_cost_pv_exact: Fraction;
  baseline_cost_pv_exact: Fraction;
  /** Σ cents × discount_factor over the amd bookings alone (SPEC v1.1 amd_gross_cost_pv), exact */
  amd_gross_cost_pv_exact: Fraction;
}

export function emptyTotals(): LedgerTotals {
  return {
    amd_units: 0n,
    baseline_units: 0n,
    amd_hardware_spend: 0n,
    amd_other_costs: 0n,
    amd_energy_cost: 0n,
    baseline_hardware_spend: 0n,
    baseline_other_costs: 0n,
    baseline_energy_cost: 0n,
    warrant_vested_shares: 0n,
    warrant_exercise_cost: 0n,
    warrant_sale_proceeds: 0n,
    warrant_tax: 0n,
    amd_net_cost_pv_exact: ZERO_FRACTION,
    baseline_cost_pv_exact: ZERO_FRACTION,
    amd_gross_cost_pv_exact: ZERO_FRACTION,
  };
}

/** The money fields that both {@link LedgerTotals} and {@link PeriodRow} carry. */
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

/** What a total reads of a booking (a {@link Booking} is one; so is a warrant flow of a path). */
export type Flow = Pick<Booking, 'side' | 'kind' | 'cents' | 'count' | 'discount_factor'>;

/** Adds one amount into `t` (mutated) by {@link BOOKING_COLUMNS}, its present value included. */
function addFlow(t: LedgerTotals, b: Flow, presentValue = true): void {
  // exact: cents × the discount factor's exact value (whole-year factors such as 6^−1 are fractions)
  if (presentValue && b.cents !== 0n) {
    const present = presentValueOf(b);
    if (b.side === 'baseline') t.baseline_cost_pv_exact = addFractions(t.baseline_cost_pv_exact, present);
    else t.amd_net_cost_pv_exact = addFractions(t.amd_net_cost_pv_exact, present);
    if (b.side === 'amd') t.amd_gross_cost_pv_exact = addFractions(t.amd_gross_cost_pv_exact, present);
  }
  // vested shares are counted from the exercise bookings (totals only: a period row has no such column)
  if (b.kind === 'exercise') t.warrant_vested_shares += b.count ?? 0n;
  const column = BOOKING_COLUMNS[b.side][b.kind];
  if (column === undefined) return;
  t[column.money] = column.negate ? t[column.money] - b.cents : t[column.money] + b.cents;
  if (column.units !== undefined) t[column.units] += b.count ?? 0n;
}

/** A flow's present value cents × discount factor, exact. */
function presentValueOf(b: Flow): Fraction {
  return b.discount_factor === ONE ? { num: b.cents, den: 1n } : scaleFraction(exactValue(b.discount_factor), b.cents);
}

/**
 * Adds bookings into a copy of `start` (never mutates its argument); without their present values
 * when `presentValue` is false (the caller decides the PV apart, see {@link vestedPresentValue}).
 */
export function addToTotals(start: LedgerTotals, bookings: readonly Flow[], presentValue = true): LedgerTotals {
  const t = { ...start };
  for (const b of bookings) addFlow(t, b, presentValue);
  return t;
}

/**
 * Adds the warrant's amounts of one path ({@link vestedTranches}) into a copy of `start`: the same
 * rows {@link bookWarrant} books (exercise on the vest date, sale negated and tax on the sale date,
 * no tax row at a tax rate of 0), without building the rows.
 */
export function addVestedToTotals(
  start: LedgerTotals,
  vested: readonly VestedTranche[],
  taxed: boolean,
  discountFactorAt: DiscountFactorAt,
): LedgerTotals {
  return addToTotals(start, vestedFlows(vested, taxed, discountFactorAt));
}

/** The rows {@link bookWarrant} books for the vested tranches, as flows. */
export function vestedFlows(vested: readonly VestedTranche[], taxed: boolean, discountFactorAt: DiscountFactorAt): Flow[] {
  const flows: Flow[] = [];
  for (const v of vested) {
    const vestFactor = discountFactorAt(v.vestPeriod.end);
    const saleFactor = v.salePeriod === v.vestPeriod ? vestFactor : discountFactorAt(v.salePeriod.end);
    flows.push({ side: 'warrant', kind: 'exercise', cents: v.exercise, count: v.shares, discount_factor: vestFactor });
    flows.push({ side: 'warrant', kind: 'sale', cents: -v.proceeds, count: v.shares, discount_factor: saleFactor });
    if (taxed) flows.push({ side: 'warrant', kind: 'tax', cents: v.tax, count: v.shares, discount_factor: saleFactor });
  }
  return flows;
}

/**
 * amd_net_cost_pv of `start` plus the warrant's flows ({@link vestedFlows}), rounded half-even to
 * cents: from float64 when the float sum lies further from a half cent than its error bound —
 * (flows + 3) × 2^−52 of the sum of the terms' magnitudes, every float conversion, product and sum
 * being within 2^−53 — and from the exact fractions otherwise. `startFloat` is start's PV as a
 * float ({@link presentValueFloat}).
 */
export function vestedPresentValue(start: LedgerTotals, startFloat: number, flows: readonly Flow[]): bigint {
  let sum = startFloat;
  let magnitude = Math.abs(startFloat);
  let exactCents = true;
  for (const f of flows) {
    if (f.cents > MAX_FLOAT_CENTS || f.cents < -MAX_FLOAT_CENTS) exactCents = false;
    const term = Number(f.cents) * floatOf(f.discount_factor);
    sum += term;
    magnitude += Math.abs(term);
  }
  const floor = Math.floor(sum);
  const bound = magnitude * (flows.length + 3) * 2 ** -52 + 1e-9;
  if (exactCents && Math.abs(sum) < 2 ** 52 && Math.abs(sum - floor - 0.5) > bound) return BigInt(sum - floor < 0.5 ? floor : floor + 1);
  let exact = start.amd_net_cost_pv_exact;
  for (const f of flows) if (f.cents !== 0n) exact = addFractions(exact, presentValueOf(f));
  return roundScaled(exact, 0);
}

const MAX_FLOAT_CENTS = 2n ** 53n;
const floats = new WeakMap<Decimal, number>();

/** A discount factor as float64 (within 2^−53 of it), once per factor. */
function floatOf(d: Decimal): number {
  let f = floats.get(d);
  if (f === undefined) floats.set(d, (f = Number(d.toString())));
  return f;
}

/** The amd-side PV of totals as float64 (its exact fraction's numerator over its denominator). */
export function presentValueFloat(t: LedgerTotals): number {
  const f = t.amd_net_cost_pv_exact;
  return Number(f.num) / Number(f.den);
}

/** SPEC §3 table: every metric from the running sums, in integers (see {@link ScaledSummary}). */
export function totalsToScaled(t: LedgerTotals): ScaledSummary {
  return withWarrantMetrics(t, costMetrics(t));
}

/** The metrics no warrant amount reaches: the same on every share-price path of a scenario. */
export type CostMetrics = Pick<
  ScaledSummary,
  | 'amd_units'
  | 'baseline_units'
  | 'amd_hardware_spend'
  | 'amd_other_costs'
  | 'amd_energy_cost'
  | 'amd_gross_cost'
  | 'baseline_hardware_spend'
  | 'baseline_other_costs'
  | 'baseline_energy_cost'
  | 'baseline_cost'
  | 'baseline_cost_pv'
  | 'amd_gross_cost_pv'
  | 'cost_advantage'
  | 'cost_advantage_pv'
  | 'baseline_cost_per_amd_unit'
>;

/** SPEC §3's cost-side metrics from the running sums (those {@link CostMetrics} names). */
export function costMetrics(t: LedgerTotals): CostMetrics {
  const amd_gross_cost = t.amd_hardware_spend + t.amd_other_costs + t.amd_energy_cost;
  const baseline_cost = t.baseline_hardware_spend + t.baseline_other_costs + t.baseline_energy_cost;
  const baseline_cost_pv = roundScaled(t.baseline_cost_pv_exact, 0);
  return {
    amd_units: t.amd_units,
    baseline_units: t.baseline_units,
    amd_hardware_spend: t.amd_hardware_spend,
    amd_other_costs: t.amd_other_costs,
    amd_energy_cost: t.amd_energy_cost,
    amd_gross_cost,
    baseline_hardware_spend: t.baseline_hardware_spend,
    baseline_other_costs: t.baseline_other_costs,
    baseline_energy_cost: t.baseline_energy_cost,
    baseline_cost,
    baseline_cost_pv,
    ...costDerivedMetrics({
      amd_units: t.amd_units,
      amd_gross_cost,
      baseline_cost,
      baseline_cost_pv,
      amdGrossCostPvExact: t.amd_gross_cost_pv_exact,
    }),
  };
}

/**
 * The whole summary: `cost` (the {@link costMetrics} of the same cost bookings, which `simulate`
 * computes once per run) and the metrics the warrant's amounts in `t` reach; `amdNetCostPv`, when
 * given, is amd_net_cost_pv already rounded ({@link vestedPresentValue}).
 */
export function withWarrantMetrics(t: LedgerTotals, cost: CostMetrics, amdNetCostPv?: bigint): ScaledSummary {
  const warrant_net_value = t.warrant_sale_proceeds - t.warrant_exercise_cost - t.warrant_tax;
  const amd_net_cost = cost.amd_gross_cost - warrant_net_value;
  const amd_net_cost_pv = amdNetCostPv ?? roundScaled(t.amd_net_cost_pv_exact, 0);
  const { warrant_net_value_pv, amd_net_cost_per_unit } = warrantDerivedMetrics({
    amd_units: cost.amd_units,
    amd_net_cost,
    amd_net_cost_pv,
    amd_gross_cost_pv: cost.amd_gross_cost_pv,
  });
  // one literal in METRIC_NAMES order (a fixed shape: this runs once per Monte Carlo path)
  return {
    amd_units: cost.amd_units,
    baseline_units: cost.baseline_units,
    amd_hardware_spend: cost.amd_hardware_spend,
    amd_other_costs: cost.amd_other_costs,
    amd_energy_cost: cost.amd_energy_cost,
    amd_gross_cost: cost.amd_gross_cost,
    warrant_vested_shares: t.warrant_vested_shares,
    warrant_exercise_cost: t.warrant_exercise_cost,
    warrant_sale_proceeds: t.warrant_sale_proceeds,
    warrant_tax: t.warrant_tax,
    warrant_net_value,
    amd_net_cost,
    baseline_hardware_spend: cost.baseline_hardware_spend,
    baseline_other_costs: cost.baseline_other_costs,
    baseline_energy_cost: cost.baseline_energy_cost,
    baseline_cost: cost.baseline_cost,
    savings: cost.baseline_cost - amd_net_cost,
    // roundRatio(warrant_net_value / amd_hardware_spend): the cents cancel; 10^6 × the quotient,
    // rounded half-even, is the ratio in millionths — one exact division
    effective_discount:
      cost.amd_hardware_spend === 0n ? 0n : roundedQuotientSigned(warrant_net_value * MILLION, cost.amd_hardware_spend),
    amd_net_cost_pv,
    baseline_cost_pv: cost.baseline_cost_pv,
    savings_pv: cost.baseline_cost_pv - amd_net_cost_pv,
    cost_advantage: cost.cost_advantage,
    amd_gross_cost_pv: cost.amd_gross_cost_pv,
    warrant_net_value_pv,
    cost_advantage_pv: cost.cost_advantage_pv,
    amd_net_cost_per_unit,
    baseline_cost_per_amd_unit: cost.baseline_cost_per_amd_unit,
  };
}

const MILLION = 1_000_000n;

/** The Decimal reading of a {@link ScaledSummary} (money in dollars with cents, and so on). */
export function scaledToSummary(s: ScaledSummary): Summary {
  const out = {} as Summary;
  for (const m of METRIC_NAMES) out[m] = decimalOfScaled(s[m], KIND_PLACES[METRIC_KINDS[m]]);
  return out;
}

/** SPEC §3 table: every metric from the running sums, as Decimals. */
export function totalsToSummary(t: LedgerTotals): Summary {
  return scaledToSummary(totalsToScaled(t));
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
  const sums = schedule.map(() => ({ ...emptyTotals(), amd_net_cost: 0n, baseline_cost: 0n }));
  for (const b of ledger) {
    const row = sums[b.period - 1]!;
    if (b.side === 'baseline') row.baseline_cost += b.cents;
    else row.amd_net_cost += b.cents;
    addFlow(row, b);
  }
  let amdRunning = 0n;
  let baselineRunning = 0n;
  const money = (c: bigint) => decimalOfScaled(c, 2);
  return schedule.map((period, i) => {
    const t = sums[i]!;
    amdRunning += t.amd_net_cost;
    baselineRunning += t.baseline_cost;
    return {
      period,
      gw: curves.gw[i]!,
      share_price: curves.sharePrice[i]!,
      amd_unit_price: curves.amdUnitPrice[i]!,
      baseline_unit_price: curves.baselineUnitPrice[i]!,
      amd_units_cumulative: curves.amdCumulative[i + 1]!,
      baseline_units_cumulative: curves.baselineCumulative[i + 1]!,
      amd_units: decimalOfScaled(t.amd_units, 0),
      baseline_units: decimalOfScaled(t.baseline_units, 0),
      amd_hardware_spend: money(t.amd_hardware_spend),
      amd_other_costs: money(t.amd_other_costs),
      amd_energy_cost: money(t.amd_energy_cost),
      baseline_hardware_spend: money(t.baseline_hardware_spend),
      baseline_other_costs: money(t.baseline_other_costs),
      baseline_energy_cost: money(t.baseline_energy_cost),
      warrant_exercise_cost: money(t.warrant_exercise_cost),
      warrant_sale_proceeds: money(t.warrant_sale_proceeds),
      warrant_tax: money(t.warrant_tax),
      amd_net_cost: money(t.amd_net_cost),
      baseline_cost: money(t.baseline_cost),
      cumulative_amd_net_cost: money(amdRunning),
      cumulative_baseline_cost: money(baselineRunning),
    };
  });
}
