/**
 * What the engine returns (SPEC §3). The ledger of bookings is the truth (STYLE habit 2): every
 * total in {@link Summary}, every period row and every tranche figure is derived from it.
 */
import type { Decimal } from '../money/index.js';
import type { Day, Period } from '../time/index.js';
import type { Scenario } from '../scenario/types.js';
import { METRIC_NAMES, type MetricName } from '../scenario/metrics.js';

/** Who a booking belongs to: the AMD side, the all-Nvidia baseline, or the AMD warrant. */
export type Side = 'amd' | 'baseline' | 'warrant';

/** What a booking is. Sorted in this order within a date and side (ledger view). */
export type BookingKind = 'hardware' | 'other_cost' | 'energy' | 'exercise' | 'sale' | 'tax';

export const SIDES: readonly Side[] = ['amd', 'baseline', 'warrant'];
export const BOOKING_KINDS: readonly BookingKind[] = ['hardware', 'other_cost', 'energy', 'exercise', 'sale', 'tax'];

/**
 * One dated amount. `amount` is whole cents (a Decimal with at most 2 decimals) signed as a cost
 * to the buyer: money out is positive, money in (warrant sale proceeds, a rebate) is negative. So
 * the AMD net cost is the plain sum of the `amd` and `warrant` bookings, and the baseline cost the
 * sum of the `baseline` bookings.
 */
export interface Booking {
  date: Day;
  side: Side;
  kind: BookingKind;
  /** e.g. "MI450", "ROCm porting", "tranche 2" */
  label: string;
  /** 1-based period the booking falls in */
  period: number;
  /** accelerators bought (hardware) or shares (warrant bookings); absent otherwise */
  units?: Decimal;
  /** {@link units} as an integer (units and shares are whole) */
  count?: bigint;
  /** the amount in dollars (whole cents), signed as a cost to the buyer */
  amount: Decimal;
  /** the same amount as integer cents: what every total is summed from */
  cents: bigint;
  /** (1 + discount_rate)^(-yf(valuation_date, date)), unrounded */
  discount_factor: Decimal;
}

/**
 * SPEC §3 metric names: the contract for `--metric`, JSON, CSV and a scenario's `expect:` block.
 * The list lives with the scenario file (`expect` keys are validated against it); re-exported here.
 */
export { METRIC_NAMES };

export type { MetricName } from '../scenario/metrics.js';

/** How each metric is written: counts as integers, money with 2 decimals, the ratio with 6. */
export type MetricKind = 'count' | 'money' | 'ratio';

export const METRIC_KINDS: Record<MetricName, MetricKind> = {
  amd_units: 'count',
  baseline_units: 'count',
  amd_hardware_spend: 'money',
  amd_other_costs: 'money',
  amd_energy_cost: 'money',
  amd_gross_cost: 'money',
  warrant_vested_shares: 'count',
  warrant_exercise_cost: 'money',
  warrant_sale_proceeds: 'money',
  warrant_tax: 'money',
  warrant_net_value: 'money',
  amd_net_cost: 'money',
  baseline_hardware_spend: 'money',
  baseline_other_costs: 'money',
  baseline_energy_cost: 'money',
  baseline_cost: 'money',
  savings: 'money',
  effective_discount: 'ratio',
  amd_net_cost_pv: 'money',
  baseline_cost_pv: 'money',
  savings_pv: 'money',
  cost_advantage: 'money',
  amd_gross_cost_pv: 'money',
  warrant_net_value_pv: 'money',
  cost_advantage_pv: 'money',
  amd_net_cost_per_unit: 'money',
  baseline_cost_per_amd_unit: 'money',
};

export type Summary = Record<MetricName, Decimal>;

/** Decimal places of each metric kind (SPEC §3: counts whole, money in cents, the ratio to 6). */
export const KIND_PLACES: Record<MetricKind, number> = { count: 0, money: 2, ratio: 6 };

/**
 * The SPEC §3 summary as integers, each metric scaled by its kind's places (money in cents, the
 * ratio in millionths, counts as they are): what the engine computes; {@link Summary} is its
 * Decimal reading for the report layer.
 */
export type ScaledSummary = Record<MetricName, bigint>;

/** One row of the per-period table; money fields are sums of that period's bookings. */
export interface PeriodRow {
  period: Period;
  /** GW(e_k), unrounded */
  gw: Decimal;
  /** P(e_k), unrounded */
  share_price: Decimal;
  amd_unit_price: Decimal;
  baseline_unit_price: Decimal;
  /** cumulative units at e_k */
  amd_units_cumulative: Decimal;
  baseline_units_cumulative: Decimal;
  /** bought in this period */
  amd_units: Decimal;
  baseline_units: Decimal;
  amd_hardware_spend: Decimal;
  amd_other_costs: Decimal;
  amd_energy_cost: Decimal;
  baseline_hardware_spend: Decimal;
  baseline_other_costs: Decimal;
  baseline_energy_cost: Decimal;
  warrant_exercise_cost: Decimal;
  /** positive: money received */
  warrant_sale_proceeds: Decimal;
  warrant_tax: Decimal;
  /** amd hardware + other + energy + exercise + tax - proceeds, this period */
  amd_net_cost: Decimal;
  baseline_cost: Decimal;
  cumulative_amd_net_cost: Decimal;
  cumulative_baseline_cost: Decimal;
}

/** Why a tranche did not vest within the timeline (absent when it vested). */
export type NotVestedReason =
  | 'gw_never_reached' // the deployment never reaches the tranche's GW
  | 'gw_not_reached' // GW reached only after the timeline or after expiry
  | 'price_not_reached' // the share price never met the condition in time
  | 'expired' // both conditions met only after expiry
  | 'timeline_ended'; // conditions not both met by the last period end (expiry later)

export interface TrancheResult {
  /** 1-based, as in `warrant.tranches[index-1]` */
  index: number;
  shares: Decimal;
  gw?: Decimal;
  price?: Decimal;
  /** first period end at which the GW condition held (undefined: never) */
  gw_met_date?: Day;
  /** first period end at which the price condition was met (undefined: never) */
  price_met_date?: Day;
  vest_date?: Day;
  not_vested_reason?: NotVestedReason;
  /** present when vested */
  sale_date?: Day;
  sale_price?: Decimal;
  exercise_cost: Decimal;
  proceeds: Decimal;
  /** proceeds - exercise cost (may be negative) */
  gain: Decimal;
  tax: Decimal;
}

export interface Warning {
  code: 'tranche_unvested_before_expiry' | 'tranche_gw_unreachable' | string;
  /** SPEC-style path, e.g. `warrant.tranches[3]` */
  path: string;
  message: string;
}

export interface ModelResult {
  scenario: Scenario;
  periods: PeriodRow[];
  tranches: TrancheResult[];
  /** every booked amount; sorted by date, then side (SIDES order), then kind (BOOKING_KINDS order) */
  ledger: Booking[];
  summary: Summary;
  warnings: Warning[];
}
