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
import { warn, type Io } from '../io.js';
import { UsageError } from '../errors.js';
import type { MetricName, ModelResult } from '../../engine/types.js';
import type { ModelViewName } from '../../report/model-views.js';
import { requestedMetricNames, selectMetrics } from '../../report/metrics.js';

type Format = 'table' | 'csv' | 'json' | 'markdown';

interface ModelOptions {
  set?: string[];
  format?: string;
  output?: string;
  metric?: string;
  metrics?: string;
  view?: string;
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
  for (const w of result.warnings) warn(io, `warning: ${prefix}${w.path}: ${w.message}`);
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

  const { loadScenarioFromCli } = await import('../load.js');
  const { runModel } = await import('../../engine/index.js');
  const scenario = loadScenarioFromCli(file, options.set ?? []);
  const result = runModel(scenario);
  writeWarnings(io, result);

  const text = await render(result, { format, view, metrics, chosen, file, bare: options.metric !== undefined && options.metrics === undefined, output: options.output, io });
  const { deliver } = await import('../io.js');
  await deliver(io, text, options.output);
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
  output: string | undefined;
  io: Io;
}

async function render(result: ModelResult, choice: RenderChoice): Promise<string> {
  const views = await import('../../report/model-views.js');
  switch (choice.format) {
    case 'json': {
      const { renderJson } = await import('../../report/json.js');
      return renderJson(
        views.modelJson(result, { file: choice.file, metrics: choice.metrics, includeLedger: choice.view === 'ledger' }),
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
      return renderMarkdown(chosen, result.scenario.name);
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
  const { renderTable } = await import('../../report/table.js');
  const color = choice.io.color && (choice.output === undefined || choice.output === '-');
  let chosen;
  if (choice.view !== undefined) chosen = [views.modelView(result, choice.view, choice.metrics, true)];
  else if (choice.chosen) chosen = [views.summaryView(result, choice.metrics)];
  else chosen = [views.headlineView(result), views.periodsTableView(result), views.tranchesTableView(result)];
  const text = await renderTable(chosen, { color });
  // On a terminal too narrow for the tables, split the per-period table in three and the tranche
  // table in two (its not-vested reasons below it), rather than let every row wrap.
  const columns = choice.io.stdoutIsTTY ? choice.io.stdout.columns : undefined;
  if (columns === undefined || widestLine(text) <= columns) return text;
  const narrow = chosen.flatMap((view) =>
    view.name === 'periods'
      ? views.periodsTableViewsSplit(result)
      : view.name === 'tranches'
        ? views.tranchesTableViewsSplit(result)
        : [view],
  );
  return renderTable(narrow, { color });
}

/** The widest line of a rendered text, in characters, ignoring colour escapes. */
function widestLine(text: string): number {
  let widest = 0;
  // eslint-disable-next-line no-control-regex
  for (const line of text.replace(/\x1b\[[0-9;]*m/g, '').split('\n')) widest = Math.max(widest, [...line].length);
  return widest;
}
