/**
 * `chipsforequity tornado FILE [--vary PATH=LOW,HIGH...] [--swing 0.2] [--metric savings]`
 * (SPEC §4, issue 5): options -> load -> one-at-a-time moves -> rank -> render -> write.
 *
 * Terminal: a horizontal bar chart around the base value, one bar per input, largest swing on top;
 * the low input's side and the high input's side painted differently (colours with chalk when
 * colour is on; `▒` and `█` otherwise), with the input values and metric values as numbers.
 * csv/json/markdown: the ranked rows as data (rank, path, low, high, move, metric_low, metric_high,
 * swing, note); json wraps them in the one envelope with the metric and its base value. `swing`
 * means one thing only: a row's |metric at high − metric at low|.
 */
import type { Io } from '../io.js';
import { writeWarnings } from './model.js';
import { UsageError } from '../errors.js';
import { ScenarioError } from '../../scenario/issues.js';
import { METRIC_KINDS, type MetricName } from '../../engine/types.js';
import { selectMetrics } from '../../report/metrics.js';
import type { Column, View } from '../../report/view.js';
import { LEVER_ROW_NAMES, type TornadoResult } from '../../analysis/sensitivity/tornado.js';

interface TornadoOptions {
  vary?: string[];
  swing?: string;
  rateSwing?: string;
  set?: string[];
  format?: string;
  output?: string;
  metric?: string;
  manifest?: string;
  /** `--chart` / `--no-chart`: the bars (SPEC §8) */
  chart?: boolean;
  exact?: boolean;
}

export function metricOption(name: string | undefined, fallback: MetricName): MetricName {
  if (name === undefined) return fallback;
  const selection = selectMetrics([name.trim()]);
  if (!selection.ok) throw new UsageError(selection.message);
  return selection.metrics[0]!;
}

export async function run(args: string[], rawOptions: Record<string, unknown>, io: Io): Promise<number> {
  const options = rawOptions as TornadoOptions;
  const file = args[0];
  if (file === undefined) throw new UsageError('tornado needs a scenario FILE (or - for standard input)');
  const format = options.format ?? 'table';
  const metric = metricOption(options.metric, 'savings');
  const { chartWanted } = await import('../chart-choice.js');
  const chart = chartWanted(options, format, io);
  const tornado = await import('../../analysis/sensitivity/tornado.js');
  const swing = options.swing === undefined ? undefined : tornado.parseSwing(options.swing);
  if (options.swing !== undefined && swing === undefined) {
    throw new UsageError(`--swing ${options.swing}: expected a fraction between 0 and 1 (0.2 moves each quantity by ±20 %)`);
  }
  const rateSwing = options.rateSwing === undefined ? undefined : tornado.parseSwing(options.rateSwing, true);
  if (options.rateSwing !== undefined && rateSwing === undefined) {
    throw new UsageError(`--rate-swing ${options.rateSwing}: expected a rate above 0 and at most 1 (0.05 moves each rate by ±5 percentage points)`);
  }
  const explicit = (options.vary ?? []).map((option) => {
    const input = tornado.explicitTornadoInput(option);
    if (typeof input === 'string') throw new UsageError(input);
    return input;
  });
  // the same path twice would silently keep only the last pair, as sweep's axes once did
  const explicitPaths = explicit.map((input) => input.path);
  for (const [i, path] of explicitPaths.entries()) {
    if (explicitPaths.indexOf(path) !== i) throw new UsageError(`--vary ${path} is given twice; give each path one LOW,HIGH pair`);
  }

  const { loadRawScenario } = await import('../../scenario/index.js');
  const { nodeScenarioHost } = await import('../load.js');
  const { validatorFor } = await import('../../analysis/validate-with.js');
  const raw = loadRawScenario(file, { host: nodeScenarioHost(), sets: options.set ?? [] });
  const validate = validatorFor(raw);
  const base = validate([]);
  if (!base.ok) throw new ScenarioError(base.issues);
  // an unknown explicit path is a mistake, not a bar: report it like a bad grid (exit 1)
  for (const input of explicit) {
    const probe = validate(input.lowAssignments);
    const pathIssues = probe.ok ? [] : probe.issues.filter((i) => i.code === 'unknown_path' || i.code === 'bad_set_path');
    if (pathIssues.length > 0) throw new ScenarioError(pathIssues);
  }
  const inputs = tornado.mergeTornadoInputs(tornado.defaultTornadoInputs(base.scenario, { relative: swing, rate: rateSwing }), explicit);
  const result = tornado.runTornado(validate, inputs, metric);
  if ('issues' in result) throw new ScenarioError(result.issues);
  // the file's own warnings, as `model` prints them
  const { runModel } = await import('../../engine/index.js');
  const baseResult = runModel(base.scenario);
  writeWarnings(io, baseResult);

  const { attachManifest, manifestFor, writeManifestOption } = await import('../manifest.js');
  const manifest = manifestFor(io, [raw], { sets: options.set ?? [] });
  let text: string;
  if (format === 'json') {
    const { renderJson, viewToJsonRows } = await import('../../report/json.js');
    const { formatCell } = await import('../../report/view.js');
    const { jsonEnvelope, jsonScenario, jsonWarnings } = await import('../../report/envelope.js');
    const kind = METRIC_KINDS[metric];
    // `swing` is only ever a row's |metric at high − metric at low|; how inputs moved is `move`
    text = renderJson(
      attachManifest(
        jsonEnvelope({
        command: 'tornado',
        scenario: jsonScenario(base.scenario, file),
        payload: {
          metric,
          base: formatCell(result.base, { key: metric, header: metric, kind }).text,
          rows: viewToJsonRows(tornadoView(result)),
        },
        warnings: jsonWarnings(baseResult.warnings),
      }),
        manifest,
      ),
    );
  } else if (format === 'csv') {
    const { renderCsv } = await import('../../report/csv.js');
    text = renderCsv(tornadoView(result));
  } else if (format === 'markdown') {
    const { renderMarkdown } = await import('../../report/markdown.js');
    text = renderMarkdown([tornadoView(result)]);
  } else if (chart) {
    const color = io.color && (options.output === undefined || options.output === '-');
    const { tableOptionsFor } = await import('../width.js');
    const table = tableOptionsFor(io, options);
    const chart: ChartOptions = { glance: table.glance === true, currency: base.scenario.currency };
    if (table.width !== undefined) chart.width = table.width;
    text = await renderTornadoChart(result, color, chart);
  } else {
    // SPEC §8: no chart into a pipe, a file or without colour unless --chart: the ranked table
    const { renderTable } = await import('../../report/table.js');
    const { tableOptionsFor } = await import('../width.js');
    text = await renderTable([tornadoView(result)], { color: false, ...tableOptionsFor(io, options) });
  }
  const { deliver } = await import('../io.js');
  await deliver(io, text, options.output);
  await writeManifestOption(options.manifest, manifest);
  return 0;
}

/** The ranked rows as a view (csv/json/markdown). */
export function tornadoView(result: TornadoResult): View {
  const kind = METRIC_KINDS[result.metric];
  const columns: Column[] = [
    { key: 'rank', header: 'rank', kind: 'count' },
    { key: 'path', header: 'input', kind: 'text' },
    { key: 'low', header: 'low', kind: 'text' },
    { key: 'high', header: 'high', kind: 'text' },
    { key: 'move', header: 'move', kind: 'text' },
    { key: `${result.metric}_low`, header: `${result.metric} at low`, kind },
    { key: `${result.metric}_high`, header: `${result.metric} at high`, kind },
    { key: 'swing', header: 'swing', kind },
    { key: 'note', header: 'note', kind: 'text' },
  ];
  return {
    name: 'tornado',
    title: `Tornado of ${result.metric}: each input moved to low and high (move), the rest at the scenario's values`,
    columns,
    rows: result.rows.map((r) => [
      r.rank,
      r.path,
      // numbers stay numbers (a leading '-' must not be taken for a formula)
      { kind: isNumber(r.low) ? 'decimal' : 'text', value: r.low },
      { kind: isNumber(r.high) ? 'decimal' : 'text', value: r.high },
      r.move,
      r.metricLow ?? null,
      r.metricHigh ?? null,
      r.swing ?? null,
      r.note === '' ? null : r.note,
    ]),
  };
}

function isNumber(text: string): boolean {
  return /^[+-]?\d+(\.\d+)?$/.test(text);
}

/** How the terminal chart is drawn: money at a glance, and the width to fit (none: one line per bar). */
export interface ChartOptions {
  glance?: boolean;
  currency?: string;
  width?: number;
}

/** The widest bar, in characters. */
const BAR_WIDTH = 40;

/**
 * The terminal chart (see the module comment). When a bar's line (input, values, bar, metric
 * values) is wider than `options.width`, each input takes two lines: its name, values and metric
 * values, then the bar below, narrowed to fit.
 */
export async function renderTornadoChart(result: TornadoResult, color: boolean, options: ChartOptions = {}): Promise<string> {
  const { formatCell } = await import('../../report/view.js');
  const { wrapText } = await import('../../report/fit.js');
  const { loadPalette } = await import('../../report/table.js');
  const palette = await loadPalette(color);
  let paintLow = (t: string) => t;
  let paintHigh = (t: string) => t;
  if (color) {
    const { Chalk } = await import('chalk');
    const chalk = new Chalk({ level: 1 });
    paintLow = (t) => chalk.cyan(t);
    paintHigh = (t) => chalk.magenta(t);
  }
  const kind = METRIC_KINDS[result.metric];
  const glance = options.glance ? { currency: options.currency } : undefined;
  const show = (value: import('../../money/index.js').Decimal | undefined) =>
    value === undefined ? 'invalid' : formatCell(value, { key: 'v', header: 'v', kind }, true, glance).text;
  const labelWidth = Math.max(...result.rows.map((r) => r.path.length), 5);
  const valuesWidth = Math.max(...result.rows.map((r) => `${r.low} .. ${r.high}`.length), 6);
  const numbersOf = (r: TornadoResult['rows'][number]) =>
    `${show(r.metricLow)} .. ${show(r.metricHigh)}${r.swing !== undefined ? `  (swing ${show(r.swing)})` : ''}`;
  const numbersWidth = Math.max(...result.rows.map((r) => numbersOf(r).length), 0);
  const oneLine = labelWidth + valuesWidth + BAR_WIDTH + 1 + numbersWidth + 6;
  const stacked = options.width !== undefined && oneLine > options.width;
  // two lines per input: the bar gets the terminal's width less an indent of 2
  const width = stacked ? Math.max(8, Math.min(BAR_WIDTH, options.width! - 3)) : BAR_WIDTH;
  const fit = (text: string) => (options.width === undefined ? text : wrapText(text, options.width));
  const valid = result.rows.filter((r) => r.metricLow !== undefined && r.metricHigh !== undefined);
  let lo = result.base;
  let hi = result.base;
  for (const r of valid) {
    for (const v of [r.metricLow!, r.metricHigh!]) {
      if (v.lt(lo)) lo = v;
      if (v.gt(hi)) hi = v;
    }
  }
  const span = hi.minus(lo);
  const position = (v: import('../../money/index.js').Decimal) =>
    span.isZero() ? Math.floor(width / 2) : Math.round(v.minus(lo).div(span).times(width).toNumber());
  const center = position(result.base);
  const lines: string[] = [];
  const title = fit(`Tornado: ${result.metric} (base ${show(result.base)}), each input moved to the low .. high shown`);
  lines.push(...title.split('\n').map((l) => palette.bold(l)));
  lines.push(`${' '.repeat(stacked ? 2 : labelWidth + valuesWidth + 4)}${paintLow('▒')} low input  ${paintHigh('█')} high input  │ base`);
  for (const r of result.rows) {
    const cells = Array.from({ length: width + 1 }, () => ' ');
    const marks = Array.from({ length: width + 1 }, () => '');
    if (r.metricLow !== undefined && r.metricHigh !== undefined) {
      const sides: Array<['low' | 'high', number]> = [
        ['low', position(r.metricLow)],
        ['high', position(r.metricHigh)],
      ];
      // the longer bar first, so a shorter one on the same side stays visible
      sides.sort((a, b) => Math.abs(b[1] - center) - Math.abs(a[1] - center));
      for (const [side, end] of sides) {
        const [from, to] = end < center ? [end, center - 1] : [center + 1, end];
        for (let i = from; i <= to; i++) {
          cells[i] = side === 'low' ? '▒' : '█';
          marks[i] = side;
        }
      }
    }
    cells[center] = '│';
    const bar = cells.map((c, i) => (marks[i] === 'low' ? paintLow(c) : marks[i] === 'high' ? paintHigh(c) : c)).join('');
    const values = `${r.low} .. ${r.high}`;
    const numbers = numbersOf(r);
    if (stacked) {
      lines.push(...fit(`${r.path}  ${values}  ${numbers}`).split('\n'));
      lines.push(`  ${bar}`);
      if (r.note !== '') lines.push(...fit(`  ${r.note}`).split('\n').map((l) => palette.dim(l)));
    } else {
      lines.push(`${r.path.padEnd(labelWidth)}  ${values.padEnd(valuesWidth)}  ${bar}  ${numbers}`);
      if (r.note !== '') lines.push(`${' '.repeat(labelWidth + 2)}${palette.dim(r.note)}`);
    }
  }
  // v1.1: the article's names of the lever rows, and what their factors mean
  const levers = result.rows.filter((r) => LEVER_ROW_NAMES[r.path] !== undefined);
  if (levers.length > 0) {
    const named = levers.map((r) => `${r.path} = ${LEVER_ROW_NAMES[r.path]}`).join('; ');
    lines.push(palette.dim(named));
    lines.push(palette.dim('a curve and the per-unit costs move as a whole: their low/high are factors on every value'));
  }
  return lines.join('\n') + '\n';
}
