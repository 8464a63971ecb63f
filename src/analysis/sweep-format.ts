/**
 * Text of sweep rows for the streaming formats, shared by the main thread and the workers so both
 * produce byte-identical output. Equals the report layer's `createRowWriter` (csv: header then
 * records; json: an array of row objects, two-space indented).
 */
import { csvHeader, csvRecord } from '../report/csv.js';
import { jsonRow } from '../report/json.js';
import type { Cell, Column } from '../report/view.js';
import { Decimal } from '../money/index.js';

export type StreamFormat = 'csv' | 'json';

/** JSON rows are written with this separator in front; the document's first row replaces it with `[`. */
export const JSON_ROW_SEPARATOR = ',\n  ';

/** One row's text: a CSV record, or `,\n  {...}` for JSON. */
export function rowText(format: StreamFormat, cells: readonly Cell[], columns: readonly Column[]): string {
  if (format === 'csv') return csvRecord(cells, columns);
  return JSON_ROW_SEPARATOR + JSON.stringify(jsonRow(cells, columns), null, 2).replace(/\n/g, '\n  ');
}

/** What goes before the first row. */
export function documentStart(format: StreamFormat, columns: readonly Column[]): string {
  return format === 'csv' ? csvHeader(columns) : '';
}

/** Fixes the start of the first JSON chunk (`,\n  ` -> `[\n  `). */
export function firstChunk(format: StreamFormat, text: string): string {
  if (format === 'csv' || !text.startsWith(JSON_ROW_SEPARATOR)) return text;
  return `[\n  ${text.slice(JSON_ROW_SEPARATOR.length)}`;
}

/** What closes the document, given whether any row was written. */
export function documentEnd(format: StreamFormat, anyRow: boolean): string {
  if (format === 'csv') return '';
  return anyRow ? '\n]\n' : '[]\n';
}

/**
 * Plain data for `postMessage`: Decimals become `{ $decimal: "..." }` (structured cloning would
 * drop their prototype). {@link decodeData} reverses it.
 */
export function encodeData(value: unknown): unknown {
  if (Decimal.isDecimal(value)) return { $decimal: (value as Decimal).toString() };
  if (Array.isArray(value)) return value.map(encodeData);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encodeData(v);
    return out;
  }
  return value;
}

export function decodeData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeData);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record['$decimal'] === 'string' && Object.keys(record).length === 1) return new Decimal(record['$decimal']);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) out[k] = decodeData(v);
    return out;
  }
  return value;
}
