/**
 * `sweep` (SPEC §4): one row per point of the Cartesian grid of the `--vary` axes, the last axis
 * varying fastest. A row is the axis values (as written) followed by the chosen SPEC §3 metrics.
 *
 * Pure and streaming: {@link sweepRows} yields rows one at a time from a point range, computing each
 * point from its index (mixed radix), so nothing holds the grid. Speed comes from the design, not
 * from floats: the scenario is parsed and validated once (see points.ts), each point recomputes
 * only the stages its varied paths touch (stages.ts), and fractional powers are memoised.
 */
import { parseIsoDate } from '../../time/index.js';
import { METRIC_KINDS, type MetricName } from '../../engine/types.js';
import type { Cell, Column } from '../../report/view.js';
import { axisValueText, pointIndices, rangeValue, type Axis } from '../grid.js';
import type { GridScenarios } from '../points.js';
import { StagedModel } from '../stages.js';
import { setValueText } from '../../scenario/set.js';

/** SPEC/issue 5 default metrics of a sweep row. */
export const DEFAULT_SWEEP_METRICS: readonly MetricName[] = [
  'savings',
  'savings_pv',
  'amd_net_cost',
  'warrant_net_value',
  'effective_discount',
];

/** The columns of a sweep: one per axis (key and header = the path as written), then the metrics. */
export function sweepColumns(axes: readonly Axis[], metrics: readonly MetricName[]): Column[] {
  return [
    ...axes.map((axis): Column => ({ key: axis.path, header: axis.path, kind: axis.valueKind })),
    ...metrics.map((m): Column => ({ key: m, header: m, kind: METRIC_KINDS[m] })),
  ];
}

/** The cell of an axis value: a Decimal for numbers, a Day for dates, the text otherwise. */
function axisCell(axis: Axis, i: number): Cell {
  if (axis.kind === 'range') return rangeValue(axis, i);
  const text = axis.values[i]!;
  if (axis.valueKind === 'date') return parseIsoDate(text) ?? text;
  if (axis.valueKind === 'decimal') return text;
  // shown as used, not as typed: `--vary name='"a b"',c` shows a b (issue 12)
  return setValueText(text);
}

/**
 * Rows of points `from` (inclusive) to `to` (exclusive), in grid order. `model` is the stage memo;
 * pass the same one across chunks of one run to reuse stages.
 */
export function* sweepRows(
  grid: GridScenarios,
  metrics: readonly MetricName[],
  from: number,
  to: number,
  model: StagedModel = new StagedModel(),
): Generator<Cell[]> {
  const indices = grid.buffer();
  const axes = grid.axes;
  const axisCells: (Cell[] | undefined)[] = axes.map((axis) =>
    axis.size <= 10_000 ? Array.from({ length: axis.size }, (_, i) => axisCell(axis, i)) : undefined,
  );
  for (let index = from; index < to; index++) {
    pointIndices(index, grid.sizes, indices);
    const { scaled } = model.evaluateAt(() => grid.scenarioAt(indices), grid.slotsAt(indices));
    const row: Cell[] = [];
    for (let a = 0; a < axes.length; a++) row.push(axisCells[a]?.[indices[a]!] ?? axisCell(axes[a]!, indices[a]!));
    for (const m of metrics) row.push(scaled[m]);
    yield row;
  }
}

/** The axis values of point `index` as `--set` texts (for messages and tests). */
export function pointAssignments(grid: GridScenarios, index: number): Array<{ path: string; value: string }> {
  const indices = pointIndices(index, grid.sizes, new Array<number>(grid.sizes.length));
  return grid.axes.map((axis, a) => ({ path: axis.path, value: axisValueText(axis, indices[a]!) }));
}
