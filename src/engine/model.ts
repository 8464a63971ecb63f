/**
 * `runModel` as stages (SPEC §3), split so that later engines reuse them:
 * {@link prepareModel} computes everything that does not depend on the share price (schedule,
 * deployment, units, unit prices, discount factors, cost bookings) once; {@link valueWarrantOnPath}
 * runs the one vesting/sale/tax implementation on any share-price path; {@link assembleResult}
 * derives the ledger, summary, period table and warnings. `simulate` calls prepareModel once and
 * {@link summarizePath} per path.
 */
import type { Decimal } from '../money/index.js';
import { periodSchedule, type Period } from '../time/index.js';
import type { Scenario } from '../scenario/types.js';
import type { Booking, ModelResult, ScaledSummary, Summary } from './types.js';
import {
  deploymentLevelCurve,
  gwValue,
  maxDeploymentGw,
  sharePriceCurve,
  unitPriceCurve,
  type DeploymentLevel,
} from './curves.js';
import { deliveredLevels } from './levers.js';
import { bookCosts, buyUnits, type DiscountFactorAt, type UnitsPlan } from './costs.js';
import {
  bookWarrant,
  gwConditionTable,
  vestedTranches,
  vestTranches,
  warrantWarnings,
  type VestingDecision,
  type VestingShortcuts,
  type ProceedsShortcut,
  type VestedTranche,
  type WarrantBooking,
} from './warrant.js';
import {
  addToTotals,
  costMetrics,
  discountCurve,
  emptyTotals,
  periodRows,
  presentValueFloat,
  scaledToSummary,
  sortLedger,
  totalsToSummary,
  vestedFlows,
  vestedPresentValue,
  withWarrantMetrics,
  type CostMetrics,
  type LedgerTotals,
} from './ledger.js';

/** The share-price-independent part of a model run. Treat as read-only. */
export interface PreparedModel {
  scenario: Scenario;
  schedule: Period[];
  /** GW(e_k) as exact fractions, index k-1 */
  levelsAtEnds: DeploymentLevel[];
  /** v1.1: AMD's delivered GW_amd(e_k) = GW(e_k − supply_delay.days); the warrant's GW conditions read it */
  deliveredLevelsAtEnds: DeploymentLevel[];
  /** GW(e_k) as decimals, index k-1 */
  gwAtEnds: Decimal[];
  /** the most the deployment ever reaches */
  maxGw: Decimal;
  units: UnitsPlan;
  amdUnitPrices: Decimal[];
  baselineUnitPrices: Decimal[];
  discountFactorAt: DiscountFactorAt;
  /** hardware, other-cost and energy bookings in ledger order */
  costLedger: Booking[];
  /** running sums of {@link costLedger} */
  costTotals: LedgerTotals;
  /** the deterministic P(e_k) of `scenario.share_price`, index k-1 */
  sharePriceAtEnds: Decimal[];
  /** GW(e_k) ≥ gw per tranche and period end (price-independent; absent: computed per path) */
  gwHoldsAtEnds?: boolean[][];
}

/** The warrant on one share-price path: vesting decisions, bookings and the tranche table. */
export interface WarrantValuation extends WarrantBooking {
  decisions: VestingDecision[];
}

/** SPEC §3 "Periods" and "Share price": P(e_k) of the scenario's own path, index k-1. */
export function sharePricePath(scenario: Scenario, schedule: readonly Period[]): Decimal[] {
  const price = sharePriceCurve(scenario.share_price);
  return schedule.map((p) => price(p.end));
}

/**
 * Every share-price-independent stage of SPEC §3: periods, GW(e_k), units bought on both sides,
 * unit prices, discount factors and the cost bookings (hardware, other costs, energy).
 *
 * With `previous` (a sweep's last point, a drawn path's base), the cost side is reused when
 * `timeline`, `deployment`, `amd`, `baseline`, `energy` and `supply_delay` are the very same
 * objects (===) as in `previous.scenario`, and the share-price path too when `share_price` is: a
 * sweep that copies only the path it changes (e.g. `warrant.tranches[2].price`,
 * `share_price.cagr`) recomputes only the warrant. When a cost input changed, the stages before
 * it (periods, GW, discount factors, the share-price path, the GW table) are still reused.
 * Throws ScenarioError for inputs the loader should have refused (see bookCosts).
 */
export function prepareModel(scenario: Scenario, previous?: PreparedModel): PreparedModel {
  if (previous !== undefined && sameCostInputs(previous.scenario, scenario)) {
    return {
      ...previous,
      scenario,
      sharePriceAtEnds:
        previous.scenario.share_price === scenario.share_price
          ? previous.sharePriceAtEnds
          : sharePricePath(scenario, previous.schedule),
      // the GW table belongs to the warrant's tranches: rebuild it when the warrant changed
      gwHoldsAtEnds:
        previous.scenario.warrant === scenario.warrant && previous.gwHoldsAtEnds !== undefined
          ? previous.gwHoldsAtEnds
          : gwConditionTable(scenario.warrant, previous.deliveredLevelsAtEnds),
    };
  }
  // a previous run (a drawn path of `simulate`) keeps every stage whose inputs are the very same
  // objects: only what the changed inputs reach is computed again
  const { timeline } = scenario;
  const was = previous?.scenario;
  const sameTimeline = was !== undefined && was.timeline === timeline;
  const sameLevels = sameTimeline && was.deployment === scenario.deployment;
  const sameDelivered = sameLevels && was.supply_delay === scenario.supply_delay;
  const schedule = sameTimeline ? previous!.schedule : periodSchedule(timeline.start, timeline.periods, timeline.step);
  const ends = schedule.map((p) => p.end);
  let levelsAtEnds = previous?.levelsAtEnds;
  if (!sameLevels || levelsAtEnds === undefined) {
    const level = deploymentLevelCurve(scenario.deployment, timeline.start);
    levelsAtEnds = schedule.map((p) => level(p.end));
  }
  const deliveredLevelsAtEnds = sameDelivered
    ? previous!.deliveredLevelsAtEnds
    : deliveredLevels(scenario.deployment, timeline.start, ends, levelsAtEnds, scenario.supply_delay);
  const units = buyUnits(scenario, levelsAtEnds, { ends, delivered: deliveredLevelsAtEnds });
  const amdPrice = unitPriceCurve(scenario.amd, timeline.start);
  const baselinePrice = unitPriceCurve(scenario.baseline, timeline.start);
  const amdUnitPrices = schedule.map((p) => amdPrice(p.end));
  const baselineUnitPrices = schedule.map((p) => baselinePrice(p.end));
  const discountFactorAt = sameTimeline ? previous!.discountFactorAt : discountCurve(timeline.discount_rate, timeline.valuation_date);
  const costLedger = sortLedger(
    bookCosts(scenario, { schedule, units, amdUnitPrices, baselineUnitPrices, discountFactorAt, levelsAtEnds, deliveredLevelsAtEnds }),
  );
  return {
    scenario,
    schedule,
    levelsAtEnds,
    deliveredLevelsAtEnds,
    gwAtEnds: sameLevels ? previous!.gwAtEnds : levelsAtEnds.map(gwValue),
    maxGw: sameLevels ? previous!.maxGw : maxDeploymentGw(scenario.deployment),
    units,
    amdUnitPrices,
    baselineUnitPrices,
    discountFactorAt,
    costLedger,
    costTotals: addToTotals(emptyTotals(), costLedger),
    sharePriceAtEnds:
      sameTimeline && was.share_price === scenario.share_price ? previous!.sharePriceAtEnds : sharePricePath(scenario, schedule),
    gwHoldsAtEnds:
      sameDelivered && was.warrant === scenario.warrant && previous!.gwHoldsAtEnds !== undefined
        ? previous!.gwHoldsAtEnds
        : gwConditionTable(scenario.warrant, deliveredLevelsAtEnds),
  };
}

function sameCostInputs(a: Scenario, b: Scenario): boolean {
  return (
    a.timeline === b.timeline &&
    a.deployment === b.deployment &&
    a.amd === b.amd &&
    a.baseline === b.baseline &&
    a.energy === b.energy &&
    a.supply_delay === b.supply_delay
  );
}

/**
 * SPEC §3 "Vesting" and "Sale" on a given path: `sharePriceAtEnds[k-1]` = P(e_k), one entry per
 * period. The deterministic model passes `prepared.sharePriceAtEnds`; Monte Carlo passes noisy paths
 * (and `priceAtLeast`, an exact but faster `P(e_k) ≥ price`, see {@link vestTranches}).
 */
export function valueWarrantOnPath(
  prepared: PreparedModel,
  sharePriceAtEnds: readonly Decimal[],
  priceAtLeast?: VestingShortcuts['priceAtLeast'],
): WarrantValuation {
  const decisions = vestOnPath(prepared, sharePriceAtEnds, priceAtLeast);
  const booked = bookWarrant(prepared.scenario.warrant, prepared.schedule, decisions, sharePriceAtEnds, prepared.discountFactorAt);
  return { decisions, ...booked };
}

/** SPEC §3 "Vesting" on a given path (see {@link valueWarrantOnPath}): the decision per tranche. */
function vestOnPath(
  prepared: PreparedModel,
  sharePriceAtEnds: readonly Decimal[],
  priceAtLeast?: VestingShortcuts['priceAtLeast'],
): VestingDecision[] {
  const { scenario, schedule } = prepared;
  if (sharePriceAtEnds.length !== schedule.length) {
    throw new RangeError(`share-price path has ${sharePriceAtEnds.length} entries, expected ${schedule.length}`);
  }
  const shortcuts: VestingShortcuts = {};
  if (prepared.gwHoldsAtEnds !== undefined) shortcuts.gwHolds = prepared.gwHoldsAtEnds;
  if (priceAtLeast !== undefined) shortcuts.priceAtLeast = priceAtLeast;
  return vestTranches(scenario.warrant, schedule, prepared.deliveredLevelsAtEnds, sharePriceAtEnds, prepared.maxGw, shortcuts);
}

/** One path in integers: the vesting decisions, the vested tranches' cents and the summary. */
export interface ScaledPath {
  decisions: VestingDecision[];
  vested: VestedTranche[];
  scaled: ScaledSummary;
}

/**
 * The SPEC §3 summary of one path in integers, for `simulate`: the cost totals were summed once
 * ({@link PreparedModel.costTotals}); per path only the vested tranches' exercise, sale and tax
 * cents and their present values are added — no ledger rows, no Decimal amounts. Equal to
 * `summarizeValuation(prepared, valueWarrantOnPath(…))` (the same totals, the same rows).
 */
export function scaledSummaryOnPath(
  prepared: PreparedModel,
  sharePriceAtEnds: readonly Decimal[],
  priceAtLeast?: VestingShortcuts['priceAtLeast'],
  proceedsAt?: ProceedsShortcut,
): ScaledPath {
  const { warrant } = prepared.scenario;
  const decisions = vestOnPath(prepared, sharePriceAtEnds, priceAtLeast);
  const vested = vestedTranches(warrant, prepared.schedule, decisions, sharePriceAtEnds, proceedsAt);
  const taxed = !warrant.tax_rate.isZero();
  const { costTotals, discountFactorAt } = prepared;
  // the warrant's money and counts; its present value decided apart (a float screen, exact near a half cent)
  const flows = vestedFlows(vested, taxed, discountFactorAt);
  const totals = addToTotals(costTotals, flows, false);
  const cost = costOf(costTotals);
  const pv = vestedPresentValue(costTotals, cost.pvFloat, flows);
  return { decisions, vested, scaled: withWarrantMetrics(totals, cost.metrics, pv) };
}

/** The cost-side metrics of a prepared model and its PV as a float, once per cost totals (every path shares them). */
const costMemo = new WeakMap<LedgerTotals, { metrics: CostMetrics; pvFloat: number }>();

function costOf(totals: LedgerTotals): { metrics: CostMetrics; pvFloat: number } {
  let found = costMemo.get(totals);
  if (found === undefined) costMemo.set(totals, (found = { metrics: costMetrics(totals), pvFloat: presentValueFloat(totals) }));
  return found;
}

/** The SPEC §3 summary of a valued path: the cost totals plus that path's warrant bookings. */
export function summarizeValuation(prepared: PreparedModel, valuation: WarrantValuation): Summary {
  return totalsToSummary(addToTotals(prepared.costTotals, valuation.bookings));
}

/** The SPEC §3 summary of one path without building the period table (fast path for simulate). */
export function summarizePath(prepared: PreparedModel, sharePriceAtEnds: readonly Decimal[]): Summary {
  return scaledToSummary(scaledSummaryOnPath(prepared, sharePriceAtEnds).scaled);
}

/** Ledger, summary, period rows, tranches and warnings of one path. */
export function assembleResult(
  prepared: PreparedModel,
  sharePriceAtEnds: readonly Decimal[],
  valuation: WarrantValuation,
): ModelResult {
  const ledger = sortLedger([...prepared.costLedger, ...valuation.bookings]);
  return {
    scenario: prepared.scenario,
    periods: periodRows(prepared.schedule, ledger, {
      gw: prepared.gwAtEnds,
      sharePrice: sharePriceAtEnds,
      amdUnitPrice: prepared.amdUnitPrices,
      baselineUnitPrice: prepared.baselineUnitPrices,
      amdCumulative: prepared.units.amdCumulative,
      baselineCumulative: prepared.units.baselineCumulative,
    }),
    tranches: valuation.tranches,
    ledger,
    summary: summarizeValuation(prepared, valuation),
    warnings: warrantWarnings(prepared.scenario.warrant, prepared.schedule, valuation.decisions, prepared.maxGw),
  };
}

/**
 * SPEC §3 in full: computes one validated scenario to the cent. Pure: reads no file, prints
 * nothing. Throws ScenarioError only for inputs the loader must already refuse.
 */
export function runModel(scenario: Scenario): ModelResult {
  const prepared = prepareModel(scenario);
  const valuation = valueWarrantOnPath(prepared, prepared.sharePriceAtEnds);
  return assembleResult(prepared, prepared.sharePriceAtEnds, valuation);
}
