/**
 * GitHub-flavoured markdown: one `##` section per view, a pipe table with numbers right-aligned
 * (`---:`) and grouped by thousands for reading, text left-aligned. Pipes, backslashes and line
 * breaks inside cells are escaped so a label can never break the table.
 */
import { NUMERIC_KINDS, formatCell, type View } from './view.js';
import { terminalText } from '../scenario/terminal-text.js';

/** Escapes a cell for a GFM table: `\` and `|` get a backslash, line breaks become `<br>`. */
export function escapeMarkdownCell(text: string): string {
  // line breaks become <br>; any other control character is escaped visibly (issue 12)
  return terminalText(text.replace(/\r\n|\r|\n/g, '\n'))
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, '<br>');
}

/** Escapes the inline-markup characters of a heading or note line. */
function escapeMarkdownText(text: string): string {
  return terminalText(text.replace(/\r\n|\r|\n/g, ' ')).replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

/** One view as a GFM table (no heading). */
export function renderMarkdownTable(view: View): string {
  const header = `| ${view.columns.map((c) => escapeMarkdownCell(c.header)).join(' | ')} |`;
  const align = `|${view.columns.map((c) => (NUMERIC_KINDS.has(c.kind) ? ' ---: ' : ' --- ')).join('|')}|`;
  const lines = [header, align];
  for (const row of view.rows) {
    const cells = view.columns.map((c, i) => escapeMarkdownCell(formatCell(row[i] ?? null, c, true).text));
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

/** Views as markdown sections: `## title`, the table, then the view's notes. */
export function renderMarkdown(views: readonly View[], heading?: string): string {
  const parts: string[] = [];
  if (heading !== undefined) parts.push(`# ${escapeMarkdownText(heading)}\n`);
  for (const view of views) {
    let section = `## ${escapeMarkdownText(view.title)}\n\n${renderMarkdownTable(view)}`;
    if (view.notes && view.notes.length > 0) {
      section += '\n' + view.notes.map((n) => escapeMarkdownText(n)).join('\n\n') + '\n';
    }
    parts.push(section);
  }
  return parts.join('\n');
}
