/**
 * How a command draws its terminal tables (issue 11): money at a glance unless `--exact`, and the
 * width to fit — the terminal's, when the result goes to a terminal; none for a pipe or a file
 * (a pipe has no width: whole tables, as a script or a pager expects).
 */
import type { Io } from './io.js';
import type { TableOptions } from '../report/table.js';
import { wrapText } from '../report/fit.js';

/** The narrowest width tables are fitted to (below it nothing can be read anyway). */
export const MIN_WIDTH = 40;

/** The terminal width of stdout, or undefined when stdout is not a terminal or `output` is a file. */
export function terminalWidth(io: Io, output?: string): number | undefined {
  if (output !== undefined && output !== '-') return undefined;
  if (!io.stdoutIsTTY) return undefined;
  const columns = io.stdout.columns;
  if (typeof columns !== 'number' || !Number.isFinite(columns) || columns <= 0) return undefined;
  return Math.max(columns, MIN_WIDTH);
}

/** The table options of a command: `--exact` and the terminal's width. */
export function tableOptionsFor(io: Io, options: { exact?: unknown; output?: string }): TableOptions {
  const width = terminalWidth(io, options.output);
  const table: TableOptions = { glance: options.exact !== true };
  if (width !== undefined) table.width = width;
  return table;
}

/**
 * A line for stderr (a warning, a note, an error's first line), word-wrapped to the terminal's
 * width when stderr is a terminal, continuation lines indented by 4 (deeper than a source
 * excerpt's 2); unchanged for a pipe or a file, so `grep warning:` still sees whole lines there.
 */
export function stderrLine(io: Io, line: string): string {
  if (!io.stderrIsTTY) return line;
  const columns = io.stderr.columns;
  if (typeof columns !== 'number' || !Number.isFinite(columns) || columns <= 0) return line;
  return wrapText(line, Math.max(columns, MIN_WIDTH), '    ');
}
