/**
 * `chipsforequity model FILE` (SPEC §4): options -> load -> compute -> render -> write.
 *
 * - `--format table` (default): a headline (AMD net cost, baseline cost, savings, nominal and
 *   present value), then the per-period and tranche tables; `--view NAME` shows just that view;
 *   `--metrics A,B` shows those summary metrics; `--metric NAME` prints the bare value alone, plain
 *   (no thousands separators), so `$(chipsforequity model s.yaml --metric savings)` works in a script.
 * - `--format csv`: one view (default `summary`; `--view periods|tranches|ledger`).
 * - `--format markdown`: every view as a section (summary, periods, tranches), or the chosen one.
 * - `--format json`: `{version, scenario, summary, periods, tranches, warnings}`, plus `ledger`
 *   with `--view ledger`; `--metric(s)` filter `summary`.
 *
 * Warnings go to stderr as `warning: PATH: message`; stdout carries only the result. Only the
 * modules the chosen format needs are imported (no cli-table3/chalk for json).
 */
import { terminalLine } from '../../scenario/terminal-text.js';
import { warn, type Io } from '../io.js';
import { UsageError } from '../errors.js';
import { stderrLine } from '../width.js';
import type { MetricName, ModelResult } from '../../engine/types.js';
import type { ModelViewName } from '../../report/model-views.js';
import type { View } from '../../report/view.js';
import { requestedMetricNames, selectMetrics } from '../../report/metrics.js';

type Format = 'table' | 'csv' | 'json' | 'markdown';

interface ModelOptions {
  set?: string[];
  format?: string;
  output?: string;
  metric?: string;
  metrics?: string;
  view?: string;
  manifest?: string;
  /** `--chart` / `--no-chart` (SPEC §8) */
  chart?: boolean;
  exact?: boolean;
}

/** Resolves `--metric`/`--metrics` into SPEC metric names, or a usage error with "did you mean". */
export function metricsFromOptions(options: { metric?: string; metrics?: string }): { metrics: MetricName[]; chosen: boolean } {
  const names = requestedMetricNames(options.metric, options.metrics);
  const selection = selectMetrics(names);
  if (!selection.ok) throw new UsageError(selection.message);
  return { metrics: selection.metrics, chosen: names.length > 0 };
}

/** Writes the engine's warnings to stderr, one line each; `prefix` names the file for compare. */
export function writeWarnings(io: Io, result: Pick<ModelResult, 'warnings'>, prefix = ''): void {
  for (const w of result.warnings) warn(io, stderrLine(io, `warning: ${terminalLine(prefix)}${terminalLine(w.path)}: ${terminalLine(w.message)}`));
}

export async function run(args: string[], rawOptions: Record<string, unknown>, io: Io): Promise<number> {
  const options = rawOptions as ModelOptions;
  const file = args[0];
  if (file === undefined) throw new UsageError('model needs a scenario FILE (or - for standard input)');
  const format = (options.format ?? 'table') as Format;
  const view = options.view as ModelViewName | undefined;
  const { metrics, chosen } = metricsFromOptions(options);
  if (chosen && view !== undefined && view !== 'summary' && format !== 'json') {
    throw new UsageError(`--metric/--metrics choose summary metrics; they cannot be combined with --view ${view}`);
  }

  const { chartWanted } = await import('../chart-choice.js');
  const chart = chartWanted(options, format, io) && !(options.metric !== undefined && options.metrics === undefined && view === undefined);
  const { loadWithSourcesFromCli } = await import('../load.js');
  const { runModel } = await import('../../engine/index.js');
  const { raw, scenario } = loadWithSourcesFromCli(file, options.set ?? []);
  const result = runModel(scenario);
  writeWarnings(io, result);

  const { manifestFor, writeManifestOption } = await import('../manifest.js');
  const manifest = manifestFor(io, [raw], { sets: options.set ?? [] });
  let text = await render(result, {
    format,
    view,
    metrics,
    chosen,
    file,
    bare: options.metric !== undefined && options.metrics === undefined,
    exact: options.exact === true,
    output: options.output,
    io,
    manifest,
    sets: options.set ?? [],
  });
  if (chart) text += `\n${await cumulativeChart(result, io)}`;
  const { deliver } = await import('../io.js');
  await deliver(io, text, options.output);
  await writeManifestOption(options.manifest, manifest);
  return 0;
}

interface RenderChoice {
  format: Format;
  view: ModelViewName | undefined;
  metrics: MetricName[];
  chosen: boolean;
  file: string;
  /** `--metric NAME` alone (no `--metrics`): the table format prints the bare value */
  bare: boolean;
  /** `--exact`: every cent in terminal tables, not money at a glance */
  exact: boolean;
  output: string | undefined;
  io: Io;
  manifest: import('../../report/json.js').JsonObject;
  /** the --set options applied, named in the table and markdown headings */
  sets: readonly string[];
}

/**
 * ", with --set a=1 --set b=2" after a heading, so a pasted table with overrides can never be
 * mistaken for the scenario as written (issue 17); '' without overrides.
 */
export function overridesNote(sets: readonly string[]): string {
  return sets.length === 0 ? '' : `, with ${sets.map((s) => `--set ${s}`).join(' ')}`;
}

async function render(result: ModelResult, choice: RenderChoice): Promise<string> {
  const views = await import('../../report/model-views.js');
  switch (choice.format) {
    case 'json': {
      const { renderJson } = await import('../../report/json.js');
      const { attachManifest } = await import('../manifest.js');
      return renderJson(
        attachManifest(views.modelJson(result, { file: choice.file, metrics: choice.metrics, includeLedger: choice.view === 'ledger' }), choice.manifest),
      );
    }
    case 'csv': {
      const { renderCsv } = await import('../../report/csv.js');
      return renderCsv(views.modelView(result, choice.view ?? 'summary', choice.metrics, false));
    }
    case 'markdown': {
      const { renderMarkdown } = await import('../../report/markdown.js');
      const chosen =
        choice.view !== undefined
          ? [views.modelView(result, choice.view, choice.metrics, false)]
          : [views.summaryView(result, choice.metrics), views.periodsView(result), views.tranchesView(result)];
      return renderMarkdown(chosen, result.scenario.name + overridesNote(choice.sets));
    }
    case 'table':
      return renderTerminal(result, choice, views);
  }
}

type ViewsModule = typeof import('../../report/model-views.js');

/** The terminal rendering: a bare value, one chosen view, or headline + periods + tranches. */
async function renderTerminal(result: ModelResult, choice: RenderChoice, views: ViewsModule): Promise<string> {
  if (choice.bare && choice.view === undefined) {
    const { formatCell } = await import('../../report/view.js');
    const metric = choice.metrics[0]!;
    const row = views.summaryView(result, [metric]).rows[0]!;
    return `${formatCell(row[1]!, { key: 'value', header: 'value', kind: 'decimal' }).text}\n`;
  }
  const { renderTable, glanceFor } = await import('../../report/table.js');
  const { columnWidths, drawnWidth } = await import('../../report/fit.js');
  const { tableOptionsFor } = await import('../width.js');
  const table = tableOptionsFor(choice.io, { exact: choice.exact, output: choice.output });
  const color = choice.io.color && (choice.output === undefined || choice.output === '-');
  let chosen: View[];
  if (choice.view !== undefined) chosen = [views.modelView(result, choice.view, choice.metrics, true)];
  else if (choice.chosen) chosen = [views.summaryView(result, choice.metrics)];
  else {
    const unitPrices = views.unitPricesView(result);
    chosen = [
      views.headlineView(result, { glance: table.glance === true }),
      ...(unitPrices === undefined ? [] : [unitPrices]),
      views.periodsTableView(result),
      views.tranchesTableView(result),
    ];
  }
  // the overrides applied are named in the first heading (a pasted table is never the base case)
  const note = overridesNote(choice.sets);
  // after the heading's first line (the headline's sentence follows on the next)
  const withNote = (title: string) => title.replace(/\n|$/, (end) => note + end);
  const titled = <T extends { title: string }>(list: T[]): T[] => (note === '' || list.length === 0 ? list : [{ ...list[0]!, title: withNote(list[0]!.title) }, ...list.slice(1)]);
  // On a terminal too narrow for the whole tables, split the per-period table in three and the
  // tranche table in two (its not-vested reasons below it), rather than let every row wrap; any
  // table still too wide is then split or turned by the renderer (report/fit.ts).
  const width = table.width;
  const fits = (view: View) => width === undefined || drawnWidth(columnWidths(view, glanceFor(view, table))) <= width;
  if (!chosen.every(fits)) {
    chosen = chosen.flatMap((view) =>
      fits(view)
        ? [view]
        : view.name === 'periods'
          ? views.periodsTableViewsSplit(result)
          : view.name === 'tranches'
            ? views.tranchesTableViewsSplit(result)
            : [view],
    );
  }
  return renderTable(titled(chosen), { color, ...table });
}

/**
 * SPEC §8: `model` on a terminal ends with cumulative AMD net cost against the baseline, drawn
 * from the periods view (src/report/charts/terminal.ts), as wide as the terminal (80 otherwise).
 */
async function cumulativeChart(result: ModelResult, io: Io): Promise<string> {
  const { periodsView } = await import('../../report/model-views.js');
  const { cumulativeTerminalChart } = await import('../../report/charts/terminal.js');
  const { loadPalette } = await import('../../report/table.js');
  const palette = await loadPalette(io.color);
  let amd = (t: string) => t;
  let baseline = (t: string) => t;
  if (io.color) {
    const { Chalk } = await import('chalk');
    const chalk = new Chalk({ level: 1 });
    amd = (t) => chalk.red(t);
    baseline = (t) => chalk.blue(t);
  }
  const width = Math.min(io.stdoutIsTTY ? (io.stdout.columns ?? 80) : 80, 120);
  const { scenario } = result;
  return cumulativeTerminalChart(
    periodsView(result),
    { amd: scenario.amd.product, baseline: scenario.baseline.name, currency: scenario.currency },
    width,
    { amd, baseline, bold: palette.bold, dim: palette.dim },
  );
}
