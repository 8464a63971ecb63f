/**
 * Money that reads at a glance, for terminal tables only (issue 11): `$64.0B`, `$1.2M`,
 * `$266,667`, `-$5.2B`. csv, json and markdown always carry the exact cents, and `--exact` brings
 * them back to the terminal. Display only: nothing here books, totals or compares an amount.
 *
 * Rules (where SPEC is silent, chosen for a reader of a financial table):
 * - |amount| ≥ 1,000,000: one decimal of the largest of M (10^6), B (10^9), T (10^12) that keeps
 *   at least 1 in front of the point, rounded half-even (`63,976,065,591.82` → `$64.0B`); a value
 *   that rounds up to 1000.0 of a unit moves to the next unit (`999,960,000` → `$1.0B`).
 * - 1,000 ≤ |amount| < 1,000,000: whole currency units with thousands separators (`$266,667`).
 * - |amount| < 1,000: the cents (`$0.40`, `$999.50`); zero is `$0`.
 * - A negative amount starts with `-` before the symbol (`-$5.2B`), and stays red on a colour
 *   terminal, so a negative saving is marked twice.
 * - The symbol: `$` for USD, `€` for EUR, `£` for GBP, `¥` for JPY; any other label is written in
 *   front with a space (`CHF 64.0B`); no label, no symbol.
 */
import { dec, formatFixed, groupThousands, type Decimal } from '../money/index.js';

const SYMBOLS: Record<string, string> = { USD: '$', EUR: '€', GBP: '£', JPY: '¥' };

/**
 * Units from the largest, each with the smallest amount written in it: the amount from which the
 * next unit down would round to 1000.0 (`999,950,000` is `$1.0B`, not `$1,000.0M`).
 */
const UNITS: Array<[divisor: Decimal, from: Decimal, suffix: string]> = [
  [dec('1e12'), dec('999950000000'), 'T'],
  [dec('1e9'), dec('999950000'), 'B'],
  [dec('1e6'), dec('999999.5'), 'M'],
];
/** From here whole currency units are shown (999.995 would show as 1000.00 in cents). */
const WHOLE_FROM = dec('999.995');

/** The prefix money is written with for a currency label (`$` for USD, `CHF ` for CHF). */
export function currencyPrefix(currency: string | undefined): string {
  if (currency === undefined || currency === '') return '';
  return SYMBOLS[currency.toUpperCase()] ?? `${currency} `;
}

/** An amount of money as read at a glance (see the module comment for the rules). */
export function formatMoneyGlance(amount: Decimal, currency?: string): string {
  const prefix = currencyPrefix(currency);
  const size = amount.abs();
  const sign = amount.isNegative() && !amount.isZero() ? '-' : '';
  const unit = UNITS.find(([, from]) => size.gte(from));
  let body: string;
  if (unit !== undefined) body = `${groupThousands(formatFixed(size.div(unit[0]), 1))}${unit[2]}`;
  else if (size.gte(WHOLE_FROM)) body = groupThousands(formatFixed(size, 0));
  else body = formatFixed(size, 2);
  if (/^0(\.00)?$/.test(body)) return `${prefix}0`;
  return `${sign}${prefix}${body}`;
}
