/**
 * Issue 7: a `sweep` CSV round-trips through real LibreOffice. A 7 × 2 × 3 grid with every SPEC
 * metric as a column is imported as a user imports it; LibreOffice must read every record and
 * every column (COUNT of each column = the number of grid points: every cell a number), write the
 * same values back, and its SUM of each money column must equal the exact decimal sum of our
 * cells to the cent.
 */
import { describe, expect, it } from 'vitest';
import { dec, sum } from '../../src/money/index.js';
import { METRIC_KINDS, METRIC_NAMES, type MetricName } from '../../src/engine/types.js';
import { columnRange, formulaRecord, readCsv, recalculateWithLibreOffice, setUpOnce } from './libreoffice.js';
import { cliAsync } from './scenario-files.js';
import { failures, summaryLine, TO_THE_CENT, type CrossCheck } from './cross-check.js';

const VARY = ['share_price.cagr=0:0.3:0.05', 'warrant.tax_rate=0,0.21', 'timeline.discount_rate=0.05,0.09,0.12'];
// 0, 0.05, ..., 0.30 is 7 values; × 2 tax rates × 3 discount rates
const POINTS = 7 * 2 * 3;

let ours: string[][] = [];
let theirs: string[][] = [];
let checked: string[][] = [];

setUpOnce(async () => {
  const args = ['sweep', 'scenarios/meta-amd-base.yaml', '--format', 'csv', '--metrics', METRIC_NAMES.join(',')];
  for (const v of VARY) args.push('--vary', v);
  const csv = await cliAsync(args);
  ours = readCsv(csv);
  const header = ours[0]!;
  const last = ours.length;
  const sums = formulaRecord(header.map((key, c) => (METRIC_KINDS[key as MetricName] === 'money' ? `SUM(${columnRange(c, 2, last)})` : '')));
  const counts = formulaRecord(header.map((_, c) => `COUNT(${columnRange(c, 2, last)})`));
  const out = recalculateWithLibreOffice([
    { name: 'sweep', csv },
    { name: 'sweep-checked', csv: csv + sums + counts },
  ]);
  theirs = readCsv(out.get('sweep')!);
  checked = readCsv(out.get('sweep-checked')!);
});

describe('sweep CSV in real LibreOffice', () => {
  it('our sweep CSV has one record per grid point and a column per varied path and metric', () => {
    expect(ours).toHaveLength(1 + POINTS);
    expect(ours[0]).toEqual(['share_price.cagr', 'warrant.tax_rate', 'timeline.discount_rate', ...METRIC_NAMES]);
  });

  it('LibreOffice reads every record and every column', () => {
    expect(theirs).toHaveLength(ours.length);
    for (const [i, record] of theirs.entries()) expect(record, `record ${i + 1}`).toHaveLength(ours[0]!.length);
    expect(theirs[0]).toEqual(ours[0]);
    // COUNT of each column: every one of the 42 cells was read as a number
    expect(checked[ours.length + 1]!.map(Number)).toEqual(ours[0]!.map(() => POINTS));
  });

  it('LibreOffice writes the same values back', () => {
    for (let r = 1; r < ours.length; r++) {
      for (let c = 0; c < ours[r]!.length; c++) {
        expect(dec(theirs[r]![c]!).eq(dec(ours[r]![c]!)), `record ${r + 1} ${ours[0]![c]}: ${theirs[r]![c]} vs ${ours[r]![c]}`).toBe(true);
      }
    }
  });

  it('LibreOffice SUM of every money column equals the exact sum of our cells to the cent', () => {
    const header = ours[0]!;
    const checks: CrossCheck[] = [];
    header.forEach((key, c) => {
      if (METRIC_KINDS[key as MetricName] !== 'money') return;
      checks.push({
        what: `sweep SUM(${key})`,
        ours: sum(ours.slice(1).map((r) => dec(r[c]!))).toFixed(2),
        libreoffice: checked[ours.length]![c]!,
        tolerance: TO_THE_CENT,
      });
    });
    // 27 metrics (21 of v1, 6 of v1.1) - 3 counts (amd_units, baseline_units, warrant_vested_shares) - 1 ratio = 23 money
    expect(checks).toHaveLength(23);
    expect(failures(checks)).toEqual([]);
    console.log(summaryLine('sweep CSV, SUM of money columns (to the cent)', checks));
  });
});
