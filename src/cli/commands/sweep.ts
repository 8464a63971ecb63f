/**
 * `chipsforequity sweep FILE --vary PATH=SPEC ...` (SPEC §4, issue 5): options -> load -> check
 * the whole grid -> stream rows -> write.
 *
 * - Bad options are found before the file is read: a malformed `--vary` or an unknown metric is a
 *   usage error (exit 2); a STEP of 0, a step that does not land on B or a grid over 10,000,000
 *   points is an invalid grid (exit 1, SPEC §6).
 * - Every axis value is validated before the first row goes out (see analysis/points.ts), so an
 *   invalid value (with its path and value) never leaves a partial output.
 * - csv and json stream: rows are written as they are computed, with backpressure on stdout; a
 *   grid over {@link WORKER_THRESHOLD} points runs on worker threads when the machine has at least
 *   three cores (`--workers N` forces a count, `--workers 0` one thread), rows still in grid order.
 * - markdown and table hold the rows, so they are refused over {@link MAX_TABLE_ROWS} rows.
 * - `--output FILE` streams into a temporary file in the same directory, renamed at the end: the
 *   file is written whole or not at all (SPEC §6).
 * - A progress bar on stderr, only when stderr is a terminal; sinks and the bar are in ../stream.ts.
 */
import { availableParallelism } from 'node:os';
import type { Io } from '../io.js';
import { progressFor, sinkFor, type Progress, type Sink } from '../stream.js';
import { writeWarnings } from './model.js';
import { RunError, UsageError } from '../errors.js';
import { formatIssues } from '../../scenario/issues.js';
import type { GridIssues } from '../../analysis/points.js';
import type { MetricName } from '../../engine/types.js';
import { requestedMetricNames, selectMetrics } from '../../report/metrics.js';
import { gridSize, parseAxis, type Axis } from '../../analysis/grid.js';
import { parseShard, shardRange, shardText, type Shard } from '../../analysis/shard.js';
import { scenarioToPlain } from '../../analysis/transfer.js';

/**
 * Above this many points a sweep may use worker threads (unless `--workers` says otherwise).
 * Automatic workers number the cores minus one — the main thread keeps a core to format nothing
 * but write the workers' text — and are used only when that gives at least two. Measured on the
 * 2-core reference machine under load, two workers plus the main thread were slower than one
 * thread (10^4 points: 4.7 s vs 2.7 s wall) and peaked at ~155-225 MB against 112 MB for 10^6
 * points, so there the default is one thread; `--workers N` forces N.
 */
export const WORKER_THRESHOLD = 20_000;
/** Points per chunk handed to a worker. */
const CHUNK_SIZE = 1_000;
/** Table and markdown outputs hold every row: refused above this. */
export const MAX_TABLE_ROWS = 10_000;
/** Rows joined into one write on the single-thread path. */
const BATCH_ROWS = 200;

type Format = 'table' | 'csv' | 'json' | 'markdown' | 'heatmap' | 'parquet';

/** Excel and LibreOffice show at most this many rows, the header included. */
export const SPREADSHEET_MAX_ROWS = 1_048_576;

interface SweepOptions {
  vary?: string[];
  set?: string[];
  format?: string;
  output?: string;
  metric?: string;
  metrics?: string;
  workers?: string;
  shard?: string;
  quiet?: boolean;
  manifest?: string;
  exact?: boolean;
}

/** The message for a grid refused before any row: each bad point, then the loader's issues. */
export function describeBadGrid(problem: GridIssues): string {
  const lines = [
    problem.badCount === 1
      ? 'the grid is invalid; nothing was written:'
      : `${problem.badCount} values or combinations of the grid are invalid; nothing was written. The first ones:`,
  ];
  for (const bad of problem.bad) {
    lines.push(`at ${bad.point}:`);
    lines.push(...formatIssues(bad.issues).split('\n').map((l) => `  ${l}`));
  }
  return lines.join('\n');
}

/** Parses every `--vary`; usage problems first (exit 2), then invalid grids (exit 1). */
export function axesFromOptions(varies: readonly string[]): Axis[] {
  if (varies.length === 0) throw new UsageError('sweep needs at least one --vary PATH=A:B:STEP or PATH=V1,V2,...');
  const parsed = varies.map(parseAxis);
  const usage = parsed.flatMap((p) => (!p.ok && p.problem.severity === 'usage' ? [p.problem.message] : []));
  if (usage.length > 0) throw new UsageError(usage.join('\n'));
  const paths = parsed.flatMap((p) => (p.ok ? [p.axis.path] : [])); // the same path twice made rows that named two values but computed one (catalog: sweep-vary-same-path-twice)
  for (const [i, path] of paths.entries()) if (paths.indexOf(path) !== i) throw new UsageError(`--vary ${path} is given twice; vary each path once (list every value in one --vary)`);
  const invalid = parsed.flatMap((p) => (!p.ok ? [p.problem.message] : []));
  if (invalid.length > 0) throw new RunError(invalid.join('\nchipsforequity: '));
  return parsed.map((p) => (p as { ok: true; axis: Axis }).axis);
}

function metricsFor(options: SweepOptions): MetricName[] {
  const names = requestedMetricNames(options.metric, options.metrics);
  if (names.length === 0) return [];
  const selection = selectMetrics(names);
  if (!selection.ok) throw new UsageError(selection.message);
  // keep the order the user asked for (a sweep's columns are the user's)
  const unique = [...new Set(names)] as MetricName[];
  return unique;
}

/** At most this many worker threads (as simulate's MAX_WORKERS). */
const MAX_SWEEP_WORKERS = 64;

function workerCount(option: string | undefined, total: number): number {
  if (option !== undefined) {
    // the same bound as simulate's --workers, refused rather than silently capped (issue 12)
    if (!/^\d+$/.test(option.trim()) || Number(option) > MAX_SWEEP_WORKERS) {
      throw new UsageError(`--workers ${option}: expected a whole number from 0 to ${MAX_SWEEP_WORKERS} (0 for no worker threads)`);
    }
    return Number(option);
  }
  if (total <= WORKER_THRESHOLD) return 0;
  const spare = Math.min(availableParallelism() - 1, 8);
  return spare >= 2 ? spare : 0;
}

/** The leading column of an indexed sweep: the point's 0-based index in the whole grid. */
export const POINT_COLUMN: import('../../report/view.js').Column = { key: 'point', header: 'point', kind: 'count' };

function shardFrom(text: string): Shard {
  const parsed = parseShard(text);
  if (!parsed.ok) throw new UsageError(parsed.message);
  return parsed.shard;
}

/**
 * What makes two shards' rows parts of one grid: the validated scenario of the grid's first
 * point, every axis, the metrics and the format (never a file path or a time).
 */
function sweepFingerprint(grid: import('../../analysis/points.js').GridScenarios, axes: readonly Axis[], metrics: readonly MetricName[], format: string): unknown {
  return { scenario: scenarioToPlain(grid.scenarioAt(axes.map(() => 0))), axes: axes.map((a) => a.option), metrics, format };
}

export async function run(args: string[], rawOptions: Record<string, unknown>, io: Io): Promise<number> {
  const options = rawOptions as SweepOptions;
  let manifestAfter: (() => void) | undefined;
  const file = args[0];
  if (file === undefined) throw new UsageError('sweep needs a scenario FILE (or - for standard input)');
  const format = (options.format ?? 'table') as Format;
  const chosen = metricsFor(options);
  if (format === 'heatmap') {
    if ((options.vary ?? []).length !== 2) throw new UsageError('--format heatmap needs exactly two --vary (rows, then columns)');
    if (chosen.length > 1) throw new UsageError('--format heatmap draws one metric: give --metric NAME (default savings)');
  }
  const { DEFAULT_SWEEP_METRICS } = await import('../../analysis/sweep/rows.js');
  const metrics = chosen.length > 0 ? chosen : [...DEFAULT_SWEEP_METRICS];
  const axes = axesFromOptions(options.vary ?? []);
  const size = gridSize(axes);
  if (!size.ok) throw new RunError(size.problem.message);
  const total = size.size;
  if ((format === 'table' || format === 'markdown' || format === 'heatmap') && total > MAX_TABLE_ROWS) {
    throw new UsageError(
      `the grid has ${total} points: --format ${format} shows at most ${MAX_TABLE_ROWS} rows; use --format csv (it streams) and open it in a spreadsheet`,
    );
  }
  const shard = options.shard === undefined ? undefined : shardFrom(options.shard);
  if (format === 'parquet' && (options.output === undefined || options.output === '-')) {
    throw new UsageError('--format parquet is a binary file: give --output FILE.parquet');
  }
  if (shard !== undefined && (format === 'table' || format === 'markdown')) {
    throw new UsageError(`--shard writes rows for a merge: use --format csv, json or parquet, not ${format}`);
  }
  // a shard, and every Parquet file, carries each row's global point index (shards then concatenate
  // into the whole grid); they run on this thread: shards are the way to use more cores or machines
  const range = shard === undefined ? { from: 0, to: total } : shardRange(total, shard);
  const indexed = shard !== undefined || format === 'parquet';
  const workers = indexed ? 0 : workerCount(options.workers, total);

  const { loadRawScenario } = await import('../../scenario/index.js');
  const { nodeScenarioHost } = await import('../load.js');
  const { validatorFor } = await import('../../analysis/validate-with.js');
  const { prepareGridScenarios } = await import('../../analysis/points.js');
  const raw = loadRawScenario(file, { host: nodeScenarioHost(), sets: options.set ?? [] });
  const validate = validatorFor(raw);
  const prepared = prepareGridScenarios(axes, validate);
  if (!prepared.ok) throw new RunError(describeBadGrid(prepared));
  const grid = prepared.grid;
  // The JSON is a streamed array of rows, which cannot carry a key: its manifest goes through
  // --manifest FILE until the shared JSON envelope wraps it.
  const { manifestFor, writeManifestOption } = await import('../manifest.js');
  const manifest = manifestFor(io, [raw], { sets: options.set ?? [] });
  // the file's own warnings, as `model` prints them (a file valid only at the grid's points has none)
  const base = validate([]);
  const { runModel } = await import('../../engine/index.js');
  const baseResult = base.ok ? runModel(base.scenario) : undefined;
  if (baseResult !== undefined) writeWarnings(io, baseResult);
  const { sweepColumns, sweepRows } = await import('../../analysis/sweep/rows.js');
  const columns = indexed ? [POINT_COLUMN, ...sweepColumns(axes, metrics)] : sweepColumns(axes, metrics);
  const rowCount = range.to - range.from;
  if (format === 'csv' && rowCount + 1 > SPREADSHEET_MAX_ROWS) {
    const { warn } = await import('../io.js');
    warn(
      io,
      `warning: this CSV has ${rowCount.toLocaleString('en-US')} rows; spreadsheets (Excel, LibreOffice) show at most ${SPREADSHEET_MAX_ROWS.toLocaleString('en-US')} and cut the rest: use --format parquet --output FILE.parquet (DuckDB, pandas and Spark read it)`,
    );
  }
  if (shard !== undefined && options.output !== undefined && options.output !== '-') {
    const { writeShardManifest } = await import('../shard-manifest.js');
    manifestAfter = () =>
      writeShardManifest(options.output!, {
        command: 'sweep',
        fingerprint: sweepFingerprint(grid, axes, metrics, format),
        shard,
        unit: 'point',
        total,
        range,
        run: manifest,
      });
  }

  if (format === 'heatmap') {
    const metric = chosen[0] ?? 'savings';
    const { formatCell } = await import('../../report/view.js');
    const { decimalOfScaled } = await import('../../money/index.js');
    const { KIND_PLACES, METRIC_KINDS } = await import('../../engine/types.js');
    const { heatmap } = await import('../../report/charts/terminal.js');
    const heatColumns = sweepColumns(axes, [metric]);
    const rows = [...sweepRows(grid, [metric], 0, total)];
    const label = (cell: import('../../report/view.js').Cell, a: number) => formatCell(cell, heatColumns[a]!, true).text;
    const rowLabels = Array.from({ length: axes[0]!.size }, (_, r) => label(rows[r * axes[1]!.size]![0]!, 0));
    const columnLabels = Array.from({ length: axes[1]!.size }, (_, c) => label(rows[c]![1]!, 1));
    const text = heatmap({
      rowAxis: axes[0]!.path,
      columnAxis: axes[1]!.path,
      rowLabels,
      columnLabels,
      // metric cells are integer cents (millionths, counts): read as Decimals for the bands
      values: rows.map((row) => decimalOfScaled(row[2] as bigint, KIND_PLACES[METRIC_KINDS[metric]])),
      format: (value) => formatCell(value, heatColumns[2]!, true).text,
      metric,
      color: io.color && (options.output === undefined || options.output === '-'),
      width: io.stdoutIsTTY ? (io.stdout.columns ?? 80) : 80,
    });
    const { deliver } = await import('../io.js');
    await deliver(io, text, options.output);
    return 0;
  }

  if (format === 'table' || format === 'markdown') {
    const rows = [...sweepRows(grid, metrics, 0, total)];
    const view = { name: 'sweep', title: `Sweep of ${axes.map((a) => a.path).join(' × ')} (${total} points)`, columns, rows };
    let text: string;
    if (format === 'markdown') {
      const { renderMarkdown } = await import('../../report/markdown.js');
      text = renderMarkdown([view]);
    } else {
      const { renderTable } = await import('../../report/table.js');
      const { tableOptionsFor } = await import('../width.js');
      // the axes identify a row: a table split to fit the terminal repeats them
      text = await renderTable([{ ...view, currency: grid.scenarioAt(grid.axes.map(() => 0)).currency, keyColumns: axes.length }], {
        color: io.color && (options.output === undefined || options.output === '-'),
        ...tableOptionsFor(io, options),
      });
    }
    const { deliver } = await import('../io.js');
    await deliver(io, text, options.output);
    await writeManifestOption(options.manifest, manifest);
    return 0;
  }

  const progress = progressFor(io, { unit: 'points', total: rowCount, rate: true, end: 'keep' });
  if (format === 'parquet') {
    const { writeSweepParquet } = await import('./sweep-parquet.js');
    try {
      writeSweepParquet({ path: options.output!, grid, axes, metrics, columns, range, progress, shard });
    } finally {
      progress?.finish();
    }
    manifestAfter?.();
    await writeManifestOption(options.manifest, manifest);
    return 0;
  }
  const sink = sinkFor(io, options.output);
  try {
    let frame: import('../../analysis/sweep/format.js').JsonFrame | undefined;
    if (format === 'json') {
      const { envelopeAround, jsonScenario, jsonWarnings } = await import('../../report/envelope.js');
      const scenario = baseResult?.scenario ?? grid.scenarioAt(axes.map(() => 0));
      frame = envelopeAround(
        {
          command: 'sweep',
          scenario: jsonScenario(scenario, file),
          payload: shard === undefined ? { axes: axes.map((a) => a.path), metrics, points: String(total) } : { axes: axes.map((a) => a.path), metrics, points: String(total), shard: shardText(shard), first_point: String(range.from), last_point: String(range.to - 1) },
          warnings: jsonWarnings(baseResult?.warnings ?? []),
        },
        'rows',
      );
    }
    await streamSweep({ grid, metrics, columns, format, total, workers, sink, progress, frame, range, indexed });
    sink.commit();
    manifestAfter?.();
  } catch (error) {
    sink.abort();
    throw error;
  } finally {
    progress?.finish();
  }
  await writeManifestOption(options.manifest, manifest);
  return 0;
}

interface StreamJob {
  grid: import('../../analysis/points.js').GridScenarios;
  metrics: MetricName[];
  columns: import('../../report/view.js').Column[];
  format: 'csv' | 'json';
  total: number;
  workers: number;
  sink: Sink;
  progress: Progress | undefined;
  /** the points to compute */
  range: { from: number; to: number };
  /** rows start with the point index */
  indexed: boolean;
  frame?: import('../../analysis/sweep/format.js').JsonFrame | undefined;
}

async function streamSweep(job: StreamJob): Promise<void> {
  const fmt = await import('../../analysis/sweep/format.js');
  const { format, sink } = job;
  await sink.write(fmt.documentStart(format, job.columns, job.frame));
  let written = 0;
  const emit = async (text: string, rows: number) => {
    if (rows === 0) return;
    await sink.write(written === 0 ? fmt.firstChunk(format, text) : text);
    written += rows;
    job.progress?.update(written);
  };
  if (job.workers > 0) {
    const { runSweepInWorkers } = await import('../../analysis/sweep/parallel.js');
    await runSweepInWorkers({
      grid: job.grid,
      metrics: job.metrics,
      format,
      columns: job.columns,
      total: job.total,
      workers: job.workers,
      chunkSize: CHUNK_SIZE,
      emit,
    });
  } else {
    const { sweepRows } = await import('../../analysis/sweep/rows.js');
    const lead = job.indexed ? 1 : 0;
    const formatRow = fmt.sweepRowFormatter(format, job.columns, job.grid.axes.length + lead);
    let batch = '';
    let rows = 0;
    let flushed = Date.now();
    let point = job.range.from;
    for (const row of sweepRows(job.grid, job.metrics, job.range.from, job.range.to)) {
      if (job.indexed) row.unshift(point++);
      batch += formatRow(row);
      // flush every BATCH_ROWS rows, and at least every 50 ms so slow points still stream
      if (++rows === BATCH_ROWS || Date.now() - flushed > 50) {
        await emit(batch, rows);
        batch = '';
        rows = 0;
        flushed = Date.now();
      }
    }
    await emit(batch, rows);
  }
  await sink.write(fmt.documentEnd(format, written > 0, job.frame));
}
