/**
 * `chipsforequity compare FILE FILE...` (SPEC §4): the summary metrics of several scenarios side
 * by side, one column per scenario (header: the scenario name, with the file name added when two
 * scenarios share a name), one row per metric (`--metric`/`--metrics` choose rows).
 *
 * csv: first column `metric`, then one column per scenario. json:
 * `{version: 1, command, scenarios: [{name, file, column}], metrics: {metric: [v1, v2, ...]}, warnings}`.
 * `--set` applies to every file. Warnings go to stderr as `warning: FILE: PATH: message`.
 * Every file is loaded before anything is printed; all their errors are reported together.
 * `--delta` (issue 14): the first file keeps its own values, every other column is its difference
 * from the first (headers `Δ NAME`; json adds `"delta": true`), so "which hurdle costs the deal
 * most" is one table.
 */
import type { Io } from '../io.js';
import { UsageError } from '../errors.js';
import { ScenarioError, type ScenarioIssue } from '../../scenario/issues.js';
import type { CompareEntry } from '../../report/compare-views.js';
import { jsonWarnings, type JsonWarning } from '../../report/envelope.js';
import { metricsFromOptions, writeWarnings } from './model.js';

interface CompareOptions {
  set?: string[];
  format?: string;
  output?: string;
  metric?: string;
  metrics?: string;
  manifest?: string;
  exact?: boolean;
  delta?: boolean;
}

export async function run(args: string[], rawOptions: Record<string, unknown>, io: Io): Promise<number> {
  const options = rawOptions as CompareOptions;
  if (args.length < 2) throw new UsageError('compare needs at least two scenario files');
  if (args.filter((a) => a === '-').length > 1) throw new UsageError('standard input (-) can be given only once');
  const format = options.format ?? 'table';
  const { metrics } = metricsFromOptions(options);

  const { loadWithSourcesFromCli } = await import('../load.js');
  const raws: import('../../scenario/raw.js').RawScenario[] = [];
  const { runModel } = await import('../../engine/index.js');
  const entries: CompareEntry[] = [];
  const warnings: JsonWarning[] = [];
  const issues: ScenarioIssue[] = [];
  for (const file of args) {
    try {
      const loaded = loadWithSourcesFromCli(file, options.set ?? []);
      raws.push(loaded.raw);
      const result = runModel(loaded.scenario);
      entries.push({ name: result.scenario.name, file, summary: result.summary, currency: result.scenario.currency });
      writeWarnings(io, result, `${file}: `);
      warnings.push(...jsonWarnings(result.warnings, file));
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0) throw new ScenarioError(issues);
  const delta = options.delta === true;

  const { attachManifest, manifestFor, writeManifestOption } = await import('../manifest.js');
  const manifest = manifestFor(io, raws, { sets: options.set ?? [] });
  const views = await import('../../report/compare-views.js');
  let text: string;
  switch (format) {
    case 'json': {
      const { renderJson } = await import('../../report/json.js');
      text = renderJson(attachManifest(views.compareJson(entries, metrics, warnings, delta), manifest));
      break;
    }
    case 'csv': {
      const { renderCsv } = await import('../../report/csv.js');
      text = renderCsv(views.compareView(entries, metrics, delta));
      break;
    }
    case 'markdown': {
      const { renderMarkdown } = await import('../../report/markdown.js');
      text = renderMarkdown([views.compareView(entries, metrics, delta)]);
      break;
    }
    default: {
      const { renderTable } = await import('../../report/table.js');
      const { tableOptionsFor } = await import('../width.js');
      const color = io.color && (options.output === undefined || options.output === '-');
      text = await renderTable([views.compareView(entries, metrics, delta)], { color, ...tableOptionsFor(io, options) });
    }
  }
  const { deliver } = await import('../io.js');
  await deliver(io, text, options.output);
  await writeManifestOption(options.manifest, manifest);
  return 0;
}
