/**
 * The library API of chipsforequity: load a scenario, compute it, and lay the result out — the
 * same code the command line uses, without any IO of its own (the caller supplies a
 * {@link ScenarioHost} to read files).
 *
 * ```ts
 * import { loadScenario, runModel } from 'chipsforequity';
 * import { nodeScenarioHost } from 'chipsforequity/dist/cli/load.js';
 * const result = runModel(loadScenario('scenarios/meta-amd-base.yaml', { host: nodeScenarioHost() }));
 * console.log(result.summary.savings.toFixed(2));
 * ```
 */
export {
  loadScenario,
  loadRawScenario,
  validateRaw,
  applySet,
  parseSetPath,
  formatPath,
  scenarioJsonSchema,
  STARTER_SCENARIO,
  ScenarioError,
  formatIssue,
  formatIssues,
} from './scenario/index.js';
export type { LoadOptions, ScenarioHost, ScenarioIssue, SourceLocation } from './scenario/index.js';
export type * from './scenario/types.js';
export { runModel, prepareModel } from './engine/index.js';
export { METRIC_NAMES, METRIC_KINDS, SIDES, BOOKING_KINDS } from './engine/types.js';
export type {
  Booking,
  BookingKind,
  MetricKind,
  MetricName,
  ModelResult,
  PeriodRow,
  Side,
  Summary,
  TrancheResult,
  Warning,
} from './engine/types.js';
export { Decimal, cents, roundUnits, parseDecimal, formatMoney } from './money/index.js';
export { parseIsoDate, formatDay } from './time/index.js';
export type { Day } from './time/index.js';
// the warrant's fair value at the valuation date (SPEC §7, `value`) and its views
export { fairValue, oneDateClosedForm } from './analysis/simulate/value.js';
export type { FairValueResult, TrancheFairValue, ValueOptions, OneDateInputs } from './analysis/simulate/value.js';
export { valueJson, valueViews, valueView, valueTranchesView, valueSummaryView, valueInputsView } from './report/value-views.js';
