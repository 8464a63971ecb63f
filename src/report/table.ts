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
import { formatCell, NUMERIC_KINDS, type View } from './view.js';
import { terminalLine } from '../scenario/terminal-text.js';

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

/** One view as a cli-table3 table (no title). */
export function renderTableBody(view: View, palette: Palette = PLAIN_PALETTE): string {
  const table = new Table({
    head: view.columns.map((c) => palette.bold(terminalLine(c.header))),
    colAligns: view.columns.map((c) => (NUMERIC_KINDS.has(c.kind) ? 'right' : 'left')),
    style: { head: [], border: [], compact: true },
  });
  for (const row of view.rows) {
    table.push(
      view.columns.map((c, i) => {
        const cell = formatCell(row[i] ?? null, c, true);
        // names and labels come from the scenario: no control character reaches the terminal (issue 12)
        const safe = terminalLine(cell.text);
        const text = cell.negative && cell.kind === 'money' ? palette.red(safe) : safe;
        // a typed numeric cell in a text column (a summary's value column) still aligns right
        return cell.numeric && !NUMERIC_KINDS.has(c.kind) ? { content: text, hAlign: 'right' as const } : text;
      }),
    );
  }
  return table.toString() + '\n';
}

/** Views rendered with a palette already loaded: title line, table, notes; a blank line between views. */
export function renderTableWith(views: readonly View[], palette: Palette): string {
  return views
    .map((view) => {
      let text = view.title === '' ? '' : `${palette.bold(terminalLine(view.title))}\n`;
      text += renderTableBody(view, palette);
      if (view.notes && view.notes.length > 0) text += view.notes.map((n) => palette.dim(terminalLine(n))).join('\n') + '\n';
      return text;
    })
    .join('\n');
}

/** Views as terminal tables; colours only when `color` is true. */
export async function renderTable(views: readonly View[], options: { color: boolean }): Promise<string> {
  return renderTableWith(views, await loadPalette(options.color));
}
