/**
 * Streaming row writers for long outputs (a `sweep` grid can hold millions of points): the header
 * once, then one row at a time, so nothing holds every row in memory. CSV follows the same rules as
 * {@link renderCsv}; JSON is an array of row objects, as {@link viewToJsonRows} would give.
 */
import { csvHeader, csvRecord } from './csv.js';
import { jsonRow } from './json.js';
import type { Cell, Column } from './view.js';

export type StreamFormat = 'csv' | 'json';

export interface RowWriter {
  /** writes one row (one cell per column, in column order) */
  row(cells: readonly Cell[]): void;
  /** closes the document (CSV: writes the header if no row came; JSON: the closing bracket) */
  end(): void;
}

/**
 * A writer that hands each piece of text to `write` as soon as it is formatted.
 * The output equals `renderCsv` / `JSON.stringify(rows, null, 2)` of the same rows.
 */
export function createRowWriter(format: StreamFormat, columns: readonly Column[], write: (text: string) => void): RowWriter {
  let rows = 0;
  let ended = false;
  const guardOpen = () => {
    if (ended) throw new Error('report: row written after end()');
  };
  if (format === 'csv') {
    let headerWritten = false;
    const header = () => {
      if (!headerWritten) {
        write(csvHeader(columns));
        headerWritten = true;
      }
    };
    return {
      row(cells) {
        guardOpen();
        header();
        write(csvRecord(cells, columns));
        rows++;
      },
      end() {
        if (ended) return;
        header();
        ended = true;
      },
    };
  }
  return {
    row(cells) {
      guardOpen();
      const body = JSON.stringify(jsonRow(cells, columns), null, 2).replace(/\n/g, '\n  ');
      write(`${rows === 0 ? '[\n  ' : ',\n  '}${body}`);
      rows++;
    },
    end() {
      if (ended) return;
      write(rows === 0 ? '[]\n' : '\n]\n');
      ended = true;
    },
  };
}
