/**
 * Terminal tables (cli-table3). Numbers are right-aligned with thousands separators; colours only
 * when asked (SPEC §4: only on a terminal, `NO_COLOR` respected — the caller decides, see
 * `Io.color`): headers bold, negative money red. chalk is imported only when colour is on, so a
 * plain run never loads it.
 *
 * This module is the only one in src/report that loads cli-table3; commands import it lazily so
 * that `--format json` never pays for it.
 */
import Table from 'cli-table3';
import { formatCell, NUMERIC_KINDS, type GlanceMoney, type View } from './view.js';
import { fitViews, type FittedView } from './fit.js';

/**
 * How terminal tables are drawn. `glance`: money at a glance (`$64.0B`, report/glance.ts; the
 * CLI's default, `--exact` turns it off); otherwise every cent. With `width`, every table, title
 * and note fits that many columns (report/fit.ts).
 */
export interface TableOptions {
  glance?: boolean;
  width?: number;
}

/** The at-a-glance money of a view, or undefined for every cent. */
export function glanceFor(view: View, options: TableOptions): GlanceMoney | undefined {
  if (!options.glance) return undefined;
  return view.currency === undefined ? {} : { currency: view.currency };
}
import { terminalLine, terminalText } from '../scenario/terminal-text.js';

/** How text is painted: identity functions when colour is off. */
export interface Palette {
  bold(text: string): string;
  red(text: string): string;
  dim(text: string): string;
}

const plain = (text: string): string => text;

/** The palette that paints nothing. */
export const PLAIN_PALETTE: Palette = { bold: plain, red: plain, dim: plain };

/** The palette for `color`: chalk (loaded now, and only now) at basic 16-colour level, or plain. */
export async function loadPalette(color: boolean): Promise<Palette> {
  if (!color) return PLAIN_PALETTE;
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  return { bold: (t) => chalk.bold(t), red: (t) => chalk.red(t), dim: (t) => chalk.dim(t) };
}

/** A cell as the table holds it: its text and, for a numeric cell in a text column, right alignment. */
type TableCell = string | { content: string; hAlign: 'right' };

/** The cells of a view, formatted (money, counts, dates; `glance`: money at a glance) and painted. */
function tableCells(view: View, palette: Palette, glance?: GlanceMoney): TableCell[][] {
  return view.rows.map((row) =>
    view.columns.map((c, i) => {
      const cell = formatCell(row[i] ?? null, c, true, glance);
      // names and labels come from the scenario: no control character reaches the terminal (issue 12)
      const safe = terminalLine(cell.text);
      const text = cell.negative && cell.kind === 'money' ? palette.red(safe) : safe;
      // a typed numeric cell in a text column (a summary's value column) still aligns right
      return cell.numeric && !NUMERIC_KINDS.has(c.kind) ? { content: text, hAlign: 'right' as const } : text;
    }),
  );
}

/**
 * One view as a cli-table3 table (no title). `glance`: money at a glance; `wrapWidths`: content
 * widths at which cell text wraps (a table that could not be split narrow enough; cli-table3 draws it).
 */
export function renderTableBody(view: View, palette: Palette = PLAIN_PALETTE, glance?: GlanceMoney, wrapWidths?: number[]): string {
  const head = view.columns.map((c) => palette.bold(terminalText(c.header)));
  const aligns = view.columns.map((c): 'left' | 'right' => (NUMERIC_KINDS.has(c.kind) ? 'right' : 'left'));
  const cells = tableCells(view, palette, glance);
  const fast = wrapWidths === undefined ? fastTable(head, aligns, cells) : undefined;
  return (fast ?? cliTable3(head, aligns, cells, wrapWidths)) + '\n';
}

function cliTable3(head: string[], aligns: Array<'left' | 'right'>, cells: TableCell[][], wrapWidths?: number[]): string {
  const table = new Table({
    head,
    colAligns: aligns,
    style: { head: [], border: [], compact: true },
    ...(wrapWidths === undefined ? {} : { colWidths: wrapWidths.map((w) => w + 2), wordWrap: true, wrapOnWordBoundary: true }),
  });
  for (const row of cells) table.push(row);
  return table.toString();
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
/** Printable ASCII only: one column per character, so the width is the length. */
const PLAIN_TEXT = /^[\x20-\x7e]*$/;

/**
 * The very text cli-table3 writes for a compact, single-line table (its box characters, one space
 * of padding, columns as wide as their widest cell), in time linear in the cells: cli-table3 lays
 * out cells with work that grows with the square of the rows (20.8 s for 9,331 rows). Returns
 * undefined for what it does not reproduce — a cell that is not printable ASCII once colour codes
 * are removed (wide characters, line breaks), no columns or no rows — which cli-table3 then draws.
 */
function fastTable(head: string[], aligns: Array<'left' | 'right'>, cells: TableCell[][]): string | undefined {
  if (head.length === 0 || cells.length === 0) return undefined;
  const widths = head.map(() => 0);
  const measure = (text: string, i: number): boolean => {
    const visible = text.includes('\u001b') ? text.replace(ANSI, '') : text;
    if (!PLAIN_TEXT.test(visible)) return false;
    if (visible.length > widths[i]!) widths[i] = visible.length;
    return true;
  };
  for (let i = 0; i < head.length; i++) if (!measure(head[i]!, i)) return undefined;
  for (const row of cells) {
    if (row.length !== head.length) return undefined;
    for (let i = 0; i < row.length; i++) {
      const cell = row[i]!;
      if (!measure(typeof cell === 'string' ? cell : cell.content, i)) return undefined;
    }
  }
  const line = (left: string, mid: string, right: string) =>
    left + widths.map((w) => '─'.repeat(w + 2)).join(mid) + right;
  const rowText = (row: readonly TableCell[]) => {
    let out = '│';
    for (let i = 0; i < row.length; i++) {
      const cell = row[i]!;
      const text = typeof cell === 'string' ? cell : cell.content;
      const align = typeof cell === 'string' ? aligns[i] : cell.hAlign;
      const visible = text.includes('\u001b') ? text.replace(ANSI, '').length : text.length;
      const pad = ' '.repeat(widths[i]! - visible);
      out += align === 'right' ? ` ${pad}${text} │` : ` ${text}${pad} │`;
    }
    return out;
  };
  const lines = [line('┌', '┬', '┐'), rowText(head), line('├', '┼', '┤')];
  for (const row of cells) lines.push(rowText(row));
  lines.push(line('└', '┴', '┘'));
  return lines.join('\n');
}

/**
 * Views rendered with a palette already loaded: title line, table, notes; a blank line between
 * views. With `options.width`, each view is first fitted to it (split, turned or wrapped).
 */
export function renderTableWith(views: readonly View[], palette: Palette, options: TableOptions = {}): string {
  const fitted: FittedView[] =
    options.width === undefined ? views.map((view) => ({ view })) : fitViews(views, options.width, (v) => glanceFor(v, options));
  return fitted
    .map(({ view, wrapWidths }) => {
      let text = view.title === '' ? '' : `${view.title.split('\n').map((l) => palette.bold(terminalLine(l))).join('\n')}\n`;
      text += renderTableBody(view, palette, glanceFor(view, options), wrapWidths);
      if (view.notes && view.notes.length > 0) text += view.notes.flatMap((n) => n.split('\n')).map((n) => palette.dim(terminalLine(n))).join('\n') + '\n';
      return text;
    })
    .join('\n');
}

/** Views as terminal tables; colours only when `color` is true. */
export async function renderTable(views: readonly View[], options: { color: boolean } & TableOptions): Promise<string> {
  return renderTableWith(views, await loadPalette(options.color), options);
}
