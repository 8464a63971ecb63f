/**
 * The report layer's one data shape (STYLE: "commands compute one report, then hand it to a
 * renderer chosen by --format"). A {@link View} is a titled table of typed columns; every renderer
 * (table, csv, markdown, json, the streaming row writer) reads views and nothing else, so `model`,
 * `compare`, `sweep`, `tornado`, `breakeven` and `simulate` share one set of renderers.
 *
 * Numbers are formatted only through src/money's helpers: money always with exactly two decimals,
 * counts as integers, ratios with six decimals (SPEC §3), plain decimals with a column's `places`.
 */
import {
  Decimal,
  dec,
  decimalOfScaled,
  formatCount,
  formatFixed,
  formatMoney,
  formatPlain,
  formatRatio,
  groupThousands,
  scaledText,
} from '../money/index.js';
import { formatDay, type Day } from '../time/index.js';
import { formatMoneyGlance } from './glance.js';

/**
 * How a column's cells are written.
 * - `text`: as is (the CSV formula-injection guard applies to these cells only)
 * - `date`: a {@link Day} (or an ISO string), written `YYYY-MM-DD`
 * - `count`: an integer (accelerators, shares, a period number)
 * - `money`: exactly two decimals
 * - `ratio`: exactly six decimals (e.g. `effective_discount`)
 * - `decimal`: `places` decimals when the column sets them, otherwise every significant digit
 */
export type ColumnKind = 'text' | 'date' | 'count' | 'money' | 'ratio' | 'decimal';

export const NUMERIC_KINDS: ReadonlySet<ColumnKind> = new Set(['count', 'money', 'ratio', 'decimal']);

export interface Column {
  /** machine name: CSV header, JSON key (snake_case) */
  key: string;
  /** human header: terminal tables and markdown */
  header: string;
  kind: ColumnKind;
  /** decimals shown for `decimal` cells (display only, half-even); absent: every digit */
  places?: number;
}

/**
 * A cell's raw value: a string, a Day or small integer (`number`), an exact Decimal, an exact
 * integer scaled by its kind's places (`bigint`: cents in a money cell, millionths in a ratio
 * cell, the count in a count cell — see {@link SCALED_PLACES}), or empty.
 */
export type CellValue = string | number | bigint | Decimal | null;

/** The places a `bigint` cell is scaled by, per kind (any other kind reads it as an integer). */
export const SCALED_PLACES: Partial<Record<ColumnKind, number>> = { count: 0, money: 2, ratio: 6 };

/**
 * A cell that carries its own kind, for columns whose rows differ (the `value` column of a summary
 * holds counts, money and a ratio).
 */
export interface TypedCell {
  kind: ColumnKind;
  value: CellValue;
  places?: number;
}

export type Cell = CellValue | TypedCell;

export interface View {
  /** machine name, e.g. `summary`, `periods` */
  name: string;
  /** heading shown above the table / markdown section */
  title: string;
  columns: Column[];
  /** each row has one cell per column, in column order */
  rows: Cell[][];
  /** lines printed under the table (terminal and markdown only), e.g. how to read a column */
  notes?: string[];
  /** the currency label of its money cells, for the terminal's at-a-glance money (`$64.0B`) */
  currency?: string;
  /**
   * how many leading columns identify a row (default 1): a table too wide for the terminal is
   * split into several, each repeating these columns (see report/fit.ts)
   */
  keyColumns?: number;
}

/** Terminal money at a glance (`$64.0B`, report/glance.ts) instead of every cent. */
export interface GlanceMoney {
  currency?: string;
}

/** A formatted cell: its text and how renderers should treat it. */
export interface FormattedCell {
  text: string;
  kind: ColumnKind;
  /** true for count/money/ratio/decimal cells with a value (right-aligned, never injection-guarded) */
  numeric: boolean;
  /** a numeric cell below zero (red on a colour terminal when money) */
  negative: boolean;
  /** the cell was empty */
  empty: boolean;
}

/** True for a cell that carries its own kind. */
export function isTypedCell(cell: Cell): cell is TypedCell {
  return typeof cell === 'object' && cell !== null && !Decimal.isDecimal(cell) && 'kind' in cell;
}

/** The effective kind and value of a cell in its column. */
export function resolveCell(cell: Cell, column: Column): { kind: ColumnKind; value: CellValue; places?: number } {
  if (isTypedCell(cell)) {
    const places = cell.places ?? column.places;
    return places === undefined ? { kind: cell.kind, value: cell.value } : { kind: cell.kind, value: cell.value, places };
  }
  return column.places === undefined
    ? { kind: column.kind, value: cell }
    : { kind: column.kind, value: cell, places: column.places };
}

function toDecimal(value: CellValue, kind: ColumnKind): Decimal {
  if (Decimal.isDecimal(value)) return value as Decimal;
  if (typeof value === 'bigint') return decimalOfScaled(value, SCALED_PLACES[kind] ?? 0);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`report: a non-integer number ${value} reached a numeric cell`);
    return dec(value);
  }
  // a string cell in a numeric column must already be an exact decimal literal
  return dec(String(value));
}

/**
 * Formats one cell. `grouped` adds thousands separators to numbers (terminal and markdown only;
 * CSV and JSON are always plain); `glance` writes money cells at a glance (terminal tables only).
 */
export function formatCell(cell: Cell, column: Column, grouped = false, glance?: GlanceMoney): FormattedCell {
  const { kind, value, places } = resolveCell(cell, column);
  if (value === null || value === undefined) {
    return { text: '', kind, numeric: false, negative: false, empty: true };
  }
  if (kind === 'text') return { text: String(value), kind, numeric: false, negative: false, empty: false };
  if (kind === 'date') {
    const text = typeof value === 'number' ? formatDay(value as Day) : String(value);
    return { text, kind, numeric: false, negative: false, empty: false };
  }
  if (typeof value === 'bigint' && glance === undefined && SCALED_PLACES[kind] !== undefined) {
    // integer cents (or millionths, or a count) to text with no Decimal: the sweep's rows
    const text = scaledText(value, SCALED_PLACES[kind]!);
    return { text: grouped ? groupThousands(text) : text, kind, numeric: true, negative: value < 0n, empty: false };
  }
  const number = toDecimal(value, kind);
  let text: string;
  switch (kind) {
    case 'count':
      text = formatCount(number);
      break;
    case 'money':
      if (glance !== undefined) {
        const short = formatMoneyGlance(number, glance.currency);
        return { text: short, kind, numeric: true, negative: short.startsWith('-'), empty: false };
      }
      text = formatMoney(number);
      break;
    case 'ratio':
      text = formatRatio(number);
      break;
    default:
      text = places === undefined ? formatPlain(number) : formatFixed(number, places);
  }
  // "-0.00" would read as a negative amount; a zero is written without a sign
  if (/^-0(\.0*)?$/.test(text)) text = text.slice(1);
  const negative = text.startsWith('-');
  return { text: grouped ? groupThousands(text) : text, kind, numeric: true, negative, empty: false };
}

/** A column in one call: `column('amd_units', 'AMD units', 'count')`. */
export function column(key: string, header: string, kind: ColumnKind, places?: number): Column {
  return places === undefined ? { key, header, kind } : { key, header, kind, places };
}

/** A cell with its own kind (see {@link TypedCell}). */
export function typed(kind: ColumnKind, value: CellValue, places?: number): TypedCell {
  return places === undefined ? { kind, value } : { kind, value, places };
}

/** A copy of `view` keeping only the columns whose keys are listed, in the listed order. */
export function pickColumns(view: View, keys: readonly string[]): View {
  const indexes = keys.map((key) => {
    const index = view.columns.findIndex((c) => c.key === key);
    if (index === -1) throw new Error(`report: view ${view.name} has no column ${key}`);
    return index;
  });
  return {
    ...view,
    columns: indexes.map((i) => view.columns[i]!),
    rows: view.rows.map((row) => indexes.map((i) => row[i] ?? null)),
  };
}
