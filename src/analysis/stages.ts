/**
 * SPEC §3's summary computed in independent, memoised stages, for analyses that run the model at
 * many nearby points (sweep, tornado, breakeven).
 *
 * The engine's stages depend on different parts of the scenario:
 * - `common`: the period schedule, GW(e_k) and the discount factors — timeline and deployment;
 * - `amd`: AMD hardware, other costs and energy — common plus `amd` and `energy`;
 * - `baseline`: the Nvidia side — common plus `baseline`, `energy`, and `amd.units_per_gw` /
 *   `amd.performance` (the baseline buys the same delivered compute);
 * - `warrant`: vesting, exercise, sale and tax — common plus `share_price` and `warrant`.
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
import type { Decimal } from '../money/index.js';
import { atLeast, cents, product } from '../money/index.js';
import { periodSchedule, type Period } from '../time/index.js';
import type { Scenario } from '../scenario/types.js';
import {
  addToTotals,
  bookEnergy,
  costAdvantage,
  perAmdUnit,
  bookOtherCost,
  bookWarrant,
  buyUnits,
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
  type UnitsPlan,
  type VestingDecision,
  type VestingShortcuts,
} from '../engine/index.js';
import { ScenarioError, type ScenarioIssue } from '../scenario/issues.js';

export type StageName = 'common' | 'amd' | 'baseline' | 'warrant';
export const STAGE_NAMES: readonly StageName[] = ['common', 'amd', 'baseline', 'warrant'];

/**
 * The stages whose result a change at `path` (a SPEC path such as `share_price.cagr` or
 * `warrant.tranches[2].price`) can alter. `common` stands for every stage (they all read it).
 * Labels (`name`, `description`, `currency`) alter none.
 */
export function stagesAffectedBy(path: string): ReadonlySet<StageName> {
  const section = /^[a-z_]+/.exec(path)?.[0] ?? '';
  const rest = path.slice(section.length);
  switch (section) {
    case 'version':
    case 'name':
    case 'description':
    case 'currency':
    case 'valuation': // used by \`value\` only (SPEC §7): no model stage reads it
    case 'dilution':
      return new Set();
    case 'amd':
      if (rest === '.units_per_gw') return new Set(['amd', 'baseline']);
      if (rest === '.performance') return new Set(['baseline']);
      if (rest === '.product') return new Set();
      return new Set(['amd']);
    case 'baseline':
      return rest === '.name' ? new Set() : new Set(['baseline']);
    case 'energy':
      return new Set(['amd', 'baseline']);
    case 'share_price':
      return rest === '.volatility' ? new Set() : new Set(['warrant']);
    case 'warrant':
      return new Set(['warrant']);
    default:
      // timeline, deployment, extends, anything unforeseen: everything depends on it
      return new Set(STAGE_NAMES);
  }
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
  /** units plans by (units_per_gw, amd.performance, baseline.performance) */
  units: Map<string, UnitsPlan>;
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
  | 'baseline_units'
  | 'baseline_hardware_spend'
  | 'baseline_other_costs'
  | 'baseline_energy_cost'
  | 'baseline_cost'
  | 'baseline_cost_pv'
  | 'baseline_cost_per_amd_unit'
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
    return this.evaluateWith(scenario, (name, make) => memos[name].get(memoKeys[name], make));
  }

  /**
   * {@link evaluate} for a point of a grid, its memos found by grid coordinates
   * (GridScenarios.slotsAt) instead of string keys: no key is built, nothing is cleared whole.
   */
  evaluateAt(scenario: Scenario | (() => Scenario), slots: StageSlots): StagedPoint {
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
  ): StagedPoint {
    let built: Scenario | undefined = typeof scenario === 'function' ? undefined : scenario;
    const get = () => (built ??= (scenario as () => Scenario)());
    const common = lookup('common', () => commonStage(get())) as CommonStage;
    const warrant = lookup('warrant', () => warrantStage(get(), common)) as WarrantStage;
    // AMD and warrant fields of the summary depend on the amd and warrant stages only (the
    // baseline fields of these totals are 0); the baseline fields on the baseline stage only.
    const amdSide = lookup('pairs', () => {
      const amd = lookup('amd', () => sideStage(get(), common, 'amd')) as LedgerTotals;
      return totalsToSummary(addToTotals(amd, warrant.bookings));
    }) as Summary;
    const baselineSide = lookup('baseline', () => {
      const scenarioHere = get();
      const s = totalsToSummary(sideStage(scenarioHere, common, 'baseline'));
      const amdUnits = unitsOf(scenarioHere, common).amdCumulative.at(-1)!;
      return {
        baseline_cost_per_amd_unit: perAmdUnit(s.baseline_cost, amdUnits),
        baseline_units: s.baseline_units,
        baseline_hardware_spend: s.baseline_hardware_spend,
        baseline_other_costs: s.baseline_other_costs,
        baseline_energy_cost: s.baseline_energy_cost,
        baseline_cost: s.baseline_cost,
        baseline_cost_pv: s.baseline_cost_pv,
      };
    }) as BaselineHalf;
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
    // SPEC v1.1 rows that read both sides: the cost advantage per point (two subtractions, as for
    // savings); the baseline's per-AMD-unit price comes with the baseline stage (it knows amd_units)
    Object.assign(
      summary,
      costAdvantage({
        baseline_cost: baselineSide.baseline_cost,
        baseline_cost_pv: baselineSide.baseline_cost_pv,
        amd_gross_cost: amdSide.amd_gross_cost,
        amd_gross_cost_pv: amdSide.amd_gross_cost_pv,
      }),
    );
    summary.baseline_cost_per_amd_unit = baselineSide.baseline_cost_per_amd_unit;
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
  };
}

/**
 * One side's cost bookings (SPEC §3 "Unit prices", "Other costs", "Energy"), booked exactly as the
 * engine's `bookCosts` books that side, summed in ledger order.
 */
function sideStage(scenario: Scenario, common: CommonStage, side: 'amd' | 'baseline'): LedgerTotals {
  const { schedule, discountFactorAt } = common;
  const units = unitsOf(scenario, common);
  const terms = side === 'amd' ? scenario.amd : scenario.baseline;
  const label = side === 'amd' ? scenario.amd.product : scenario.baseline.name;
  const bought = side === 'amd' ? units.amdBought : units.baselineBought;
  const cumulative = side === 'amd' ? units.amdCumulative : units.baselineCumulative;
  const price = unitPriceCurve(terms, scenario.timeline.start);
  const bookings: Booking[] = [];
  const issues: ScenarioIssue[] = [];
  schedule.forEach((period, i) => {
    const count = bought[i]!;
    if (!count.isZero()) {
      bookings.push(makeBooking(side, 'hardware', label, period, cents(product(count, price(period.end))), discountFactorAt, count));
    }
  });
  terms.other_costs.forEach((cost, c) => {
    bookings.push(...bookOtherCost(side, cost, `${side}.other_costs[${c}]`, schedule, discountFactorAt, issues));
  });
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

/**
 * SPEC §3 "AMD units", "Baseline units" (the engine's buyUnits), memoised on the common stage by
 * the three inputs besides GW that they read.
 */
function unitsOf(scenario: Scenario, common: CommonStage): UnitsPlan {
  const key = `${scenario.amd.units_per_gw.toString()}|${scenario.amd.performance.toString()}|${scenario.baseline.performance.toString()}`;
  let units = common.units.get(key);
  if (units === undefined) {
    units = buyUnits(scenario, common.levelsAtEnds);
    if (common.units.size >= 1_000) common.units.clear();
    common.units.set(key, units);
  }
  return units;
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
  const decisions = vestTranches(scenario.warrant, schedule, common.levelsAtEnds, path, common.maxGw, shortcuts);
  const { bookings } = bookWarrant(scenario.warrant, schedule, decisions, path, common.discountFactorAt);
  return { decisions, bookings };
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
  return (index, threshold) => {
    let h = floats.get(threshold);
    if (h === undefined) floats.set(threshold, (h = Number(threshold.toString())));
    const p = start * Math.pow(base, (schedule[index]!.end - sp.date) / 365);
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
