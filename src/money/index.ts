/**
 * The one door to arithmetic (STYLE habit 1). This is the only module that imports decimal.js.
 *
 * SPEC §3: everything is decimal arithmetic with at least 40 significant digits; exactly two
 * roundings exist, both half-even: counts of accelerators to whole units ({@link roundUnits}) and
 * money to cents ({@link cents}). Nothing else in the code base rounds an amount.
 */
import { Decimal as DecimalJs } from 'decimal.js';

/**
 * The configured Decimal clone: 60 significant digits (SPEC asks for >= 40; the extra digits keep
 * non-integer powers accurate well past the cent), half-even rounding, exponent range wide enough
 * for any value a scenario can hold.
 */
export const Decimal = DecimalJs.clone({
  precision: 60,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -100,
  toExpPos: 100,
  minE: -9e15,
  maxE: 9e15,
});
export type Decimal = InstanceType<typeof Decimal>;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);

/**
 * SPEC §2: a number is `[+-]?digits[.digits][(e|E)[+-]digits]` with single underscores allowed
 * between digits (`160_000_000`).
 */
export const NUMBER_PATTERN = /^[+-]?\d+(?:_\d+)*(?:\.\d+(?:_\d+)*)?(?:[eE][+-]?\d+(?:_\d+)*)?$/;

/** True when `text` is a number in SPEC §2's grammar. */
export function isDecimalText(text: string): boolean {
  return NUMBER_PATTERN.test(text);
}

/**
 * Reads a number exactly from its source text (never through a binary float).
 * Returns undefined when the text is not a SPEC §2 number, or when its exponent is so large or
 * small that it cannot be held exactly (beyond ±1e1000, which no scenario needs).
 */
export function parseDecimal(text: string): Decimal | undefined {
  const trimmed = text.trim();
  if (!NUMBER_PATTERN.test(trimmed)) return undefined;
  const value = new Decimal(trimmed.replace(/_/g, ''));
  if (!value.isFinite()) return undefined;
  if (!value.isZero() && (value.e > 1000 || value.e < -1000)) return undefined;
  return value;
}

/** Builds a Decimal from an integer or exact decimal literal known at compile time. */
export function dec(value: string | number | bigint): Decimal {
  return new Decimal(typeof value === 'bigint' ? value.toString() : value);
}

/** SPEC §3 money rounding: half-even to whole cents. The only rounding of money. */
export function cents(amount: Decimal): Decimal {
  return amount.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
}

/** SPEC §3 count rounding: half-even to whole accelerators. The only rounding of counts. */
export function roundUnits(count: Decimal): Decimal {
  return count.toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN);
}

/**
 * SPEC §3 `effective_discount`: half-even to 6 decimals. Named here so the rounding stays in the
 * one door, not in the engine.
 */
export function roundRatio(ratio: Decimal): Decimal {
  return ratio.toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN);
}

/** Exact sum of a list of decimals (0 for an empty list). */
export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/** Money as written in every format: exactly two decimals, `.` as point, no separators. */
export function formatMoney(amount: Decimal): string {
  return amount.toFixed(2);
}

/** A count as written in every format: an integer. */
export function formatCount(count: Decimal): string {
  return count.toFixed(0);
}

/** A ratio as written for `effective_discount`: always six decimals. */
export function formatRatio(ratio: Decimal): string {
  return ratio.toFixed(6);
}

/** A plain decimal with every significant digit, no exponent (used for inputs and prices). */
export function formatPlain(value: Decimal): string {
  return value.toFixed();
}

/** Groups the integer part with commas, for terminal tables only (`1234567.50` -> `1,234,567.50`). */
export function groupThousands(text: string): string {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const dot = body.indexOf('.');
  const intPart = dot === -1 ? body : body.slice(0, dot);
  const frac = dot === -1 ? '' : body.slice(dot);
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-' : '') + grouped + frac;
}

/** `base ** exponent` for a non-negative base; exact for integer exponents, >= 50 digits otherwise. */
export function power(base: Decimal, exponent: Decimal): Decimal {
  return base.pow(exponent);
}

/**
 * A decimal shown with exactly `places` decimals (half-even), for display of unrounded curve values
 * such as GW(t), P(t) or a discount factor. Display only: never used to book or total an amount.
 */
export function formatFixed(value: Decimal, places: number): string {
  return value.toFixed(places, Decimal.ROUND_HALF_EVEN);
}
