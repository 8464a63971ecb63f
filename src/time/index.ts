/**
 * Calendar days without time zones. A {@link Day} is the number of days since 1970-01-01 in the
 * proleptic Gregorian calendar, so no local time zone or locale can leak into dates (SPEC §3 works
 * in whole days; Actual/365 Fixed year fractions).
 */
import { Decimal } from '../money/index.js';

/** Days since 1970-01-01. Always an integer. */
export type Day = number;

export type Step = 'month' | 'quarter' | 'year';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days from civil date (Howard Hinnant's algorithm), month 1..12. */
export function dayFromCivil(year: number, month: number, dayOfMonth: number): Day {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + dayOfMonth - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day: [year, month 1..12, day 1..31]. */
export function civilFromDay(day: Day): [number, number, number] {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/**
 * Parses `YYYY-MM-DD`, refusing impossible dates such as 2026-02-30. Years 1..9999 only.
 * Returns undefined when the text is not a real ISO date.
 */
export function parseIsoDate(text: string): Day | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const dayOfMonth = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || dayOfMonth < 1) return undefined;
  if (dayOfMonth > daysInMonth(year, month)) return undefined;
  return dayFromCivil(year, month, dayOfMonth);
}

/** `YYYY-MM-DD` of a day. */
export function formatDay(day: Day): string {
  const [y, m, d] = civilFromDay(day);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Day of month (1..31). */
export function dayOfMonth(day: Day): number {
  return civilFromDay(day)[2];
}

/** Adds whole months to a day that is the first of a month (the only case SPEC needs). */
export function addMonths(day: Day, months: number): Day {
  const [y, m, d] = civilFromDay(day);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  return dayFromCivil(year, month, Math.min(d, daysInMonth(year, month)));
}

export const MONTHS_PER_STEP: Record<Step, number> = { month: 1, quarter: 3, year: 12 };

/** One period of the timeline (SPEC §3 "Periods"). */
export interface Period {
  /** 1..n */
  index: number;
  /** first day of the period */
  first: Day;
  /** end date e_k: the last day of the period; bookings land here */
  end: Day;
  /** days_in_period = end - first + 1 */
  days: number;
}

/**
 * SPEC §3: period k runs from `start + (k-1)*step` to the day before `start + k*step`.
 */
export function periodSchedule(start: Day, periods: number, step: Step): Period[] {
  const months = MONTHS_PER_STEP[step];
  const schedule: Period[] = [];
  for (let k = 1; k <= periods; k++) {
    const first = addMonths(start, (k - 1) * months);
    const next = addMonths(start, k * months);
    schedule.push({ index: k, first, end: next - 1, days: next - first });
  }
  return schedule;
}

const DAYS_PER_YEAR = new Decimal(365);

/** SPEC §3 year fraction yf(a, b) = (b - a) / 365, Actual/365 Fixed, negative when b < a. */
export function yearFraction(from: Day, to: Day): Decimal {
  return new Decimal(to - from).div(DAYS_PER_YEAR);
}
