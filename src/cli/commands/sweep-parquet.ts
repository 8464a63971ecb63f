/**
 * `sweep --format parquet --output F.parquet` (SPEC §10): the sweep's rows, each led by its
 * global point index, as typed Parquet columns streamed one row group at a time (see
 * ../parquet.ts). Axis columns are DECIMAL of the axis's own scale (dates DATE, text UTF-8), so
 * DuckDB reads `share_price.cagr` as the exact 0.15 that was computed.
 */
import { parseDecimal, type Decimal } from '../../money/index.js';
import type { Axis } from '../../analysis/grid.js';
import type { GridScenarios } from '../../analysis/points.js';
import type { Shard } from '../../analysis/shard.js';
import { sweepRows } from '../../analysis/sweep/rows.js';
import type { MetricName } from '../../engine/types.js';
import type { Column } from '../../report/view.js';
import { AtomicFileWriter } from '../io.js';
import { ParquetRowWriter, parquetTypeOf, decimalsOf, type ParquetColumnType } from '../parquet.js';
import { TOOL_VERSION } from '../shard-manifest.js';

/** The most decimals among an axis's values, or undefined when one is not a plain number. */
export function axisScale(axis: Axis): number | undefined {
  if (axis.valueKind !== 'decimal') return undefined;
  if (axis.kind === 'range') return Math.max(decimalsOf(axis.from), decimalsOf(axis.step), decimalsOf(axis.to));
  let scale = 0;
  for (const text of axis.values) {
    const value: Decimal | undefined = parseDecimal(text.replace(/^(["'])(.*)\1$/, '$2'));
    if (value === undefined) return undefined;
    scale = Math.max(scale, decimalsOf(value));
  }
  return scale;
}

export interface SweepParquetJob {
  path: string;
  grid: GridScenarios;
  axes: readonly Axis[];
  metrics: readonly MetricName[];
  /** the point column first, then the sweep's columns */
  columns: readonly Column[];
  range: { from: number; to: number };
  progress: { update(done: number): void } | undefined;
  shard: Shard | undefined;
}

/** Writes the rows of `range` to `path`, whole or not at all. */
export function writeSweepParquet(job: SweepParquetJob): void {
  const types: ParquetColumnType[] = job.columns.map((column, c) => (c >= 1 && c <= job.axes.length ? parquetTypeOf(column, axisScale(job.axes[c - 1]!)) : parquetTypeOf(column)));
  const file = new AtomicFileWriter(job.path);
  try {
    const metadata: Record<string, string> = { chipsforequity: `sweep; tool ${TOOL_VERSION}${job.shard ? `; shard ${job.shard.index}/${job.shard.count}` : ''}` };
    const table = new ParquetRowWriter(file, job.columns.map((c) => c.key), types, metadata, job.columns.map((c) => c.kind));
    let point = job.range.from;
    for (const row of sweepRows(job.grid, job.metrics, job.range.from, job.range.to)) {
      row.unshift(point++);
      // list axes keep a value as written ("0.15" in quotes): the number is what was used
      for (let a = 1; a <= job.axes.length; a++) {
        const cell = row[a];
        if (types[a]!.kind === 'decimal' && typeof cell === 'string') row[a] = parseDecimal(cell.replace(/^(["'])(.*)\1$/, '$2')) ?? cell;
      }
      table.add(row);
      if ((point - job.range.from) % 10_000 === 0) job.progress?.update(point - job.range.from);
    }
    table.finish();
    file.commit();
  } catch (error) {
    file.abort();
    throw error;
  }
}
