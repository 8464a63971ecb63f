/**
 * The ONE implementation of vesting, exercise, sale and tax (SPEC §3 "Vesting", "Sale"). It reads
 * the share price only through `sharePriceAtEnds`, an array of P(e_k), so `model` feeds the
 * deterministic path and `simulate` feeds noisy ones through the very same code (STYLE habit 3).
 */
import { Decimal, ZERO, atLeast, decimalOfScaled, roundedRatioScaled, scaledOf } from '../money/index.js';
import { formatDay, type Period } from '../time/index.js';
import type { Tranche, Warrant } from '../scenario/types.js';
import type { Booking, NotVestedReason, TrancheResult, Warning } from './types.js';
import { gwAtLeast, type DeploymentLevel } from './curves.js';
import { makeBooking, type DiscountFactorAt } from './costs.js';

/** What {@link vestTranches} decided for one tranche; periods are 1-based (period k ends on e_k). */
export interface VestingDecision {
  /** 1-based tranche index */
  index: number;
  /** first period whose end met the GW condition (any e_k, even after expiry); absent: never */
  gwMetPeriod?: number;
  /** first period whose end met the price condition; absent: never */
  priceMetPeriod?: number;
  /** the vest period; absent when not vested */
  vestPeriod?: number;
  notVestedReason?: NotVestedReason;
}

/** Optional accelerators of {@link vestTranches}; each gives exactly the decision it replaces. */
export interface VestingShortcuts {
  /** `gwHolds[t][k-1]`: GW(e_k) ≥ gw of tranche t+1 (see {@link gwConditionTable}) */
  gwHolds?: readonly (readonly boolean[])[];
  /** exactly `P(e_k) ≥ threshold` for index k-1 */
  priceAtLeast?: (index: number, threshold: Decimal) => boolean;
}

/**
 * SPEC §3 "Vesting", the GW half: for each tranche t and period end e_k, GW(e_k) ≥ gw (exact,
 * `gwAtLeast`; true when the tranche has no GW condition). It does not depend on the share price,
 * so a Monte Carlo run computes it once instead of once per path.
 */
export function gwConditionTable(warrant: Warrant, gwAtEnds: readonly DeploymentLevel[]): boolean[][] {
  return warrant.tranches.map((tranche) =>
    gwAtEnds.map((level) => tranche.gw === undefined || gwAtLeast(level, tranche.gw)),
  );
}

/**
 * SPEC §3 "Vesting". For each tranche, at each period end e_k (k = 1..n) in order: the GW condition
 * holds when GW(e_k) ≥ gw (exact); the price condition holds from the first e_j with P(e_j) ≥ price
 * onwards (latched); the tranche vests at the first e_k where both hold, provided e_k ≤ expiry.
 * A missing condition always holds.
 *
 * `gwAtEnds[k-1]` is GW(e_k) and `sharePriceAtEnds[k-1]` is P(e_k). `maxGw` is the most the
 * deployment ever reaches, used only to choose the reason a tranche did not vest:
 * - `gw_never_reached`: gw > maxGw, it can never vest;
 * - `expired`: both conditions first held together at a period end after expiry;
 * - `timeline_ended`: not both held by e_n while expiry is later than e_n (could vest later);
 * - `gw_not_reached`: expiry ≤ e_n and GW(e_k) ≥ gw at no e_k ≤ expiry;
 * - `price_not_reached`: expiry ≤ e_n, the GW condition held in time but the price never did.
 *
 * `shortcuts` (optional) only make the same decisions faster, for Monte Carlo's hot loop:
 * `gwHolds[t][k-1]` is GW(e_k) ≥ gw of tranche t+1 computed once per scenario
 * ({@link gwConditionTable}); `priceAtLeast(k-1, price)` must answer exactly
 * `sharePriceAtEnds[k-1] ≥ price` (simulate screens with floats and falls back to the exact
 * decimal comparison near the threshold), so the array entry need not be built.
 */
export function vestTranches(
  warrant: Warrant,
  schedule: readonly Period[],
  gwAtEnds: readonly DeploymentLevel[],
  sharePriceAtEnds: readonly Decimal[],
  maxGw?: Decimal,
  shortcuts: VestingShortcuts = {},
): VestingDecision[] {
  const n = schedule.length;
  const lastEnd = schedule[n - 1]!.end;
  const { gwHolds: gwTable, priceAtLeast } = shortcuts;
  return warrant.tranches.map((tranche, t) => {
    let gwMetPeriod: number | undefined;
    let priceMetPeriod: number | undefined;
    let bothMetPeriod: number | undefined;
    let gwMetBeforeExpiry = false;
    const gwRow = gwTable?.[t];
    for (let k = 1; k <= n; k++) {
      const gwHolds =
        tranche.gw === undefined || (gwRow !== undefined ? gwRow[k - 1]! : gwAtLeast(gwAtEnds[k - 1]!, tranche.gw));
      if (gwHolds && gwMetPeriod === undefined) gwMetPeriod = k;
      if (gwHolds && schedule[k - 1]!.end <= warrant.expiry) gwMetBeforeExpiry = true;
      if (
        priceMetPeriod === undefined &&
        (tranche.price === undefined ||
          (priceAtLeast !== undefined ? priceAtLeast(k - 1, tranche.price) : atLeast(sharePriceAtEnds[k - 1]!, tranche.price)))
      ) {
        priceMetPeriod = k;
      }
      if (gwHolds && priceMetPeriod !== undefined) {
        bothMetPeriod = k;
        break;
      }
    }
    const decision: VestingDecision = { index: t + 1 };
    if (gwMetPeriod !== undefined) decision.gwMetPeriod = gwMetPeriod;
    if (priceMetPeriod !== undefined) decision.priceMetPeriod = priceMetPeriod;
    if (bothMetPeriod !== undefined && schedule[bothMetPeriod - 1]!.end <= warrant.expiry) {
      decision.vestPeriod = bothMetPeriod;
      return decision;
    }
    if (bothMetPeriod !== undefined) {
      decision.notVestedReason = 'expired';
    } else if (tranche.gw !== undefined && maxGw !== undefined && tranche.gw.gt(maxGw)) {
      decision.notVestedReason = 'gw_never_reached';
    } else if (warrant.expiry > lastEnd) {
      decision.notVestedReason = 'timeline_ended';
    } else if (!gwMetBeforeExpiry) {
      decision.notVestedReason = 'gw_not_reached';
    } else {
      decision.notVestedReason = 'price_not_reached';
    }
    return decision;
  });
}

/**
 * A tranche's shares as an integer and its exercise cost cents(shares × strike) (SPEC §3
 * "Vesting"), memoised per tranche for its (shares, strike) Decimals: neither depends on the share
 * price, and Monte Carlo reads both on every path. Decimals are immutable, so the memo can never
 * return a stale amount.
 */
const termsMemo = new WeakMap<Tranche, { shares: Decimal; strike: Decimal; count: bigint; exercise: bigint }>();

function trancheTerms(tranche: Tranche, strike: Decimal): { count: bigint; exercise: bigint } {
  const memo = termsMemo.get(tranche);
  if (memo !== undefined && memo.shares === tranche.shares && memo.strike === strike) return memo;
  const count = scaledOf(tranche.shares, 0);
  const terms = { shares: tranche.shares, strike, count, exercise: roundedRatioScaled([count, strike], 1, 2) };
  termsMemo.set(tranche, terms);
  return terms;
}

/**
 * Exactly cents(shares × P(e_k)) for index k−1, or undefined when the caller cannot decide it
 * faster than the exact product (see {@link vestedTranches}).
 */
export type ProceedsShortcut = (index: number, shares: bigint) => bigint | undefined;

/** The warrant's share of the ledger and its per-tranche table. */
export interface WarrantBooking {
  bookings: Booking[];
  tranches: TrancheResult[];
}

/**
 * One vested tranche's amounts in integer cents: all that the totals need, and what
 * {@link bookWarrant} turns into ledger rows. `simulate` totals a path from these alone.
 */
export interface VestedTranche {
  /** 1-based tranche index */
  index: number;
  shares: bigint;
  vestPeriod: Period;
  salePeriod: Period;
  /** index k−1 of the sale's P(e_k) in the path (read it there: simulate never builds most) */
  saleIndex: number;
  exercise: bigint;
  proceeds: bigint;
  /** proceeds − exercise (may be negative) */
  gain: bigint;
  tax: bigint;
}

/**
 * SPEC §3 "Vesting" and "Sale" in integer cents: for each vested tranche, exercise cost =
 * cents(shares × strike) on the vest date (always exercised, even when the strike exceeds the
 * price); sale `at_vest` on the vest date at P(vest date) or `at_horizon` on e_n at P(e_n);
 * proceeds = cents(shares × price); gain = proceeds − exercise cost; tax = cents(tax_rate ×
 * max(gain, 0)) on the sale date. Each tranche is its own sale. Only the sale prices of vested
 * tranches are read from `sharePriceAtEnds`, and not even those when `proceedsAt` (simulate's
 * float screen) decides cents(shares × P(e_k)) exactly: it returns undefined when it cannot.
 */
export function vestedTranches(
  warrant: Warrant,
  schedule: readonly Period[],
  decisions: readonly VestingDecision[],
  sharePriceAtEnds: readonly Decimal[],
  proceedsAt?: ProceedsShortcut,
): VestedTranche[] {
  const vested: VestedTranche[] = [];
  const n = schedule.length;
  for (const decision of decisions) {
    if (decision.vestPeriod === undefined) continue;
    const tranche = warrant.tranches[decision.index - 1]!;
    const salePeriodIndex = warrant.sell === 'at_vest' ? decision.vestPeriod : n;
    const saleIndex = salePeriodIndex - 1;
    const { count: shares, exercise } = trancheTerms(tranche, warrant.strike);
    const proceeds = proceedsAt?.(saleIndex, shares) ?? roundedRatioScaled([shares, sharePriceAtEnds[saleIndex]!], 1, 2);
    const gain = proceeds - exercise;
    // cents(tax_rate × gain) with the gain already in cents: round(tax_rate × gain)
    const tax = gain > 0n ? roundedRatioScaled([warrant.tax_rate, gain], 1, 0) : 0n;
    vested.push({
      index: decision.index,
      shares,
      vestPeriod: schedule[decision.vestPeriod - 1]!,
      salePeriod: schedule[salePeriodIndex - 1]!,
      saleIndex,
      exercise,
      proceeds,
      gain,
      tax,
    });
  }
  return vested;
}

/**
 * The warrant's ledger rows and tranche table ({@link vestedTranches} as bookings), signed as a
 * cost to the buyer (proceeds negative). Row rules: exercise and sale rows for every vested
 * tranche (units = shares, amounts may be 0); a tax row only when tax_rate is not 0.
 */
export function bookWarrant(
  warrant: Warrant,
  schedule: readonly Period[],
  decisions: readonly VestingDecision[],
  sharePriceAtEnds: readonly Decimal[],
  discountFactorAt: DiscountFactorAt,
): WarrantBooking {
  const bookings: Booking[] = [];
  const tranches: TrancheResult[] = [];
  const vested = new Map(vestedTranches(warrant, schedule, decisions, sharePriceAtEnds).map((v) => [v.index, v]));
  for (const decision of decisions) {
    const tranche = warrant.tranches[decision.index - 1]!;
    const label = `tranche ${decision.index}`;
    const result: TrancheResult = {
      index: decision.index,
      shares: tranche.shares,
      exercise_cost: ZERO,
      proceeds: ZERO,
      gain: ZERO,
      tax: ZERO,
    };
    if (tranche.gw !== undefined) result.gw = tranche.gw;
    if (tranche.price !== undefined) result.price = tranche.price;
    if (decision.gwMetPeriod !== undefined) result.gw_met_date = schedule[decision.gwMetPeriod - 1]!.end;
    if (decision.priceMetPeriod !== undefined) result.price_met_date = schedule[decision.priceMetPeriod - 1]!.end;
    const v = vested.get(decision.index);
    if (v === undefined) {
      if (decision.notVestedReason !== undefined) result.not_vested_reason = decision.notVestedReason;
      tranches.push(result);
      continue;
    }
    bookings.push(makeBooking('warrant', 'exercise', label, v.vestPeriod, v.exercise, discountFactorAt, tranche.shares));
    bookings.push(makeBooking('warrant', 'sale', label, v.salePeriod, -v.proceeds, discountFactorAt, tranche.shares));
    if (!warrant.tax_rate.isZero()) {
      bookings.push(makeBooking('warrant', 'tax', label, v.salePeriod, v.tax, discountFactorAt, tranche.shares));
    }
    result.vest_date = v.vestPeriod.end;
    result.sale_date = v.salePeriod.end;
    result.sale_price = sharePriceAtEnds[v.saleIndex]!;
    result.exercise_cost = decimalOfScaled(v.exercise, 2);
    result.proceeds = decimalOfScaled(v.proceeds, 2);
    result.gain = decimalOfScaled(v.gain, 2);
    result.tax = decimalOfScaled(v.tax, 2);
    tranches.push(result);
  }
  return { bookings, tranches };
}

/**
 * Warnings as data (SPEC §3 end): a tranche unvested at the end of the timeline while its expiry is
 * later (`tranche_unvested_before_expiry`); a tranche whose gw exceeds the most the deployment ever
 * reaches (`tranche_gw_unreachable`, it can never vest); a tranche whose GW the deployment reaches
 * only after the warrant's expiry (`tranche_gw_after_expiry`: it can never vest either, whatever the
 * share price does — the deployment does not depend on it). Several may be given for one tranche.
 */
export function warrantWarnings(
  warrant: Warrant,
  schedule: readonly Period[],
  decisions: readonly VestingDecision[],
  maxGw: Decimal,
): Warning[] {
  const warnings: Warning[] = [];
  const lastEnd = schedule[schedule.length - 1]!.end;
  for (const decision of decisions) {
    const tranche = warrant.tranches[decision.index - 1]!;
    const path = `warrant.tranches[${decision.index - 1}]`;
    if (tranche.gw !== undefined && tranche.gw.gt(maxGw)) {
      warnings.push({
        code: 'tranche_gw_unreachable',
        path,
        message: `tranche ${decision.index} needs ${tranche.gw.toFixed()} GW but the deployment never exceeds ${maxGw.toFixed()} GW: it can never vest`,
      });
    }
    const gwAfterExpiry =
      decision.gwMetPeriod !== undefined ? schedule[decision.gwMetPeriod - 1]!.end > warrant.expiry : warrant.expiry <= lastEnd;
    if (decision.vestPeriod === undefined && tranche.gw !== undefined && !tranche.gw.gt(maxGw) && gwAfterExpiry) {
      const when =
        decision.gwMetPeriod !== undefined
          ? `on ${formatDay(schedule[decision.gwMetPeriod - 1]!.end)}`
          : `only after the timeline (${formatDay(lastEnd)})`;
      warnings.push({
        code: 'tranche_gw_after_expiry',
        path,
        message: `tranche ${decision.index} needs ${tranche.gw.toFixed()} GW, which the deployment reaches ${when}, after the warrant expires (${formatDay(warrant.expiry)}): it can never vest`,
      });
    }
    if (decision.vestPeriod === undefined && warrant.expiry > lastEnd) {
      warnings.push({
        code: 'tranche_unvested_before_expiry',
        path,
        message: `tranche ${decision.index} has not vested by the end of the timeline (${formatDay(lastEnd)}) but expires later (${formatDay(warrant.expiry)}): its value after the timeline is not counted`,
      });
    }
  }
  return warnings;
}
