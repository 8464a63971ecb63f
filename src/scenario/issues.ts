/**
 * Problems found in a scenario, as data (STYLE habit 4: detecting, wording and laying out are
 * three steps). Loading never throws for a user mistake: it returns every {@link ScenarioIssue}.
 */

import { terminalLine } from './terminal-text.js';

/** Where an issue points: a file position, or a command-line option such as `--set`. */
export interface SourceLocation {
  /** file path as the user gave it, `<stdin>`, or the option text e.g. `--set warrant.shares=5` */
  source: string;
  /** 1-based; absent for option-level issues */
  line?: number;
  /** 1-based */
  col?: number;
  /** the source line, for the one-line excerpt with a caret */
  lineText?: string;
}

export interface ScenarioIssue {
  /** stable machine code, e.g. `unknown_key`, `too_small`, `tranche_sum` */
  code: string;
  /** SPEC path, e.g. `warrant.tranches[1].shares`; '' for the whole document */
  path: string;
  /** a plain sentence */
  message: string;
  /** "did you mean" suggestion, already worded, e.g. `did you mean "cagr"?` */
  hint?: string;
  location?: SourceLocation;
}

/** A failure to load or validate: carries every issue, never a stack trace for the user. */
export class ScenarioError extends Error {
  constructor(readonly issues: ScenarioIssue[]) {
    super(issues.map((i) => i.message).join('; '));
    this.name = 'ScenarioError';
  }
}

/**
 * Lays out one issue as `file:line:col: path: message`, then (when known) the source line and a
 * caret under the column. `--set` issues name the option instead of a file.
 */
export function formatIssue(issue: ScenarioIssue): string {
  // Printed for a person: every user-controlled part goes through terminalLine (issue 12), so a
  // control character or a newline in a file name, key or value can neither drive the terminal
  // nor split the `file:line:col` line.
  const loc = issue.location;
  let head = loc ? terminalLine(loc.source) : '<scenario>';
  if (loc?.line !== undefined) head += `:${loc.line}:${loc.col ?? 1}`;
  const path = issue.path === '' ? '(document)' : terminalLine(issue.path);
  let text = `${head}: ${path}: ${terminalLine(issue.message)}`;
  if (issue.hint) text += ` (${terminalLine(issue.hint)})`;
  if (loc?.lineText !== undefined && loc.line !== undefined) {
    // At most 200 characters of the line; when the column lies beyond them, a window around it
    // (prefixed with "...") so the caret still points at the offending character (catalog: nesting-*).
    const line = loc.lineText.replace(/\t/g, ' ');
    const at = Math.max((loc.col ?? 1) - 1, 0);
    const start = at < 200 ? 0 : at - 100;
    const window = line.slice(start, start + 200);
    const prefix = start > 0 ? '...' : '';
    const excerpt = prefix + terminalLine(window);
    // the caret moves right by the width of the escapes written before the column
    const col = Math.min(prefix.length + terminalLine(window.slice(0, at - start)).length, excerpt.length);
    text += `\n  ${excerpt}\n  ${' '.repeat(col)}^`;
  }
  return text;
}

export function formatIssues(issues: readonly ScenarioIssue[]): string {
  return issues.map(formatIssue).join('\n');
}
