/**
 * The engine's public API (SPEC §3): pure functions from a validated {@link Scenario} to a
 * {@link ModelResult}. No files, no printing, no exit.
 *
 * Stages (each exported, so analyses reuse what does not change):
 * 1. schedule: `periodSchedule` (src/time); e_0 = timeline.start;
 * 2. curves `(day) => value`: {@link deploymentLevelCurve} (exact GW fractions), {@link unitPriceCurve},
 *    {@link sharePriceCurve}; fractional powers through the memoised {@link growthFactor};
 * 3. {@link buyUnits}: cumulative U and B rounded half-even, bought per period;
 * 4. {@link bookCosts}: hardware, other costs, energy — independent of the share price;
 *    v1.1 levers (levers.ts): performance curves, per-unit costs, the supply delay and its cost;
 * 5. {@link vestTranches} + {@link bookWarrant}: the one implementation of vesting, exercise, sale
 *    and tax, fed P(e_k) as an array (Monte Carlo feeds noisy paths);
 * 6. {@link discountCurve}: (1 + r)^(−yf(valuation_date, date)) per booking date;
 * 7. {@link summarize} / {@link periodRows}: every total and row derived from the bookings.
 * {@link prepareModel} runs 1–4 and 6 once; {@link valueWarrantOnPath} runs 5 on any path;
 * {@link runModel} does it all.
 *
 * Ledger rows (SPEC is silent on empty rows): hardware only when units bought ≠ 0; one-off other
 * costs always; recurring costs when the period overlaps [from, to] by ≥ 1 day; energy only when
 * its cents ≠ 0; exercise and sale for every vested tranche; tax when tax_rate ≠ 0.
 */
export * from './types.js';
export {
  growthFactor,
  deploymentLevelCurve,
  deploymentCurve,
  gwValue,
  gwAtLeast,
  amdUnitsAt,
  baselineUnitsFor,
  maxDeploymentGw,
  unitPriceCurve,
  sharePriceCurve,
  type DeploymentLevel,
} from './curves.js';
export {
  buyUnits,
  amdUnitsSeries,
  baselineUnitsSeries,
  unitsPlan,
  type UnitsContext,
  bookCosts,
  hardwareSpend,
  bookOtherCost,
  bookEnergy,
  makeBooking,
  type CostInputs,
  type DiscountFactorAt,
  type UnitsPlan,
} from './costs.js';
export {
  performanceCurve,
  performanceAt,
  isPerformanceCurve,
  baselineUnitsAtEnd,
  baselineUnitsPath,
  deliveredLevels,
  bookSupplyDelay,
  bookPerUnitCost,
  SUPPLY_DELAY_LABEL,
  type Fraction,
} from './levers.js';
export {
  vestTranches,
  bookWarrant,
  vestedTranches,
  warrantWarnings,
  gwConditionTable,
  type VestingDecision,
  type VestingShortcuts,
  type WarrantBooking,
  type VestedTranche,
  type ProceedsShortcut,
} from './warrant.js';
export {
  discountCurve,
  compareBookings,
  sortLedger,
  summarize,
  emptyTotals,
  addToTotals,
  addVestedToTotals,
  vestedPresentValue,
  vestedFlows,
  presentValueFloat,
  totalsToSummary,
  totalsToScaled,
  costMetrics,
  withWarrantMetrics,
  scaledToSummary,
  type CostMetrics,
  periodRows,
  type Flow,
  type LedgerTotals,
  type PeriodCurves,
} from './ledger.js';
export { costAdvantage, costDerivedMetrics, perAmdUnit, warrantDerivedMetrics, type DerivedMetricName } from './derived.js';
export {
  prepareModel,
  valueWarrantOnPath,
  summarizePath,
  summarizeValuation,
  scaledSummaryOnPath,
  type ScaledPath,
  assembleResult,
  sharePricePath,
  runModel,
  type PreparedModel,
  type WarrantValuation,
} from './model.js';
export type { Scenario } from '../scenario/types.js';
