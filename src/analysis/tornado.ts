/**
 * `tornado` (SPEC §4, issue 5): moves one input at a time to a low and a high value and ranks the
 * inputs by the swing |metric(high) − metric(low)| they cause.
 *
 * Default inputs (the ones that matter in a chips-for-equity deal), each moved by ±`swing` of its
 * value (default 20 %):
 *   share_price.start and share_price.cagr (cagr model only; a points path is skipped),
 *   amd.unit_price, amd.price_change, baseline.unit_price, baseline.price_change,
 *   baseline.performance, timeline.discount_rate, warrant.tax_rate, and the deployment pace.
 * Decisions where SPEC is silent:
 * - A rate whose value is 0 (price_change 0, a 0 % discount or tax rate) does not move under a
 *   relative swing; it moves by ±swing/4 absolute instead (±0.05, i.e. five percentage points, at
 *   the default swing), clamped into its valid range (discount and tax rates ≥ 0, tax ≤ 1).
 * - Deployment pace: every deployment point's date keeps its GW but its distance in days from
 *   timeline.start is divided by the pace factor — low pace 1 − swing (slower: dates later), high
 *   1 + swing (faster: earlier), rounded to whole days. Its low/high values are the factors.
 * - Explicit `--vary PATH=LOW,HIGH` entries override the swing of that input, and add inputs that
 *   are not in the default list; the defaults stay (so the chart always answers "what matters").
 * - A move that makes the scenario invalid (e.g. a date pushed past expiry's rules) is reported in
 *   the row's note and ranked last; it never stops the run.
 */
import { Decimal, ONE, ZERO, dec, formatPlain, parseDecimal } from '../money/index.js';
import { formatDay, parseIsoDate } from '../time/index.js';
import type { MetricName } from '../engine/types.js';
import type { Scenario } from '../scenario/types.js';
import { formatIssue, type ScenarioIssue } from '../scenario/issues.js';
import type { Assignment, ValidateWith } from './points.js';
import { PointEvaluator } from './evaluate.js';

/** One input of a tornado and how it is moved. */
export interface TornadoInput {
  /** the SPEC path, or `deployment.pace` */
  path: string;
  /** low and high values as written (pace: the factors) */
  low: string;
  high: string;
  /** the assignments that put the scenario at the low and high values */
  lowAssignments: Assignment[];
  highAssignments: Assignment[];
  /** explicit `--vary` */
  explicit: boolean;
}

/** One ranked row. Metric values are undefined when the move made the scenario invalid. */
export interface TornadoRow {
  rank: number;
  path: string;
  low: string;
  high: string;
  metricLow: Decimal | undefined;
  metricHigh: Decimal | undefined;
  /** |metricHigh − metricLow|; undefined when either side is invalid */
  swing: Decimal | undefined;
  /** why a side is missing: the loader's first issue */
  note: string;
}

export interface TornadoResult {
  metric: MetricName;
  base: Decimal;
  swing: Decimal;
  rows: TornadoRow[];
}

/** The default inputs, in the order used to break ties. */
export const DEFAULT_TORNADO_PATHS = [
  'share_price.start',
  'share_price.cagr',
  'amd.unit_price',
  'amd.price_change',
  'baseline.unit_price',
  'baseline.price_change',
  'baseline.performance',
  'timeline.discount_rate',
  'warrant.tax_rate',
  'deployment.pace',
  'amd.performance',
  'supply_delay.days',
  'other_costs.per_unit_year',
] as const;

/** What the v1.1 lever rows stand for (the article's words), for help texts and docs. */
export const LEVER_ROW_NAMES: Record<string, string> = {
  'amd.performance': 'ROCm maturity',
  'supply_delay.days': 'supply delay',
  'other_costs.per_unit_year': 'per-unit software',
};

/** Rates: a zero value moves by an absolute swing; bounds clamp the moved values. */
const RATE_BOUNDS: Record<string, { min?: Decimal; max?: Decimal }> = {
  'share_price.cagr': {},
  'amd.price_change': {},
  'baseline.price_change': {},
  'timeline.discount_rate': { min: ZERO },
  'warrant.tax_rate': { min: ZERO, max: ONE },
};

function assign(path: string, value: string, via: string): Assignment {
  return { path, value, source: `${via} ${path}=${value}` };
}

/** The value of a numeric leaf of the scenario at a simple dotted path. */
function numberAt(scenario: Scenario, path: string): Decimal | undefined {
  let node: unknown = scenario;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return Decimal.isDecimal(node) ? (node as Decimal) : undefined;
}

/**
 * The default inputs that exist in `scenario`, moved by `swing` (a fraction, e.g. 0.2). Paths the
 * scenario does not have (cagr under `model: points`) are skipped.
 */
export function defaultTornadoInputs(scenario: Scenario, swing: Decimal): TornadoInput[] {
  const inputs: TornadoInput[] = [];
  for (const path of DEFAULT_TORNADO_PATHS) {
    if (path === 'deployment.pace') {
      inputs.push(paceInput(scenario, swing));
      continue;
    }
    if (path === 'amd.performance') {
      inputs.push(rocmMaturityInput(scenario, swing));
      continue;
    }
    if (path === 'supply_delay.days') {
      inputs.push(supplyDelayInput(scenario, swing));
      continue;
    }
    if (path === 'other_costs.per_unit_year') {
      const input = perUnitSoftwareInput(scenario, swing);
      if (input !== undefined) inputs.push(input);
      continue;
    }
    const value = numberAt(scenario, path);
    if (value === undefined) continue;
    let low: Decimal;
    let high: Decimal;
    const bounds = RATE_BOUNDS[path];
    if (value.isZero() && bounds !== undefined) {
      const step = swing.div(4);
      low = value.minus(step);
      high = value.plus(step);
    } else {
      low = value.times(ONE.minus(swing));
      high = value.times(ONE.plus(swing));
      if (low.gt(high)) [low, high] = [high, low];
    }
    if (bounds?.min !== undefined && low.lt(bounds.min)) low = bounds.min;
    if (bounds?.max !== undefined && high.gt(bounds.max)) high = bounds.max;
    const lowText = formatPlain(low);
    const highText = formatPlain(high);
    inputs.push({
      path,
      low: lowText,
      high: highText,
      lowAssignments: [assign(path, lowText, '--swing')],
      highAssignments: [assign(path, highText, '--swing')],
      explicit: false,
    });
  }
  return inputs;
}

/** Deployment pace: dates' distance from timeline.start divided by the factor (see module comment). */
function paceInput(scenario: Scenario, swing: Decimal): TornadoInput {
  const start = scenario.timeline.start;
  const move = (factor: Decimal): Assignment[] =>
    scenario.deployment.points.map((p, i) => {
      const days = dec(p.date - start).div(factor).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toNumber();
      return assign(`deployment.points[${i}].date`, formatDay(start + Math.max(days, 1)), '--swing deployment.pace:');
    });
  const lowFactor = ONE.minus(swing);
  const highFactor = ONE.plus(swing);
  return {
    path: 'deployment.pace',
    low: formatPlain(lowFactor),
    high: formatPlain(highFactor),
    lowAssignments: move(lowFactor),
    highAssignments: move(highFactor),
    explicit: false,
  };
}

/**
 * "ROCm maturity" (v1.1): every AMD performance value × (1 ± swing) — the plain number, or every
 * point of a dated curve (the curve keeps its dates and shape). Low/high are the factors for a
 * curve, the values for a number.
 */
function rocmMaturityInput(scenario: Scenario, swing: Decimal): TornadoInput {
  const performance = scenario.amd.performance;
  const lowFactor = ONE.minus(swing);
  const highFactor = ONE.plus(swing);
  if (Decimal.isDecimal(performance)) {
    const low = formatPlain(performance.times(lowFactor));
    const high = formatPlain(performance.times(highFactor));
    return {
      path: 'amd.performance',
      low,
      high,
      lowAssignments: [assign('amd.performance', low, '--swing')],
      highAssignments: [assign('amd.performance', high, '--swing')],
      explicit: false,
    };
  }
  const move = (factor: Decimal): Assignment[] =>
    performance.points.map((p, i) => assign(`amd.performance.points[${i}].value`, formatPlain(p.value.times(factor)), '--swing amd.performance:'));
  return {
    path: 'amd.performance',
    low: formatPlain(lowFactor),
    high: formatPlain(highFactor),
    lowAssignments: move(lowFactor),
    highAssignments: move(highFactor),
    explicit: false,
  };
}

/**
 * "supply delay" (v1.1): `supply_delay.days` × (1 ± swing), whole days (half-even), at least 0.
 * Without a delay (absent or 0 days), low is 0 days and high round(365 × swing) days (73 at the
 * default swing), at the scenario's `cost_per_gw_year` (0 when absent: the delay then moves only
 * the AMD units, energy and vesting).
 */
function supplyDelayInput(scenario: Scenario, swing: Decimal): TornadoInput {
  const days = scenario.supply_delay?.days ?? 0;
  const whole = (d: Decimal) => Decimal.max(ZERO, d.toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN)).toFixed(0);
  const [low, high] =
    days === 0 ? ['0', whole(swing.times(365))] : [whole(dec(days).times(ONE.minus(swing))), whole(dec(days).times(ONE.plus(swing)))];
  return {
    path: 'supply_delay.days',
    low,
    high,
    lowAssignments: [assign('supply_delay.days', low, '--swing')],
    highAssignments: [assign('supply_delay.days', high, '--swing')],
    explicit: false,
  };
}

/**
 * "per-unit software" (v1.1): every `per_unit_year` other cost, on both sides, × (1 ± swing)
 * (a bundled credit, a negative amount, grows with it too). Skipped when the scenario has none.
 */
function perUnitSoftwareInput(scenario: Scenario, swing: Decimal): TornadoInput | undefined {
  const leaves: Array<{ path: string; value: Decimal }> = [];
  for (const side of ['amd', 'baseline'] as const) {
    scenario[side].other_costs.forEach((cost, c) => {
      if (cost.kind === 'per_unit') leaves.push({ path: `${side}.other_costs[${c}].per_unit_year`, value: cost.per_unit_year });
    });
  }
  if (leaves.length === 0) return undefined;
  const move = (factor: Decimal): Assignment[] =>
    leaves.map((leaf) => assign(leaf.path, formatPlain(leaf.value.times(factor)), '--swing other_costs.per_unit_year:'));
  const lowFactor = ONE.minus(swing);
  const highFactor = ONE.plus(swing);
  return {
    path: 'other_costs.per_unit_year',
    low: formatPlain(lowFactor),
    high: formatPlain(highFactor),
    lowAssignments: move(lowFactor),
    highAssignments: move(highFactor),
    explicit: false,
  };
}

/** Parses an explicit `--vary PATH=LOW,HIGH`; returns a message for a malformed one. */
export function explicitTornadoInput(option: string): TornadoInput | string {
  const eq = option.indexOf('=');
  if (eq <= 0) return `--vary ${option}: expected PATH=LOW,HIGH (e.g. share_price.cagr=0.05,0.35)`;
  const path = option.slice(0, eq).trim();
  const values = option.slice(eq + 1).split(',').map((v) => v.trim());
  if (values.length !== 2 || values.some((v) => v === '')) {
    return `--vary ${option}: expected exactly two values, LOW,HIGH (e.g. ${path}=0.05,0.35)`;
  }
  const [low, high] = values as [string, string];
  return {
    path,
    low,
    high,
    lowAssignments: [assign(path, low, '--vary')],
    highAssignments: [assign(path, high, '--vary')],
    explicit: true,
  };
}

/** Defaults with explicit inputs overriding the same path and added otherwise. */
export function mergeTornadoInputs(defaults: readonly TornadoInput[], explicit: readonly TornadoInput[]): TornadoInput[] {
  const byPath = new Map(explicit.map((e) => [e.path, e]));
  const merged = defaults.map((d) => byPath.get(d.path) ?? d);
  for (const e of explicit) if (!defaults.some((d) => d.path === e.path)) merged.push(e);
  return merged;
}

/**
 * Runs the tornado: base value, each input at low and high, ranked by swing (largest first; ties
 * and invalid rows keep the input order, invalid rows last).
 */
export function runTornado(
  validate: ValidateWith,
  inputs: readonly TornadoInput[],
  metric: MetricName,
  swing: Decimal,
): TornadoResult | { issues: ScenarioIssue[] } {
  const evaluator = new PointEvaluator(validate);
  const base = evaluator.base();
  if (!base.ok) return { issues: base.issues };
  const rows = inputs.map((input): TornadoRow => {
    const low = evaluator.at(input.lowAssignments);
    const high = evaluator.at(input.highAssignments);
    const metricLow = low.ok ? low.summary[metric] : undefined;
    const metricHigh = high.ok ? high.summary[metric] : undefined;
    const notes: string[] = [];
    if (!low.ok) notes.push(`low invalid: ${oneLine(low.issues[0])}`);
    if (!high.ok) notes.push(`high invalid: ${oneLine(high.issues[0])}`);
    return {
      rank: 0,
      path: input.path,
      low: input.low,
      high: input.high,
      metricLow,
      metricHigh,
      swing: metricLow !== undefined && metricHigh !== undefined ? metricHigh.minus(metricLow).abs() : undefined,
      note: notes.join('; '),
    };
  });
  const order = rows.map((row, i) => ({ row, i }));
  order.sort((a, b) => {
    if (a.row.swing === undefined || b.row.swing === undefined) {
      return (a.row.swing === undefined ? 1 : 0) - (b.row.swing === undefined ? 1 : 0) || a.i - b.i;
    }
    return b.row.swing.comparedTo(a.row.swing) || a.i - b.i;
  });
  const ranked = order.map(({ row }, i) => ({ ...row, rank: i + 1 }));
  return { metric, base: base.summary[metric], swing, rows: ranked };
}

/** An issue on one line, without the source excerpt. */
function oneLine(issue: ScenarioIssue | undefined): string {
  if (issue === undefined) return 'invalid';
  return formatIssue(issue).split('\n')[0]!;
}

/** Parses `--swing`: a fraction in (0, 1). */
export function parseSwing(text: string): Decimal | undefined {
  const value = parseDecimal(text);
  if (value === undefined || value.lte(ZERO) || value.gte(ONE)) return undefined;
  return value;
}

/** A date or number text, for display kinds. */
export function valueKindOf(text: string): 'decimal' | 'date' | 'text' {
  if (parseDecimal(text) !== undefined) return 'decimal';
  if (parseIsoDate(text) !== undefined) return 'date';
  return 'text';
}
