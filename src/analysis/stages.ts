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
 * bookEnergy, vestTranches, vestedTranches, addToTotals, addVestedToTotals, totalsToScaled) — the
 * totals are exact integers and fractions, so their order cannot matter — and the summary is
 * identical to `runModel(scenario).summary` digit for digit: a differential test checks it.
 */
import { Decimal, ZERO, atLeast } from '../money/index.js';
import { periodSchedule, type Period } from '../time/index.js';
import type { Performance, Scenario } from '../scenario/types.js';
import {
  addToTotals,
  addVestedToTotals,
  amdUnitsSeries,
  baselineUnitsSeries,
  bookSupplyDelay,
  deliveredLevels,
  bookEnergy,
  costAdvantage,
  perAmdUnit,
  bookOtherCost,
  deploymentLevelCurve,
  discountCurve,
  emptyTotals,
  hardwareSpend,
  makeBooking,
  maxDeploymentGw,
  sharePriceCurve,
  sortLedger,
  scaledToSummary,
  totalsToScaled,
  unitPriceCurve,
  gwConditionTable,
  vestTranches,
  vestedTranches,
  type Booking,
  type DeploymentLevel,
  type DiscountFactorAt,
  type LedgerTotals,
  type ScaledSummary,
  type Summary,
  type VestingDecision,
  type VestingShortcuts,
  type VestedTranche,
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
const LABEL_PATHS = [
  'version',
  'name',
  'description',
  'currency',
  'amd.product',
  'baseline.name',
  'share_price.volatility',
  // read by `value`, `simulate` and `check` only: no model stage
  'valuation',
  'dilution',
  'uncertainty',
  'expect',
];

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

/** Segments of the few static paths of {@link STAGE_INPUTS}, parsed once. */
const SEGMENTS = new Map<string, Segment[]>();

function segmentsOf(path: string): Segment[] {
  let found = SEGMENTS.get(path);
  if (found === undefined) SEGMENTS.set(path, (found = parseSegments(path)));
  return found;
}

function parseSegments(path: string): Segment[] {
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
  /** the vested tranches' cents: all the totals read of the warrant (no ledger rows are built) */
  vested: VestedTranche[];
  taxed: boolean;
}

/** What one point of a grid yields: the summary in integers and, for breakeven, the vesting decisions. */
export interface ScaledPoint {
  scaled: ScaledSummary;
  decisions: VestingDecision[];
  schedule: Period[];
}

/** A point with its summary also read as Decimals (tornado, breakeven). */
export interface StagedPoint extends ScaledPoint {
  summary: Summary;
}

/** The baseline fields of a summary (all the baseline stage contributes). */
type BaselineHalf = Pick<
  ScaledSummary,
  | 'baseline_units'
  | 'baseline_hardware_spend'
  | 'baseline_other_costs'
  | 'baseline_energy_cost'
  | 'baseline_cost'
  | 'baseline_cost_pv'
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

/** The five memos of {@link StagedModel}: four stages and the (amd, warrant) half of the summary. */
export type MemoName = 'common' | 'amd' | 'baseline' | 'warrant' | 'pairs';
export const MEMO_NAMES: readonly MemoName[] = ['common', 'amd', 'baseline', 'warrant', 'pairs'];

/**
 * Where a memo's entry for one grid point lives (see GridScenarios.slotsAt): `slot` indexes a
 * table of `capacity` entries by the coordinates that recur as the grid is walked, and `tag` is
 * the point's full coordinates on the axes the memo depends on, so a slot never answers for
 * another point's inputs.
 */
export interface StageSlot {
  slot: number;
  tag: number;
  capacity: number;
}
export type StageSlots = Record<MemoName, StageSlot>;

/**
 * A memo found by grid coordinates: a fixed table, one entry per slot, overwritten (never cleared
 * whole) — memory is bounded by the capacity the axes need, not by the number of points, and the
 * order of the axes does not matter.
 */
class SlotMemo<T> {
  private readonly tags: Float64Array;
  private readonly values: (T | undefined)[];
  hits = 0;
  misses = 0;
  constructor(capacity: number) {
    this.tags = new Float64Array(capacity);
    this.values = new Array<T | undefined>(capacity);
  }
  get(at: StageSlot, make: () => T): T {
    const found = this.values[at.slot];
    if (found !== undefined && this.tags[at.slot] === at.tag) {
      this.hits++;
      return found;
    }
    this.misses++;
    const value = make();
    this.values[at.slot] = value;
    this.tags[at.slot] = at.tag;
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
  private readonly pairs: Memo<ScaledSummary>;

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
    const slot = (name: MemoName) => this.slotMemos?.[name]?.misses ?? 0;
    return {
      common: this.common.misses + slot('common'),
      amd: this.amd.misses + slot('amd'),
      baseline: this.baseline.misses + slot('baseline'),
      warrant: this.warrant.misses + slot('warrant'),
    };
  }

  /**
   * The SPEC §3 summary at a point, equal to `runModel(scenario()).summary`. `scenario` is called
   * only when a stage is not memoised yet.
   */
  evaluate(scenario: Scenario | (() => Scenario), keys: StageKeys): StagedPoint {
    const commonKey = keys.common;
    const amdKey = `${commonKey}|${keys.amd}`;
    const memoKeys: Record<MemoName, string> = {
      common: commonKey,
      warrant: `${commonKey}|${keys.warrant}`,
      amd: amdKey,
      pairs: `${amdKey}|${keys.warrant}`,
      baseline: `${commonKey}|${keys.baseline}`,
    };
    const memos = this.memos();
    const point = this.evaluateWith(scenario, (name, make) => memos[name].get(memoKeys[name], make));
    return { ...point, summary: scaledToSummary(point.scaled) };
  }

  /**
   * {@link evaluate} for a point of a grid, its memos found by grid coordinates
   * (GridScenarios.slotsAt) instead of string keys: no key is built, nothing is cleared whole.
   */
  evaluateAt(scenario: Scenario | (() => Scenario), slots: StageSlots): ScaledPoint {
    const memos = (this.slotMemos ??= {} as Record<MemoName, SlotMemo<unknown>>);
    return this.evaluateWith(scenario, (name, make) => {
      const at = slots[name];
      const memo = (memos[name] ??= new SlotMemo(at.capacity));
      return memo.get(at, make);
    });
  }

  private slotMemos: Record<MemoName, SlotMemo<unknown>> | undefined;

  private memos(): Record<MemoName, Memo<unknown>> {
    return { common: this.common, amd: this.amd, baseline: this.baseline, warrant: this.warrant, pairs: this.pairs } as Record<
      MemoName,
      Memo<unknown>
    >;
  }

  private evaluateWith(
    scenario: Scenario | (() => Scenario),
    lookup: (name: MemoName, make: () => unknown) => unknown,
  ): ScaledPoint {
    let built: Scenario | undefined = typeof scenario === 'function' ? undefined : scenario;
    const get = () => (built ??= (scenario as () => Scenario)());
    const common = lookup('common', () => commonStage(stageView(get(), 'common'))) as CommonStage;
    const warrant = lookup('warrant', () => warrantStage(stageView(get(), 'warrant'), common)) as WarrantStage;
    // AMD and warrant fields of the summary depend on the amd and warrant stages only (the
    // baseline fields of these totals are 0); the baseline fields on the baseline stage only.
    const amdSide = lookup('pairs', () => {
      const amd = lookup('amd', () => sideStage(stageView(get(), 'amd'), common, 'amd')) as LedgerTotals;
      return totalsToScaled(addVestedToTotals(amd, warrant.vested, warrant.taxed, common.discountFactorAt));
    }) as ScaledSummary;
    const baselineSide = lookup('baseline', () => {
      const s = totalsToScaled(sideStage(stageView(get(), 'baseline'), common, 'baseline'));
      return {
        baseline_units: s.baseline_units,
        baseline_hardware_spend: s.baseline_hardware_spend,
        baseline_other_costs: s.baseline_other_costs,
        baseline_energy_cost: s.baseline_energy_cost,
        baseline_cost: s.baseline_cost,
        baseline_cost_pv: s.baseline_cost_pv,
      };
    }) as BaselineHalf;
    const scaled: ScaledSummary = {
      ...amdSide,
      baseline_units: baselineSide.baseline_units,
      baseline_hardware_spend: baselineSide.baseline_hardware_spend,
      baseline_other_costs: baselineSide.baseline_other_costs,
      baseline_energy_cost: baselineSide.baseline_energy_cost,
      baseline_cost: baselineSide.baseline_cost,
      baseline_cost_pv: baselineSide.baseline_cost_pv,
      // SPEC §3: savings = baseline_cost − amd_net_cost; savings_pv of the two rounded values
      savings: baselineSide.baseline_cost - amdSide.amd_net_cost,
      savings_pv: baselineSide.baseline_cost_pv - amdSide.amd_net_cost_pv,
      // SPEC v1.1 rows that read both sides: the cost advantage per point (two subtractions, as for
      // savings); amd_units is the AMD side's (delivered units, supply delay included), so the
      // baseline's per-AMD-unit price is per point too
      ...costAdvantage({
        baseline_cost: baselineSide.baseline_cost,
        baseline_cost_pv: baselineSide.baseline_cost_pv,
        amd_gross_cost: amdSide.amd_gross_cost,
        amd_gross_cost_pv: amdSide.amd_gross_cost_pv,
      }),
      baseline_cost_per_amd_unit: perUnitOf(baselineSide, amdSide.amd_units),
    };
    return { scaled, decisions: warrant.decisions, schedule: common.schedule };
  }
}

/**
 * baseline_cost_per_amd_unit of a point: the baseline stage's cost over the AMD side's units (one
 * BigInt division), kept on the baseline stage for the last AMD unit count — which a grid over
 * the baseline and the share price never changes.
 */
const perUnitMemo = new WeakMap<BaselineHalf, { units: bigint; value: bigint }>();

function perUnitOf(baseline: BaselineHalf, amdUnits: bigint): bigint {
  const found = perUnitMemo.get(baseline);
  if (found !== undefined && found.units === amdUnits) return found.value;
  const value = perAmdUnit(baseline.baseline_cost, amdUnits);
  perUnitMemo.set(baseline, { units: amdUnits, value });
  return value;
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
      bookings.push(makeBooking(side, 'hardware', label, period, hardwareSpend(count, price(period.end)), discountFactorAt, count));
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
  const { schedule } = common;
  const sp = scenario.share_price;
  let path: Decimal[];
  let shortcuts: VestingShortcuts = {};
  if (sp.model === 'cagr') {
    // A cagr price off a whole year is a fractional power, the costliest number of a sweep point:
    // only the P(e_k) the warrant reads are computed (the sale prices, and the comparisons a float
    // cannot decide), each exactly as the engine computes it.
    const cache = new Array<Decimal | undefined>(schedule.length);
    const at = (i: number): Decimal => (cache[i] ??= price(schedule[i]!.end));
    path = lazyArray(cache, at);
    shortcuts = { priceAtLeast: cagrPriceAtLeast(sp, schedule, at) };
  } else {
    path = schedule.map((p) => price(p.end));
  }
  const delivered = deliveredOf(scenario, common);
  shortcuts.gwHolds = gwTableOf(scenario.warrant, delivered);
  const decisions = vestTranches(scenario.warrant, schedule, delivered, path, common.maxGw, shortcuts);
  const vested = vestedTranches(scenario.warrant, schedule, decisions, path);
  return { decisions, vested, taxed: !scenario.warrant.tax_rate.isZero() };
}

/**
 * The GW condition per tranche and period end ({@link gwConditionTable}), memoised by the very
 * warrant and GW objects: a sweep that changes only the share price shares both across its
 * points (a point's scenario copies only the path it changes), so the table is built once.
 */
const gwTables = new WeakMap<object, { delivered: DeploymentLevel[]; table: boolean[][] }>();

function gwTableOf(warrant: Scenario['warrant'], delivered: DeploymentLevel[]): boolean[][] {
  const found = gwTables.get(warrant);
  if (found !== undefined && found.delivered === delivered) return found.table;
  const table = gwConditionTable(warrant, delivered);
  gwTables.set(warrant, { delivered, table });
  return table;
}

/** An array whose entry i is `at(i)`, computed on first read (the engine reads it by index only). */
function lazyArray(cache: (Decimal | undefined)[], at: (i: number) => Decimal): Decimal[] {
  const n = cache.length;
  return new Proxy(cache as Decimal[], {
    get(target, property, receiver) {
      if (typeof property === 'string') {
        const index = property.length <= 6 ? Number(property) : NaN;
        if (Number.isInteger(index) && index >= 0 && index < n) return at(index);
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

/** Relative margin within which a float comparison is not trusted and the exact one decides. */
const SCREEN_MARGIN = 1e-9;

/**
 * Exactly `P(e_k) ≥ threshold` for a cagr price: decided in float64 when start·(1+cagr)^yf is more
 * than 1e-9 (relative) away from the threshold — its error is below 1e-13 relative — and by the
 * exact comparison of the engine's P(e_k) otherwise (or when a float is not a normal number).
 */
function cagrPriceAtLeast(
  sp: Extract<Scenario['share_price'], { model: 'cagr' }>,
  schedule: readonly Period[],
  at: (i: number) => Decimal,
): NonNullable<VestingShortcuts['priceAtLeast']> {
  const start = Number(sp.start.toString());
  const base = 1 + Number(sp.cagr.toString());
  const floats = new Map<Decimal, number>();
  // P(e_k) in float64 once per period end (the comparisons ask for each tranche at each end)
  const prices = schedule.map((period) => start * Math.pow(base, (period.end - sp.date) / 365));
  return (index, threshold) => {
    let h = floats.get(threshold);
    if (h === undefined) floats.set(threshold, (h = Number(threshold.toString())));
    const p = prices[index]!;
    if (p > 1e-300 && p < 1e300 && h > 1e-300 && h < 1e300) {
      if (p > h * (1 + SCREEN_MARGIN)) return true;
      if (p < h * (1 - SCREEN_MARGIN)) return false;
    }
    return atLeast(at(index), threshold);
  };
}

/** Keys that never match another point: for one-off evaluations (every stage recomputed). */
let uniqueCounter = 0;
export function uniqueKeys(): StageKeys {
  const key = `u${uniqueCounter++}`;
  return { common: key, amd: key, baseline: key, warrant: key };
}
