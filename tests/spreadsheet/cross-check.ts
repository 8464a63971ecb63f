/**
 * Bookkeeping for the spreadsheet tests: each value LibreOffice computed, compared with ours, and
 * the summary line (how many values, the largest difference) the issue asks for.
 */
import { dec, type Decimal } from '../../src/money/index.js';

/** A value LibreOffice computed next to the value our CLI printed. */
export interface CrossCheck {
  what: string;
  ours: string;
  libreoffice: string;
  /** the largest |libreoffice - ours| accepted */
  tolerance: string;
}

/** One cent: XNPV / present values must agree within it (issue 7). */
export const ONE_CENT = '0.01';
/** Below half a cent: rounding LibreOffice's SUM to cents gives exactly our total. */
export const TO_THE_CENT = '0.00499';

export function difference(check: CrossCheck): Decimal {
  if (!/^-?\d+(\.\d+)?(E[+-]?\d+)?$/i.test(check.libreoffice)) {
    throw new Error(`${check.what}: LibreOffice returned ${JSON.stringify(check.libreoffice)}, not a number`);
  }
  return dec(check.libreoffice).minus(dec(check.ours)).abs();
}

/** The checks that fail, each as a line for an assertion message. */
export function failures(checks: readonly CrossCheck[]): string[] {
  return checks
    .filter((c) => {
      try {
        return difference(c).gt(dec(c.tolerance));
      } catch {
        return true;
      }
    })
    .map((c) => `${c.what}: ours ${c.ours}, LibreOffice ${c.libreoffice} (tolerance ${c.tolerance})`);
}

/** `N values cross-checked in LibreOffice, largest difference D (what)`. */
export function summaryLine(label: string, checks: readonly CrossCheck[]): string {
  let largest = dec(0);
  let where = '-';
  for (const c of checks) {
    const d = difference(c);
    if (d.gt(largest)) {
      largest = d;
      where = c.what;
    }
  }
  return `${label}: ${checks.length} values cross-checked in LibreOffice, largest difference ${largest.toString()} (${where})`;
}
