/**
 * The validated scenario (SPEC §2) as the engine sees it: every default filled in, every number an
 * exact Decimal, every date a {@link Day}. Keys keep SPEC's snake_case names so that `--set` paths,
 * error paths and these fields are one vocabulary.
 *
 * This is the *instrument and market input* (STYLE: terms, market and method apart); it knows
 * nothing of how it is valued.
 */
import type { MetricName } from './metrics.js';
import type { Decimal } from '../money/index.js';
import type { Day, Step } from '../time/index.js';

export type Interpolation = 'linear' | 'step';
export type SellTiming = 'at_vest' | 'at_horizon';

export interface Timeline {
  start: Day;
  /** 1..1200 */
  periods: number;
  step: Step;
  /** default: start */
  valuation_date: Day;
  /** annual effective rate, >= 0, default 0 */
  discount_rate: Decimal;
}

export interface DeploymentPoint {
  date: Day;
  gw: Decimal;
}

export interface Deployment {
  interpolation: Interpolation;
  /** >= 1 point; dates strictly increasing and after timeline.start; gw non-decreasing, >= 0 */
  points: DeploymentPoint[];
}

export interface OneOffCost {
  kind: 'one_off';
  name: string;
  amount: Decimal;
  date: Day;
}

export interface RecurringCost {
  kind: 'recurring';
  name: string;
  per_year: Decimal;
  /** default timeline.start */
  from: Day;
  /** default: the last period's end date */
  to: Day;
}

/** v1.1: cents(per_unit_year × avg installed units × overlap_days / 365) per period (SPEC §3 "Other costs"). */
export interface PerUnitCost {
  kind: 'per_unit';
  name: string;
  per_unit_year: Decimal;
  /** default timeline.start */
  from: Day;
  /** default: the last period's end date */
  to: Day;
}

export type OtherCost = OneOffCost | RecurringCost | PerUnitCost;

/** v1.1 (SPEC §2): delivered throughput per accelerator as a dated curve, e.g. ROCm maturing. */
export interface PerformancePoint {
  date: Day;
  /** > 0 */
  value: Decimal;
}

export interface PerformanceCurve {
  interpolation: Interpolation;
  /** >= 1 point, dates strictly increasing */
  points: PerformancePoint[];
}

/** A plain number p is the constant curve p (kept as a Decimal, so v1 scenarios are unchanged). */
export type Performance = Decimal | PerformanceCurve;

/** v1.1 (SPEC §2 `supply_delay`): AMD's deliveries lag the schedule; the baseline keeps it. */
export interface SupplyDelay {
  /** whole days >= 0 */
  days: number;
  /** money per GW-year of compute that arrives late, >= 0, default 0 */
  cost_per_gw_year: Decimal;
}

/** Fields common to the supplier (amd) and the all-Nvidia baseline. */
export interface SideTerms {
  unit_price: Decimal;
  /** annual rate, > -1, default 0 */
  price_change: Decimal;
  /** default 1, > 0; or a dated curve (v1.1) */
  performance: Performance;
  /** needed only with energy */
  kw_per_unit?: Decimal;
  other_costs: OtherCost[];
}

export interface Supplier extends SideTerms {
  /** default 'MI450' when absent */
  product: string;
  units_per_gw: Decimal;
}

export interface Baseline extends SideTerms {
  /** default 'Nvidia' when absent */
  name: string;
}

export interface SharePricePoint {
  date: Day;
  price: Decimal;
}

export interface CagrSharePrice {
  model: 'cagr';
  start: Decimal;
  /** default timeline.valuation_date */
  date: Day;
  cagr: Decimal;
  /** annual, >= 0; `simulate` and `value` only; default 0 */
  volatility: Decimal;
}

export interface PointsSharePrice {
  model: 'points';
  points: SharePricePoint[];
  interpolation: Interpolation;
  volatility: Decimal;
}

export type SharePrice = CagrSharePrice | PointsSharePrice;

export interface Tranche {
  /** whole number > 0 */
  shares: Decimal;
  /** optional GW condition, >= 0 */
  gw?: Decimal;
  /** optional share-price condition, > 0 */
  price?: Decimal;
}

export interface Warrant {
  shares: Decimal;
  strike: Decimal;
  expiry: Day;
  tranches: Tranche[];
  sell: SellTiming;
  /** 0..1, default 0 */
  tax_rate: Decimal;
}

export interface Energy {
  price_per_mwh: Decimal;
  /** >= 1, default 1 */
  pue: Decimal;
  /** 0..1, default 1 */
  utilization: Decimal;
}

/** One `expect:` entry (SPEC §2, §9): inclusive bounds and/or an exact value of a metric. */
export interface ExpectBounds {
  min?: Decimal;
  max?: Decimal;
  equals?: Decimal;
}

/** SPEC §2 v1.1 `valuation` (used by `value`, SPEC §7); defaults filled in. */
export interface Valuation {
  /** annual effective, > -1, default 0 */
  risk_free_rate: Decimal;
  /** annual effective, > -1, default 0 */
  dividend_yield: Decimal;
}

/** SPEC §2 v1.1 `dilution`: shares outstanding before the warrant's shares (N of Hull's N/(N+M)). */
export interface Dilution {
  shares_outstanding: Decimal;
}

export interface Scenario {
  version: 1;
  name: string;
  description?: string;
  /** display label, default 'USD' */
  currency: string;
  timeline: Timeline;
  deployment: Deployment;
  amd: Supplier;
  baseline: Baseline;
  share_price: SharePrice;
  warrant: Warrant;
  energy?: Energy;
  /** checked by `check`, ignored by every other command (SPEC §9) */
  expect?: Partial<Record<MetricName, ExpectBounds>>;
  /** SPEC §5 "Uncertain inputs": drawn anew on every path by `simulate` (ignored by `model`) */
  uncertainty?: Uncertainty;
  /** absent when the file has no `valuation` section (then `value` uses r = q = 0) */
  valuation?: Valuation;
  dilution?: Dilution;
  /** v1.1 */
  supply_delay?: SupplyDelay;
}

/** One family of SPEC §5 with its parameters, exact as written. */
export type UncertainFamily =
  | { family: 'normal'; mean: Decimal; sd: Decimal }
  | { family: 'lognormal'; mean: Decimal; sd: Decimal }
  | { family: 'uniform'; min: Decimal; max: Decimal }
  | { family: 'triangular'; min: Decimal; mode: Decimal; max: Decimal }
  | { family: 'pert'; min: Decimal; mode: Decimal; max: Decimal }
  | { family: 'discrete'; values: Decimal[]; weights: Decimal[] };

/** One uncertain input: a numeric leaf path (as `--set` writes it) and its distribution. */
export interface UncertainInput {
  /** as written, e.g. `baseline.unit_price` or `warrant.tranches[2].price` */
  path: string;
  distribution: UncertainFamily;
  /** optional truncation bounds */
  min?: Decimal;
  max?: Decimal;
}

/** A Spearman rank correlation between two inputs (indices into `inputs`). */
export interface InputCorrelation {
  between: [number, number];
  rho: Decimal;
}

export interface Uncertainty {
  /** in file order */
  inputs: UncertainInput[];
  correlations: InputCorrelation[];
}
