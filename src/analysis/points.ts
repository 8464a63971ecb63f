/**
 * From a grid point (one value index per axis) to a fully valid {@link Scenario} and the keys of
 * its memoised stages — without validating every point.
 *
 * How validity is guaranteed before the first row goes out (issue 5: "check every axis value before
 * the first row goes out"):
 * - A *free* axis is a numeric path whose validity SPEC §2 and the loader decide from its own value
 *   alone (an interval such as `> 0` or `0..1`), whose value is used as written (the validated leaf
 *   equals the decimal of the text), and from which no default is derived: rates, prices,
 *   performance, power, other-cost amounts, tranche conditions, energy inputs ({@link FREE_PATH}).
 *   Each value of a list is validated once, alone on the base scenario; a range has its first,
 *   second and last value validated (the constraints on these paths are intervals, so the ends
 *   bound every value between). At a point, its value is patched into the
 *   scenario of the other axes.
 * - Every other axis (dates, GW, periods, counts, text, a path absent from the base) is *coupled*:
 *   it may be valid or not depending on other values (two dates crossing, tranche sums, defaults
 *   derived from the timeline). Every combination of the coupled axes is validated up front, in
 *   full, through the loader, and kept ({@link MAX_COUPLED_COMBINATIONS} at most).
 * So a grid is either entirely valid or refused before any row, and every point's scenario equals
 * what the loader gives for the same `--set` options (the differential test checks it).
 */
import { Decimal, parseDecimal } from '../money/index.js';
import type { Scenario } from '../scenario/types.js';
import type { ScenarioIssue } from '../scenario/issues.js';
import type { Axis } from './grid.js';
import { axisValueText, rangeValue } from './grid.js';
import { MEMO_NAMES, STAGE_NAMES, stagesAffectedBy, type MemoName, type StageKeys, type StageName, type StageSlots } from './stages.js';

/** One `PATH=VALUE` assignment applied on top of the base scenario (after `--set`). */
export interface Assignment {
  path: string;
  value: string;
  /** how the assignment is named in messages, e.g. `--vary share_price.cagr=0.3` */
  source: string;
}

export type Validation = { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] };

/** Validates the base scenario with assignments applied in order (the loader, injected). */
export type ValidateWith = (assignments: readonly Assignment[]) => Validation;

/** Paths whose validity depends on their own value only and from which no default is derived. */
export const FREE_PATH =
  /^(timeline\.discount_rate|(amd|baseline)\.(unit_price|price_change|performance|kw_per_unit)|(amd|baseline)\.performance\.points\[\d+\]\.value|(amd|baseline)\.other_costs\[\d+\]\.per_unit_year|supply_delay\.cost_per_gw_year|amd\.units_per_gw|(amd|baseline)\.other_costs\[\d+\]\.(amount|per_year)|share_price\.(start|cagr|volatility)|share_price\.points\[\d+\]\.price|warrant\.(strike|tax_rate)|warrant\.tranches\[\d+\]\.(gw|price)|energy\.(price_per_mwh|pue|utilization))$/;

/** At most this many combinations of coupled axes (each is validated and kept). */
export const MAX_COUPLED_COMBINATIONS = 20_000;

/** At most this many issues are reported for a bad grid (the first ones, in grid order). */
const MAX_REPORTED_ISSUES = 20;

type Segment = string | number;

/** `a.b[2].c` -> `['a', 'b', 2, 'c']`. */
export function pathSegments(path: string): Segment[] {
  const out: Segment[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) return [path];
    out.push(m[1]!);
    for (const index of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(index[1]));
  }
  return out;
}

/**
 * The most entries a grid memo holds (a warrant stage is a few kB): 16,384 keeps a thread's memos
 * within a few tens of MB however the axes are written.
 */
export const MAX_MEMO_SLOTS = 16_384;

/** The value at a path of keys and indexes, or undefined. */
export function leafAt(root: unknown, segments: readonly Segment[]): unknown {
  let node: unknown = root;
  for (const s of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[s];
  }
  return node;
}

/** A copy of `root` with the leaf at `segments` replaced, copying only the objects on the path. */
export function withLeaf<T>(root: T, segments: readonly Segment[], value: unknown, depth = 0): T {
  const key = segments[depth]!;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
  copy[key] = depth === segments.length - 1 ? value : withLeaf(copy[key], segments, value, depth + 1);
  return copy as T;
}

interface FreeAxis {
  axis: number;
  segments: Segment[];
  /** cached decimal values (short axes) */
  values: (Decimal | undefined)[] | undefined;
}

/** One bad value or combination of a grid: its assignments (`a=1, b=2`) and the loader's issues. */
export interface BadPoint {
  point: string;
  issues: ScenarioIssue[];
}

/** A problem with a grid: the first bad values or combinations, and how many there were. */
export interface GridIssues {
  bad: BadPoint[];
  /** how many values or combinations were bad in all */
  badCount: number;
}

/**
 * The scenarios of a grid. Build with {@link prepareGridScenarios}; then {@link scenarioAt} and
 * {@link keysAt} per point. Holds the axes, the validated coupled combinations and short caches —
 * never the grid.
 */
export class GridScenarios {
  readonly sizes: number[];
  private readonly free: FreeAxis[];
  private readonly coupledAxes: number[];
  private readonly coupledScenarios: Scenario[];
  private readonly stageAxes: Record<StageName, number[]>;
  private readonly indexBuffer: number[];
  private readonly slotPlans: Array<{ name: MemoName; axes: number[]; inner: number[]; capacity: number }>;

  constructor(
    readonly axes: readonly Axis[],
    free: FreeAxis[],
    coupledAxes: number[],
    coupledScenarios: Scenario[],
  ) {
    this.sizes = axes.map((a) => a.size);
    this.free = free;
    this.coupledAxes = coupledAxes;
    this.coupledScenarios = coupledScenarios;
    this.indexBuffer = new Array<number>(axes.length).fill(0);
    const stageAxes = { common: [], amd: [], baseline: [], warrant: [] } as Record<StageName, number[]>;
    axes.forEach((axis, a) => {
      for (const stage of stagesAffectedBy(axis.path)) stageAxes[stage].push(a);
    });
    this.stageAxes = stageAxes;
    const union = (...stages: StageName[]) => [...new Set(stages.flatMap((st) => stageAxes[st]))].sort((x, y) => x - y);
    const memoAxes: Record<MemoName, number[]> = {
      common: union('common'),
      amd: union('common', 'amd'),
      baseline: union('common', 'baseline'),
      warrant: union('common', 'warrant'),
      pairs: union('common', 'amd', 'warrant'),
    };
    this.slotPlans = MEMO_NAMES.map((name) => {
      const depends = memoAxes[name];
      // walking the grid (last axis fastest), a memo's coordinates recur only on its axes that are
      // faster than the slowest axis it does not depend on; the slower ones only move forward
      let slowestOther = 0;
      while (depends.includes(slowestOther)) slowestOther++;
      const inner = depends.filter((a) => a > slowestOther);
      const needed = inner.reduce((n, a) => n * this.sizes[a]!, 1);
      return { name, axes: depends, inner, capacity: Math.min(needed, MAX_MEMO_SLOTS) };
    });
  }

  /**
   * Where each stage memo keeps the result for a point (see StagedModel.evaluateAt): one slot per
   * combination of the axes whose values recur as the grid is walked — e.g. 1,000 baseline slots
   * for `cagr × baseline.unit_price` and 1 warrant slot, the other way round when the axes are
   * written in the other order — at most {@link MAX_MEMO_SLOTS} (a larger table is indexed modulo
   * its size: bounded memory, recomputation only where entries collide).
   */
  slotsAt(indices: readonly number[]): StageSlots {
    // one object per grid, overwritten at every point: the caller reads it before the next point
    const slots = (this.slotBuffer ??= Object.fromEntries(
      this.slotPlans.map((plan) => [plan.name, { slot: 0, tag: 0, capacity: plan.capacity }]),
    ) as StageSlots);
    for (const plan of this.slotPlans) {
      let tag = 0;
      for (const a of plan.axes) tag = tag * this.sizes[a]! + indices[a]!;
      let slot = 0;
      for (const a of plan.inner) slot = slot * this.sizes[a]! + indices[a]!;
      const at = slots[plan.name] as { slot: number; tag: number };
      at.slot = slot % plan.capacity;
      at.tag = tag;
    }
    return slots;
  }

  private slotBuffer: StageSlots | undefined;

  /** The validated scenario at a point given by one value index per axis. */
  scenarioAt(indices: readonly number[]): Scenario {
    let combination = 0;
    for (const a of this.coupledAxes) combination = combination * this.sizes[a]! + indices[a]!;
    let scenario = this.coupledScenarios[combination]!;
    for (const f of this.free) scenario = withLeaf(scenario, f.segments, this.freeValue(f, indices[f.axis]!));
    return scenario;
  }

  /** Stage keys at a point: the indices of the axes each stage depends on. */
  keysAt(indices: readonly number[]): StageKeys {
    const key = (stage: StageName) => this.stageAxes[stage].map((a) => indices[a]).join(',');
    return { common: key('common'), amd: key('amd'), baseline: key('baseline'), warrant: key('warrant') };
  }

  private freeValue(f: FreeAxis, i: number): Decimal {
    const cached = f.values?.[i];
    if (cached !== undefined) return cached;
    const axis = this.axes[f.axis]!;
    const value = axis.kind === 'range' ? rangeValue(axis, i) : parseDecimal(axis.values[i]!)!;
    if (f.values !== undefined) f.values[i] = value;
    return value;
  }

  /** A reusable buffer for point indices (single-threaded callers). */
  buffer(): number[] {
    return this.indexBuffer;
  }

  /** The plain data a worker needs to rebuild this object (see {@link encodeGrid}). */
  toData(): GridData {
    return {
      axes: this.axes as Axis[],
      free: this.free.map((f) => ({ axis: f.axis, segments: f.segments, cache: f.values !== undefined })),
      coupledAxes: this.coupledAxes,
      coupledScenarios: this.coupledScenarios,
    };
  }

  static fromData(data: GridData): GridScenarios {
    const free = data.free.map((f) => ({
      axis: f.axis,
      segments: f.segments,
      values: f.cache ? new Array<Decimal | undefined>(data.axes[f.axis]!.size) : undefined,
    }));
    return new GridScenarios(data.axes, free, data.coupledAxes, data.coupledScenarios);
  }
}

/** Everything a {@link GridScenarios} holds, as data (Decimals included). */
export interface GridData {
  axes: Axis[];
  free: Array<{ axis: number; segments: Segment[]; cache: boolean }>;
  coupledAxes: number[];
  coupledScenarios: Scenario[];
}

/**
 * Value indices checked for a free axis: every value of a list; the first, second and last value
 * of a range. The loader's rules on every free path are intervals (`> 0`, `> -1`, `0..1`,
 * `|x| <= 1e15`, rates `<= 10`), so a range whose ends are valid is valid throughout; the second
 * value also catches a step that no rule accepts.
 */
function checkedIndices(axis: Axis): number[] {
  if (axis.kind === 'list') return Array.from({ length: axis.size }, (_, i) => i);
  return [...new Set([0, Math.min(1, axis.size - 1), axis.size - 1])];
}

function assignment(axis: Axis, i: number): Assignment {
  const value = axisValueText(axis, i);
  return { path: axis.path, value, source: `--vary ${axis.path}=${value}` };
}

/**
 * Validates a grid up front and prepares its point scenarios (see the module comment).
 * `validate([])` must give the base scenario (after `--set`).
 */
export function prepareGridScenarios(
  axes: readonly Axis[],
  validate: ValidateWith,
): { ok: true; grid: GridScenarios } | ({ ok: false } & GridIssues) {
  const base = validate([]);
  if (!base.ok) return { ok: false, bad: [{ point: 'the base scenario', issues: base.issues }], badCount: 1 };
  const bad: BadPoint[] = [];
  const seen = new Set<string>();
  let badCount = 0;
  const report = (assignments: readonly Assignment[], found: readonly ScenarioIssue[]) => {
    badCount++;
    // the same problem at many values (an unknown path) is reported once
    const fresh = found.filter((i) => {
      const key = i.code === 'unknown_path' || i.code === 'bad_set_path' || i.code === 'forbidden_key' ? `${i.code}|${i.path}` : `${i.code}|${i.path}|${i.message}|${assignments.map((a) => a.value).join(',')}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (fresh.length > 0 && bad.length < MAX_REPORTED_ISSUES) {
      bad.push({ point: assignments.map((a) => `${a.path}=${a.value}`).join(', '), issues: fresh });
    }
  };

  const free: FreeAxis[] = [];
  const coupledAxes: number[] = [];
  axes.forEach((axis, a) => {
    const segments = pathSegments(axis.path);
    const isFree =
      FREE_PATH.test(axis.path) &&
      axis.valueKind === 'decimal' &&
      Decimal.isDecimal(leafAt(base.scenario, segments)) &&
      // the same path twice: the later wins, as with repeated --set; keep it simple and exact
      axes.findIndex((other) => other.path === axis.path) === a;
    if (!isFree) {
      coupledAxes.push(a);
      return;
    }
    let used = true;
    for (const i of checkedIndices(axis)) {
      const checked = validate([assignment(axis, i)]);
      if (!checked.ok) {
        report([assignment(axis, i)], checked.issues);
        continue;
      }
      const leaf = leafAt(checked.scenario, segments);
      const expected = axis.kind === 'range' ? rangeValue(axis, i) : parseDecimal(axis.values[i]!);
      if (!Decimal.isDecimal(leaf) || expected === undefined || !(leaf as Decimal).eq(expected)) used = false;
    }
    if (used) {
      free.push({ axis: a, segments, values: axis.size <= 100_000 ? new Array<Decimal | undefined>(axis.size) : undefined });
    } else {
      coupledAxes.push(a);
    }
  });
  coupledAxes.sort((x, y) => x - y);

  let combinations = 1;
  for (const a of coupledAxes) combinations *= axes[a]!.size;
  if (combinations > MAX_COUPLED_COMBINATIONS) {
    const names = coupledAxes.map((a) => axes[a]!.path).join(', ');
    return {
      ok: false,
      badCount: 1,
      bad: [
        {
          point: names,
          issues: [
            {
              code: 'grid_too_coupled',
              path: names,
              message: `${combinations} combinations of values that must be checked together; at most ${MAX_COUPLED_COMBINATIONS} are supported — vary fewer of them at once`,
            },
          ],
        },
      ],
    };
  }
  const coupledScenarios: Scenario[] = [];
  if (badCount === 0) {
    const digits = coupledAxes.map(() => 0);
    for (let c = 0; c < combinations; c++) {
      let rest = c;
      for (let j = coupledAxes.length - 1; j >= 0; j--) {
        const size = axes[coupledAxes[j]!]!.size;
        digits[j] = rest % size;
        rest = Math.floor(rest / size);
      }
      const assignments = coupledAxes.map((a, j) => assignment(axes[a]!, digits[j]!));
      const checked = coupledAxes.length === 0 ? base : validate(assignments);
      if (checked.ok) coupledScenarios.push(checked.scenario);
      else report(assignments, checked.issues);
    }
  }
  if (badCount > 0) return { ok: false, bad, badCount };
  return { ok: true, grid: new GridScenarios(axes, free, coupledAxes, coupledScenarios) };
}

/** Every stage, for callers that build keys by hand. */
export { STAGE_NAMES };
