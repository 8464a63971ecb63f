/**
 * SPEC §3's summary computed in independent, memoised stages, for analyses that run the model at
 * many nearby points (sweep, tornado, breakeven).
 *
 * The engine's stages — `common` (schedule, GW(e_k), discount factors), `amd` (AMD hardware,
 * other costs, energy, v1.1 supply-delay cost), `baseline` (the Nvidia side, which buys AMD's
 * delivered compute) and `warrant` (vesting, exercise, sale, tax) — read the inputs listed in ONE
 * table, {@link STAGE_INPUTS}; which stages a changed path invalidates is derived from it.
 * Each stage's result (its bookings' running totals, or the warrant's bookings) is memoised under a
 * key the caller builds from the inputs the stage depends on, so a 100×100 grid over
 * `share_price.cagr` × `baseline.unit_price` computes 100 warrant and 100 baseline stages, not
 * 10,000 models. The fractional powers inside the stages are memoised by the engine's
 * `growthFactor`.
 *
 * Exactness: every stage calls the engine's own functions (buyUnits, unitPriceCurve, bookOtherCost,
 * bookEnergy, vestTranches, bookWarrant, addToTotals, totalsToSummary) and sums in the order
 * `runModel` sums (each side's bookings in ledger order, then the warrant's), so the summary is
 * identical to `runModel(scenario).summary` digit for digit — a differential test checks it.
 */
import { Decimal, ZERO, cents } from '../money/index.js';
import { periodSchedule, type Period } from '../time/index.js';
import type { Performance, Scenario } from '../scenario/types.js';
import {
  addToTotals,
  amdUnitsSeries,
  baselineUnitsSeries,
  bookSupplyDelay,
  deliveredLevels,
  bookEnergy,
  bookOtherCost,
  bookWarrant,
  deploymentLevelCurve,
  discountCurve,
  emptyTotals,
  makeBooking,
  maxDeploymentGw,
  sharePriceCurve,
  sortLedger,
  totalsToSummary,
  unitPriceCurve,
  vestTranches,
  type Booking,
  type DeploymentLevel,
  type DiscountFactorAt,
  type LedgerTotals,
  type Summary,
  type VestingDecision,
} from '../engine/index.js';
import { ScenarioError, type ScenarioIssue } from '../scenario/issues.js';

export type StageName = 'common' | 'amd' | 'baseline' | 'warrant';
export const STAGE_NAMES: readonly StageName[] = ['common', 'amd', 'baseline', 'warrant'];

/**
 * THE table of what each stage reads (SPEC paths; a path covers everything under it). It is the
 * only list of dependencies: {@link stagesAffectedBy} is derived from it, and each stage is
 * computed on {@link stageView}, a copy of the scenario holding only these inputs — so a stage that
 * read an input missing here would see `undefined` and fail the differential sweep test, instead
 * of silently reusing a stale memo. Every stage also reads `common`'s inputs.
 * Labels (`name`, `description`, `currency`, `amd.product`, `baseline.name`, cost names) feed no
 * summary figure, and `share_price.volatility` is read by `simulate` only.
 */
export const STAGE_INPUTS: Readonly<Record<StageName, readonly string[]>> = {
  common: ['timeline', 'deployment'],
  amd: [
    'amd.unit_price',
    'amd.price_change',
    'amd.units_per_gw',
    'amd.kw_per_unit',
    'amd.other_costs',
    'energy',
    'supply_delay', // v1.1: delivered units and the delay cost
  ],
  baseline: [
    'baseline.unit_price',
    'baseline.price_change',
    'baseline.performance',
    'baseline.kw_per_unit',
    'baseline.other_costs',
    'amd.units_per_gw', // the baseline buys the same delivered compute
    'amd.performance',
    'energy',
  ],
  warrant: [
    'share_price.model',
    'share_price.start',
    'share_price.date',
    'share_price.cagr',
    'share_price.points',
    'share_price.interpolation',
    'warrant',
    'supply_delay.days', // v1.1: GW conditions follow AMD's delivered GW
  ],
};

/** Label-only paths: they alter no stage (everything else unknown to the table alters them all). */
const LABEL_PATHS = ['version', 'name', 'description', 'currency', 'amd.product', 'baseline.name', 'share_price.volatility'];

/** `a` is `b` or lies under it (`amd.performance.points[0].value` under `amd.performance`). */
function covers(outer: string, inner: string): boolean {
  return inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
}

/** Cost names are labels: `amd.other_costs[2].name`. */
const COST_NAME = /^(amd|baseline)\.other_costs\[\d+\]\.name$/;

/**
 * The stages whose result a change at `path` (a SPEC path such as `share_price.cagr` or
 * `warrant.tranches[2].price`) can alter, derived from {@link STAGE_INPUTS}: a stage is altered
 * when it reads the path, something under it, or something above it. `common`'s inputs alter every
 * stage; an unforeseen path (e.g. `extends`) alters every stage too.
 */
export function stagesAffectedBy(path: string): ReadonlySet<StageName> {
  if (LABEL_PATHS.some((label) => covers(label, path)) || COST_NAME.test(path)) return new Set();
  const touches = (inputs: readonly string[]) => inputs.some((input) => covers(input, path) || covers(path, input));
  if (touches(STAGE_INPUTS.common)) return new Set(STAGE_NAMES);
  const stages = STAGE_NAMES.filter((stage) => stage !== 'common' && touches(STAGE_INPUTS[stage]));
  // a path no stage reads and no label: be safe, everything depends on it
  return new Set(stages.length > 0 ? stages : STAGE_NAMES);
}

type Segment = string | number;

function segmentsOf(path: string): Segment[] {
  const out: Segment[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part)!;
    out.push(m[1]!);
    for (const index of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(index[1]));
  }
  return out;
}

/**
 * The scenario as one stage sees it: only the inputs {@link STAGE_INPUTS} lists for the stage and
 * for `common` (plus labels, which no figure reads), everything else absent.
 */
export function stageView(scenario: Scenario, stage: StageName): Scenario {
  const view: Record<string, unknown> = { version: scenario.version, name: scenario.name, currency: scenario.currency };
  const labels: Record<string, unknown> = { amd: { product: scenario.amd.product }, baseline: { name: scenario.baseline.name } };
  Object.assign(view, labels);
  const inputs = stage === 'common' ? STAGE_INPUTS.common : [...STAGE_INPUTS.common, ...STAGE_INPUTS[stage]];
  for (const input of inputs) {
    const segments = segmentsOf(input);
    let from: unknown = scenario;
    for (const s of segments) from = from === undefined ? undefined : (from as Record<Segment, unknown>)[s];
    if (from === undefined) continue;
    let into = view as Record<Segment, unknown>;
    segments.forEach((s, i) => {
      if (i === segments.length - 1) into[s] = from;
      else into = (into[s] ??= {}) as Record<Segment, unknown>;
    });
  }
  return view as unknown as Scenario;
}

/** Keys of the four stages at one point; equal keys promise equal inputs to that stage. */
export interface StageKeys {
  common: string;
  amd: string;
  baseline: string;
  warrant: string;
}

interface CommonStage {
  schedule: Period[];
  levelsAtEnds: DeploymentLevel[];
  maxGw: Decimal;
  discountFactorAt: DiscountFactorAt;
  /** cumulative units per side, by the inputs besides GW that they read */
  units: Map<string, Decimal[]>;
  /** GW_amd(e_k) by supply-delay days (v1.1) */
  delivered: Map<number, DeploymentLevel[]>;
}

interface WarrantStage {
  decisions: VestingDecision[];
  bookings: Booking[];
}

/** What one point of an analysis yields: the summary and, for breakeven, the vesting decisions. */
export interface StagedPoint {
  summary: Summary;
  decisions: VestingDecision[];
  schedule: Period[];
}

/** The baseline fields of a summary (all the baseline stage contributes). */
type BaselineHalf = Pick<
  Summary,
  'baseline_units' | 'baseline_hardware_spend' | 'baseline_other_costs' | 'baseline_energy_cost' | 'baseline_cost' | 'baseline_cost_pv'
>;

/** A bounded memo: cleared whole when full (cheap, never wrong, keeps memory flat). */
class Memo<T> {
  private readonly map = new Map<string, T>();
  hits = 0;
  misses = 0;
  constructor(private readonly limit: number) {}
  get(key: string, make: () => T): T {
    const found = this.map.get(key);
    if (found !== undefined) {
      this.hits++;
      return found;
    }
    this.misses++;
    const value = make();
    if (this.map.size >= this.limit) this.map.clear();
    this.map.set(key, value);
    return value;
  }
}

/** Counts of stage computations, for tests and the benchmark (how much the memo saved). */
export interface StageCounts {
  common: number;
  amd: number;
  baseline: number;
  warrant: number;
}

/**
 * Evaluates scenarios stage by stage with memoised stages. One instance per analysis run; the
 * caller promises that equal keys mean equal inputs to that stage (see {@link stagesAffectedBy}).
 */
export class StagedModel {
  private readonly common: Memo<CommonStage>;
  private readonly amd: Memo<LedgerTotals>;
  private readonly baseline: Memo<BaselineHalf>;
  private readonly warrant: Memo<WarrantStage>;
  /** the AMD-and-warrant half of the summary, per (amd, warrant) pair */
  private readonly pairs: Memo<Summary>;

  /**
   * `memoLimit` bounds each memo (entries hold a few dozen 60-digit decimals, ~2-10 kB): enough for
   * the stages of a 10,000-value axis to be reused, while a thread's memos stay within a few tens
   * of MB however large the grid (a full memo is cleared, never wrong).
   */
  constructor(memoLimit = 10_000) {
    this.common = new Memo(Math.max(1, Math.min(memoLimit, 256)));
    this.amd = new Memo(memoLimit);
    this.baseline = new Memo(memoLimit);
    this.warrant = new Memo(Math.max(1, Math.min(memoLimit, 4_096)));
    this.pairs = new Memo(Math.max(1, Math.min(memoLimit, 4_096)));
  }

  /** How many times each stage was computed (memo misses). */
  counts(): StageCounts {
    return { common: this.common.misses, amd: this.amd.misses, baseline: this.baseline.misses, warrant: this.warrant.misses };
  }

  /**
   * The SPEC §3 summary at a point, equal to `runModel(scenario()).summary`. `scenario` is called
   * only when a stage is not memoised yet.
   */
  evaluate(scenario: Scenario | (() => Scenario), keys: StageKeys): StagedPoint {
    let built: Scenario | undefined = typeof scenario === 'function' ? undefined : scenario;
    const get = () => (built ??= (scenario as () => Scenario)());
    const commonKey = keys.common;
    const common = this.common.get(commonKey, () => commonStage(stageView(get(), 'common')));
    const warrantKey = `${commonKey}|${keys.warrant}`;
    const warrant = this.warrant.get(warrantKey, () => warrantStage(stageView(get(), 'warrant'), common));
    const amdKey = `${commonKey}|${keys.amd}`;
    // AMD and warrant fields of the summary depend on the amd and warrant stages only (the
    // baseline fields of these totals are 0); the baseline fields on the baseline stage only.
    const amdSide = this.pairs.get(`${amdKey}|${keys.warrant}`, () => {
      const amd = this.amd.get(amdKey, () => sideStage(stageView(get(), 'amd'), common, 'amd'));
      return totalsToSummary(addToTotals(amd, warrant.bookings));
    });
    const baselineSide = this.baseline.get(`${commonKey}|${keys.baseline}`, () => {
      const s = totalsToSummary(sideStage(stageView(get(), 'baseline'), common, 'baseline'));
      return {
        baseline_units: s.baseline_units,
        baseline_hardware_spend: s.baseline_hardware_spend,
        baseline_other_costs: s.baseline_other_costs,
        baseline_energy_cost: s.baseline_energy_cost,
        baseline_cost: s.baseline_cost,
        baseline_cost_pv: s.baseline_cost_pv,
      };
    });
    const summary: Summary = {
      ...amdSide,
      baseline_units: baselineSide.baseline_units,
      baseline_hardware_spend: baselineSide.baseline_hardware_spend,
      baseline_other_costs: baselineSide.baseline_other_costs,
      baseline_energy_cost: baselineSide.baseline_energy_cost,
      baseline_cost: baselineSide.baseline_cost,
      baseline_cost_pv: baselineSide.baseline_cost_pv,
      // SPEC §3: savings = baseline_cost − amd_net_cost; savings_pv of the two rounded values
      savings: baselineSide.baseline_cost.minus(amdSide.amd_net_cost),
      savings_pv: baselineSide.baseline_cost_pv.minus(amdSide.amd_net_cost_pv),
    };
    return { summary, decisions: warrant.decisions, schedule: common.schedule };
  }
}

/** SPEC §3 "Periods", "Deployment" and the `*_pv` discount factors (engine prepareModel, first lines). */
function commonStage(scenario: Scenario): CommonStage {
  const { timeline } = scenario;
  const schedule = periodSchedule(timeline.start, timeline.periods, timeline.step);
  const level = deploymentLevelCurve(scenario.deployment, timeline.start);
  return {
    schedule,
    levelsAtEnds: schedule.map((p) => level(p.end)),
    maxGw: maxDeploymentGw(scenario.deployment),
    discountFactorAt: discountCurve(timeline.discount_rate, timeline.valuation_date),
    units: new Map(),
    delivered: new Map(),
  };
}

/** SPEC §3 "Supply delay": GW_amd(e_k), memoised on the common stage by the delay in days. */
function deliveredOf(scenario: Scenario, common: CommonStage): DeploymentLevel[] {
  const days = scenario.supply_delay?.days ?? 0;
  if (days === 0) return common.levelsAtEnds;
  let levels = common.delivered.get(days);
  if (levels === undefined) {
    const ends = common.schedule.map((p) => p.end);
    levels = deliveredLevels(scenario.deployment, scenario.timeline.start, ends, common.levelsAtEnds, scenario.supply_delay);
    if (common.delivered.size >= 1_000) common.delivered.clear();
    common.delivered.set(days, levels);
  }
  return levels;
}

/**
 * One side's cost bookings (SPEC §3 "Unit prices", "Other costs", "Energy", v1.1 "Supply delay"),
 * booked exactly as the engine's `bookCosts` books that side, summed in ledger order.
 */
function sideStage(scenario: Scenario, common: CommonStage, side: 'amd' | 'baseline'): LedgerTotals {
  const { schedule, discountFactorAt } = common;
  const terms = side === 'amd' ? scenario.amd : scenario.baseline;
  const label = side === 'amd' ? scenario.amd.product : scenario.baseline.name;
  const cumulative = side === 'amd' ? amdUnitsOf(scenario, common) : baselineUnitsOf(scenario, common);
  const price = unitPriceCurve(terms, scenario.timeline.start);
  const bookings: Booking[] = [];
  const issues: ScenarioIssue[] = [];
  schedule.forEach((period, i) => {
    const count = cumulative[i + 1]!.minus(cumulative[i]!);
    if (!count.isZero()) {
      bookings.push(makeBooking(side, 'hardware', label, period, cents(count.times(price(period.end))), discountFactorAt, count));
    }
  });
  terms.other_costs.forEach((cost, c) => {
    bookings.push(...bookOtherCost(side, cost, `${side}.other_costs[${c}]`, schedule, discountFactorAt, issues, cumulative));
  });
  if (side === 'amd') {
    bookings.push(...bookSupplyDelay(scenario.supply_delay, schedule, common.levelsAtEnds, deliveredOf(scenario, common), discountFactorAt));
  }
  if (scenario.energy !== undefined) {
    if (terms.kw_per_unit === undefined) {
      issues.push({ code: 'required', path: `${side}.kw_per_unit`, message: 'kw_per_unit is required when `energy` is present' });
    } else {
      bookings.push(...bookEnergy(side, terms.kw_per_unit, scenario.energy, schedule, cumulative, discountFactorAt));
    }
  }
  if (issues.length > 0) throw new ScenarioError(issues);
  return addToTotals(emptyTotals(), sortLedger(bookings));
}

/** A key for a performance (a number or a curve). */
function performanceKey(performance: Performance): string {
  if (Decimal.isDecimal(performance)) return performance.toString();
  return `${performance.interpolation}:${performance.points.map((p) => `${p.date}=${p.value.toString()}`).join(',')}`;
}

function memoUnits(common: CommonStage, key: string, make: () => Decimal[]): Decimal[] {
  let units = common.units.get(key);
  if (units === undefined) {
    units = make();
    if (common.units.size >= 1_000) common.units.clear();
    common.units.set(key, units);
  }
  return units;
}

/** SPEC §3 "AMD units" (the engine's buyUnits, AMD half): cumulative U at e_0..e_n. */
function amdUnitsOf(scenario: Scenario, common: CommonStage): Decimal[] {
  const days = scenario.supply_delay?.days ?? 0;
  return memoUnits(common, `amd|${scenario.amd.units_per_gw.toString()}|${days}`, () => [
    ZERO,
    ...amdUnitsSeries(scenario.amd.units_per_gw, deliveredOf(scenario, common)),
  ]);
}

/**
 * SPEC §3 "Baseline units" (the engine's buyUnits, baseline half): cumulative B at e_0..e_n, from
 * the scheduled units (a supply delay does not reach the baseline).
 */
function baselineUnitsOf(scenario: Scenario, common: CommonStage): Decimal[] {
  const key = `baseline|${scenario.amd.units_per_gw.toString()}|${performanceKey(scenario.amd.performance)}|${performanceKey(scenario.baseline.performance)}`;
  return memoUnits(common, key, () => {
    const scheduled = amdUnitsSeries(scenario.amd.units_per_gw, common.levelsAtEnds);
    const ends = common.schedule.map((p) => p.end);
    return [ZERO, ...baselineUnitsSeries(scheduled, ends, scenario.amd.performance, scenario.baseline.performance)];
  });
}

/** SPEC §3 "Share price", "Vesting", "Sale" on the scenario's deterministic path. */
function warrantStage(scenario: Scenario, common: CommonStage): WarrantStage {
  const price = sharePriceCurve(scenario.share_price);
  const path = common.schedule.map((p) => price(p.end));
  const decisions = vestTranches(scenario.warrant, common.schedule, deliveredOf(scenario, common), path, common.maxGw);
  const { bookings } = bookWarrant(scenario.warrant, common.schedule, decisions, path, common.discountFactorAt);
  return { decisions, bookings };
}

/** Keys that never match another point: for one-off evaluations (every stage recomputed). */
let uniqueCounter = 0;
export function uniqueKeys(): StageKeys {
  const key = `u${uniqueCounter++}`;
  return { common: key, amd: key, baseline: key, warrant: key };
}
