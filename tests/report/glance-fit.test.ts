/**
 * Terminal money at a glance (report/glance.ts) and tables fitted to the terminal's width
 * (report/fit.ts, issue 11).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dec } from '../../src/money/index.js';
import { formatMoneyGlance } from '../../src/report/glance.js';
import { columnWidths, drawnWidth, fitView, textWidth, turnView, wrapText } from '../../src/report/fit.js';
import { column, formatCell, type Cell, type View } from '../../src/report/view.js';
import { renderTableBody, renderTableWith, PLAIN_PALETTE } from '../../src/report/table.js';

describe('money at a glance', () => {
  const cases: Array<[string, string]> = [
    // 63,976,065,591.82 / 10^9 = 63.976.. -> 64.0 (one decimal, half-even)
    ['63976065591.82', '$64.0B'],
    ['117076649217.81', '$117.1B'],
    ['1234567', '$1.2M'],
    // 1,250,000 / 10^6 = 1.25 -> half-even to one decimal: 1.2 (2 is even)
    ['1250000', '$1.2M'],
    ['1350000', '$1.4M'],
    // 999,950,000 would be 1000.0M (999.95 rounds up, 9 is odd): written in the next unit
    ['999950000', '$1.0B'],
    ['999949999.99', '$999.9M'],
    ['999999.5', '$1.0M'],
    ['999999.49', '$999,999'],
    ['266666.67', '$266,667'],
    ['22125.24', '$22,125'],
    ['999.995', '$1,000'],
    ['999.99', '$999.99'],
    ['0.40', '$0.40'],
    ['0', '$0'],
    ['0.004', '$0'],
    ['-38050121427.96', '-$38.1B'],
    ['-9847.60', '-$9,848'],
    ['1999950000000', '$2.0T'],
  ];
  for (const [amount, shown] of cases) {
    it(`${amount} reads ${shown}`, () => expect(formatMoneyGlance(dec(amount), 'USD')).toBe(shown));
  }

  it('writes the currency: a symbol for the common ones, the label otherwise, nothing without one', () => {
    expect(formatMoneyGlance(dec('64000000000'), 'EUR')).toBe('€64.0B');
    expect(formatMoneyGlance(dec('-64000000000'), 'CHF')).toBe('-CHF 64.0B');
    expect(formatMoneyGlance(dec('64000000000'))).toBe('64.0B');
  });

  it('marks a negative amount with its sign and as negative for the red colour', () => {
    const cell = formatCell(dec('-5200000000'), column('savings', 'savings', 'money'), true, { currency: 'USD' });
    expect(cell).toMatchObject({ text: '-$5.2B', negative: true, numeric: true });
    // a negative amount too small to show is not marked negative
    expect(formatCell(dec('-0.001'), column('s', 's', 'money'), true, { currency: 'USD' })).toMatchObject({ text: '$0', negative: false });
  });
});

describe('wrapping text', () => {
  it('breaks at spaces within the width, continuation lines indented', () => {
    // 'alpha beta gamma delta' at 12: 'alpha beta' (10), then '  gamma' + ' delta' = 13 > 12
    expect(wrapText('alpha beta gamma delta', 12)).toBe('alpha beta\n  gamma\n  delta');
    expect(wrapText('short', 12)).toBe('short');
  });

  it('cuts a word longer than the width', () => {
    const text = wrapText('x'.repeat(25), 10);
    for (const line of text.split('\n')) expect(textWidth(line)).toBeLessThanOrEqual(10);
    expect(text.replace(/[\s]/g, '')).toBe('x'.repeat(25));
  });
});

function wideView(columns: number, rows: number, cellText: (r: number, c: number) => Cell): View {
  return {
    name: 'wide',
    title: 'A wide table whose title is long enough to need wrapping at forty columns',
    columns: Array.from({ length: columns }, (_, c) =>
      c === 0 ? column('key', 'key', 'text') : column(`c${c}`, `column ${c}`, 'money'),
    ),
    rows: Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => cellText(r, c))),
    notes: ['a note that is also rather long, to be wrapped like the title is'],
  };
}

describe('fitting a table to the width', () => {
  it('computes the width cli-table3 draws', () => {
    const view = wideView(3, 2, (r, c) => (c === 0 ? `row ${r}` : dec('1234.5')));
    const drawn = renderTableBody(view).split('\n')[0]!;
    expect(drawnWidth(columnWidths(view))).toBe(textWidth(drawn));
  });

  it('splits a wide table into parts that repeat the key column, losing no cell', () => {
    const view = wideView(8, 5, (r, c) => (c === 0 ? `row ${r}` : dec(r * 1_000_000_000 + c).plus('0.01')));
    const parts = fitView(view, 60);
    expect(parts.length).toBeGreaterThan(1);
    const seen = new Set<string>();
    for (const part of parts) {
      expect(part.view.columns[0]!.key).toBe('key');
      part.view.columns.slice(1).forEach((c) => seen.add(c.key));
      expect(drawnWidth(columnWidths(part.view))).toBeLessThanOrEqual(60);
    }
    expect(seen.size).toBe(7);
    // notes only under the last part, titles wrapped
    expect(parts.slice(0, -1).every((p) => p.view.notes === undefined)).toBe(true);
    expect(parts.at(-1)!.view.notes).toBeDefined();
  });

  it('first breaks headers wider than their cells onto several lines', () => {
    // 'Meta x AMD 6 GW - base' over '$64.0B' cells: the header's longest word is 4 ('Meta'), the
    // cells 6 wide, so its lines are at most 6: 'Meta x', 'AMD 6', 'GW -', 'base'
    const view: View = {
      name: 'compare',
      title: 'Comparison',
      currency: 'USD',
      columns: [column('metric', 'metric', 'text'), column('a', 'Meta x AMD 6 GW - base', 'money'), column('b', 'Meta x AMD 6 GW - bear', 'money')],
      rows: [['savings', dec('63976065591.82'), dec('11975937507.92')]],
    };
    const [fitted] = fitView(view, 30, { currency: 'USD' });
    expect(fitted!.view.columns[1]!.header).toBe('Meta x\nAMD 6\nGW -\nbase');
    const text = renderTableWith([view], PLAIN_PALETTE, { width: 30, glance: true });
    for (const line of text.split('\n')) expect(textWidth(line)).toBeLessThanOrEqual(30);
    expect(text).toContain('$64.0B');
  });

  it('turns a table of one or two rows into columns when that fits', () => {
    const view = wideView(9, 1, (_, c) => (c === 0 ? 'baseline.unit_price' : dec('23011.9667816162109375')));
    const [turned] = fitView(view, 60);
    expect(turned!.view.columns.map((c) => c.header)).toEqual(['key', 'baseline.unit_price']);
    expect(turned!.view.rows.map((r) => r[0])).toEqual(view.columns.slice(1).map((c) => c.header));
    // the money kind travels with each cell
    expect(formatCell(turned!.view.rows[0]![1]!, turned!.view.columns[1]!).text).toBe('23011.97');
    expect(turnView(view).rows).toHaveLength(8);
  });

  it('every rendered line fits, whatever the table (property)', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 60 }).map((s) => s.replace(/[\n\r\t\u0000-\u001f\u007f-\uffff]/g, 'x')),
      fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }).map((n) => dec(n.toString()).div(100)),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 40, max: 200 }),
        fc.boolean(),
        fc.array(cell, { minLength: 72, maxLength: 72 }),
        (columns, rows, width, glance, cells) => {
          const view: View = {
            name: 'v',
            title: 'title '.repeat(30),
            columns: Array.from({ length: columns }, (_, c) => column(`c${c}`, `header ${c}`, 'text')),
            rows: Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => cells[(r * columns + c) % 72]!)),
          };
          const text = renderTableWith([view], PLAIN_PALETTE, { width, glance });
          for (const line of text.split('\n')) expect(textWidth(line), line).toBeLessThanOrEqual(width);
        },
      ),
      { numRuns: 150, seed: 11 },
    );
  });
});
