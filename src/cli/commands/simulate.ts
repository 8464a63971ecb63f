/**
 * `chipsforequity simulate FILE --paths N --seed S` (SPEC §5, issue 6): options -> load -> compute
 * (worker threads) -> render -> write.
 *
 * - `--paths` 1..10,000,000 (default 10,000): 0, negative or not an integer is a usage error
 *   (exit 2); more than 10,000,000 is refused before any work (SPEC §6, exit 1).
 * - `--seed` an integer 0..4,294,967,295 (default 1); anything else is a usage error (exit 2).
 * - `--workers N` threads doing paths, the main one included (default: the cores, 1 when the paths
 *   are few); the numbers never depend on it.
 * - `--bins N` 1..200 histogram bins (default 20).
 * - `--metrics A,B` / `--metric NAME`: the metrics to describe (default savings, savings_pv,
 *   amd_net_cost, warrant_net_value, warrant_vested_shares).
 * - `--format table` (default): run summary, statistics, tranches and a histogram of savings drawn
 *   with block characters; `csv` one view (`--view`, default statistics); `markdown` every view;
 *   `json` the whole result.
 * - `--paths-out FILE`: one CSV row per path, streamed to a temporary file and renamed when whole.
 * - A volatility of 0 (or none given) is said on stderr: every path is then the deterministic model.
 * - A progress bar on stderr only when stderr is a terminal.
 */
import { availableParallelism } from 'node:os';
import { AtomicFileWriter, warn, type Io } from '../io.js';
import { progressFor } from '../stream.js';
import { writeWarnings } from './model.js';
import { RunError, UsageError } from '../errors.js';
import { ScenarioError } from '../../scenario/issues.js';
import { terminalLine } from '../../scenario/terminal-text.js';
import { METRIC_KINDS, type MetricName } from '../../engine/types.js';
import { formatDay } from '../../time/index.js';
import { formatScaled } from '../../analysis/statistics.js';
import { MAX_SEED } from '../../analysis/random.js';
import { requestedMetricNames, selectMetrics } from '../../report/metrics.js';
import type { SimulateViewName } from '../../report/simulate-views.js';
import { KIND_PLACES, MAX_PATHS, planSimulation, type PathBatch, type SimulationPlan } from '../../analysis/simulate/paths.js';
import { DrawError } from '../../analysis/uncertainty/draws.js';
import { SimulationInputError } from '../../analysis/simulate/pool.js';
import { parseDecimal, type Decimal } from '../../money/index.js';
import { parseShard, shardRange, shardText, type Shard } from '../../analysis/shard.js';
import { scenarioToPlain } from '../../analysis/transfer.js';
import { writeShardManifest } from '../shard-manifest.js';
import { mergePathsOut, openParquetPathsOut, simulateFingerprint } from './simulate-shards.js';

/** An input path as a CSV header cell (quoted when it holds a comma or a quote). */
function csvHeaderCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

type Format = 'table' | 'csv' | 'json' | 'markdown';

interface SimulateOptions {
  paths?: string;
  seed?: string;
  workers?: string;
  pathsOut?: string;
  bins?: string;
  set?: string[];
  format?: string;
  output?: string;
  metric?: string;
  metrics?: string;
  view?: string;
  threshold?: string[];
  shard?: string;
  merge?: string[];
  manifest?: string;
  /** `--chart` / `--no-chart`: the savings histogram (SPEC §8) */
  chart?: boolean;
  exact?: boolean;
}

export const MAX_BINS = 200;
export const MAX_WORKERS = 64;

/** issue 6's default metrics, in this order. */
export const DEFAULT_SIMULATE_METRICS: readonly MetricName[] = [
  'savings',
  'savings_pv',
  'amd_net_cost',
  'warrant_net_value',
  'warrant_vested_shares',
];

const WHOLE_NUMBER = /^\+?\d+$/;

/** A whole-number option in [min, max]; a usage error naming the option otherwise. */
function wholeOption(name: string, text: string, min: number, max: number, what: string): number {
  const trimmed = text.trim();
  if (!WHOLE_NUMBER.test(trimmed)) throw new UsageError(`${name} must be ${what}, got "${text}"`);
  const value = Number(trimmed);
  if (value < min || value > max) throw new UsageError(`${name} must be ${what}, got "${text}"`);
  return value;
}

/** --paths: usage error for 0, negative or non-integer; SPEC §6 refusal (exit 1) above 10,000,000. */
export function parsePaths(text: string): number {
  const trimmed = text.trim();
  if (!WHOLE_NUMBER.test(trimmed) || Number(trimmed) < 1) {
    throw new UsageError(`--paths must be a whole number from 1 to ${MAX_PATHS}, got "${text}"`);
  }
  const value = Number(trimmed);
  if (value > MAX_PATHS) {
    throw new RunError(`--paths ${trimmed} is more than the limit of ${MAX_PATHS} paths (docs/internals.md); nothing was computed`);
  }
  return value;
}

export function parseSeed(text: string): number {
  return wholeOption('--seed', text, 0, MAX_SEED, `a whole number from 0 to ${MAX_SEED}`);
}

function metricsFrom(options: SimulateOptions): MetricName[] {
  const names = requestedMetricNames(options.metric, options.metrics);
  if (names.length === 0) return [...DEFAULT_SIMULATE_METRICS];
  const selection = selectMetrics(names);
  if (!selection.ok) throw new UsageError(selection.message);
  return selection.metrics;
}

export async function run(args: string[], rawOptions: Record<string, unknown>, io: Io): Promise<number> {
  const options = rawOptions as SimulateOptions;
  const file = args[0];
  if (file === undefined) throw new UsageError('simulate needs a scenario FILE (or - for standard input)');
  // options first: a bad option never waits for a computation
  const seed = parseSeed(options.seed ?? '1');
  const bins = wholeOption('--bins', options.bins ?? '20', 1, MAX_BINS, `a whole number from 1 to ${MAX_BINS}`);
  const explicitWorkers =
    options.workers === undefined
      ? undefined
      : wholeOption('--workers', options.workers, 1, MAX_WORKERS, `a whole number from 1 to ${MAX_WORKERS}`);
  const metrics = metricsFrom(options);
  const format = (options.format ?? 'table') as Format;
  const view = (options.view ?? 'statistics') as SimulateViewName;
  const paths = parsePaths(options.paths ?? '10000');
  const thresholds = (options.threshold ?? []).map(parseThreshold);
  // SPEC §10: a shard computes paths [first, first + count); --merge computes none
  const merging = options.merge !== undefined && options.merge.length > 0;
  const shard = options.shard === undefined ? undefined : shardOption(options.shard, paths);
  if (merging && shard !== undefined) throw new UsageError('--merge combines the shards of a run: run it without --shard');
  if (merging && options.pathsOut !== undefined) throw new UsageError('--merge reads the shards\' --paths-out files; it writes none itself (concatenate the shards\' rows)');
  if (shard !== undefined && options.pathsOut === undefined) throw new UsageError('--shard needs --paths-out FILE: a shard\'s paths are merged from it (simulate FILE --merge SHARDS...)');
  const slice = shard === undefined ? { from: 0, to: paths } : shardRange(paths, shard);
  const first = slice.from + 1;
  const count = slice.to - slice.from;

  const { chartWanted } = await import('../chart-choice.js');
  const chart = chartWanted(options, format, io);

  // a --threshold on a metric not reported still needs that metric kept per path
  const planMetrics = [...metrics, ...thresholds.map((t) => t.metric).filter((m, i, all) => !metrics.includes(m) && all.indexOf(m) === i)];

  const { loadWithSourcesFromCli } = await import('../load.js');
  const loaded = loadWithSourcesFromCli(file, options.set ?? []);
  const raw = loaded.raw;
  // --set on an uncertain input pins it: the value given wins and its distribution is not drawn
  const { pinUncertainInputs } = await import('../../analysis/uncertainty/draws.js');
  const pins = pinUncertainInputs(loaded.scenario, options.set ?? []);
  const scenario = pins.scenario;
  for (const path of pins.pinned) warn(io, `note: --set ${terminalLine(path)} pins it: its distribution in uncertainty.inputs is not drawn`);
  const { manifestFor, writeManifestOption } = await import('../manifest.js');
  const manifest = manifestFor(io, [raw], { sets: options.set ?? [], seed: String(seed), paths: String(paths) });
  // the file's own warnings, as `model` prints them
  const { runModel } = await import('../../engine/index.js');
  const baseWarnings = runModel(scenario).warnings;
  writeWarnings(io, { warnings: baseWarnings });
  if (scenario.share_price.volatility.isZero()) {
    const { stderrLine } = await import('../width.js');
    warn(
      io,
      stderrLine(
        io,
        scenario.uncertainty === undefined
          ? 'note: share_price.volatility is 0 or not given: treated as 0, so every path equals the deterministic model'
          : 'note: share_price.volatility is 0 or not given: treated as 0, so only the uncertain inputs vary between paths',
      ),
    );
  }

  const { runSimulationPaths, defaultWorkers } = await import('../../analysis/simulate/pool.js');
  const { summarizeSimulation } = await import('../../analysis/simulate/summary.js');
  const { summarizePath } = await import('../../engine/index.js');
  const { chunkRanges } = await import('../../analysis/simulate/pool.js');
  // the pool runs one chunk (≤ 2,000 paths) on this thread, inside the call: plan (and open
  // --paths-out) before calling it whenever it will use one thread
  const workers = Math.min(explicitWorkers ?? defaultWorkers(count, availableParallelism()), chunkRanges(count).length);
  const progress = progressFor(io, { unit: 'paths', end: 'erase' });
  const stop = new AbortController();
  const poolOptions: Parameters<typeof runSimulationPaths>[4] = {
    workers,
    keepSalePrices: options.pathsOut !== undefined,
    signal: stop.signal,
    raw,
    first,
  };
  if (progress) poolOptions.onProgress = progress.update;

  // Worker threads boot (load modules, prepare the scenario) while this thread prepares its own
  // plan: no batch can arrive before this synchronous block ends, so `onBatch` is set in time.
  // (In one thread the paths run inside the call, so there the file is opened first.)
  let pathsOut: ReturnType<typeof openPathsOut> | undefined;
  const attachPathsOut = (ready: SimulationPlan) => {
    if (options.pathsOut === undefined) return;
    const out = /\.parquet$/i.test(options.pathsOut)
      ? openParquetPathsOut(options.pathsOut, ready, shard && shardText(shard))
      : openPathsOut(options.pathsOut, ready);
    pathsOut = out;
    poolOptions.onBatch = (batch) => out.write(batch);
  };
  let plan: SimulationPlan | undefined;
  if (merging) {
    plan = planSimulation(scenario, metrics, raw);
    const batches = mergePathsOut(options.merge!, plan, { fingerprint: simulateFingerprint(scenarioToPlain(scenario), seed, paths, plan), paths, seed });
    return finish(plan, batches);
  }
  if (workers <= 1) {
    plan = planSimulation(scenario, planMetrics, raw);
    attachPathsOut(plan);
  }
  const running = runSimulationPaths(scenario, planMetrics, seed, count, poolOptions, plan);
  let batches: PathBatch[];
  try {
    if (plan === undefined) {
      plan = planSimulation(scenario, planMetrics, raw);
      poolOptions.plan = plan;
      attachPathsOut(plan);
    }
    batches = await running;
    progress?.finish();
    pathsOut?.commit();
    if (shard !== undefined) {
      writeShardManifest(options.pathsOut!, {
        command: 'simulate',
        fingerprint: simulateFingerprint(scenarioToPlain(scenario), seed, paths, plan),
        shard,
        unit: 'path',
        total: paths,
        range: slice,
        run: manifest,
      });
    }
  } catch (error) {
    stop.abort();
    await running.catch(() => undefined);
    progress?.finish();
    pathsOut?.abort();
    if (error instanceof RunError || error instanceof UsageError) throw error;
    if (error instanceof ScenarioError) throw error;
    if (error instanceof DrawError || error instanceof SimulationInputError) throw new RunError(`simulate: ${error.message}`);
    throw new RunError(`simulation failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return finish(plan, batches);

  async function finish(ready: SimulationPlan, done: PathBatch[]): Promise<number> {
    // the model's own summary (what `runModel` gives), from the prepared stages already computed
    const deterministic = summarizePath(ready.prepared, ready.prepared.sharePriceAtEnds);
    const result = summarizeSimulation(ready, done, { seed, paths: count, metrics, bins, deterministic, thresholds });
    const text = await render(result, format, view, io, options.output, manifest, chart, options.exact === true, { file: file ?? '-', scenario, warnings: baseWarnings });
    const { deliver } = await import('../io.js');
    await deliver(io, text, options.output);
    await writeManifestOption(options.manifest, manifest);
    return 0;
  }
}

/** --shard I/N of a run of `paths` paths (usage errors: not I/N, or more shards than paths). */
function shardOption(text: string, paths: number): Shard {
  const parsed = parseShard(text);
  if (!parsed.ok) throw new UsageError(parsed.message);
  if (parsed.shard.count > paths) throw new UsageError(`--shard ${text.trim()}: ${parsed.shard.count} shards of ${paths} paths would leave some empty; use at most ${paths} shards`);
  return parsed.shard;
}

type SimulationResult = import('../../analysis/simulate/summary.js').SimulationResult;

interface JsonContext {
  file: string;
  scenario: import('../../scenario/types.js').Scenario;
  warnings: ReadonlyArray<{ code: string; path: string; message: string }>;
}

async function render(
  result: SimulationResult,
  format: Format,
  view: SimulateViewName,
  io: Io,
  output: string | undefined,
  manifest: import('../../report/json.js').JsonObject,
  chart: boolean,
  exact: boolean,
  context: JsonContext,
): Promise<string> {
  const views = await import('../../report/simulate-views.js');
  switch (format) {
    case 'json': {
      const { renderJson } = await import('../../report/json.js');
      const { attachManifest } = await import('../manifest.js');
      const { jsonEnvelope, jsonScenario, jsonWarnings } = await import('../../report/envelope.js');
      return renderJson(
        attachManifest(
          jsonEnvelope({
            command: 'simulate',
            scenario: jsonScenario(context.scenario, context.file),
            payload: views.simulateJson(result),
            warnings: jsonWarnings(context.warnings),
          }),
          manifest,
        ),
      );
    }
    case 'csv': {
      const { renderCsv } = await import('../../report/csv.js');
      return renderCsv(views.simulateView(result, view));
    }
    case 'markdown': {
      const { renderMarkdown } = await import('../../report/markdown.js');
      return renderMarkdown([views.runView(result), ...resultViews(result, views), views.histogramView(result)], result.scenarioName);
    }
    case 'table': {
      const { renderTableWith, loadPalette } = await import('../../report/table.js');
      const { formatMoney, groupThousands } = await import('../../money/index.js');
      const { cents } = await import('../../money/index.js');
      const { formatMoneyGlance } = await import('../../report/glance.js');
      const { tableOptionsFor } = await import('../width.js');
      const { textWidth, wrapText } = await import('../../report/fit.js');
      const table = tableOptionsFor(io, { exact, output });
      const palette = await loadPalette(io.color && (output === undefined || output === '-'));
      const tables = renderTableWith([views.runView(result), ...resultViews(result, views)], palette, table);
      // SPEC §8: the histogram is a chart (a colour terminal, or --chart); otherwise its table
      if (!chart) return `${tables}\n${renderTableWith([views.histogramView(result)], palette, table)}`;
      const label = (v: Decimal) => (table.glance ? formatMoneyGlance(v, result.currency) : groupThousands(formatMoney(cents(v))));
      // the bars take what the terminal leaves beside the widest "from .. to" label and the count
      const labelWidth = Math.max(0, ...result.histogram.map((b) => textWidth(`${label(b.lower)} .. ${label(b.upper)}`)));
      const countWidth = Math.max(1, ...result.histogram.map((b) => String(b.count).length));
      const barWidth = table.width === undefined ? 40 : Math.max(5, Math.min(40, table.width - labelWidth - countWidth - 4));
      const bars = views.histogramBars(result, label, barWidth);
      const middle = result.histogram.filter((b) => b.tail === undefined).length;
      const heading = `Savings histogram: paths per bin, ${middle} equal bins from P5 to P95 and the tails beyond`;
      const driversHeading = result.inputs.length === 0 ? '' : `What drives ${result.metrics[0]!.metric} (Spearman rank correlation)`;
      const drivers =
        driversHeading === ''
          ? ''
          : `\n${palette.bold(table.width === undefined ? driversHeading : wrapText(driversHeading, table.width))}\n${views.driverBars(result, table.width === undefined ? 20 : Math.max(5, Math.min(20, Math.floor((table.width - Math.max(...result.inputs.map((x) => x.path.length)) - 12) / 2))))}`;
      return `${tables}\n${palette.bold(table.width === undefined ? heading : wrapText(heading, table.width))}\n${bars}${drivers}`;
    }
  }
}

/** The statistics and tranche views, plus the uncertain inputs' and thresholds' when there are any. */
function resultViews(result: SimulationResult, views: typeof import('../../report/simulate-views.js')) {
  const out = [views.statisticsView(result), views.tranchesView(result)];
  if (result.inputs.length > 0) out.push(views.inputsView(result), views.driversView(result));
  if (result.thresholds.length > 0) out.push(views.thresholdsView(result));
  return out;
}

/** `--threshold METRIC=VALUE`: a metric name and an exact decimal; a usage error otherwise. */
export function parseThreshold(text: string): { metric: MetricName; threshold: Decimal } {
  const at = text.indexOf('=');
  if (at <= 0) throw new UsageError(`--threshold must be METRIC=VALUE, e.g. savings=10000000000, got "${text}"`);
  const selection = selectMetrics([text.slice(0, at).trim()]);
  if (!selection.ok) throw new UsageError(`--threshold: ${selection.message}`);
  const value = parseDecimal(text.slice(at + 1).trim());
  if (value === undefined) throw new UsageError(`--threshold ${text}: the value must be a decimal number, e.g. savings=10000000000`);
  return { metric: selection.metrics[0]!, threshold: value };
}

/**
 * `--paths-out FILE`: one CSV row per path (RFC 4180, CRLF, header row), streamed to a temporary
 * file beside FILE and renamed over it only when every row is written (SPEC §6: whole or nothing).
 * Columns: path, then per tranche `tranche_N_vest_date` and `tranche_N_sale_price` (empty when not
 * vested; the price with every digit the engine used), then the stored metrics (money with 2
 * decimals, counts whole, the ratio with 6).
 */
function openPathsOut(path: string, plan: SimulationPlan) {
  const file = new AtomicFileWriter(path, '--paths-out');
  const schedule = plan.prepared.schedule;
  const tranches = plan.prepared.scenario.warrant.tranches.length;
  const metrics = plan.storedMetrics;
  const places = metrics.map((m) => KIND_PLACES[METRIC_KINDS[m]]);
  const header = ['path'];
  for (let t = 1; t <= tranches; t++) header.push(`tranche_${t}_vest_date`, `tranche_${t}_sale_price`);
  const inputs = plan.draws?.inputs.map((i) => i.input.path) ?? [];
  header.push(...metrics, ...inputs.map(csvHeaderCell));
  const dates = schedule.map((p) => formatDay(p.end));
  file.write(header.join(',') + '\r\n');
  return {
    write(batch: PathBatch) {
      const lines: string[] = [];
      const count = batch.to - batch.from;
      for (let p = 0; p < count; p++) {
        const cells: string[] = [String(batch.from + p)];
        for (let t = 0; t < tranches; t++) {
          const period = batch.vestPeriods[p * tranches + t]!;
          cells.push(period === 0 ? '' : dates[period - 1]!, batch.salePrices?.[p * tranches + t] ?? '');
        }
        places.forEach((digits, i) => cells.push(formatScaled(batch.metrics[i]![p]!, digits)));
        for (let i = 0; i < inputs.length; i++) cells.push(batch.drawTexts?.[p * inputs.length + i] ?? '');
        lines.push(cells.join(','));
      }
      file.write(lines.join('\r\n') + '\r\n');
    },
    commit: () => file.commit(),
    abort: () => file.abort(),
  };
}
