/**
 * A small helper that lets tests ask real LibreOffice (headless `soffice`) to read CSV files and
 * compute formulas (issue 7). Nothing here reads our CSV with our own code paths: LibreOffice
 * imports the bytes, evaluates the formulas and writes what it computed back out as CSV, which the
 * test then parses with the small independent reader below.
 *
 * How values get back out (verified with LibreOffice 7.4, see shared/notes/libreoffice-check.md):
 * LibreOffice evaluates a CSV cell that starts with `=` as a formula on import. So a test appends
 * formula records (`=SUM(I2:I21)`, `=XNPV(...)`) under the tool's own CSV records, and one
 * `soffice --headless --convert-to csv` of many files recalculates every formula and writes the
 * computed values (15 significant digits, enough for cents). The tool's records above are
 * byte-for-byte what the CLI printed, imported the way a user imports them.
 *
 * Import settings: exactly what a user picks in LibreOffice's Text Import dialog for our files —
 * separator `,`, text delimiter `"`, character set UTF-8, from line 1 — and the defaults for the
 * rest (formulas are evaluated, ISO dates recognised, `'` is not special). They are given with
 * `--infilter`, because headless LibreOffice without options reads a CSV as Latin-1 (even with a
 * byte-order mark), unlike the dialog. The locale is pinned to en-US so `.` is the decimal point
 * whatever the machine's LANG is (a de-DE locale reads `1234.50` as text: see README).
 *
 * If `soffice` cannot be found, {@link findSoffice} throws: the spreadsheet tests fail, never skip.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, beforeEach } from 'vitest';

/**
 * Time allowed for a test file's setup (CLI runs + one LibreOffice batch). About 15 s on a quiet
 * 2-core machine; generous because a loaded CI machine can be several times slower, and a timeout
 * would read as a failure of the numbers.
 */
export const SETUP_TIMEOUT_MS = 300_000;

/**
 * Runs a test file's expensive setup (CLI runs, one LibreOffice batch) once, and turns a failure
 * of it (soffice missing, the CLI failing) into a failure of every test of the file. A throwing
 * `beforeAll` alone leaves the tests marked "skipped" in vitest's JSON results; the spreadsheet
 * tests must fail, never skip.
 */
export function setUpOnce(setup: () => Promise<void> | void): void {
  let failure: { error: unknown } | undefined;
  beforeAll(async () => {
    try {
      await setup();
    } catch (error) {
      failure = { error };
    }
  }, SETUP_TIMEOUT_MS);
  beforeEach(() => {
    if (failure !== undefined) throw failure.error;
  });
}

/** The CSV import options: separator 44 (`,`), text delimiter 34 (`"`), charset 76 (UTF-8), line 1. */
export const CSV_IMPORT_FILTER = 'Text - txt - csv (StarCalc):44,34,76,1';
/**
 * The CSV export options: as above, language 1033 (en-US), text cells quoted only when needed,
 * cell contents "as shown" (numbers in General format: up to 15 significant digits).
 */
export const CSV_EXPORT_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,false,true';

/** Where to look for `soffice`: the PATH and the usual install directories (overridable for tests). */
export interface SofficeSearch {
  /** an explicit soffice (default: the CHIPSFOREQUITY_SOFFICE environment variable); `''`: none */
  chosen?: string;
  path?: string;
  fallbacks?: readonly string[];
}

const SOFFICE_FALLBACKS = ['/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice', '/opt/libreoffice/program/soffice'];

/** Where `soffice` is, or an Error telling how to install it (tests must fail, not skip). */
export function findSoffice(search: SofficeSearch = {}): string {
  // an explicit choice (also how to check that the suite fails without LibreOffice)
  const chosen = search.chosen ?? process.env['CHIPSFOREQUITY_SOFFICE'];
  if (chosen !== undefined && chosen !== '') {
    if (existsSync(chosen)) return chosen;
    throw new Error(`LibreOffice (soffice) was not found at CHIPSFOREQUITY_SOFFICE=${chosen}`);
  }
  const pathVariable = search.path ?? process.env['PATH'] ?? '';
  for (const dir of pathVariable.split(delimiter)) {
    if (dir === '') continue;
    for (const name of ['soffice', 'libreoffice']) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
  }
  for (const path of search.fallbacks ?? SOFFICE_FALLBACKS) {
    if (existsSync(path)) return path;
  }
  throw new Error(
    'LibreOffice (soffice) was not found on PATH: the spreadsheet tests need it. ' +
      'Install it with `apt-get install --no-install-recommends libreoffice-calc-nogui` (.ci/system-deps does).',
  );
}

/** One file for LibreOffice to read: a unique base name (no extension) and its CSV text. */
export interface SheetInput {
  name: string;
  csv: string;
}

/**
 * Has LibreOffice import every CSV (one `soffice` process for the whole batch: a start costs
 * 2-4 s), recalculate, and export each again as CSV. Returns the exported text by input name.
 * A throwaway user profile keeps runs (and parallel test files) from sharing state.
 */
export function recalculateWithLibreOffice(inputs: readonly SheetInput[]): Map<string, string> {
  const soffice = findSoffice();
  const names = new Set(inputs.map((i) => i.name));
  if (names.size !== inputs.length) throw new Error('recalculateWithLibreOffice: input names must be unique');
  const work = mkdtempSync(join(tmpdir(), 'chipsforequity-lo-'));
  try {
    const inDir = join(work, 'in');
    const outDir = join(work, 'out');
    const profile = join(work, 'profile');
    mkdirSync(inDir);
    mkdirSync(outDir);
    const files = inputs.map((input) => {
      if (!/^[A-Za-z0-9_-]+$/.test(input.name)) throw new Error(`sheet name ${input.name}: letters, digits, _ and - only`);
      const file = join(inDir, `${input.name}.csv`);
      writeFileSync(file, input.csv, 'utf8');
      return file;
    });
    const result = spawnSync(
      soffice,
      [
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        '--headless',
        '--norestore',
        `--infilter=${CSV_IMPORT_FILTER}`,
        '--convert-to',
        CSV_EXPORT_FILTER,
        '--outdir',
        outDir,
        ...files,
      ],
      {
        encoding: 'utf8',
        timeout: 180_000,
        env: { ...process.env, LC_ALL: 'en_US.UTF-8', LANG: 'en_US.UTF-8', LANGUAGE: 'en_US', HOME: work },
      },
    );
    if (result.error) throw new Error(`soffice could not run: ${result.error.message}`);
    const outputs = new Map<string, string>();
    for (const file of files) {
      const out = join(outDir, basename(file));
      if (!existsSync(out)) {
        throw new Error(
          `LibreOffice did not convert ${basename(file)} (exit ${result.status}):\n${result.stdout}\n${result.stderr}`,
        );
      }
      outputs.set(basename(file, '.csv'), readFileSync(out, 'utf8'));
    }
    return outputs;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Reads CSV as LibreOffice writes it (RFC 4180 quoting, LF or CRLF record ends, the last record
 * possibly without one) and as we write it. Independent of src/report on purpose.
 */
export function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') {
      quoted = true;
      fieldStarted = true;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      fieldStarted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      fieldStarted = false;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (fieldStarted || field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Column letters of a 0-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** A1-style range of one column between two 1-based rows, e.g. `I2:I21`. */
export function columnRange(index: number, firstRow: number, lastRow: number): string {
  const letters = columnLetters(index);
  return `${letters}${firstRow}:${letters}${lastRow}`;
}

/**
 * One CSV record of formula cells, given without their `=` (`SUM(A2:A9)`); `''` is an empty cell.
 * Each is quoted, since formulas hold `;`, `,` and `"`.
 */
export function formulaRecord(formulas: readonly string[]): string {
  return formulas.map((f) => (f === '' ? '' : `"=${f.replace(/"/g, '""')}"`)).join(',') + '\r\n';
}

/** `DATE(y;m;d)` for an ISO date, for formulas. */
export function dateFormula(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new Error(`not an ISO date: ${iso}`);
  return `DATE(${Number(match[1])};${Number(match[2])};${Number(match[3])})`;
}
