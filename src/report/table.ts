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

/**
 * One view as a cli-table3 table (no title). `glance`: money at a glance; `wrapWidths`: content
 * widths at which cell text wraps (a table that could not be split narrow enough).
 */
export function renderTableBody(view: View, palette: Palette = PLAIN_PALETTE, glance?: GlanceMoney, wrapWidths?: number[]): string {
  const table = new Table({
    head: view.columns.map((c) => palette.bold(c.header)),
    colAligns: view.columns.map((c) => (NUMERIC_KINDS.has(c.kind) ? 'right' : 'left')),
    style: { head: [], border: [], compact: true },
    ...(wrapWidths === undefined ? {} : { colWidths: wrapWidths.map((w) => w + 2), wordWrap: true, wrapOnWordBoundary: true }),
  });
  for (const row of view.rows) {
    table.push(
      view.columns.map((c, i) => {
        const cell = formatCell(row[i] ?? null, c, true, glance);
        const text = cell.negative && cell.kind === 'money' ? palette.red(cell.text) : cell.text;
        // a typed numeric cell in a text column (a summary's value column) still aligns right
        return cell.numeric && !NUMERIC_KINDS.has(c.kind) ? { content: text, hAlign: 'right' as const } : text;
      }),
    );
  }
  return table.toString() + '\n';
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
      let text = view.title === '' ? '' : `${view.title.split('\n').map((l) => palette.bold(l)).join('\n')}\n`;
      text += renderTableBody(view, palette, glanceFor(view, options), wrapWidths);
      if (view.notes && view.notes.length > 0) text += view.notes.flatMap((n) => n.split('\n')).map((n) => palette.dim(n)).join('\n') + '\n';
      return text;
    })
    .join('\n');
}

/** Views as terminal tables; colours only when `color` is true. */
export async function renderTable(views: readonly View[], options: { color: boolean } & TableOptions): Promise<string> {
  return renderTableWith(views, await loadPalette(options.color), options);
}
