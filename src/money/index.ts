/**
 * The one door to arithmetic (STYLE habit 1). This is the only module that imports decimal.js.
 *
 * SPEC §3: everything is decimal arithmetic with at least 40 significant digits; exactly two
 * roundings exist, both half-even: counts of accelerators to whole units ({@link roundUnits}) and
 * money to cents ({@link cents}). Nothing else in the code base rounds an amount.
 */
import { Decimal as DecimalJs } from 'decimal.js';
import { decimalDigits, type BinaryFloat } from './binary-float.js';

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
  const exact = exactValues.get(amount);
  if (exact !== undefined) return roundFraction(exact, 2);
  return amount.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
}

/** SPEC §3 count rounding: half-even to whole accelerators. The only rounding of counts. */
export function roundUnits(count: Decimal): Decimal {
  const exact = exactValues.get(count);
  if (exact !== undefined) return roundFraction(exact, 0);
  return count.toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN);
}

/**
 * SPEC §3 `effective_discount`: half-even to 6 decimals. Named here so the rounding stays in the
 * one door, not in the engine.
 */
export function roundRatio(ratio: Decimal): Decimal {
  const exact = exactValues.get(ratio);
  if (exact !== undefined) return roundFraction(exact, 6);
  return ratio.toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN);
}

// ---- exact fractions behind rounded decimals --------------------------------------------------
//
// SPEC §3: "multiplications first and one division last", "only non-integer powers are
// approximations". A value such as P(t) = (p0·(d1−t) + p1·(t−d0)) / (d1−d0), a price over a whole
// number of years (7.5^−1) or a discount factor 6^−1 is a fraction with no finite decimal form;
// held as a 60-digit Decimal and multiplied afterwards it loses an exact half cent (1/7.5 × 15 =
// 1.99999…). So such a Decimal carries its exact value as a BigInt fraction `num / den` on the side
// (a WeakMap keyed by the very Decimal object): {@link product}, {@link quotient} and
// {@link exactSum} propagate it, and {@link cents}, {@link roundUnits} and {@link roundRatio} round
// the fraction, not the 60 digits. A Decimal without a fraction is its own exact value (every
// finite Decimal is a terminating fraction), except one with {@link ROUNDED_DIGITS} or more
// significant digits: that is a 60-digit rounding — a non-integer power, which SPEC allows to be
// an approximation, or a value computed from one — and is computed on as it stands.

/** An exact rational `num / den`, den > 0. */
export interface Fraction {
  readonly num: bigint;
  readonly den: bigint;
}

const exactValues = new WeakMap<Decimal, Fraction>();
const PRECISION = 60;
/**
 * A Decimal with this many significant digits or more is taken to be rounded (a 60-digit power or
 * product), not an exact input: no scenario number has 50 significant digits (they are at most
 * 1e15 in size), and a 60-digit rounding has fewer than 50 only when ten digits in a row are 0.
 */
export const ROUNDED_DIGITS = 50;
const TEN_POWERS: bigint[] = [1n];

function tenTo(n: number): bigint {
  while (TEN_POWERS.length <= n) TEN_POWERS.push(TEN_POWERS[TEN_POWERS.length - 1]! * 10n);
  return TEN_POWERS[n]!;
}

/**
 * The exact value of a finite Decimal as a fraction with a power-of-ten denominator, read from
 * decimal.js's digits (base-10^7 words `d`, exponent `e`, sign `s`) without formatting it.
 */
export function decimalFraction(value: Decimal): Fraction {
  const words = value.d;
  if (words === undefined || words === null || words.length === 0 || words[0] === 0) return { num: 0n, den: 1n };
  let digits = String(words[0]);
  for (let i = 1; i < words.length; i++) digits += String(words[i]).padStart(7, '0');
  // value = digits × 10^(e − (digits.length − 1))
  const shift = value.e - (digits.length - 1);
  let num = BigInt(digits);
  if (value.s < 0) num = -num;
  return shift >= 0 ? { num: num * tenTo(shift), den: 1n } : { num, den: tenTo(-shift) };
}

/** The exact value a Decimal stands for: its fraction when it carries one, else itself. */
export function exactValue(value: Decimal): Fraction {
  const carried = exactValues.get(value);
  if (carried !== undefined) return carried;
  let read = readFractions.get(value);
  if (read === undefined) readFractions.set(value, (read = decimalFraction(value)));
  return read;
}

/** {@link decimalFraction} of the Decimals read more than once (scenario inputs, discount factors). */
const readFractions = new WeakMap<Decimal, Fraction>();

/** True when `value` stands for a fraction it cannot hold in 60 digits (see {@link withExactValue}). */
export function hasExactValue(value: Decimal): boolean {
  return exactValues.has(value);
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function reduced(num: bigint, den: bigint): Fraction {
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  if (den === 1n) return { num, den };
  const g = gcd(num, den);
  return g === 1n || g === 0n ? { num, den } : { num: num / g, den: den / g };
}

/** `num / den` rounded half-even to `places` decimals, as a Decimal (exact: BigInt division). */
export function roundFraction(f: Fraction, places: number): Decimal {
  return decimalOfScaled(roundScaled(f, places), places);
}

/** The fraction as a Decimal rounded to the clone's 60 digits, carrying the fraction when inexact. */
export function fromFraction(f: Fraction): Decimal {
  const g = reduced(f.num, f.den);
  const rounded = new Decimal(g.num.toString()).div(g.den.toString());
  if (g.den !== 1n) {
    // a terminating fraction that fits 60 digits needs no side value: the Decimal is exact
    const back = decimalFraction(rounded);
    if (back.num * g.den !== g.num * back.den) exactValues.set(rounded, g);
  }
  return rounded;
}

/**
 * Marks `rounded` as standing for the exact `fraction` (its 60-digit rounding) and returns it. For
 * a curve value with no finite 60-digit form (a linear segment, a whole-year power).
 */
export function withExactValue(rounded: Decimal, fraction: Fraction): Decimal {
  exactValues.set(rounded, reduced(fraction.num, fraction.den));
  return rounded;
}

/**
 * `a × b` for the formulas of SPEC §3: the Decimal product, carrying the exact product when either
 * factor carries a fraction or the product of two exact values needs more than the clone's 60
 * digits. A factor with {@link ROUNDED_DIGITS} digits is already rounded: the plain product.
 */
export function product(a: Decimal, b: Decimal | number): Decimal {
  const bd = typeof b === 'number' ? new Decimal(b) : b;
  const result = a.times(bd);
  const fa = exactValues.get(a);
  const fb = exactValues.get(bd);
  if (fa === undefined && fb === undefined) {
    const sa = a.sd();
    const sb = bd.sd();
    if (sa + sb <= PRECISION || sa >= ROUNDED_DIGITS || sb >= ROUNDED_DIGITS) return result;
  }
  const x = fa ?? decimalFraction(a);
  const y = fb ?? decimalFraction(bd);
  exactValues.set(result, reduced(x.num * y.num, x.den * y.den));
  return result;
}

/** `a / b`, the one division last of a SPEC §3 formula: exact as a fraction behind the Decimal. */
export function quotient(a: Decimal, b: Decimal | number): Decimal {
  const bd = typeof b === 'number' ? new Decimal(b) : b;
  if (!exactValues.has(a) && !exactValues.has(bd) && (a.sd() >= ROUNDED_DIGITS || bd.sd() >= ROUNDED_DIGITS)) return a.div(bd);
  const x = exactValue(a);
  const y = exactValue(bd);
  return fromFraction({ num: x.num * y.den, den: x.den * y.num });
}

/**
 * `a + b` (and so any sum of SPEC §3 terms): exact when either term carries a fraction. Plain
 * Decimals add as decimal.js adds them (exact for the cents and counts the engine sums).
 */
export function exactSum(a: Decimal, b: Decimal): Decimal {
  const result = a.plus(b);
  const fa = exactValues.get(a);
  const fb = exactValues.get(b);
  if (fa === undefined && fb === undefined) return result;
  const x = fa ?? decimalFraction(a);
  const y = fb ?? decimalFraction(b);
  const f = x.den === y.den ? reduced(x.num + y.num, x.den) : reduced(x.num * y.den + y.num * x.den, x.den * y.den);
  exactValues.set(result, f);
  return result;
}

/**
 * `base ^ n` for a whole n (positive or negative), exact: SPEC §3 "only non-integer powers are
 * approximations". The Decimal is the 60-digit rounding; it carries the fraction when inexact.
 */
export function integerPower(base: Decimal, n: number): Decimal {
  const f = exactValue(base);
  const e = BigInt(Math.abs(n));
  const num = f.num ** e;
  const den = f.den ** e;
  return n >= 0 ? fromFraction({ num, den }) : fromFraction({ num: den, den: num });
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
  const exact = exactValues.get(value);
  if (exact !== undefined) return roundFraction(exact, places).toFixed(places);
  return value.toFixed(places, Decimal.ROUND_HALF_EVEN);
}

/** `a ≥ b` compared exactly (SPEC §3: comparisons are exact), on the fractions when they carry one. */
export function atLeast(a: Decimal, b: Decimal): boolean {
  const fa = exactValues.get(a);
  const fb = exactValues.get(b);
  if (fa === undefined && fb === undefined) return a.gte(b);
  const x = fa ?? decimalFraction(a);
  const y = fb ?? decimalFraction(b);
  return x.num * y.den >= y.num * x.den;
}

// ---- integer cents --------------------------------------------------------------------------
//
// Every booked amount is a whole number of cents and every count a whole number, so bookings,
// totals, the metrics built from them and their text are integer arithmetic: BigInt, which has no
// range to overflow (±1e15 × 1,200 periods × 1,000 tranches is ~1e23 cents, and the PV sums hold
// ~80 digits). A value "scaled by `places`" is the integer v standing for v / 10^places: cents
// for money (2), millionths for a ratio (6), the count itself (0). Decimal is needed only before a
// rounding (a non-integer power, a division), and for the Decimals the report layer reads.

/** `f` rounded half-even to `places` decimals, as the integer scaled by `places` (exact). */
export function roundScaled(f: Fraction, places: number): bigint {
  return roundedQuotient(places === 0 ? f.num : f.num * tenTo(places), f.den);
}

/** `num / den` (den > 0) rounded half-even to an integer, exactly. */
export function roundedQuotient(num: bigint, den: bigint): bigint {
  if (den === 1n) return num;
  let q = num / den;
  let r = num % den;
  if (r < 0n) {
    q -= 1n;
    r += den;
  }
  const twice = 2n * r;
  if (twice > den || (twice === den && (q & 1n) === 1n)) q += 1n;
  return q;
}

/** `num / den` rounded half-even to an integer for a divisor of either sign (not 0). */
export function roundedQuotientSigned(num: bigint, den: bigint): bigint {
  return den < 0n ? roundedQuotient(-num, -den) : roundedQuotient(num, den);
}

/**
 * `(a₁ × a₂ × … ) / d` rounded half-even to `places` decimals in one exact step (SPEC §3:
 * multiplications first, one division last, one rounding): U(t) = round(GW(t) × units_per_gw),
 * B(t) = round(U(t) × amd.performance / baseline.performance). `d` must not be 0.
 */
export function roundedRatio(factors: readonly Exact[], divisor: Exact, places: number): Decimal {
  return decimalOfScaled(roundedRatioScaled(factors, divisor, places), places);
}

/** A value {@link roundedRatio} reads exactly: a Decimal (its fraction), a whole bigint or a whole number. */
export type Exact = Decimal | bigint | number;

/** {@link roundedRatio} as the integer scaled by `places` (integer cents for 2): for bookings. */
export function roundedRatioScaled(factors: readonly Exact[], divisor: Exact, places: number): bigint {
  let num = 1n;
  let den = 1n;
  for (const f of factors) {
    if (typeof f === 'bigint') num *= f;
    else if (typeof f === 'number') num *= BigInt(f);
    else {
      const x = exactValue(f);
      num *= x.num;
      den *= x.den;
    }
  }
  let dNum: bigint;
  let dDen = 1n;
  if (typeof divisor === 'bigint') dNum = divisor;
  else if (typeof divisor === 'number') dNum = BigInt(divisor);
  else ({ num: dNum, den: dDen } = exactValue(divisor));
  const scaled = places === 0 ? num * dDen : num * dDen * tenTo(places);
  return roundedQuotientSigned(scaled, den * dNum);
}

/**
 * The exact integer `value × 10^places` of a Decimal with at most `places` decimals (an amount in
 * whole cents, a whole count, a rounded ratio); a RangeError for any other value, so a stray
 * fraction of a cent can never be truncated silently.
 */
export function scaledOf(value: Decimal, places: number): bigint {
  const f = exactValue(value);
  const scaled = places === 0 ? f.num : f.num * tenTo(places);
  if (f.den === 1n) return scaled;
  if (scaled % f.den !== 0n) throw new RangeError(`${value.toFixed()} is not a whole multiple of 10^-${places}`);
  return scaled / f.den;
}

/** An amount in whole cents as integer cents (see {@link scaledOf}). */
export function centsOf(amount: Decimal): bigint {
  return scaledOf(amount, 2);
}

/** The Decimal of an integer scaled by `places` (cents -> dollars for 2). */
export function decimalOfScaled(value: bigint, places: number): Decimal {
  return new Decimal(places === 0 ? value.toString() : `${value}e-${places}`);
}

/**
 * The text of an integer scaled by `places`, exactly as {@link formatMoney} (2), {@link formatRatio}
 * (6) or {@link formatCount} (0) writes its Decimal: every place written, `.` as point, no sign on
 * zero. No Decimal is made.
 */
export function scaledText(value: bigint, places: number): string {
  if (places === 0) return value.toString();
  const negative = value < 0n;
  let digits = (negative ? -value : value).toString();
  if (digits.length <= places) digits = '0'.repeat(places - digits.length + 1) + digits;
  const cut = digits.length - places;
  return `${negative ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

/**
 * `a + b` exactly. A ledger's discount factors have power-of-ten denominators, so one usually
 * divides the other and no reduction is needed; otherwise the sum is reduced.
 */
export function addFractions(a: Fraction, b: Fraction): Fraction {
  if (a.den === b.den) return { num: a.num + b.num, den: a.den };
  if (b.num === 0n) return a;
  if (a.num === 0n) return b;
  if (a.den > b.den && a.den % b.den === 0n) return { num: a.num + b.num * (a.den / b.den), den: a.den };
  if (b.den > a.den && b.den % a.den === 0n) return { num: b.num + a.num * (b.den / a.den), den: b.den };
  return reduced(a.num * b.den + b.num * a.den, a.den * b.den);
}

/** `n × f` for an integer n (cents times a discount factor), exactly. */
export function scaleFraction(f: Fraction, n: bigint): Fraction {
  return { num: f.num * n, den: f.den };
}

export const ZERO_FRACTION: Fraction = { num: 0n, den: 1n };

/**
 * A binary float's value rounded half-even to the clone's 60 significant digits (from 64+ of its
 * leading digits): the one rounding of a non-integer power (src/engine/curves.ts).
 */
export function decimalOfBinaryFloat(value: BinaryFloat): Decimal {
  const { digits, exponent } = decimalDigits(value, PRECISION + 4);
  return new Decimal(`${digits}e${exponent}`).toSignificantDigits(PRECISION, Decimal.ROUND_HALF_EVEN);
}
