/**
 * Issue 7, in real LibreOffice: for every shipped scenario (and one whose valuation date falls in
 * the middle of the timeline), the `model --format csv` views summary, periods, tranches and
 * ledger are imported into LibreOffice as a user imports them, and LibreOffice itself computes
 * - `SUM` of every periods column named after a SPEC §3 metric, and of the tranches' exercise
 *   cost, proceeds and tax → must equal our summary total to the cent (counts exactly);
 * - `SUMIF`/`SUMIFS` of the ledger amounts by side and kind → the SPEC §3 totals to the cent
 *   (amd + warrant = amd_net_cost; proceeds are booked negative, so warrant/sale = -proceeds);
 * - `XNPV(discount_rate; flows; dates)` of each side's ledger flows with a zero flow on the
 *   valuation date first (LibreOffice discounts to the first date, Actual/365) → our
 *   `amd_net_cost_pv` / `baseline_cost_pv` within one cent; and the same present value written as
 *   `SUMPRODUCT(flows; (1+r)^(-(dates - valuation)/365))`, which does not depend on the first
 *   date being the earliest (Excel's XNPV refuses dates before the first one; LibreOffice's
 *   accepts them, which the mid-timeline valuation case proves); and SUMIF of the ledger's
 *   present_value column → *_pv within one cent;
 * - `COUNT` of every column → every number and date cell was imported as a number, every text
 *   cell as text.
 * Then the untouched CSVs are converted back to CSV by LibreOffice and must round-trip: the same
 * records, columns and values. One `soffice` run does all of it (a start costs seconds).
 *
 * Expected values are the CLI's own `--format json` summary; the arithmetic is LibreOffice's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dec } from '../../src/money/index.js';
import { METRIC_NAMES, type MetricName } from '../../src/engine/types.js';
import { columnLetters, columnRange, dateFormula, formulaRecord, readCsv, recalculateWithLibreOffice, type SheetInput, setUpOnce } from './libreoffice.js';
import { cliAsync, discountSettings, SCENARIOS_DIR, shippedScenarios, type DiscountSettings } from './scenario-files.js';
import { failures, ONE_CENT, summaryLine, TO_THE_CENT, type CrossCheck } from './cross-check.js';

/** Columns that hold text (ledger, tranches, summary); every other column holds numbers or ISO dates. */
const TEXT_COLUMNS = new Set(['side', 'kind', 'label', 'gw_met', 'price_met', 'vested', 'not_vested_reason', 'metric']);
/** The CSV views checked, and which of their columns must sum to which SPEC metric. */
const VIEWS = ['summary', 'periods', 'tranches', 'ledger'] as const;
type ViewName = (typeof VIEWS)[number];
const TRANCHE_SUMS: Record<string, MetricName> = {
  exercise_cost: 'warrant_exercise_cost',
  proceeds: 'warrant_sale_proceeds',
  tax: 'warrant_tax',
};
const METRICS = new Set<string>(METRIC_NAMES);

interface ScenarioRun {
  /** a short name, unique in the batch */
  id: string;
  file: string;
  settings: DiscountSettings;
  summary: Record<MetricName, string>;
  csv: Record<ViewName, string>;
}

/** A formula LibreOffice computes, with the value of ours it must match. */
interface Expectation {
  what: string;
  formula: string;
  ours: string;
  tolerance: string;
  /** 0-based column of the appended record holding it (default: its index in the list) */
  column?: number;
}

/** What each appended record is for, so the values can be found in LibreOffice's output. */
interface CheckedSheet {
  input: SheetInput;
  /** 0-based record index in the output → the expectations in that record, by column */
  rows: Array<{ record: number; expectations: Expectation[] }>;
  /** expected COUNT per column, from our CSV: non-empty cells of number/date columns, 0 for text */
  countRecord: number;
  expectedCounts: number[];
}

function negate(value: string): string {
  return dec(value).negated().toFixed(2);
}

function plus(a: string, b: string): string {
  return dec(a).plus(dec(b)).toFixed(2);
}

function expectedCounts(records: string[][]): number[] {
  const [header, ...rows] = records;
  return header!.map((key, c) => (TEXT_COLUMNS.has(key) ? 0 : rows.filter((r) => r[c] !== '').length));
}

/**
 * A view's CSV + a SUM record (each column that must sum to a metric: in periods every column
 * named after a metric, in tranches exercise_cost, proceeds and tax) + a COUNT record.
 */
function checkedSums(run: ScenarioRun, view: 'summary' | 'periods' | 'tranches'): CheckedSheet {
  const csv = run.csv[view];
  const records = readCsv(csv);
  const header = records[0]!;
  const last = records.length; // data in rows 2..records.length
  const metricOf = (key: string): MetricName | undefined =>
    view === 'periods' ? (METRICS.has(key) ? (key as MetricName) : undefined) : view === 'tranches' ? TRANCHE_SUMS[key] : undefined;
  const expectations = header.map((key, c): Expectation | null => {
    const metric = metricOf(key);
    return metric === undefined
      ? null
      : {
          column: c,
          what: `${run.id} ${view} SUM(${key}) = ${metric}`,
          formula: `SUM(${columnRange(c, 2, last)})`,
          ours: run.summary[metric],
          tolerance: TO_THE_CENT,
        };
  });
  const sums = formulaRecord(expectations.map((e) => e?.formula ?? ''));
  const counts = formulaRecord(header.map((_, c) => `COUNT(${columnRange(c, 2, last)})`));
  return {
    input: { name: `${run.id}-${view}-checked`, csv: csv + sums + counts },
    rows: [{ record: records.length, expectations: expectations.filter((e): e is Expectation => e !== null) }],
    countRecord: records.length + 1,
    expectedCounts: expectedCounts(records),
  };
}

/**
 * ledger CSV + a record of SUMIF/SUMIFS totals + a COUNT record + a block of helper rows (the
 * valuation date with a zero flow, then per ledger row its date and its amount when it belongs to
 * the side) + a record of XNPV and SUMPRODUCT present values over that block.
 */
function checkedLedger(run: ScenarioRun): CheckedSheet {
  const records = readCsv(run.csv.ledger);
  const header = records[0]!;
  const col = (key: string) => {
    const index = header.indexOf(key);
    if (index === -1) throw new Error(`ledger CSV has no ${key} column: ${header.join(',')}`);
    return index;
  };
  const last = records.length;
  const range = (key: string) => `$${columnLetters(col(key))}$2:$${columnLetters(col(key))}$${last}`;
  const [side, kind, amount, units, presentValue] = ['side', 'kind', 'amount', 'units', 'present_value'].map(range) as [
    string,
    string,
    string,
    string,
    string,
  ];
  const s = run.summary;
  const bySideKind = (sideName: string, kindName: string, what: string, ours: string): Expectation => ({
    what: `${run.id} ledger ${what}`,
    formula: `SUMIFS(${amount};${side};"${sideName}";${kind};"${kindName}")`,
    ours,
    tolerance: TO_THE_CENT,
  });
  const totals: Expectation[] = [
    bySideKind('amd', 'hardware', 'amd hardware = amd_hardware_spend', s.amd_hardware_spend),
    bySideKind('amd', 'other_cost', 'amd other_cost = amd_other_costs', s.amd_other_costs),
    bySideKind('amd', 'energy', 'amd energy = amd_energy_cost', s.amd_energy_cost),
    bySideKind('baseline', 'hardware', 'baseline hardware = baseline_hardware_spend', s.baseline_hardware_spend),
    bySideKind('baseline', 'other_cost', 'baseline other_cost = baseline_other_costs', s.baseline_other_costs),
    bySideKind('baseline', 'energy', 'baseline energy = baseline_energy_cost', s.baseline_energy_cost),
    bySideKind('warrant', 'exercise', 'warrant exercise = warrant_exercise_cost', s.warrant_exercise_cost),
    bySideKind('warrant', 'sale', 'warrant sale = -warrant_sale_proceeds', negate(s.warrant_sale_proceeds)),
    bySideKind('warrant', 'tax', 'warrant tax = warrant_tax', s.warrant_tax),
    {
      what: `${run.id} ledger SUMIF(amd) = amd_gross_cost`,
      formula: `SUMIF(${side};"amd";${amount})`,
      ours: s.amd_gross_cost,
      tolerance: TO_THE_CENT,
    },
    {
      what: `${run.id} ledger SUMIF(warrant) = -warrant_net_value`,
      formula: `SUMIF(${side};"warrant";${amount})`,
      ours: negate(s.warrant_net_value),
      tolerance: TO_THE_CENT,
    },
    {
      what: `${run.id} ledger amd + warrant = amd_net_cost`,
      formula: `SUMIF(${side};"amd";${amount})+SUMIF(${side};"warrant";${amount})`,
      ours: s.amd_net_cost,
      tolerance: TO_THE_CENT,
    },
    {
      what: `${run.id} ledger SUMIF(baseline) = baseline_cost`,
      formula: `SUMIF(${side};"baseline";${amount})`,
      ours: s.baseline_cost,
      tolerance: TO_THE_CENT,
    },
    {
      what: `${run.id} ledger SUM(amount) = amd_net_cost + baseline_cost`,
      formula: `SUM(${amount})`,
      ours: plus(s.amd_net_cost, s.baseline_cost),
      tolerance: TO_THE_CENT,
    },
    {
      what: `${run.id} ledger amd hardware units = amd_units`,
      formula: `SUMIFS(${units};${side};"amd";${kind};"hardware")`,
      ours: s.amd_units,
      tolerance: TO_THE_CENT,
    },
    {
      what: `${run.id} ledger baseline hardware units = baseline_units`,
      formula: `SUMIFS(${units};${side};"baseline";${kind};"hardware")`,
      ours: s.baseline_units,
      tolerance: TO_THE_CENT,
    },
    {
      what: `${run.id} ledger exercised shares = warrant_vested_shares`,
      formula: `SUMIFS(${units};${side};"warrant";${kind};"exercise")`,
      ours: s.warrant_vested_shares,
      tolerance: TO_THE_CENT,
    },
    {
      what: `${run.id} ledger present_value of amd + warrant = amd_net_cost_pv`,
      formula: `SUMIF(${side};"amd";${presentValue})+SUMIF(${side};"warrant";${presentValue})`,
      ours: s.amd_net_cost_pv,
      tolerance: ONE_CENT,
    },
    {
      what: `${run.id} ledger present_value of baseline = baseline_cost_pv`,
      formula: `SUMIF(${side};"baseline";${presentValue})`,
      ours: s.baseline_cost_pv,
      tolerance: ONE_CENT,
    },
  ];

  const sums = formulaRecord(totals.map((e) => e.formula));
  const counts = formulaRecord(header.map((_, c) => `COUNT(${columnRange(c, 2, last)})`));
  // helper block: row `first` holds the valuation date and zero flows; then one row per booking
  const first = last + 3;
  const blockEnd = first + (last - 1);
  const d = columnLetters(col('date'));
  const sd = columnLetters(col('side'));
  const am = columnLetters(col('amount'));
  let block = formulaRecord([dateFormula(run.settings.valuationDate), '0', '0']);
  for (let row = 2; row <= last; row++) {
    block += formulaRecord([
      `${d}${row}`,
      `IF(OR(${sd}${row}="amd";${sd}${row}="warrant");${am}${row};0)`,
      `IF(${sd}${row}="baseline";${am}${row};0)`,
    ]);
  }
  const rate = run.settings.rate;
  const dates = `A${first}:A${blockEnd}`;
  const flows = (letter: string) => `${letter}${first}:${letter}${blockEnd}`;
  const sumproduct = (letter: string) => `SUMPRODUCT(${flows(letter)};(1+${rate})^(-(${dates}-A${first})/365))`;
  const presentValues: Expectation[] = [
    { what: `${run.id} XNPV(amd + warrant) = amd_net_cost_pv`, formula: `XNPV(${rate};${flows('B')};${dates})`, ours: s.amd_net_cost_pv, tolerance: ONE_CENT },
    { what: `${run.id} XNPV(baseline) = baseline_cost_pv`, formula: `XNPV(${rate};${flows('C')};${dates})`, ours: s.baseline_cost_pv, tolerance: ONE_CENT },
    { what: `${run.id} SUMPRODUCT discounting (amd + warrant) = amd_net_cost_pv`, formula: sumproduct('B'), ours: s.amd_net_cost_pv, tolerance: ONE_CENT },
    { what: `${run.id} SUMPRODUCT discounting (baseline) = baseline_cost_pv`, formula: sumproduct('C'), ours: s.baseline_cost_pv, tolerance: ONE_CENT },
  ];
  const pvRecord = formulaRecord(presentValues.map((e) => e.formula));
  return {
    input: { name: `${run.id}-ledger-checked`, csv: run.csv.ledger + sums + counts + block + pvRecord },
    rows: [
      { record: records.length, expectations: totals },
      { record: blockEnd, expectations: presentValues },
    ],
    countRecord: records.length + 1,
    expectedCounts: expectedCounts(records),
  };
}

/** Our cell and LibreOffice's exported cell agree: same text, same date, or the same number. */
function sameCell(ours: string, theirs: string): boolean {
  if (ours === theirs) return true;
  if (/^-?\d+(\.\d+)?$/.test(ours) && /^-?\d+(\.\d+)?(E[+-]?\d+)?$/i.test(theirs)) {
    // LibreOffice writes General format: 1234.50 → 1234.5, at most 15 significant digits
    return dec(ours).toSignificantDigits(15).minus(dec(theirs)).abs().lte(dec(ours).abs().times('1e-14'));
  }
  return false;
}

function roundTripMismatches(ours: string, theirs: string): string[] {
  const a = readCsv(ours);
  const b = readCsv(theirs);
  const problems: string[] = [];
  if (a.length !== b.length) problems.push(`records: ours ${a.length}, LibreOffice ${b.length}`);
  for (let r = 0; r < Math.min(a.length, b.length); r++) {
    if (a[r]!.length !== b[r]!.length) problems.push(`record ${r + 1}: ours ${a[r]!.length} fields, LibreOffice ${b[r]!.length}`);
    a[r]!.forEach((cell, c) => {
      const other = b[r]![c] ?? '<missing>';
      if (!sameCell(cell, other)) problems.push(`record ${r + 1} field ${c + 1}: ours ${JSON.stringify(cell)}, LibreOffice ${JSON.stringify(other)}`);
    });
  }
  return problems;
}

const runs: ScenarioRun[] = [];
const sheets = new Map<string, Record<ViewName, CheckedSheet>>();
let output = new Map<string, string>();
const allChecks: CrossCheck[] = [];
let roundTripCells = 0;
const scratch: string[] = [];

async function runScenario(id: string, file: string): Promise<ScenarioRun> {
  const [json, ...csvs] = await Promise.all([
    cliAsync(['model', file, '--format', 'json']),
    ...VIEWS.map((view) => cliAsync(['model', file, '--format', 'csv', '--view', view])),
  ]);
  const summary = (JSON.parse(json!) as { summary: Record<MetricName, string> }).summary;
  const csv = Object.fromEntries(VIEWS.map((view, i) => [view, csvs[i]!])) as Record<ViewName, string>;
  return { id, file, settings: discountSettings(file), summary, csv };
}

setUpOnce(async () => {
  const files: Array<readonly [string, string]> = shippedScenarios().map((file) => [basename(file).replace(/\.ya?ml$/, ''), file] as const);
  // A valuation date in the middle of the timeline: half the bookings are dated before it, so
  // they are compounded forward (negative exponent). XNPV's "first date" convention must still hold.
  const dir = mkdtempSync(join(tmpdir(), 'chipsforequity-sheet-'));
  scratch.push(dir);
  const mid = join(dir, 'mid-valuation.yaml');
  writeFileSync(
    mid,
    [
      'version: 1',
      `extends: ${JSON.stringify(join(SCENARIOS_DIR, 'meta-amd-base.yaml'))}`,
      'name: Meta x AMD - valued mid-way',
      'timeline:',
      '  valuation_date: 2028-08-15',
      '  discount_rate: 0.12',
      '',
    ].join('\n'),
  );
  files.push(['mid-valuation', mid]);
  const t1 = Date.now();
  runs.push(...(await Promise.all(files.map(([id, file]) => runScenario(id, file)))));
  const cliMs = Date.now() - t1;

  const inputs: SheetInput[] = [];
  for (const run of runs) {
    const checked: Record<ViewName, CheckedSheet> = {
      summary: checkedSums(run, 'summary'),
      periods: checkedSums(run, 'periods'),
      tranches: checkedSums(run, 'tranches'),
      ledger: checkedLedger(run),
    };
    sheets.set(run.id, checked);
    for (const view of VIEWS) inputs.push(checked[view].input, { name: `${run.id}-${view}`, csv: run.csv[view] });
  }
  const t0 = Date.now();
  output = recalculateWithLibreOffice(inputs);
  console.log(`model CSV checks: ${files.length * (VIEWS.length + 1)} CLI runs took ${cliMs} ms, one LibreOffice batch of ${inputs.length} files ${Date.now() - t0} ms`);
});

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  if (allChecks.length > 0) {
    console.log(summaryLine('model CSV (summary, periods, tranches, ledger), SUM/SUMIF/SUMIFS (to the cent)', allChecks.filter((c) => c.tolerance === TO_THE_CENT)));
    console.log(summaryLine('model CSV (summary, periods, tranches, ledger), XNPV/SUMPRODUCT/present_value (within a cent)', allChecks.filter((c) => c.tolerance === ONE_CENT)));
    console.log(summaryLine('  of which XNPV alone', allChecks.filter((c) => c.what.includes('XNPV'))));
    console.log(`model CSV (summary, periods, tranches, ledger): ${roundTripCells} cells round-tripped through LibreOffice's CSV import`);
  }
});

function collect(sheet: CheckedSheet): CrossCheck[] {
  const records = readCsv(output.get(sheet.input.name)!);
  const checks: CrossCheck[] = [];
  for (const { record, expectations } of sheet.rows) {
    expectations.forEach((e, c) => {
      checks.push({ what: e.what, ours: e.ours, libreoffice: records[record]?.[e.column ?? c] ?? '<missing>', tolerance: e.tolerance });
    });
  }
  return checks;
}

describe('model CSV in real LibreOffice', () => {
  it('checks every shipped scenario and a mid-timeline valuation date', () => {
    expect(runs.map((r) => r.id)).toEqual([
      ...shippedScenarios().map((f) => basename(f).replace(/\.ya?ml$/, '')),
      'mid-valuation',
    ]);
    // the five shipped today, at least
    expect(runs.map((r) => r.id)).toEqual(expect.arrayContaining(['meta-amd-base', 'meta-amd-bear', 'meta-amd-bull', 'nvidia-price-war', 'openai-amd']));
    // the mid-timeline case really has bookings on both sides of its valuation date
    const mid = runs.find((r) => r.id === 'mid-valuation')!;
    const dates = readCsv(mid.csv.ledger).slice(1).map((r) => r[0]!);
    expect(dates.some((d) => d < '2028-08-15') && dates.some((d) => d > '2028-08-15')).toBe(true);
  });

  it('ledger rows are sorted by date, then side, then kind (issue 7), as a spreadsheet user reads them', () => {
    const sides = ['amd', 'baseline', 'warrant'];
    const kinds = ['hardware', 'other_cost', 'energy', 'exercise', 'sale', 'tax'];
    for (const run of runs) {
      const [header, ...rows] = readCsv(run.csv.ledger);
      const [date, side, kind] = ['date', 'side', 'kind'].map((k) => header!.indexOf(k)) as [number, number, number];
      const keys = rows.map((r) => `${r[date]} ${sides.indexOf(r[side]!)} ${kinds.indexOf(r[kind]!)}`);
      expect(rows.every((r) => sides.includes(r[side]!) && kinds.includes(r[kind]!)), run.id).toBe(true);
      expect(keys, run.id).toEqual([...keys].sort());
    }
  });

  // every shipped scenario (read when the tests are collected, so a new one is checked too)
  const ids = [...shippedScenarios().map((f) => basename(f).replace(/\.ya?ml$/, '')), 'mid-valuation'];
  describe.each(ids)('%s', (id) => {
    it('periods: LibreOffice SUM of every metric column equals our summary total to the cent', () => {
      const checks = collect(sheets.get(id)!.periods);
      allChecks.push(...checks);
      // 12 money columns (the per-period savings included) and 2 unit columns are named after SPEC metrics
      expect(checks.length).toBe(14);
      expect(failures(checks)).toEqual([]);
    });

    it('ledger: SUMIF/SUMIFS by side and kind equal the totals; XNPV and SUMPRODUCT equal *_pv within a cent', () => {
      const checks = collect(sheets.get(id)!.ledger);
      allChecks.push(...checks);
      expect(checks.length).toBe(23);
      expect(failures(checks)).toEqual([]);
    });

    it('tranches: LibreOffice SUM of exercise_cost, proceeds and tax equals the warrant totals to the cent', () => {
      const checks = collect(sheets.get(id)!.tranches);
      allChecks.push(...checks);
      expect(checks.length).toBe(3);
      expect(failures(checks)).toEqual([]);
    });

    it('LibreOffice imports numbers and dates as numbers, text as text (COUNT of every column of all four views)', () => {
      for (const view of VIEWS) {
        const sheet = sheets.get(id)![view];
        const records = readCsv(output.get(sheet.input.name)!);
        expect(records[sheet.countRecord]!.slice(0, sheet.expectedCounts.length).map(Number), view).toEqual(sheet.expectedCounts);
      }
    });

    it('round-trips the summary, periods, tranches and ledger CSVs through LibreOffice: same records, columns and values', () => {
      const run = runs.find((r) => r.id === id)!;
      for (const view of VIEWS) {
        const csv = run.csv[view];
        const theirs = output.get(`${id}-${view}`)!;
        expect(roundTripMismatches(csv, theirs), view).toEqual([]);
        roundTripCells += readCsv(csv).reduce((n, r) => n + r.length, 0);
      }
    });
  });
});
