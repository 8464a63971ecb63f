/**
 * CSV as SPEC §4 asks: RFC 4180 with a header row, CRLF line ends (RFC 4180's own; LibreOffice,
 * Excel and Google Sheets read them), UTF-8, plain numbers (no thousands separators, `.` as the
 * decimal point, money with exactly two decimals, counts as integers, ratios with six decimals),
 * ISO dates, and the formula-injection guard on every text cell.
 *
 * The header row holds the column keys (snake_case, SPEC metric names), not the human headers, so
 * scripts can rely on them.
 */
import { formatCell, type Cell, type Column, type View } from './view.js';

/** RFC 4180 record separator. */
export const CSV_EOL = '\r\n';

/** Text cells starting with one of these are prefixed with `'` (SPEC §4). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * SPEC §4 formula-injection guard: a text cell starting with `=`, `+`, `-`, `@`, a tab or CR is
 * prefixed with `'` so that a spreadsheet shows it as text and never runs it. Numbers never pass
 * through here, so `-12.50` stays a number.
 */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Quotes a field when it holds `,` `"` CR or LF (RFC 4180), doubling inner quotes. */
export function quoteCsvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One formatted CSV field: numbers plain, text guarded, then quoted when needed. */
export function csvField(cell: Cell, column: Column): string {
  const formatted = formatCell(cell, column, false);
  if (formatted.empty) return '';
  const text = formatted.kind === 'text' ? guardFormula(formatted.text) : formatted.text;
  return quoteCsvField(text);
}

/** The header record of a CSV for these columns (keys, guarded and quoted like text). */
export function csvHeader(columns: readonly Column[]): string {
  return columns.map((c) => quoteCsvField(guardFormula(c.key))).join(',') + CSV_EOL;
}

/** One data record, CRLF-terminated. */
export function csvRecord(row: readonly Cell[], columns: readonly Column[]): string {
  return columns.map((c, i) => csvField(row[i] ?? null, c)).join(',') + CSV_EOL;
}

/** A whole view as CSV: the header record, then one record per row. */
export function renderCsv(view: View): string {
  let text = csvHeader(view.columns);
  for (const row of view.rows) text += csvRecord(row, view.columns);
  return text;
}
