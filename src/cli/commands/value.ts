/**
 * `chipsforequity value FILE [--paths N] [--seed S] [--workers N] [--format ...] [--output F]`
 * (SPEC §7, issue 16): options -> load -> compute (worker threads) -> render -> write.
 *
 * - `--paths` 1..10,000,000 (default 100,000), even with antithetic pairs (the default); an odd
 *   count is a usage error naming both remedies. `--seed` as `simulate`.
 * - `--workers N` threads, the main one included (default: the cores, 1 when the paths are few);
 *   the numbers never depend on it.
 * - `--no-antithetic`: plain Monte Carlo (one path per stream), to see what the pairs buy.
 * - `--format table` (default): inputs, tranches and summary tables; `csv` one view (`--view`,
 *   default tranches); `markdown` every view; `json` the whole result.
 * - A volatility of 0 is said on stderr: the value is then exact.
 */
import { availableParallelism } from 'node:os';
import type { Io } from '../io.js';
import { progressFor } from '../stream.js';
import { RunError, UsageError } from '../errors.js';
import { ScenarioError } from '../../scenario/issues.js';
import { parsePaths, parseSeed, MAX_WORKERS } from './simulate.js';
import type { ValueViewName } from '../../report/value-views.js';
import type { FairValueResult, ValueBatch, ValuePlan } from '../../analysis/simulate/value.js';

type Format = 'table' | 'csv' | 'json' | 'markdown';

interface ValueOptions {
  manifest?: string;
  paths?: string;
  seed?: string;
  workers?: string;
  antithetic?: boolean;
  set?: string[];
  format?: string;
  output?: string;
  view?: string;
}

const WHOLE_NUMBER = /^\+?\d+$/;

export async function run(args: string[], rawOptions: Record<string, unknown>, io: Io): Promise<number> {
  const options = rawOptions as ValueOptions;
  const file = args[0];
  if (file === undefined) throw new UsageError('value needs a scenario FILE (or - for standard input)');
  // options first: a bad option never waits for a computation
  const seed = parseSeed(options.seed ?? '1');
  let explicitWorkers: number | undefined;
  if (options.workers !== undefined) {
    const text = options.workers.trim();
    if (!WHOLE_NUMBER.test(text) || Number(text) < 1 || Number(text) > MAX_WORKERS) {
      throw new UsageError(`--workers must be a whole number from 1 to ${MAX_WORKERS}, got "${options.workers}"`);
    }
    explicitWorkers = Number(text);
  }
  const antithetic = options.antithetic !== false;
  const format = (options.format ?? 'table') as Format;
  const view = (options.view ?? 'tranches') as ValueViewName;
  const paths = parsePaths(options.paths ?? '100000');
  const { checkValuePaths, planValue, summarizeFairValue } = await import('../../analysis/simulate/value.js');
  const odd = checkValuePaths(paths, antithetic);
  if (odd !== undefined) throw new UsageError(odd);

  const { loadWithSourcesFromCli } = await import('../load.js');
  const { raw, scenario } = loadWithSourcesFromCli(file, options.set ?? []);
  const { manifestFor, writeManifestOption } = await import('../manifest.js');
  const manifest = manifestFor(io, [raw], { sets: options.set ?? [], seed: String(seed), paths: String(paths) });
  const { warn } = await import('../io.js');
  if (scenario.share_price.volatility.isZero()) {
    warn(io, 'note: share_price.volatility is 0 or not given: every path is the forward path, so the value is exact');
  }
  if (scenario.valuation === undefined) {
    warn(io, 'note: no valuation section: risk_free_rate and dividend_yield are taken as 0');
  }

  const { runValuePaths } = await import('../../analysis/simulate/value-pool.js');
  const { defaultWorkers } = await import('../../analysis/simulate/pool.js');
  const workers = explicitWorkers ?? defaultWorkers(paths, availableParallelism());
  const progress = progressFor(io, { unit: 'samples', end: 'erase' });
  const stop = new AbortController();
  let plan: ValuePlan | undefined;
  const localPlan = () => (plan ??= planValue(scenario));
  const pool: Parameters<typeof runValuePaths>[2] = { workers, signal: stop.signal };
  if (progress) pool.onProgress = progress.update;
  let batches: ValueBatch[];
  const running = runValuePaths(scenario, { paths, seed, antithetic }, pool, localPlan);
  try {
    batches = await running;
    progress?.finish();
  } catch (error) {
    stop.abort();
    await running.catch(() => undefined);
    progress?.finish();
    if (error instanceof RunError || error instanceof UsageError || error instanceof ScenarioError) throw error;
    throw new RunError(`valuation failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { fairValueWarnings } = await import('../../analysis/simulate/value.js');
  const warnings = fairValueWarnings(localPlan());
  const { writeWarnings } = await import('./model.js');
  writeWarnings(io, { warnings });
  const result = summarizeFairValue(localPlan(), batches, { paths, seed, antithetic });
  const json = { file, scenario, warnings, manifest };
  const text = await render(result, format, view, io, options.output, json);
  const { deliver } = await import('../io.js');
  await deliver(io, text, options.output);
  await writeManifestOption(options.manifest, manifest);
  return 0;
}

interface JsonContext {
  file: string;
  scenario: import('../../scenario/types.js').Scenario;
  warnings: ReadonlyArray<{ code: string; path: string; message: string }>;
  manifest: import('../../report/json.js').JsonObject;
}

async function render(result: FairValueResult, format: Format, view: ValueViewName, io: Io, output: string | undefined, context: JsonContext): Promise<string> {
  const views = await import('../../report/value-views.js');
  switch (format) {
    case 'json': {
      const { renderJson } = await import('../../report/json.js');
      const { jsonEnvelope, jsonScenario, jsonWarnings } = await import('../../report/envelope.js');
      const { attachManifest } = await import('../manifest.js');
      return renderJson(
        attachManifest(
          jsonEnvelope({ command: 'value', scenario: jsonScenario(context.scenario, context.file), payload: views.valueJson(result), warnings: jsonWarnings(context.warnings) }),
          context.manifest,
        ),
      );
    }
    case 'csv': {
      const { renderCsv } = await import('../../report/csv.js');
      return renderCsv(views.valueView(result, view));
    }
    case 'markdown': {
      const { renderMarkdown } = await import('../../report/markdown.js');
      return renderMarkdown(views.valueViews(result), result.scenarioName);
    }
    case 'table': {
      const { renderTableWith, loadPalette } = await import('../../report/table.js');
      const palette = await loadPalette(io.color && (output === undefined || output === '-'));
      const text = renderTableWith(views.valueViews(result), palette);
      // on a terminal too narrow for the tranche table, show it in two parts
      const columns = io.stdoutIsTTY && (output === undefined || output === '-') ? io.stdout.columns : undefined;
      if (columns === undefined || widestLine(text) <= columns) return text;
      return renderTableWith(
        views.valueViews(result).flatMap((v) => (v.name === 'tranches' ? views.valueTranchesViewsSplit(result) : [v])),
        palette,
      );
    }
  }
}

/** The widest line of a rendered text, in characters, ignoring colour escapes. */
function widestLine(text: string): number {
  let widest = 0;
  // eslint-disable-next-line no-control-regex
  for (const line of text.replace(/\x1b\[[0-9;]*m/g, '').split('\n')) widest = Math.max(widest, [...line].length);
  return widest;
}
