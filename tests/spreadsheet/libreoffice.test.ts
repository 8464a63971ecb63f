/**
 * The LibreOffice helper itself, on inputs whose answers are computed by hand below, so that the
 * scenario tests can trust what comes back: formulas in CSV are evaluated, XNPV discounts to the
 * first date with Actual/365 (also for dates before it), ISO dates import as dates, UTF-8 survives,
 * and a missing soffice is an error (the suite fails rather than skips).
 */
import { describe, expect, it } from 'vitest';
import { columnLetters, dateFormula, findSoffice, formulaRecord, readCsv, recalculateWithLibreOffice, SETUP_TIMEOUT_MS } from './libreoffice.js';

describe('LibreOffice helper', () => {
  it('finds soffice on this machine (the spreadsheet tests fail without it)', () => {
    expect(findSoffice()).toMatch(/(soffice|libreoffice)$/);
  });

  it('throws, never skips, when soffice is absent', () => {
    expect(() => findSoffice({ chosen: '', path: '', fallbacks: [] })).toThrow(/LibreOffice \(soffice\) was not found/);
  });

  it('names columns like a spreadsheet', () => {
    expect([0, 8, 25, 26, 27, 51, 52].map(columnLetters)).toEqual(['A', 'I', 'Z', 'AA', 'AB', 'AZ', 'BA']);
  });

  it('reads CSV with CRLF, LF, quotes and a last record without a line end', () => {
    expect(readCsv('a,"b,""c"""\r\n1,\n"x\ny",2')).toEqual([
      ['a', 'b,"c"'],
      ['1', ''],
      ['x\ny', '2'],
    ]);
  });

  it('has LibreOffice evaluate formulas appended to a CSV, with Actual/365 XNPV', () => {
    const csv =
      'date,amount,label\r\n' +
      '2026-01-01,0,café — Ü\r\n' + // the valuation date, a zero flow first
      '2027-01-01,1000.00,a\r\n' + // 365 days later
      '2025-01-01,100.00,b\r\n' + // 365 days before the first date
      formulaRecord(['SUM(B2:B4)', 'XNPV(0.1;B2:B4;A2:A4)', 'LEN(C2)']) +
      formulaRecord(['COUNT(A2:A4)', 'A3-A2', 'ISTEXT(C2)']);
    const out = readCsv(recalculateWithLibreOffice([{ name: 'calibration', csv }]).get('calibration')!);
    expect(out).toHaveLength(6);
    // the records LibreOffice imported come back as written (ISO dates keep their format)
    expect(out[1]).toEqual(['2026-01-01', '0', 'café — Ü']);
    expect(out[2]).toEqual(['2027-01-01', '1000', 'a']);
    const [sum, xnpv, length] = out[4]!.map(Number);
    // 0 + 1000.00 + 100.00
    expect(sum).toBe(1100);
    // 1000 / 1.1^(365/365) + 100 / 1.1^(-365/365) = 909.0909090909... + 110 = 1019.0909090909...
    expect(xnpv).toBeCloseTo(1000 / 1.1 + 110, 8);
    // "café — Ü" is 8 characters when read as UTF-8 (12 if misread as Latin-1)
    expect(length).toBe(8);
    // three numeric dates; 2027-01-01 - 2026-01-01 = 365 days; the label is text
    expect(out[5]!.slice(0, 2)).toEqual(['3', '365']);
    expect(['TRUE', '1']).toContain(out[5]![2]);
  }, SETUP_TIMEOUT_MS);

  it('writes DATE() for an ISO date', () => {
    expect(dateFormula('2026-02-24')).toBe('DATE(2026;2;24)');
  });
});
