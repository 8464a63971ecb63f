import { describe, expect, it } from 'vitest';
import { dec } from '../../src/money/index.js';
import { column, formatCell, pickColumns, typed, type View } from '../../src/report/view.js';
import { csvField, guardFormula, quoteCsvField, renderCsv } from '../../src/report/csv.js';
import { escapeMarkdownCell, renderMarkdown } from '../../src/report/markdown.js';
import { renderJson, viewToJsonObject, viewToJsonRows } from '../../src/report/json.js';
import { renderTable, renderTableWith, type Palette } from '../../src/report/table.js';
import { createRowWriter } from '../../src/report/stream.js';
import { day } from './fixtures.js';
import { parseCsv } from './csv-parse.js';

/** A view exercising every kind, awkward text and signs. */
function sampleView(): View {
  return {
    name: 'sample',
    title: 'Sample | view',
    columns: [
      column('label', 'label', 'text'),
      column('date', 'date', 'date'),
      column('units', 'units', 'count'),
      column('amount', 'amount', 'money'),
      column('ratio', 'ratio', 'ratio'),
      column('price', 'price', 'decimal', 4),
    ],
    rows: [
      ['=SUM(A1:A9)', day('2026-09-30'), dec(1234567), dec('1234567.5'), dec('0.1234565'), dec('196.6')],
      ['-rebate, "big"', day('2026-12-31'), dec(0), dec('-100'), dec(0), dec('-0.00001')],
      ['plain\nline', null, null, null, null, null],
    ],
  };
}

describe('formatCell', () => {
  it('writes money with exactly two decimals, counts as integers, ratios with six', () => {
    const view = sampleView();
    const row = view.rows[0]!;
    expect(formatCell(row[2]!, view.columns[2]!).text).toBe('1234567');
    // 1234567.5 -> two decimals: 1234567.50
    expect(formatCell(row[3]!, view.columns[3]!).text).toBe('1234567.50');
    // 0.1234565 -> six decimals, half-even: the 7th digit is a 5 with nothing after, 4 is even -> 0.123456
    expect(formatCell(row[4]!, view.columns[4]!).text).toBe('0.123456');
    // 196.6 with 4 places -> 196.6000
    expect(formatCell(row[5]!, view.columns[5]!).text).toBe('196.6000');
  });

  it('groups thousands only when asked, keeping the sign in front', () => {
    const money = column('m', 'm', 'money');
    expect(formatCell(dec('-1234567.891'), money, true).text).toBe('-1,234,567.89');
    expect(formatCell(dec('-1234567.891'), money, false).text).toBe('-1234567.89');
    expect(formatCell(dec('999'), money, true).text).toBe('999.00');
    expect(formatCell(dec('1000'), column('c', 'c', 'count'), true).text).toBe('1,000');
  });

  it('never writes a negative zero', () => {
    // -0.00001 shown with 4 places is -0.0000 before the fix-up: a zero has no sign
    expect(formatCell(dec('-0.00001'), column('p', 'p', 'decimal', 4)).text).toBe('0.0000');
    expect(formatCell(dec('-0.001'), column('m', 'm', 'money')).negative).toBe(false);
  });

  it('lets a typed cell override its column kind', () => {
    const value = column('value', 'value', 'decimal');
    expect(formatCell(typed('money', dec(5)), value).text).toBe('5.00');
    expect(formatCell(typed('count', dec(5)), value).text).toBe('5');
    expect(formatCell(typed('ratio', dec('0.5')), value).text).toBe('0.500000');
  });

  it('writes dates as ISO', () => {
    expect(formatCell(day('2028-02-29'), column('d', 'd', 'date')).text).toBe('2028-02-29');
  });
});

describe('CSV (RFC 4180, SPEC §4)', () => {
  it('guards text cells that a spreadsheet would run as a formula', () => {
    expect(guardFormula('=1+1')).toBe("'=1+1");
    expect(guardFormula('+1')).toBe("'+1");
    expect(guardFormula('-rebate')).toBe("'-rebate");
    expect(guardFormula('@cmd')).toBe("'@cmd");
    expect(guardFormula('\tx')).toBe("'\tx");
    expect(guardFormula('\rx')).toBe("'\rx");
    expect(guardFormula('Meta x AMD')).toBe('Meta x AMD');
  });

  it('never prefixes numbers, negative ones included', () => {
    expect(csvField(dec('-100'), column('a', 'a', 'money'))).toBe('-100.00');
    expect(csvField(dec('-5'), column('c', 'c', 'count'))).toBe('-5');
    // a text cell holding the same characters is guarded
    expect(csvField('-100.00', column('t', 't', 'text'))).toBe("'-100.00");
  });

  it('quotes fields holding a comma, quote, CR or LF, doubling quotes', () => {
    expect(quoteCsvField('a,b')).toBe('"a,b"');
    expect(quoteCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCsvField('a\nb')).toBe('"a\nb"');
    expect(quoteCsvField('a\rb')).toBe('"a\rb"');
    expect(quoteCsvField('plain')).toBe('plain');
  });

  it('renders a header of column keys, CRLF line ends, plain numbers and empty cells', () => {
    const text = renderCsv(sampleView());
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('label,date,units,amount,ratio,price');
    // '=SUM(A1:A9)' guarded; 1234567.5 money -> 1234567.50 with no separator
    expect(lines[1]).toBe("'=SUM(A1:A9),2026-09-30,1234567,1234567.50,0.123456,196.6000");
    // guarded first ('-rebate...'), then quoted because of the comma and quotes
    expect(lines[2]).toBe(`"'-rebate, ""big""",2026-12-31,0,-100.00,0.000000,0.0000`);
    expect(lines[3]).toBe('"plain\nline",,,,,');
    expect(text.endsWith('\r\n')).toBe(true);
    // no bare LF outside a quoted field: every record ends with CRLF
    expect(parseCsv(text)).toHaveLength(4);
    expect(parseCsv(text)[3]![0]).toBe('plain\nline');
  });
});

describe('markdown', () => {
  it('escapes pipes, backslashes and line breaks in cells', () => {
    expect(escapeMarkdownCell('a|b')).toBe('a\\|b');
    expect(escapeMarkdownCell('a\\b')).toBe('a\\\\b');
    expect(escapeMarkdownCell('a\nb')).toBe('a<br>b');
  });

  it('right-aligns numeric columns, groups thousands, and writes a section per view', () => {
    const text = renderMarkdown([sampleView()], 'Report');
    const lines = text.split('\n');
    expect(lines[0]).toBe('# Report');
    expect(lines).toContain('## Sample \\| view');
    expect(lines).toContain('| label | date | units | amount | ratio | price |');
    expect(lines).toContain('| --- | --- | ---: | ---: | ---: | ---: |');
    expect(lines).toContain('| =SUM(A1:A9) | 2026-09-30 | 1,234,567 | 1,234,567.50 | 0.123456 | 196.6000 |');
    expect(lines).toContain('| plain<br>line |  |  |  |  |  |');
  });
});

describe('JSON', () => {
  it('writes every number as an exact string and empty cells as null', () => {
    const rows = viewToJsonRows(sampleView());
    expect(rows[0]).toEqual({
      label: '=SUM(A1:A9)',
      date: '2026-09-30',
      units: '1234567',
      amount: '1234567.50',
      ratio: '0.123456',
      price: '196.6000',
    });
    expect(rows[2]!['amount']).toBeNull();
  });

  it('turns a two-column view into an object', () => {
    const view: View = {
      name: 's',
      title: 's',
      columns: [column('metric', 'metric', 'text'), column('value', 'value', 'decimal')],
      rows: [
        ['amd_units', typed('count', dec(3))],
        ['savings', typed('money', dec('-1.5'))],
      ],
    };
    expect(viewToJsonObject(view)).toEqual({ amd_units: '3', savings: '-1.50' });
    expect(renderJson({ a: '1' })).toBe('{\n  "a": "1"\n}\n');
  });
});

describe('terminal table', () => {
  const brackets: Palette = { bold: (t) => `<b>${t}</b>`, red: (t) => `<red>${t}</red>`, dim: (t) => `<dim>${t}</dim>` };

  it('has no escape codes when colour is off, and right-aligns grouped numbers', async () => {
    const text = await renderTable([sampleView()], { color: false });
    expect(text).not.toMatch(/\u001b\[/);
    expect(text).toContain('Sample | view');
    expect(text).toContain('1,234,567.50');
    // right-aligned: the shorter amount is padded on the left up to the width of '1,234,567.50'
    expect(text).toContain('│      -100.00 │');
  });

  it('paints headers bold and only negative money red', () => {
    const text = renderTableWith([sampleView()], brackets);
    expect(text).toContain('<b>label</b>');
    expect(text).toContain('<red>-100.00</red>');
    // a negative non-money cell (the tiny price shown as 0.0000) is not red
    expect(text).not.toContain('<red>0.0000</red>');
    expect(text).not.toContain('<red>1,234,567.50</red>');
  });

  it('uses ANSI colours when colour is on', async () => {
    const text = await renderTable([sampleView()], { color: true });
    expect(text).toMatch(/\u001b\[31m-100\.00\u001b\[39m/);
  });
});

describe('streaming row writer', () => {
  it('writes the same CSV as renderCsv, header once', () => {
    const view = sampleView();
    const chunks: string[] = [];
    const writer = createRowWriter('csv', view.columns, (t) => chunks.push(t));
    for (const row of view.rows) writer.row(row);
    writer.end();
    expect(chunks.join('')).toBe(renderCsv(view));
    expect(chunks).toHaveLength(view.rows.length + 1);
  });

  it('writes a JSON array equal to the rows, and [] for no rows', () => {
    const view = sampleView();
    let text = '';
    const writer = createRowWriter('json', view.columns, (t) => (text += t));
    for (const row of view.rows) writer.row(row);
    writer.end();
    expect(JSON.parse(text)).toEqual(viewToJsonRows(view));
    expect(text).toBe(JSON.stringify(viewToJsonRows(view), null, 2) + '\n');
    let empty = '';
    const none = createRowWriter('json', view.columns, (t) => (empty += t));
    none.end();
    expect(JSON.parse(empty)).toEqual([]);
  });

  it('writes the CSV header even without rows, and refuses rows after end', () => {
    let text = '';
    const writer = createRowWriter('csv', [column('a', 'A', 'money')], (t) => (text += t));
    writer.end();
    expect(text).toBe('a\r\n');
    expect(() => writer.row([dec(1)])).toThrow();
  });
});

describe('pickColumns', () => {
  it('keeps the listed columns in order', () => {
    const picked = pickColumns(sampleView(), ['amount', 'label']);
    expect(picked.columns.map((c) => c.key)).toEqual(['amount', 'label']);
    expect(picked.rows[0]![1]).toBe('=SUM(A1:A9)');
    expect(() => pickColumns(sampleView(), ['nope'])).toThrow();
  });
});
