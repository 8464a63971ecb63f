/**
 * SPEC §4's formula-injection guard, in real LibreOffice (issue 7). A scenario (made in a temp dir,
 * extending a shipped one) whose name, product, baseline name and other-cost labels start with
 * `=`, `+`, `-`, `@` is written by the CLI as the ledger CSV and the compare CSV (the scenario
 * name is a compare column header). Imported into LibreOffice, every such cell must stay text,
 * exactly as written (`'=1+1`, not `2`).
 *
 * The control: the same CSV with the `'` taken off again is imported too, and there LibreOffice
 * does run the cells (`=1+1` → 2, `=2+3` → 5, a HYPERLINK becomes a link text, `-5` and `+7`
 * become numbers). So this test fails if the guard goes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { columnLetters, formulaRecord, readCsv, recalculateWithLibreOffice, setUpOnce } from './libreoffice.js';
import { cliAsync, SCENARIOS_DIR } from './scenario-files.js';

/** The hostile texts, as written in the scenario file. */
const HOSTILE = {
  name: '=1+1',
  product: '+MI450',
  equals: '=2+3',
  minus: '-5',
  at: '@SUM(1;2)',
  plus: '+7',
  baseline: '-Nvidia',
  hyperlink: '=HYPERLINK("https://example.com";"click")',
};

const SCENARIO = `version: 1
extends: ${JSON.stringify(join(SCENARIOS_DIR, 'meta-amd-base.yaml'))}
name: ${JSON.stringify(HOSTILE.name)}
amd:
  product: ${JSON.stringify(HOSTILE.product)}
  other_costs:
    - { name: ${JSON.stringify(HOSTILE.equals)}, amount: 1000000, date: 2026-09-30 }
    - { name: ${JSON.stringify(HOSTILE.minus)}, amount: 2000000, date: 2026-09-30 }
    - { name: ${JSON.stringify(HOSTILE.at)}, per_year: 100000000, from: 2026-07-01, to: 2027-06-30 }
    - { name: ${JSON.stringify(HOSTILE.plus)}, amount: -300000, date: 2026-12-31 }
baseline:
  name: ${JSON.stringify(HOSTILE.baseline)}
  other_costs:
    - { name: ${JSON.stringify(HOSTILE.hyperlink)}, amount: 5, date: 2026-09-30 }
`;

const GUARDED = /^'[=+\-@\t\r]/;

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** Our CSV with the guard's `'` taken off again: what an unguarded writer would produce. */
function withoutGuard(records: string[][]): string {
  return records.map((r) => r.map((f) => quote(GUARDED.test(f) ? f.slice(1) : f)).join(',') + '\r\n').join('');
}

interface Cell {
  record: number;
  column: number;
  text: string;
}

/** Every guarded cell of a CSV (0-based record and column) with its text as we wrote it. */
function guardedCells(records: string[][]): Cell[] {
  const cells: Cell[] = [];
  records.forEach((r, record) => r.forEach((text, column) => GUARDED.test(text) && cells.push({ record, column, text })));
  return cells;
}

/** One record of ISTEXT() of every guarded cell, appended under the data. */
function istextRecord(cells: readonly Cell[]): string {
  return formulaRecord(cells.map((c) => `ISTEXT(${columnLetters(c.column)}${c.record + 1})`));
}

const TRUE_VALUES = ['TRUE', '1'];
const FALSE_VALUES = ['FALSE', '0'];

let ledger: string[][] = [];
let compare: string[][] = [];
let out = new Map<string, string>();
const scratch: string[] = [];

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

setUpOnce(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'chipsforequity-guard-'));
  scratch.push(dir);
  const file = join(dir, 'hostile.yaml');
  writeFileSync(file, SCENARIO);
  const [ledgerCsv, compareCsv] = await Promise.all([
    cliAsync(['model', file, '--format', 'csv', '--view', 'ledger']),
    cliAsync(['compare', file, join(SCENARIOS_DIR, 'meta-amd-base.yaml'), '--format', 'csv']),
  ]);
  ledger = readCsv(ledgerCsv);
  compare = readCsv(compareCsv);
  const ledgerCells = guardedCells(ledger);
  const compareCells = guardedCells(compare);
  out = recalculateWithLibreOffice([
    { name: 'ledger-guarded', csv: ledgerCsv + istextRecord(ledgerCells) },
    { name: 'ledger-unguarded', csv: withoutGuard(ledger) + istextRecord(ledgerCells) },
    { name: 'compare-guarded', csv: compareCsv + istextRecord(compareCells) },
    { name: 'compare-unguarded', csv: withoutGuard(compare) + istextRecord(compareCells) },
  ]);
});

describe('formula-injection guard in real LibreOffice', () => {
  it('our CSV prefixes every hostile text with a quote mark', () => {
    const ledgerLabels = new Set(ledger.slice(1).map((r) => r[ledger[0]!.indexOf('label')]!));
    for (const text of [HOSTILE.product, HOSTILE.equals, HOSTILE.minus, HOSTILE.at, HOSTILE.plus, HOSTILE.baseline, HOSTILE.hyperlink]) {
      expect(ledgerLabels, text).toContain(`'${text}`);
      expect(ledgerLabels, text).not.toContain(text);
    }
    // the scenario name is the compare column header
    expect(compare[0]).toEqual(['metric', `'${HOSTILE.name}`, 'Meta x AMD 6 GW - base']);
  });

  it('LibreOffice keeps every guarded cell as the text we wrote, never evaluated', () => {
    for (const [name, records] of [
      ['ledger-guarded', ledger],
      ['compare-guarded', compare],
    ] as const) {
      const cells = guardedCells(records);
      // ledger: 7 hostile labels on many rows; compare: the one header
      expect(cells.length, name).toBeGreaterThanOrEqual(name.startsWith('ledger') ? 7 : 1);
      const theirs = readCsv(out.get(name)!);
      for (const cell of cells) expect(theirs[cell.record]![cell.column], name).toBe(cell.text);
      const istext = theirs[records.length]!.slice(0, cells.length);
      expect(istext.every((v) => TRUE_VALUES.includes(v)), `${name} ISTEXT: ${istext.join(',')}`).toBe(true);
    }
  });

  it('without the guard LibreOffice runs the same cells (the control: the guard is needed)', () => {
    const theirs = readCsv(out.get('ledger-unguarded')!);
    const label = ledger[0]!.indexOf('label');
    const at = (text: string) => ledger.findIndex((r) => r[label] === `'${text}`);
    // =2+3 → 5; the HYPERLINK formula runs and shows its link text
    expect(theirs[at(HOSTILE.equals)]![label]).toBe('5');
    expect(theirs[at(HOSTILE.hyperlink)]![label]).toBe('click');
    // -5 and +7 are read as numbers, no longer labels
    const cells = guardedCells(ledger);
    const istext = theirs[ledger.length]!;
    const typeOf = (text: string) => istext[cells.findIndex((c) => c.text === `'${text}`)];
    expect(FALSE_VALUES).toContain(typeOf(HOSTILE.minus));
    expect(FALSE_VALUES).toContain(typeOf(HOSTILE.plus));
    expect(FALSE_VALUES).toContain(typeOf(HOSTILE.equals));
    // the scenario name =1+1 as a header becomes 2
    expect(readCsv(out.get('compare-unguarded')!)[0]![1]).toBe('2');
  });
});
