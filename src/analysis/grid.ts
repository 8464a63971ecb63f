/**
 * The grid of a `sweep` (SPEC §4 `--vary PATH=SPEC`): parsing the axis specs, exact decimal steps,
 * and the mixed-radix map from a point's index to one value per axis. The grid itself is never
 * built: a point is computed from its index, so a 10^6-point sweep holds only its axes in memory.
 *
 * Pure: no files, no printing. Problems come back as {@link GridProblem} data; the command decides
 * the exit code (a malformed option is a usage error, a bad value an invalid grid).
 */
import { Decimal, formatPlain, parseDecimal } from '../money/index.js';
import { parseIsoDate } from '../time/index.js';

/** SPEC §6: a grid over this many points is refused before any work. */
export const MAX_GRID_POINTS = 10_000_000;

/**
 * One `--vary` axis. Values are produced on demand by index ({@link axisValueText}), so a range of
 * a million steps costs three decimals, not a million strings.
 */
export type Axis = RangeAxis | ListAxis;

interface AxisBase {
  /** the PATH as written (column header) */
  path: string;
  /** the whole option text, for messages: `share_price.cagr=0:1:0.1` */
  option: string;
  /** number of values, >= 1 */
  size: number;
  /** how the column is written: every value a number, every value an ISO date, or text */
  valueKind: 'decimal' | 'date' | 'text';
}

export interface RangeAxis extends AxisBase {
  kind: 'range';
  from: Decimal;
  to: Decimal;
  step: Decimal;
}

export interface ListAxis extends AxisBase {
  kind: 'list';
  values: string[];
}

/** A problem with one `--vary` option. `usage`: malformed option (exit 2); `invalid`: a bad grid (exit 1). */
export interface GridProblem {
  severity: 'usage' | 'invalid';
  message: string;
}

export type AxisParse = { ok: true; axis: Axis } | { ok: false; problem: GridProblem };

const RANGE_PART = /^[^:,]*:[^:,]*:[^:,]*$/;

/**
 * Parses `PATH=A:B:STEP` (inclusive, exact decimal steps) or `PATH=V1,V2,...` (any YAML scalars,
 * dates included; a single value is a list of one).
 *
 * A range needs STEP > 0, A <= B and (B − A) / STEP a whole number: `0:0.3:0.1` gives exactly
 * 0, 0.1, 0.2, 0.3 (decimal arithmetic, no float drift); `0:1:0.3` is refused because 1 is not
 * reached. A range longer than {@link MAX_GRID_POINTS} is refused without enumerating it.
 */
export function parseAxis(option: string): AxisParse {
  const eq = option.indexOf('=');
  if (eq <= 0) {
    return usage(`--vary ${option}: expected PATH=A:B:STEP or PATH=V1,V2,... (e.g. share_price.cagr=0:0.3:0.1)`);
  }
  const path = option.slice(0, eq).trim();
  const spec = option.slice(eq + 1).trim();
  if (spec === '') return usage(`--vary ${option}: no values after "="`);
  if (RANGE_PART.test(spec)) return parseRange(option, path, spec);
  const values = spec.split(',').map((v) => v.trim());
  if (values.some((v) => v === '')) return usage(`--vary ${option}: an empty value in the list`);
  return { ok: true, axis: { kind: 'list', path, option, size: values.length, values, valueKind: listKind(values) } };
}

function parseRange(option: string, path: string, spec: string): AxisParse {
  const [fromText, toText, stepText] = spec.split(':').map((s) => s.trim()) as [string, string, string];
  const from = parseDecimal(fromText);
  const to = parseDecimal(toText);
  const step = parseDecimal(stepText);
  const bad = [
    [fromText, from],
    [toText, to],
    [stepText, step],
  ].find(([, value]) => value === undefined);
  if (bad !== undefined || from === undefined || to === undefined || step === undefined) {
    return invalid(`--vary ${option}: ${path}: "${String(bad?.[0] ?? spec)}" is not a number (a range is A:B:STEP with decimal numbers)`);
  }
  if (step.isZero()) return invalid(`--vary ${option}: ${path}: STEP is 0; use a positive step, e.g. ${fromText}:${toText}:0.1`);
  if (step.isNegative()) return invalid(`--vary ${option}: ${path}: STEP ${stepText} is negative; write the range upwards as ${toText}:${fromText}:${formatPlain(step.negated())}`);
  if (to.lt(from)) return invalid(`--vary ${option}: ${path}: B (${toText}) is below A (${fromText}); write the range upwards as ${toText}:${fromText}:${stepText}`);
  const steps = to.minus(from).div(step);
  if (!steps.isInteger()) {
    const below = from.plus(steps.floor().times(step));
    return invalid(
      `--vary ${option}: ${path}: STEP ${stepText} does not land on ${toText} (the last value reached is ${formatPlain(below)}); choose B = A + n × STEP`,
    );
  }
  if (steps.gte(MAX_GRID_POINTS)) {
    return invalid(`--vary ${option}: ${path}: ${steps.plus(1).toFixed()} values; a grid may hold at most ${MAX_GRID_POINTS.toLocaleString('en-US')} points (docs/internals.md)`);
  }
  const size = steps.toNumber() + 1;
  return { ok: true, axis: { kind: 'range', path, option, size, from, to, step, valueKind: 'decimal' } };
}

function listKind(values: readonly string[]): 'decimal' | 'date' | 'text' {
  if (values.every((v) => parseDecimal(v) !== undefined)) return 'decimal';
  if (values.every((v) => parseIsoDate(v) !== undefined)) return 'date';
  return 'text';
}

function usage(message: string): AxisParse {
  return { ok: false, problem: { severity: 'usage', message } };
}

function invalid(message: string): AxisParse {
  return { ok: false, problem: { severity: 'invalid', message } };
}

/** The exact value `from + i × step` of a range (i in 0..size-1). */
export function rangeValue(axis: RangeAxis, i: number): Decimal {
  if (i === 0) return axis.from;
  // the point's scenario and its row both read the value: the last one is kept per axis
  const last = lastRangeValue.get(axis);
  if (last !== undefined && last.i === i) return last.value;
  const value = axis.from.plus(axis.step.times(i));
  lastRangeValue.set(axis, { i, value });
  return value;
}

const lastRangeValue = new WeakMap<RangeAxis, { i: number; value: Decimal }>();

/** The i-th value of an axis as scalar text, as `--set PATH=VALUE` would take it. */
export function axisValueText(axis: Axis, i: number): string {
  if (axis.kind === 'list') return axis.values[i]!;
  return formatPlain(rangeValue(axis, i));
}

/** Every value of an axis as text (only for short axes: tornado, tests). */
export function axisValues(axis: Axis): string[] {
  return Array.from({ length: axis.size }, (_, i) => axisValueText(axis, i));
}

/**
 * The number of points of the Cartesian grid, or a problem when it exceeds
 * {@link MAX_GRID_POINTS} (SPEC §6: refused before any work, exit 1).
 */
export function gridSize(axes: readonly Axis[]): { ok: true; size: number } | { ok: false; problem: GridProblem } {
  let size = 1;
  for (const axis of axes) {
    size *= axis.size;
    if (size > MAX_GRID_POINTS) {
      const total = axes.reduce((p, a) => p * BigInt(a.size), 1n);
      return {
        ok: false,
        problem: {
          severity: 'invalid',
          message: `the grid has ${total.toLocaleString('en-US')} points (${axes.map((a) => a.size).join(' × ')}); at most ${MAX_GRID_POINTS.toLocaleString('en-US')} are allowed (SPEC §6)`,
        },
      };
    }
  }
  return { ok: true, size };
}

/**
 * Mixed radix, the last axis varying fastest: fills `out[a]` with axis a's value index for point
 * `index` (0-based). Row order is therefore deterministic and independent of workers.
 */
export function pointIndices(index: number, sizes: readonly number[], out: number[]): number[] {
  let rest = index;
  for (let a = sizes.length - 1; a >= 0; a--) {
    const size = sizes[a]!;
    out[a] = rest % size;
    rest = Math.floor(rest / size);
  }
  return out;
}
