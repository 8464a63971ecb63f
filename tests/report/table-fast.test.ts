/**
 * The table renderer draws compact single-line tables itself (cli-table3's layout grows with the
 * square of the rows); it must write the very bytes cli-table3 writes. Differential test against
 * cli-table3 on random views: text, money, count and typed cells, empty cells, negative money in
 * red, bold headers, and non-ASCII labels (which go to cli-table3 itself).
 */
import Table from 'cli-table3';
import fc from 'fast-check';
import { terminalLine, terminalText } from '../../src/scenario/terminal-text.js';
import { describe, expect, test } from 'vitest';
import { dec } from '../../src/money/index.js';
import { renderTableBody, type Palette } from '../../src/report/table.js';
import { formatCell, NUMERIC_KINDS, type Cell, type Column, type View } from '../../src/report/view.js';

const ANSI_PALETTE: Palette = {
  bold: (t) => `\u001b[1m${t}\u001b[22m`,
  red: (t) => `\u001b[31m${t}\u001b[39m`,
  dim: (t) => `\u001b[2m${t}\u001b[22m`,
};
const PLAIN: Palette = { bold: (t) => t, red: (t) => t, dim: (t) => t };

/** cli-table3 on the same cells, as the renderer drew every table before. */
function reference(view: View, palette: Palette): string {
  const table = new Table({
    head: view.columns.map((c) => palette.bold(terminalText(c.header))),
    colAligns: view.columns.map((c) => (NUMERIC_KINDS.has(c.kind) ? 'right' : 'left')),
    style: { head: [], border: [], compact: true },
  });
  for (const row of view.rows) {
    table.push(
      view.columns.map((c, i) => {
        const cell = formatCell(row[i] ?? null, c, true);
        // as the renderer does: no control character reaches the terminal (issue 12)
        const safe = terminalLine(cell.text);
        const text = cell.negative && cell.kind === 'money' ? palette.red(safe) : safe;
        return cell.numeric && !NUMERIC_KINDS.has(c.kind) ? { content: text, hAlign: 'right' as const } : text;
      }),
    );
  }
  return table.toString() + '\n';
}

const text = fc.oneof(
  fc.string({ maxLength: 12 }).map((s) => s.replace(/[^\x20-\x7e]/g, 'x')),
  fc.constantFrom('', 'MI450', 'Nvidia Vera Rubin', 'tranche 3', 'énergie', '株価', 'a\tb'),
);
const column = fc.record({
  key: fc.constant('k'),
  header: text,
  kind: fc.constantFrom<Column['kind']>('text', 'money', 'count'),
});

function cellFor(kind: Column['kind']): fc.Arbitrary<Cell> {
  const money = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }).map((c) => dec(`${c}e-2`));
  if (kind === 'money') return fc.oneof(money, fc.constant(null));
  if (kind === 'count') return fc.oneof(fc.integer({ min: -1e6, max: 1e9 }).map((n) => dec(n)), fc.constant(null));
  return fc.oneof(text, fc.constant(null), money.map((value): Cell => ({ kind: 'money', value })));
}

const view: fc.Arbitrary<View> = fc.array(column, { minLength: 1, maxLength: 6 }).chain((columns) =>
  fc
    .array(fc.tuple(...columns.map((c) => cellFor(c.kind))), { minLength: 0, maxLength: 30 })
    .map((rows) => ({ name: 'v', title: '', columns, rows: rows.map((r) => [...r]) })),
);

describe('table renderer', () => {
  test('writes the bytes cli-table3 writes, with and without colour', () => {
    fc.assert(
      fc.property(view, fc.boolean(), (v, colour) => {
        const palette = colour ? ANSI_PALETTE : PLAIN;
        expect(renderTableBody(v, palette)).toBe(reference(v, palette));
      }),
      { numRuns: 400 },
    );
  });

  test('9,331 rows render in linear time (well under a second of work here)', () => {
    const columns: Column[] = [
      { key: 'a', header: 'share_price.cagr', kind: 'text' },
      { key: 'b', header: 'savings', kind: 'money' },
    ];
    const rows: Cell[][] = Array.from({ length: 9331 }, (_, i) => [String(i / 1000), dec(`${i * 12345 - 5e7}e-2`)]);
    const out = renderTableBody({ name: 'v', title: '', columns, rows });
    // top, header, separator, 9,331 rows, bottom
    expect(out.split('\n').length - 1).toBe(9331 + 4);
    // row 0: cagr "0", savings cents(0 × 12345 − 5e7) = −500,000.00, right-aligned
    expect(out.split('\n')[3]).toMatch(/^│ 0 +│ +-500,000\.00 │$/);
  });
});
