/**
 * Reading the report layer's {@link View}s for a chart: a column's cells by key, a cell as display
 * text (the very `formatCell` every other renderer uses) and as a float for plotting. Charts place
 * marks with floats; every number a reader sees as text is a formatted cell of a view, so a chart
 * never computes a figure of its own (issue 19).
 */
import { Decimal, decimalOfScaled } from '../../money/index.js';
import { SCALED_PLACES, formatCell, resolveCell, type Cell, type Column, type View } from '../view.js';

/** The index of column `key` in `view` (a programming error if absent). */
export function columnIndex(view: View, key: string): number {
  const index = view.columns.findIndex((c) => c.key === key);
  if (index === -1) throw new Error(`charts: view ${view.name} has no column ${key}`);
  return index;
}

/** The cells of column `key`, one per row. */
export function cells(view: View, key: string): Cell[] {
  const index = columnIndex(view, key);
  return view.rows.map((row) => row[index] ?? null);
}

/** The column named `key`. */
export function columnOf(view: View, key: string): Column {
  return view.columns[columnIndex(view, key)]!;
}

/** A cell as the text a reader sees (thousands grouped), '' for an empty cell. */
export function show(view: View, key: string, row: number): string {
  const index = columnIndex(view, key);
  return formatCell(view.rows[row]![index] ?? null, view.columns[index]!, true).text;
}

/** Every cell of a column as display text. */
export function shows(view: View, key: string): string[] {
  return view.rows.map((_, row) => show(view, key, row));
}

/** The exact value of a numeric cell (undefined when empty or not a number). */
export function exact(view: View, key: string, row: number): Decimal | undefined {
  const index = columnIndex(view, key);
  const { value, kind } = resolveCell(view.rows[row]![index] ?? null, view.columns[index]!);
  if (value === null || value === undefined) return undefined;
  if (Decimal.isDecimal(value)) return value as Decimal;
  if (typeof value === 'bigint') return decimalOfScaled(value, SCALED_PLACES[kind] ?? 0);
  if (typeof value === 'number') return new Decimal(value);
  return /^[+-]?\d+(\.\d+)?$/.test(value) ? new Decimal(value) : undefined;
}

/** Every cell of a column as its exact value. */
export function exacts(view: View, key: string): Array<Decimal | undefined> {
  return view.rows.map((_, row) => exact(view, key, row));
}

/** A plotting coordinate: the float nearest the exact value (placement only, never shown). */
export function toFloat(value: Decimal | undefined): number | null {
  return value === undefined ? null : value.toNumber();
}

/** Every cell of a column as a plotting coordinate. */
export function floats(view: View, key: string): Array<number | null> {
  return exacts(view, key).map(toFloat);
}

/**
 * An axis tick as a short label (display only): 12,300,000,000 -> "12.3 bn", 45,000 -> "45 k".
 * Ticks are positions on a scale, not figures of the model.
 */
export function compactTick(value: number): string {
  const abs = Math.abs(value);
  const units: Array<[number, string]> = [
    [1e12, ' tn'],
    [1e9, ' bn'],
    [1e6, ' m'],
    [1e3, ' k'],
  ];
  for (const [size, suffix] of units) {
    if (abs >= size) return `${trim((value / size).toFixed(abs / size >= 100 ? 0 : 1))}${suffix}`;
  }
  return trim(value.toFixed(abs >= 10 || abs === 0 ? 0 : 2));
}

function trim(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
