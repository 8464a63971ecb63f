/**
 * The engine's public API (SPEC §3): pure functions from a validated {@link Scenario} to a
 * {@link ModelResult}. No files, no printing, no exit.
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
  bookCosts,
  bookOtherCost,
  bookEnergy,
  makeBooking,
  type CostInputs,
  type DiscountFactorAt,
  type UnitsPlan,
} from './costs.js';
export {
  vestTranches,
  bookWarrant,
  warrantWarnings,
  gwConditionTable,
  type VestingDecision,
  type VestingShortcuts,
  type WarrantBooking,
} from './warrant.js';
export {
  discountCurve,
  compareBookings,
  sortLedger,
  summarize,
  emptyTotals,
  addToTotals,
  totalsToSummary,
  periodRows,
  type LedgerTotals,
  type PeriodCurves,
} from './ledger.js';
export {
  prepareModel,
  valueWarrantOnPath,
  summarizePath,
  summarizeValuation,
  assembleResult,
  sharePricePath,
  runModel,
  type PreparedModel,
  type WarrantValuation,
} from './model.js';
export type { Scenario } from '../scenario/types.js';
