/**
 * A binary floating-point number on BigInt with a fixed 330-bit mantissa (~99 significant digits),
 * for the one place the model needs a non-integer power (src/engine/curves.ts `growthFactor`):
 * the daily root of a growth base and its binary powers. SPEC §3 allows such powers to be
 * approximations if they carry at least 40 digits; these are rounded to the money door's 60 from
 * ~99, so every guard digit of the 90-digit decimal.js computation they replace is kept, at a
 * fraction of its cost (a 330-bit BigInt product and a shift instead of decimal.js's base-10^7
 * word loops).
 *
 * value = m × 2^e with m > 0 normalised to exactly the bits of its width ({@link MANTISSA_BITS}
 * unless a narrower {@link Width} is passed). Every operation truncates (rounds toward zero) to
 * that width: deterministic, so a power depends only on its inputs, never on the order of calls.
 */

/** Bits of a full mantissa (the width every result is used at). */
export const MANTISSA_BITS = 330;

/**
 * A mantissa width and its bounds. Newton's early steps need only a fraction of the digits, so
 * they run narrower (BigInt products cost about the square of the width).
 */
export interface Width {
  readonly bits: number;
  readonly b: bigint;
  readonly low: bigint;
  readonly high: bigint;
  /** 2^(2·bits − 1): a product of two mantissas at least this has 2·bits bits */
  readonly top: bigint;
}

const widths = new Map<number, Width>();

/** The width of `bits` bits (memoised). */
export function width(bits: number): Width {
  let w = widths.get(bits);
  if (w === undefined) {
    const b = BigInt(bits);
    w = { bits, b, low: 1n << (b - 1n), high: 1n << b, top: 1n << (2n * b - 1n) };
    widths.set(bits, w);
  }
  return w;
}

/** The full width, {@link MANTISSA_BITS}. */
export const FULL = width(MANTISSA_BITS);

export interface BinaryFloat {
  /** the mantissa, of exactly the width it was made at */
  readonly m: bigint;
  /** the binary exponent */
  readonly e: number;
}

/** The number of bits of a positive BigInt. */
export function bitLength(n: bigint): number {
  const hex = n.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0]!, 16)));
}

/** m × 2^e normalised to the width (m > 0). */
function normalised(m: bigint, e: number, w: Width): BinaryFloat {
  if (m >= w.low && m < w.high) return { m, e };
  // one bit over or under is the common case (a sum, a quotient): no length to measure
  if (m >= w.high && m < w.high << 1n) return { m: m >> 1n, e: e + 1 };
  const shift = bitLength(m) - w.bits;
  return shift > 0 ? { m: m >> BigInt(shift), e: e + shift } : { m: m << BigInt(-shift), e: e + shift };
}

/** `a` truncated (or widened with zeros) to the width `w`, from the width `from`. */
export function toWidth(a: BinaryFloat, from: Width, w: Width): BinaryFloat {
  const shift = from.bits - w.bits;
  return shift >= 0 ? { m: a.m >> BigInt(shift), e: a.e + shift } : { m: a.m << BigInt(-shift), e: a.e + shift };
}

/** The positive fraction num / den (num, den > 0) truncated to a binary float. */
export function fromRatio(num: bigint, den: bigint, w: Width = FULL): BinaryFloat {
  if (num <= 0n || den <= 0n) throw new RangeError('binary float: only positive values');
  // num × 2^s / den with s chosen so the quotient has at least w.bits bits
  const s = w.bits + 1 + bitLength(den) - bitLength(num);
  const q = s >= 0 ? (num << BigInt(s)) / den : num / (den << BigInt(-s));
  return normalised(q, -s, w);
}

const DOUBLE = new Float64Array(1);
const DOUBLE_BITS = new BigUint64Array(DOUBLE.buffer);

/** A positive, finite, normal double exactly (its 53-bit significand and exponent). */
export function fromDouble(x: number, w: Width = FULL): BinaryFloat {
  if (!(x > 0 && Number.isFinite(x))) throw new RangeError('binary float: only positive finite doubles');
  DOUBLE[0] = x;
  const bits = DOUBLE_BITS[0]!;
  const biased = Number((bits >> 52n) & 0x7ffn);
  if (biased === 0) return fromRatio(BigInt(Math.round(x * 2 ** 1074)), 1n << 1074n, w);
  return normalised((bits & ((1n << 52n) - 1n)) | (1n << 52n), biased - 1075, w);
}

/** a × b. */
export function multiply(a: BinaryFloat, b: BinaryFloat, w: Width = FULL): BinaryFloat {
  const m = a.m * b.m;
  // the product of two mantissas of w.bits bits has 2·w.bits − 1 or 2·w.bits bits
  return m >= w.top ? { m: m >> w.b, e: a.e + b.e + w.bits } : { m: m >> (w.b - 1n), e: a.e + b.e + w.bits - 1 };
}

/** a / b. */
export function divide(a: BinaryFloat, b: BinaryFloat, w: Width = FULL): BinaryFloat {
  // (a.m × 2^bits) / b.m lies in (2^(bits−1), 2^(bits+1))
  return normalised((a.m << w.b) / b.m, a.e - b.e - w.bits, w);
}

/** a + b. */
export function add(a: BinaryFloat, b: BinaryFloat, w: Width = FULL): BinaryFloat {
  if (a.e < b.e) [a, b] = [b, a];
  const gap = a.e - b.e;
  if (gap > w.bits + 2) return a;
  // align b to a's exponent (truncating b's lowest bits), then one normalisation
  return normalised(a.m + (b.m >> BigInt(gap)), a.e, w);
}

/** a / n for a small whole n > 0. */
export function divideSmall(a: BinaryFloat, n: number, w: Width = FULL): BinaryFloat {
  return normalised((a.m << 16n) / BigInt(n), a.e - 16, w);
}

/** a × n for a small whole n > 0. */
export function multiplySmall(a: BinaryFloat, n: number, w: Width = FULL): BinaryFloat {
  return normalised(a.m * BigInt(n), a.e, w);
}

/** a^n for a whole n ≥ 1 by repeated squaring. */
export function integerPowerOf(a: BinaryFloat, n: number, w: Width = FULL): BinaryFloat {
  let result: BinaryFloat | undefined;
  let square = a;
  while (n > 0) {
    if (n & 1) result = result === undefined ? square : multiply(result, square, w);
    n = Math.floor(n / 2);
    if (n > 0) square = multiply(square, square, w);
  }
  return result!;
}

/**
 * The value's leading decimal digits as `{ digits, exponent }` with value ≈ digits × 10^exponent
 * (truncated), `digits` holding at least `significant` digits: for the one rounding to decimal.
 */
export function decimalDigits(a: BinaryFloat, significant: number): { digits: bigint; exponent: number } {
  // log10(value) ≈ (MANTISSA_BITS + e) × log10(2); keep `significant` + 3 digits
  const magnitude = Math.floor((MANTISSA_BITS + a.e) * Math.LOG10E * Math.LN2);
  const k = significant + 3 - magnitude;
  let num = a.m;
  let den = 1n;
  if (k >= 0) num *= 10n ** BigInt(k);
  else den *= 10n ** BigInt(-k);
  if (a.e >= 0) num <<= BigInt(a.e);
  else den <<= BigInt(-a.e);
  return { digits: num / den, exponent: -k };
}
