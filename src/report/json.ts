/**
 * JSON builders. Every decimal is a string holding its exact written form (money with two
 * decimals, counts as integers, ratios with six decimals, as in CSV), so no reader loses a cent to
 * a binary float; dates are ISO strings; an empty cell is `null`.
 */
import { formatCell, type Cell, type Column, type View } from './view.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** One cell as JSON: its formatted text, or null when empty. */
export function jsonCell(cell: Cell, column: Column): string | null {
  const formatted = formatCell(cell, column, false);
  return formatted.empty ? null : formatted.text;
}

/** One row as an object keyed by the column keys. */
export function jsonRow(row: readonly Cell[], columns: readonly Column[]): JsonObject {
  const object: JsonObject = {};
  columns.forEach((c, i) => {
    object[c.key] = jsonCell(row[i] ?? null, c);
  });
  return object;
}

/** A view's rows as an array of objects keyed by column key. */
export function viewToJsonRows(view: View): JsonObject[] {
  return view.rows.map((row) => jsonRow(row, view.columns));
}

/**
 * A two-column view (key column, value column) as one object, e.g. the summary view as
 * `{ "amd_units": "1500000", ... }`.
 */
export function viewToJsonObject(view: View, keyColumn = 0, valueColumn = 1): JsonObject {
  const object: JsonObject = {};
  const keyCol = view.columns[keyColumn]!;
  const valueCol = view.columns[valueColumn]!;
  for (const row of view.rows) {
    const key = jsonCell(row[keyColumn] ?? null, keyCol);
    if (key !== null) object[key] = jsonCell(row[valueColumn] ?? null, valueCol);
  }
  return object;
}

/** The document as written to stdout or a file: two-space indentation and a final newline. */
export function renderJson(document: JsonValue): string {
  return JSON.stringify(document, null, 2) + '\n';
}
