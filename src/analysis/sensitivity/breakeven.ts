/**
 * `breakeven` (SPEC §4, issue 5): the values of one input at which a metric crosses a target.
 *
 * The metric is a step function plus smooth parts (a tranche vesting makes it jump; unit prices and
 * share prices move it smoothly), so a root finder that assumes continuity would miss or misplace
 * crossings. Method: scan the range in `scan` equal steps to bracket every change of sign of
 * (metric − target), then bisect each bracket in exact decimals (dates: whole days) until it is no
 * wider than the tolerance. Each crossing reports the final bracket's ends, the metric at both,
 * and its kind: `jump` when a tranche vests at one end and not at the other (or on another date),
 * naming those tranches; `smooth` otherwise. Two crossings closer than one scan step can hide each
 * other (documented limit; a larger `--scan` finds them).
 *
 * Defaults where the user gives none (decided here; SPEC is silent):
 * - range: `*.cagr` [-0.5, 1]; `*.price_change` [-0.5, 0.5]; `timeline.discount_rate` [0, 0.3];
 *   `warrant.tax_rate` and `energy.utilization` [0, 1]; a date ±3 years (1,095 days) around its
 *   value; any other number [0.1 ×, 3 ×] its value ([-1, 1] when it is 0);
 * - `supply_delay.days` (v1.1): whole days in [0, max(365, 3 × its value)], 1 day tolerance;
 * - tolerance: 1 day for dates; 1e-6 for rates and ratios (cagr, price_change, discount_rate,
 *   tax_rate, performance, utilization, pue, volatility); 0.01 for everything else (prices, amounts);
 * - scan: 200 steps.
 * Scan points that make the scenario invalid are skipped (counted in `skipped`).
 *
 * v1.1, "how mature must ROCm be for savings = 0?": `--vary amd.performance` (or
 * `baseline.performance`) on a dated performance curve solves for a factor that multiplies every
 * point of the curve (dates and interpolation kept; 1 = the curve as written), with the defaults of
 * any other number at base 1: range [0.1, 3], tolerance 1e-6. On a plain number it solves for the
 * number itself, which is the same thing (the constant curve scaled).
 */
import { Decimal, ZERO, dec, formatPlain, parseDecimal } from '../../money/index.js';
import { formatDay, parseIsoDate, type Day } from '../../time/index.js';
import type { MetricName } from '../../engine/types.js';
import type { PerformanceCurve, Scenario } from '../../scenario/types.js';
import type { ScenarioIssue } from '../../scenario/issues.js';
import type { Assignment, ValidateWith } from '../points.js';
import { FREE_PATH, pathSegments } from '../points.js';
import { PointEvaluator, type PointOutcome } from './evaluate.js';

export const DEFAULT_SCAN_STEPS = 200;
const DATE_DEFAULT_SPAN = 1095;
const RATE_PATH = /(cagr|price_change|discount_rate|tax_rate|performance|utilization|pue|volatility)$/;

/** A value of the searched input: a decimal, or a date as a Day. */
/** `days` (v1.1 `supply_delay.days`): whole days, searched like dates and written as a count. */
export type InputValue = { kind: 'decimal'; value: Decimal } | { kind: 'date'; value: Day } | { kind: 'days'; value: number };
type InputKind = InputValue['kind'];

export interface BreakevenQuery {
  path: string;
  metric: MetricName;
  target: Decimal;
  min?: string;
  max?: string;
  tolerance?: string;
  scan?: number;
}

export interface Crossing {
  /** the final bracket: the metric is on one side of the target at `below`, the other at `above` */
  below: string;
  above: string;
  /** the reported value: the middle of the final bracket (dates: the end where the side changed) */
  value: string;
  metricBelow: Decimal;
  metricAbove: Decimal;
  kind: 'smooth' | 'jump';
  /** 1-based tranches whose vesting differs at the two ends (jumps) */
  tranches: number[];
  /** metric − target rises (`up`) or falls (`down`) across the crossing */
  direction: 'up' | 'down';
}

export interface BreakevenResult {
  path: string;
  metric: MetricName;
  target: Decimal;
  min: string;
  max: string;
  tolerance: string;
  scan: number;
  /** scan points skipped because the scenario was invalid there */
  skipped: number;
  crossings: Crossing[];
  /** the metric at the base scenario */
  base: Decimal;
  /**
   * v1.1: true when `path` names a dated performance curve: the solved value is then a factor that
   * multiplies every point of the curve (1 = the curve as written), not a point's value.
   */
  scaled: boolean;
}

export type BreakevenOutcome = { ok: true; result: BreakevenResult } | { ok: false; message: string; issues?: ScenarioIssue[] };

function leafAt(scenario: Scenario, path: string): unknown {
  let node: unknown = scenario;
  for (const s of pathSegments(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[s];
  }
  return node;
}

function valueText(v: InputValue): string {
  if (v.kind === 'days') return String(v.value);
  return v.kind === 'date' ? formatDay(v.value) : formatPlain(v.value);
}

function parseValue(kind: InputKind, text: string): InputValue | undefined {
  if (kind === 'days') {
    const value = parseDecimal(text);
    return value === undefined || !value.isInteger() || value.isNegative() || value.gt(1_000_000) ? undefined : { kind, value: value.toNumber() };
  }
  if (kind === 'date') {
    const day = parseIsoDate(text.trim());
    return day === undefined ? undefined : { kind, value: day };
  }
  const value = parseDecimal(text);
  return value === undefined ? undefined : { kind, value };
}

/** The default range of a path around its base value (see the module comment). */
export function defaultRange(path: string, base: InputValue): [InputValue, InputValue] {
  if (base.kind === 'days') {
    return [
      { kind: 'days', value: 0 },
      { kind: 'days', value: Math.max(365, base.value * 3) },
    ];
  }
  if (base.kind === 'date') {
    return [
      { kind: 'date', value: base.value - DATE_DEFAULT_SPAN },
      { kind: 'date', value: base.value + DATE_DEFAULT_SPAN },
    ];
  }
  const d = (text: string): InputValue => ({ kind: 'decimal', value: dec(text) });
  if (/\.cagr$/.test(path)) return [d('-0.5'), d('1')];
  if (/\.price_change$/.test(path)) return [d('-0.5'), d('0.5')];
  if (path === 'timeline.discount_rate') return [d('0'), d('0.3')];
  if (path === 'warrant.tax_rate' || path === 'energy.utilization') return [d('0'), d('1')];
  if (base.value.isZero()) return [d('-1'), d('1')];
  const a = base.value.times('0.1');
  const b = base.value.times(3);
  return a.lt(b) ? [{ kind: 'decimal', value: a }, { kind: 'decimal', value: b }] : [{ kind: 'decimal', value: b }, { kind: 'decimal', value: a }];
}

/** The default tolerance of a path (see the module comment). */
export function defaultTolerance(path: string, kind: InputKind): Decimal {
  if (kind !== 'decimal') return dec(1);
  return RATE_PATH.test(path) ? dec('0.000001') : dec('0.01');
}

interface Sample {
  x: InputValue;
  outcome: PointOutcome & { ok: true };
  /** metric − target >= 0 */
  atOrAbove: boolean;
}

/** Solves a breakeven query on a base scenario (validated with `validate([])`). */
export function runBreakeven(validate: ValidateWith, query: BreakevenQuery): BreakevenOutcome {
  const evaluator = new PointEvaluator(validate);
  const base = evaluator.base();
  if (!base.ok) return { ok: false, message: 'the scenario is invalid', issues: base.issues };
  const baseScenario = (validate([]) as { ok: true; scenario: Scenario }).scenario;
  const leaf = leafAt(baseScenario, query.path);
  const curve = scaledCurve(query.path, leaf);
  let kind: InputKind;
  if (Decimal.isDecimal(leaf) || curve !== undefined) kind = 'decimal';
  else if (typeof leaf === 'number' && /date|start|expiry|from|to$/.test(query.path)) kind = 'date';
  else if (query.path === 'supply_delay.days') kind = 'days';
  else {
    // unknown path (did you mean) or not a number: let the loader word it
    const probe = validate([{ path: query.path, value: '0', source: `--vary ${query.path}` }]);
    if (!probe.ok && probe.issues.some((i) => i.code === 'unknown_path' || i.code === 'bad_set_path')) {
      return { ok: false, message: `cannot solve for ${query.path}`, issues: probe.issues.filter((i) => i.code === 'unknown_path' || i.code === 'bad_set_path') };
    }
    return {
      ok: false,
      message: `${query.path} is not a number or a date in this scenario${leaf === undefined ? ' (it is not set; give it a value with --set first)' : ''}; breakeven solves for one numeric or date input`,
    };
  }
  const baseValue: InputValue =
    kind === 'days'
      ? { kind, value: typeof leaf === 'number' ? leaf : 0 } // no supply_delay yet: 0 days, set by --set
      : kind === 'date'
        ? { kind, value: leaf as number }
        : { kind, value: curve !== undefined ? dec(1) : (leaf as Decimal) };
  const [defaultMin, defaultMax] = defaultRange(query.path, baseValue);
  const min = query.min !== undefined ? parseValue(kind, query.min) : defaultMin;
  const max = query.max !== undefined ? parseValue(kind, query.max) : defaultMax;
  if (min === undefined) return { ok: false, message: `--min ${query.min}: expected ${kind === 'date' ? 'a date YYYY-MM-DD' : kind === 'days' ? 'whole days, 0 or more' : 'a number'}` };
  if (max === undefined) return { ok: false, message: `--max ${query.max}: expected ${kind === 'date' ? 'a date YYYY-MM-DD' : kind === 'days' ? 'whole days, 0 or more' : 'a number'}` };
  if (!lessThan(min, max)) return { ok: false, message: `--min ${valueText(min)} must be below --max ${valueText(max)}` };
  const tolerance = query.tolerance !== undefined ? parseDecimal(query.tolerance) : defaultTolerance(query.path, kind);
  if (tolerance === undefined || tolerance.lte(ZERO)) return { ok: false, message: `--tolerance ${query.tolerance}: expected a positive number` };
  const scan = query.scan ?? DEFAULT_SCAN_STEPS;

  const validatedAt = (x: InputValue): PointOutcome => {
    const text = valueText(x);
    if (curve !== undefined) return evaluator.at(scaledAssignments(query.path, curve, x.value as Decimal));
    return evaluator.at([{ path: query.path, value: text, source: `breakeven ${query.path}=${text}` } satisfies Assignment]);
  };
  // A free path (points.ts) valid at both ends of the range is valid between them: interior points
  // are patched into the validated base instead of going through the loader each time. A scaled
  // curve is free too (each point's value > 0 is an interval, and the factor scales them all).
  const patchable =
    kind === 'decimal' && (FREE_PATH.test(query.path) || curve !== undefined) && validatedAt(min).ok && validatedAt(max).ok;
  const sampleAt = (x: InputValue): Sample | undefined => {
    const outcome = !patchable
      ? validatedAt(x)
      : curve !== undefined
        ? evaluator.patchedWith(baseScenario, query.path, scaleCurve(curve, x.value as Decimal), `x${formatPlain(x.value as Decimal)}`)
        : evaluator.patched(baseScenario, query.path, x.value as Decimal);
    if (!outcome.ok) return undefined;
    return { x, outcome, atOrAbove: outcome.summary[query.metric].gte(query.target) };
  };

  const points = scanPoints(min, max, scan);
  let skipped = 0;
  const samples: Sample[] = [];
  for (const x of points) {
    const s = sampleAt(x);
    if (s === undefined) skipped++;
    else samples.push(s);
  }
  const crossings: Crossing[] = [];
  for (let i = 1; i < samples.length; i++) {
    let lo = samples[i - 1]!;
    let hi = samples[i]!;
    if (lo.atOrAbove === hi.atOrAbove) continue;
    // bisect: keep lo and hi on opposite sides
    // A tolerance below what the numbers can resolve (1e-70) ends the bisection where the midpoint
    // no longer differs from an end (issue 12: it used to loop forever), and never after
    // MAX_BISECTIONS halvings.
    for (let step = 0; step < MAX_BISECTIONS && wider(lo.x, hi.x, tolerance); step++) {
      const mid = middle(lo.x, hi.x);
      if (mid === undefined || sameValue(mid, lo.x) || sameValue(mid, hi.x)) break;
      const m = sampleAt(mid);
      if (m === undefined) break;
      if (m.atOrAbove === lo.atOrAbove) lo = m;
      else hi = m;
    }
    crossings.push(describeCrossing(lo, hi, query.metric));
  }
  return {
    ok: true,
    result: {
      path: query.path,
      metric: query.metric,
      target: query.target,
      min: valueText(min),
      max: valueText(max),
      tolerance: formatPlain(tolerance),
      scan,
      skipped,
      crossings,
      base: base.summary[query.metric],
      scaled: curve !== undefined,
    },
  };
}

/**
 * v1.1: `--vary amd.performance` (or `baseline.performance`) on a dated curve means "multiply every
 * point": the curve itself, when the path names one (undefined otherwise).
 */
function scaledCurve(path: string, leaf: unknown): PerformanceCurve | undefined {
  if (!/^(amd|baseline)\.performance$/.test(path) || leaf === null || typeof leaf !== 'object' || Decimal.isDecimal(leaf)) return undefined;
  return Array.isArray((leaf as PerformanceCurve).points) ? (leaf as PerformanceCurve) : undefined;
}

/** The curve with every point's value × factor (dates and interpolation kept). */
function scaleCurve(curve: PerformanceCurve, factor: Decimal): PerformanceCurve {
  return { interpolation: curve.interpolation, points: curve.points.map((p) => ({ date: p.date, value: p.value.times(factor) })) };
}

/** The `--set`-style assignments that put every point of the curve at value × factor. */
function scaledAssignments(path: string, curve: PerformanceCurve, factor: Decimal): Assignment[] {
  return curve.points.map((p, i) => {
    const value = formatPlain(p.value.times(factor));
    return { path: `${path}.points[${i}].value`, value, source: `breakeven ${path}=×${formatPlain(factor)}` };
  });
}

/** More halvings than any decimal bracket needs (each halves it: 2^-400 is far below any tolerance). */
const MAX_BISECTIONS = 400;

function sameValue(a: InputValue, b: InputValue): boolean {
  return a.kind !== 'decimal' ? a.value === b.value : a.value.eq(b.value as Decimal);
}

function lessThan(a: InputValue, b: InputValue): boolean {
  return a.kind !== 'decimal' ? a.value < (b.value as number) : a.value.lt(b.value as Decimal);
}

/** `scan` equal steps from min to max, both included (dates: whole days, no repeats). */
function scanPoints(min: InputValue, max: InputValue, scan: number): InputValue[] {
  const points: InputValue[] = [];
  if (min.kind !== 'decimal') {
    const span = (max.value as number) - min.value;
    let previous: number | undefined;
    for (let i = 0; i <= scan; i++) {
      const day = min.value + Math.round((span * i) / scan);
      if (day !== previous) points.push({ kind: min.kind, value: day });
      previous = day;
    }
    return points;
  }
  const width = (max.value as Decimal).minus(min.value);
  for (let i = 0; i <= scan; i++) {
    // multiplication first, one division last: exact whenever the step is a terminating decimal
    const value = i === scan ? (max.value as Decimal) : min.value.plus(width.times(i).div(scan));
    points.push({ kind: 'decimal', value });
  }
  return points;
}

function wider(a: InputValue, b: InputValue, tolerance: Decimal): boolean {
  if (a.kind !== 'decimal') return Math.abs((b.value as number) - a.value) > Math.max(1, tolerance.toNumber());
  return (b.value as Decimal).minus(a.value).abs().gt(tolerance);
}

function middle(a: InputValue, b: InputValue): InputValue | undefined {
  if (a.kind !== 'decimal') {
    const lo = Math.min(a.value, b.value as number);
    const hi = Math.max(a.value, b.value as number);
    if (hi - lo < 2) return undefined;
    return { kind: a.kind, value: lo + Math.floor((hi - lo) / 2) };
  }
  return { kind: 'decimal', value: a.value.plus(b.value as Decimal).div(2) };
}

function describeCrossing(lo: Sample, hi: Sample, metric: MetricName): Crossing {
  // order the bracket by input value
  const [first, second] = lessThan(lo.x, hi.x) ? [lo, hi] : [hi, lo];
  const tranches: number[] = [];
  const a = first.outcome.decisions;
  const b = second.outcome.decisions;
  for (let t = 0; t < Math.max(a.length, b.length); t++) {
    const va = a[t]?.vestPeriod;
    const vb = b[t]?.vestPeriod;
    if (va !== vb) tranches.push(t + 1);
  }
  const value =
    first.x.kind !== 'decimal'
      ? valueText(second.x)
      : formatPlain((first.x.value as Decimal).plus(second.x.value as Decimal).div(2));
  return {
    below: valueText(first.x),
    above: valueText(second.x),
    value,
    metricBelow: first.outcome.summary[metric],
    metricAbove: second.outcome.summary[metric],
    kind: tranches.length > 0 ? 'jump' : 'smooth',
    tranches,
    direction: second.atOrAbove ? 'up' : 'down',
  };
}
