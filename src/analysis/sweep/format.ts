/**
 * Text of sweep rows for the streaming formats, shared by the main thread and the workers so both
 * produce byte-identical output. Equals the report layer's `createRowWriter` (csv: header then
 * records; json: the one JSON envelope of report/envelope.ts with the row objects streamed into its
 * `rows` array, indented as `JSON.stringify(document, null, 2)` would).
 */
import { CSV_EOL, csvHeader, csvRecord } from '../../report/csv.js';
import { jsonRow } from '../../report/json.js';
import { SCALED_PLACES, type Cell, type Column } from '../../report/view.js';
import { Decimal, scaledText } from '../../money/index.js';

export type StreamFormat = 'csv' | 'json';

/** JSON rows are written with this separator in front; the document's first row replaces it with `[`. */
export const JSON_ROW_SEPARATOR = ',\n    ';

/** One row's text: a CSV record, or `,\n    {...}` for JSON. */
export function rowText(format: StreamFormat, cells: readonly Cell[], columns: readonly Column[]): string {
  if (format === 'csv') return csvRecord(cells, columns);
  return JSON_ROW_SEPARATOR + JSON.stringify(jsonRow(cells, columns), null, 2).replace(/\n/g, '\n    ');
}

/**
 * A row writer for sweeps: the axis cells' texts are computed once per axis value (they repeat
 * across the grid) and metric cells, integer cents, millionths or counts (bigint cells of
 * report/view.ts), are written by `scaledText`; output equals {@link rowText}.
 */
export function sweepRowFormatter(format: StreamFormat, columns: readonly Column[], axisCount: number) {
  const axisCache: Array<Map<Cell, string>> = Array.from({ length: axisCount }, () => new Map());
  const metricColumns = columns.slice(axisCount);
  const keys = columns.map((c) => JSON.stringify(c.key));
  const metricPlaces = metricColumns.map((c) => SCALED_PLACES[c.kind] ?? 0);
  const csvOnly = format === 'csv';
  return (cells: readonly Cell[]): string => {
    if (csvOnly) {
      // the common case, written straight into one string: cached axis texts, metric digits
      let line = '';
      for (let i = 0; i < columns.length; i++) {
        const cell = cells[i] ?? null;
        let text: string | undefined;
        if (i >= axisCount && typeof cell === 'bigint') text = scaledText(cell, metricPlaces[i - axisCount]!);
        else if (i < axisCount) text = axisCache[i]!.get(cell);
        if (text === undefined) text = cellText(cell, i) ?? '';
        line += i === 0 ? text : `,${text}`;
      }
      return line + CSV_EOL;
    }
    const texts: Array<string | null> = [];
    for (let i = 0; i < columns.length; i++) texts.push(cellText(cells[i] ?? null, i));
    let body = '{';
    texts.forEach((text, i) => {
      body += `${i === 0 ? '' : ','}\n      ${keys[i]}: ${text === null ? 'null' : JSON.stringify(text)}`;
    });
    return `${JSON_ROW_SEPARATOR}${body}\n    }`;
  };

  /** One cell's text in `format` (null: an empty JSON value; never in csv). */
  function cellText(cell: Cell, i: number): string | null {
    const column = columns[i]!;
    if (i < axisCount) {
      const cache = axisCache[i]!;
      let text = cache.get(cell);
      if (text === undefined) {
        text = format === 'csv' ? csvRecord([cell], [column]).slice(0, -2) : String(jsonRow([cell], [column])[column.key] ?? '');
        // an axis of more than 10,000 values never repeats a cell object: nothing to find again
        if (cache.size < 10_000) cache.set(cell, text);
      }
      return text;
    }
    // integer cents (millionths, a count): the digits with the point put in, no Decimal
    if (typeof cell === 'bigint') return scaledText(cell, metricPlaces[i - axisCount]!);
    if (format === 'csv') return csvRecord([cell], [column]).slice(0, -2);
    return jsonRow([cell], [column])[column.key] as string | null;
  }
}

/** The JSON text around the streamed rows (report/envelope.ts's `envelopeAround(…, 'rows')`). */
export interface JsonFrame {
  before: string;
  after: string;
}

/** What goes before the first row. */
export function documentStart(format: StreamFormat, columns: readonly Column[], frame?: JsonFrame): string {
  return format === 'csv' ? csvHeader(columns) : (frame?.before ?? '');
}

/** Fixes the start of the first JSON chunk (`,\n    ` -> `[\n    `). */
export function firstChunk(format: StreamFormat, text: string): string {
  if (format === 'csv' || !text.startsWith(JSON_ROW_SEPARATOR)) return text;
  return `[\n    ${text.slice(JSON_ROW_SEPARATOR.length)}`;
}

/** What closes the document, given whether any row was written. */
export function documentEnd(format: StreamFormat, anyRow: boolean, frame?: JsonFrame): string {
  if (format === 'csv') return '';
  return `${anyRow ? '\n  ]' : '[]'}${frame?.after ?? '\n'}`;
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
