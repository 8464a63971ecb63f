/**
 * Terminal tables that fit the terminal's width (issue 11), for every command: a view too wide is
 * turned (stacked) when it has few rows, or split into narrower tables that each repeat its key
 * columns; a single column still too wide has its text wrapped inside the cell. Titles and notes
 * are word-wrapped. Pure: the width is given by the caller (the CLI reads it from the terminal).
 *
 * Widths are those cli-table3 draws with `compact` style: each column is its widest cell plus one
 * space either side, plus one border per column and one at the end.
 */
import { column, formatCell, isTypedCell, typed, type Cell, type GlanceMoney, type View } from './view.js';

/** A view as it will be drawn: optionally with cell widths that make cli-table3 wrap its text. */
export interface FittedView {
  view: View;
  /** content widths per column (without padding) when the cells must wrap to fit */
  wrapWidths?: number[];
}

/** The display width of a text (code points; every character the tables use is one column wide). */
export function textWidth(text: string): number {
  return [...text].length;
}

/** Each column's content width: its widest formatted cell or its header's widest line. */
export function columnWidths(view: View, glance?: GlanceMoney): number[] {
  return view.columns.map((c, i) => {
    let widest = Math.max(...c.header.split('\n').map(textWidth));
    for (const row of view.rows) widest = Math.max(widest, textWidth(formatCell(row[i] ?? null, c, true, glance).text));
    return widest;
  });
}

/** The width cli-table3 draws for content widths `widths`. */
export function drawnWidth(widths: readonly number[]): number {
  return widths.reduce((total, w) => total + w + 3, 1);
}

/** Views, each fitted to `width` columns (see the module comment). */
export function fitViews(views: readonly View[], width: number, glance?: (view: View) => GlanceMoney | undefined): FittedView[] {
  return views.flatMap((view) => fitView(view, width, glance?.(view)));
}

/** The most rows a view may have to be turned into columns rather than split. */
const MAX_ROWS_TO_TURN = 3;

/** One view fitted to `width`. */
export function fitView(whole: View, width: number, glance?: GlanceMoney): FittedView[] {
  if (drawnWidth(columnWidths(whole, glance)) <= width) return [{ view: withWrappedText(whole, width) }];
  // first, headers wider than their column's cells take two or more lines
  const view = narrowHeaders(whole, glance);
  const widths = columnWidths(view, glance);
  if (drawnWidth(widths) <= width) return [{ view: withWrappedText(view, width) }];
  if (whole.rows.length > 0 && whole.rows.length <= MAX_ROWS_TO_TURN && whole.columns.length > 2) {
    const turned = turnView(whole, glance);
    const turnedWidths = columnWidths(turned, glance);
    if (drawnWidth(turnedWidths) <= width) return [{ view: withWrappedText(turned, width) }];
  }
  const keys = Math.min(Math.max(view.keyColumns ?? 1, 0), view.columns.length - 1);
  const keyIndexes = Array.from({ length: keys }, (_, i) => i);
  const groups: number[][] = [];
  let current: number[] = [];
  for (let i = keys; i < view.columns.length; i++) {
    const candidate = [...current, i];
    if (current.length > 0 && drawnWidth([...keyIndexes, ...candidate].map((c) => widths[c]!)) > width) {
      groups.push(current);
      current = [i];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) groups.push(current);
  const wholeWidths = columnWidths(whole, glance);
  return groups.map((group, g) => {
    const indexes = [...keyIndexes, ...group];
    // a part that fits with its headers on one line keeps them so
    const source = drawnWidth(indexes.map((i) => wholeWidths[i]!)) <= width ? whole : view;
    const part: View = {
      ...view,
      title: g === 0 ? view.title : `${view.title.split('\n')[0]} (continued)`,
      columns: indexes.map((i) => source.columns[i]!),
      rows: view.rows.map((row) => indexes.map((i) => row[i] ?? null)),
    };
    if (g < groups.length - 1) delete part.notes;
    const partWidths = indexes.map((i) => (source === whole ? wholeWidths : widths)[i]!);
    const fitted: FittedView = { view: withWrappedText(part, width) };
    if (drawnWidth(partWidths) > width) fitted.wrapWidths = shrink(partWidths, width);
    return fitted;
  });
}

/**
 * The view with each header wider than its column's cells broken at spaces onto several lines, no
 * line wider than the cells (or than the header's longest word): `Meta x AMD 6 GW - base` over a
 * column of `$64.0B` becomes `Meta x`, `AMD 6`, `GW -`, `base`.
 */
export function narrowHeaders(view: View, glance?: GlanceMoney): View {
  let changed = false;
  const columns = view.columns.map((c, i) => {
    let cells = 0;
    for (const row of view.rows) cells = Math.max(cells, textWidth(formatCell(row[i] ?? null, c, true, glance).text));
    const words = c.header.split(' ').filter((w) => w !== '');
    const target = Math.max(cells, ...words.map(textWidth), 4);
    if (textWidth(c.header) <= target) return c;
    const lines: string[] = [];
    for (const word of words) {
      const last = lines.length - 1;
      if (last >= 0 && textWidth(lines[last]!) + 1 + textWidth(word) <= target) lines[last] += ` ${word}`;
      else lines.push(word);
    }
    changed = true;
    return { ...c, header: lines.join('\n') };
  });
  return changed ? { ...view, columns } : view;
}

/**
 * A view with few rows drawn the other way round: one row per column of the original (its header,
 * then that column's cell in each row), one column per original row, headed by its first cell.
 */
export function turnView(view: View, glance?: GlanceMoney): View {
  const [first, ...rest] = view.columns;
  const heads = view.rows.map((row) => formatCell(row[0] ?? null, first!, true, glance).text);
  const turned: View = {
    ...view,
    columns: [column('field', first!.header, 'text'), ...heads.map((h, r) => column(`row_${r + 1}`, h, 'text'))],
    rows: rest.map((c, j): Cell[] => [
      c.header,
      ...view.rows.map((row) => {
        const cell = row[j + 1] ?? null;
        // keep each cell's own kind (and places), so numbers are still formatted as numbers
        return isTypedCell(cell) ? cell : typed(c.kind, cell, c.places);
      }),
    ]),
    keyColumns: 1,
  };
  return turned;
}

/** Content widths reduced, widest first, until the table is `width` wide (each at least 4). */
export function shrink(widths: readonly number[], width: number): number[] {
  const out = [...widths];
  while (drawnWidth(out) > width) {
    let widest = 0;
    for (let i = 1; i < out.length; i++) if (out[i]! > out[widest]!) widest = i;
    if (out[widest]! <= 4) break;
    out[widest]!--;
  }
  return out;
}

/** The view with its title and notes word-wrapped to `width`. */
function withWrappedText(view: View, width: number): View {
  const wrapped: View = { ...view, title: wrapText(view.title, width) };
  if (view.notes) wrapped.notes = view.notes.map((n) => wrapText(n, width));
  return wrapped;
}

/**
 * A text word-wrapped to `width` columns (existing line breaks kept); a word longer than the width
 * is broken. Continuation lines are indented by `indent` (two spaces) past the line's own indent.
 */
export function wrapText(text: string, width: number, indent = '  '): string {
  if (width < 10) return text;
  return text
    .split('\n')
    .map((line) => wrapLine(line, width, indent))
    .join('\n');
}

function wrapLine(line: string, width: number, extra: string): string {
  if (textWidth(line) <= width) return line;
  const lead = /^ */.exec(line)![0];
  const indent = `${lead}${extra}`;
  const room = Math.max(width - indent.length, 1);
  const words = line
    .slice(lead.length)
    .split(' ')
    .filter((w) => w !== '')
    .flatMap((w) => chunk(w, room));
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const limit = lines.length === 0 ? width - lead.length : room;
    if (current === '') current = word;
    else if (textWidth(current) + 1 + textWidth(word) <= limit) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current !== '') lines.push(current);
  return lines.map((l, i) => (i === 0 ? lead : indent) + l).join('\n');
}

/** A word cut into pieces of at most `size` characters. */
function chunk(word: string, size: number): string[] {
  const characters = [...word];
  const pieces: string[] = [];
  for (let i = 0; i < characters.length; i += size) pieces.push(characters.slice(i, i + size).join(''));
  return pieces;
}
