/**
 * `tornado` (SPEC §4, issue 5): moves one input at a time to a low and a high value and ranks the
 * inputs by the swing |metric(high) − metric(low)| they cause.
 *
 * Default inputs (the ones that matter in a chips-for-equity deal) and their widths: see
 * {@link DEFAULT_TORNADO_MOVES}. Decisions where SPEC is silent:
 * - Rates move by an absolute amount (a 15 % CAGR ± 0.15 is 0–30 %), quantities by a fraction of
 *   their value; the default widths span the shipped scenarios' bear-to-bull range.
 * - Deployment pace: every deployment point's date keeps its GW but its distance in days from
 *   timeline.start is divided by the pace factor — low pace 1 − swing (slower: dates later), high
 *   1 + swing (faster: earlier), rounded to whole days. Its low/high values are the factors.
 * - Explicit `--vary PATH=LOW,HIGH` entries override the swing of that input, and add inputs that
 *   are not in the default list; the defaults stay (so the chart always answers "what matters").
 * - A move that makes the scenario invalid (e.g. a date pushed past expiry's rules) is reported in
 *   the row's note and ranked last; it never stops the run.
 */
import { Decimal, ONE, ZERO, dec, formatPlain, parseDecimal } from '../../money/index.js';
import { formatDay, parseIsoDate } from '../../time/index.js';
import type { MetricName } from '../../engine/types.js';
import type { Scenario } from '../../scenario/types.js';
import { formatIssue, type ScenarioIssue } from '../../scenario/issues.js';
import type { Assignment, ValidateWith } from '../points.js';
import { PointEvaluator } from './evaluate.js';

/** One input of a tornado and how it is moved. */
export interface TornadoInput {
  /** the SPEC path, or `deployment.pace` */
  path: string;
  /** low and high values as written (pace: the factors) */
  low: string;
  high: string;
  /** how it was moved, in words: `±20 %`, `±0.15`, or `given` (explicit --vary) */
  move: string;
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
  move: string;
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
  rows: TornadoRow[];
}

/** How a default input moves: by a fraction of its value, or by an absolute amount (rates). */
export interface TornadoMove {
  path: string;
  kind: 'relative' | 'rate';
  /** the default half-width: a fraction of the value (relative) or an absolute rate */
  by: string;
}

/**
 * The default inputs, in the order used to break ties, and how far each moves. The widths are
 * chosen so the chart spans what the shipped scenarios span (scenarios/*.yaml), not a uniform ±20 %
 * that would move a 15 % CAGR only to 12–18 %:
 * - share_price.cagr ±0.15 absolute: 15 % → 0–30 %, the bear and bull cases;
 * - baseline.price_change and amd.price_change ±0.15 absolute: down to the price-war case's −15 %/yr;
 * - energy.price_per_mwh ±45 %: $60 → $33–87, beyond the bull $45 and bear $85 cases;
 * - amd.units_per_gw ±25 %: 400k → 300k–500k accelerators per GW, an unsourced, high-impact
 *   assumption (docs/sources.md);
 * - timeline.discount_rate ±0.03 and warrant.tax_rate ±0.05 absolute (a cost of capital of 6–12 %,
 *   a tax rate of 16–26 %);
 * - everything else ±20 % of its value (deployment pace: factors 0.8 and 1.2).
 * `--swing F` replaces every relative width, `--rate-swing R` every absolute one.
 */
export const DEFAULT_TORNADO_MOVES: readonly TornadoMove[] = [
  { path: 'share_price.start', kind: 'relative', by: '0.2' },
  { path: 'share_price.cagr', kind: 'rate', by: '0.15' },
  { path: 'amd.unit_price', kind: 'relative', by: '0.2' },
  { path: 'amd.price_change', kind: 'rate', by: '0.15' },
  { path: 'amd.units_per_gw', kind: 'relative', by: '0.25' },
  { path: 'baseline.unit_price', kind: 'relative', by: '0.2' },
  { path: 'baseline.price_change', kind: 'rate', by: '0.15' },
  { path: 'baseline.performance', kind: 'relative', by: '0.2' },
  { path: 'energy.price_per_mwh', kind: 'relative', by: '0.45' },
  { path: 'timeline.discount_rate', kind: 'rate', by: '0.03' },
  { path: 'warrant.tax_rate', kind: 'rate', by: '0.05' },
  { path: 'deployment.pace', kind: 'relative', by: '0.2' },
  // v1.1 levers (the article's hurdles): every AMD performance point, the delay, per-unit software
  { path: 'amd.performance', kind: 'relative', by: '0.2' },
  { path: 'supply_delay.days', kind: 'relative', by: '0.2' },
  { path: 'other_costs.per_unit_year', kind: 'relative', by: '0.2' },
];

export const DEFAULT_TORNADO_PATHS: readonly string[] = DEFAULT_TORNADO_MOVES.map((m) => m.path);

/** `--swing` and `--rate-swing`: when given, they replace the default widths of their kind. */
export interface TornadoWidths {
  relative?: Decimal | undefined;
  rate?: Decimal | undefined;
}

/** What the v1.1 lever rows stand for (the article's words), for help texts and docs. */
export const LEVER_ROW_NAMES: Record<string, string> = {
  'amd.performance': 'ROCm maturity',
  'supply_delay.days': 'supply delay',
  'other_costs.per_unit_year': 'per-unit software',
};

/** Bounds that clamp the moved values of rates (a tax rate stays in [0, 1], a discount rate ≥ 0). */
const RATE_BOUNDS: Record<string, { min?: Decimal; max?: Decimal }> = {
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

/** How an input was moved, in words: `±20 %` or `±0.15`. */
export function moveText(kind: 'relative' | 'rate', by: Decimal): string {
  return kind === 'relative' ? `±${formatPlain(by.times(100))} %` : `±${formatPlain(by)}`;
}

/**
 * The default inputs that exist in `scenario`, moved as {@link DEFAULT_TORNADO_MOVES} says unless
 * `widths` replaces a kind's widths. Paths the scenario does not have (cagr under `model: points`,
 * energy without an `energy` section) are skipped. A relative move of a zero value is no move: its
 * bar is empty (say `--vary PATH=LOW,HIGH` to move it).
 */
export function defaultTornadoInputs(scenario: Scenario, widths: TornadoWidths = {}): TornadoInput[] {
  const inputs: TornadoInput[] = [];
  for (const move of DEFAULT_TORNADO_MOVES) {
    const by = (move.kind === 'relative' ? widths.relative : widths.rate) ?? dec(move.by);
    if (move.path === 'deployment.pace') {
      inputs.push(paceInput(scenario, by));
      continue;
    }
    const lever =
      move.path === 'amd.performance'
        ? rocmMaturityInput(scenario, by)
        : move.path === 'supply_delay.days'
          ? supplyDelayInput(scenario, by)
          : move.path === 'other_costs.per_unit_year'
            ? perUnitSoftwareInput(scenario, by)
            : null;
    if (lever !== null) {
      if (lever !== undefined) inputs.push({ ...lever, move: moveText(move.kind, by) });
      continue;
    }
    const value = numberAt(scenario, move.path);
    if (value === undefined) continue;
    let low: Decimal;
    let high: Decimal;
    if (move.kind === 'rate') {
      low = value.minus(by);
      high = value.plus(by);
    } else {
      low = value.times(ONE.minus(by));
      high = value.times(ONE.plus(by));
      if (low.gt(high)) [low, high] = [high, low];
    }
    const bounds = RATE_BOUNDS[move.path];
    if (bounds?.min !== undefined && low.lt(bounds.min)) low = bounds.min;
    if (bounds?.max !== undefined && high.gt(bounds.max)) high = bounds.max;
    const lowText = formatPlain(low);
    const highText = formatPlain(high);
    const via = move.kind === 'relative' ? '--swing' : '--rate-swing';
    inputs.push({
      path: move.path,
      low: lowText,
      high: highText,
      move: moveText(move.kind, by),
      lowAssignments: [assign(move.path, lowText, via)],
      highAssignments: [assign(move.path, highText, via)],
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
    move: moveText('relative', swing),
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
function rocmMaturityInput(scenario: Scenario, swing: Decimal): Omit<TornadoInput, 'move'> {
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
function supplyDelayInput(scenario: Scenario, swing: Decimal): Omit<TornadoInput, 'move'> {
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
function perUnitSoftwareInput(scenario: Scenario, swing: Decimal): Omit<TornadoInput, 'move'> | undefined {
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
    move: 'given',
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
      move: input.move,
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
  return { metric, base: base.summary[metric], rows: ranked };
}

/** An issue on one line, without the source excerpt. */
function oneLine(issue: ScenarioIssue | undefined): string {
  if (issue === undefined) return 'invalid';
  return formatIssue(issue).split('\n')[0]!;
}

/** Parses `--swing` (a fraction in (0, 1)) or `--rate-swing` (an absolute rate in (0, 1]). */
export function parseSwing(text: string, inclusiveOne = false): Decimal | undefined {
  const value = parseDecimal(text);
  if (value === undefined || value.lte(ZERO) || (inclusiveOne ? value.gt(ONE) : value.gte(ONE))) return undefined;
  return value;
}

/** A date or number text, for display kinds. */
export function valueKindOf(text: string): 'decimal' | 'date' | 'text' {
  if (parseDecimal(text) !== undefined) return 'decimal';
  if (parseIsoDate(text) !== undefined) return 'date';
  return 'text';
}
