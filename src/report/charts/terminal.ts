/**
 * Charts for a terminal (SPEC §8), drawn with block and box characters — no dependency: the line
 * chart needs a date axis and crossing marks that `asciichart` does not draw, and the heatmap's
 * cells must line up with the sweep's values, which is simplest to guarantee (and test) by hand.
 * Like the HTML charts they read views: every number printed is a formatted cell; floats only
 * place marks. Colour is optional (a `paint` per series); the glyphs alone tell the series apart.
 */
import type { Decimal } from '../../money/index.js';
import type { View } from '../view.js';
import { crossovers } from './index.js';
import { compactTick, exacts, show, shows } from './views.js';

export type Paint = (text: string) => string;
const plain: Paint = (t) => t;

export interface LineSeries {
  label: string;
  values: Array<number | null>;
  glyph: string;
  paint?: Paint;
}

export interface LineChartOptions {
  /** x labels, one per point */
  labels: string[];
  /** total width in characters (axis labels included) */
  width: number;
  /** plot rows */
  height?: number;
  /** point indexes to mark with a dotted vertical line */
  marks?: number[];
  /** glyph where two series meet */
  overlap?: string;
}

/** A line chart: one marker per point, interpolated dots between, y ticks on the left, dates below. */
export function lineChart(series: LineSeries[], options: LineChartOptions): string[] {
  const height = options.height ?? 12;
  const n = options.labels.length;
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  if (n === 0 || values.length === 0) return [];
  let min = Math.min(0, ...values);
  let max = Math.max(...values);
  if (max === min) max = min + 1;
  const ticks = [max, min + (max - min) / 2, min].map(compactTick);
  const tickWidth = Math.max(...ticks.map((t) => t.length));
  // up to 6 columns per point; more points than columns share columns (never wider than asked)
  const plotWidth = Math.max(2, Math.min(options.width - tickWidth - 2, n * 6));
  const columnOf = (i: number) => (n === 1 ? 0 : Math.round((i * (plotWidth - 1)) / (n - 1)));
  const rowOf = (v: number) => height - 1 - Math.round(((v - min) / (max - min)) * (height - 1));
  const grid: Array<Array<{ ch: string; paint: Paint }>> = Array.from({ length: height }, () =>
    Array.from({ length: plotWidth }, () => ({ ch: ' ', paint: plain })),
  );
  for (const i of options.marks ?? []) {
    for (let r = 0; r < height; r++) grid[r]![columnOf(i)]!.ch = '┊';
  }
  for (const s of series) {
    const paint = s.paint ?? plain;
    // dots between points first, markers on top
    for (let i = 0; i + 1 < n; i++) {
      const a = s.values[i];
      const b = s.values[i + 1];
      if (a === null || a === undefined || b === null || b === undefined) continue;
      const [c0, c1] = [columnOf(i), columnOf(i + 1)];
      for (let c = c0 + 1; c < c1; c++) {
        const v = a + ((b - a) * (c - c0)) / (c1 - c0);
        const cell = grid[rowOf(v)]![c]!;
        if (cell.ch === ' ' || cell.ch === '┊') Object.assign(cell, { ch: '·', paint });
      }
    }
  }
  for (const s of series) {
    const paint = s.paint ?? plain;
    s.values.forEach((v, i) => {
      if (v === null) return;
      const cell = grid[rowOf(v)]![columnOf(i)]!;
      const overlap = options.overlap ?? '◍';
      // a cell another series already marks (or marked with the overlap glyph) stays an overlap
      const taken = cell.ch === overlap || series.some((o) => o !== s && o.glyph === cell.ch);
      Object.assign(cell, taken ? { ch: overlap, paint: plain } : { ch: s.glyph, paint });
    });
  }
  const lines = grid.map((row, r) => {
    const tick = r === 0 ? ticks[0]! : r === Math.floor((height - 1) / 2) ? ticks[1]! : r === height - 1 ? ticks[2]! : '';
    return `${tick.padStart(tickWidth)} ┤${paintRuns(row)}`;
  });
  lines.push(`${' '.repeat(tickWidth)} └${'─'.repeat(plotWidth)}`);
  // first, middle and last date under their points
  const axis = Array.from({ length: plotWidth + tickWidth + 2 }, () => ' ');
  const place = (i: number, align: 'start' | 'middle' | 'end') => {
    const label = options.labels[i]!;
    const at = tickWidth + 2 + columnOf(i);
    const from = align === 'start' ? at : align === 'end' ? at - label.length + 1 : at - Math.floor(label.length / 2);
    if (from < 0) return;
    for (let k = 0; k < label.length; k++) if (axis[from + k] !== ' ') return;
    for (let k = 0; k < label.length; k++) axis[from + k] = label[k]!;
  };
  place(0, 'start');
  place(n - 1, 'end');
  if (n > 2) place(Math.floor((n - 1) / 2), 'middle');
  lines.push(axis.join('').trimEnd());
  return lines;
}

/** A row of cells as text, each run of cells with the same paint painted once. */
function paintRuns(row: ReadonlyArray<{ ch: string; paint: Paint }>): string {
  let out = '';
  let run = '';
  let paint: Paint | undefined;
  for (const cell of row) {
    if (cell.paint !== paint && run !== '') {
      out += paint!(run);
      run = '';
    }
    paint = cell.paint;
    run += cell.ch;
  }
  return run === '' ? out : out + paint!(run);
}

/**
 * `model`'s closing chart: cumulative AMD net cost against the baseline at each period end, the
 * crossings marked, the two end values written under it (cells of the periods view).
 */
export function cumulativeTerminalChart(
  periods: View,
  names: { amd: string; baseline: string; currency: string },
  width: number,
  paint: { amd: Paint; baseline: Paint; bold: Paint; dim: Paint },
): string {
  const ends = shows(periods, 'end');
  const float = (key: string) => exacts(periods, key).map((v) => (v === undefined ? null : v.toNumber()));
  const found = crossovers(periods);
  const last = periods.rows.length - 1;
  const lines = [
    paint.bold(`Cumulative cost at each period end (${names.currency})`),
    `${paint.amd('●')} AMD net cost (${names.amd}, with the warrant)   ${paint.baseline('○')} baseline (${names.baseline})${found.length ? '   ┊ lines cross' : ''}`,
    ...lineChart(
      [
        { label: 'amd', values: float('cumulative_amd_net_cost'), glyph: '●', paint: paint.amd },
        { label: 'baseline', values: float('cumulative_baseline_cost'), glyph: '○', paint: paint.baseline },
      ],
      { labels: ends, width, marks: found.map((c) => c.row) },
    ),
    `at ${ends[last]}: AMD net ${show(periods, 'cumulative_amd_net_cost', last)}, baseline ${show(periods, 'cumulative_baseline_cost', last)}`,
  ];
  for (const c of found) {
    lines.push(paint.dim(`the AMD line ${c.direction === 'below' ? 'falls below' : 'rises above'} the baseline at the end of period ${c.period} (${c.end})`));
  }
  return lines.join('\n') + '\n';
}

/** Shades of the heatmap, lowest first: they read without colour too. */
export const HEATMAP_GLYPHS = ['·', '░', '▒', '▓', '█'] as const;
/** A colour-blind-safe sequential ramp (viridis, ANSI 256 colours), lowest first. */
const HEATMAP_COLORS = [54, 61, 30, 71, 184];

export interface HeatmapInput {
  rowAxis: string;
  columnAxis: string;
  /** axis values as displayed */
  rowLabels: string[];
  columnLabels: string[];
  /** the metric per cell, rows × columns in sweep order (the last axis fastest) */
  values: Decimal[];
  /** the cells as displayed (for the legend's ranges) */
  format: (value: Decimal) => string;
  metric: string;
  color: boolean;
  width: number;
}

/** The level 0..4 of each value: equal-width bins of [min, max] (exact decimals; the max in the top bin). */
export function heatmapLevels(values: readonly Decimal[]): { levels: number[]; min: Decimal; max: Decimal } {
  let min = values[0]!;
  let max = values[0]!;
  for (const v of values) {
    if (v.lt(min)) min = v;
    if (v.gt(max)) max = v;
  }
  const span = max.minus(min);
  const top = HEATMAP_GLYPHS.length - 1;
  const levels = values.map((v) => (span.isZero() ? top : Math.min(top, v.minus(min).div(span).times(HEATMAP_GLYPHS.length).floor().toNumber())));
  return { levels, min, max };
}

/** The sweep of two axes as a coloured grid: rows the first axis, columns the second, a legend below. */
export function heatmap(input: HeatmapInput): string {
  const { levels, min, max } = heatmapLevels(input.values);
  const cols = input.columnLabels.length;
  const rowWidth = Math.max(...input.rowLabels.map((l) => l.length), input.rowAxis.length);
  const widest = Math.max(...input.columnLabels.map((l) => l.length));
  const roomy = rowWidth + 3 + cols * (widest + 1) <= input.width;
  const cellWidth = roomy ? Math.max(2, widest + 1) : 2;
  const paint = (level: number, text: string) => (input.color ? `\x1b[38;5;${HEATMAP_COLORS[level]}m${text}\x1b[39m` : text);
  const lines: string[] = [];
  lines.push(`Heatmap of ${input.metric}: rows ${input.rowAxis}, columns ${input.columnAxis}`);
  if (roomy) {
    lines.push(`${' '.repeat(rowWidth)} │${input.columnLabels.map((l) => l.padStart(cellWidth)).join('')}`);
  } else {
    const first = input.columnLabels[0]!;
    const lastLabel = input.columnLabels[cols - 1]!;
    const span = cols * cellWidth;
    lines.push(`${' '.repeat(rowWidth)} │${first}${lastLabel.padStart(Math.max(1, span - first.length))}`);
  }
  lines.push(`${'─'.repeat(rowWidth)}─┼${'─'.repeat(cols * cellWidth)}`);
  input.rowLabels.forEach((label, r) => {
    const cells = Array.from({ length: cols }, (_, c) => {
      const level = levels[r * cols + c]!;
      return paint(level, HEATMAP_GLYPHS[level]!.repeat(cellWidth - (roomy ? 1 : 0)).padStart(cellWidth));
    });
    lines.push(`${label.padStart(rowWidth)} │${cells.join('')}`);
  });
  lines.push('');
  const span = max.minus(min);
  const edges = HEATMAP_GLYPHS.map((_, i) => min.plus(span.times(i).div(HEATMAP_GLYPHS.length)));
  lines.push(`${input.metric}: ${HEATMAP_GLYPHS.length} equal bands from ${input.format(min)} to ${input.format(max)}`);
  HEATMAP_GLYPHS.forEach((glyph, i) => {
    const from = i === 0 ? input.format(min) : `≈${input.format(edges[i]!)}`;
    const to = i === HEATMAP_GLYPHS.length - 1 ? input.format(max) : `≈${input.format(edges[i + 1]!)}`;
    const count = levels.filter((l) => l === i).length;
    lines.push(`  ${paint(i, glyph.repeat(2))}  ${from} .. ${to}  (${count} point${count === 1 ? '' : 's'})`);
  });
  return lines.join('\n') + '\n';
}
