/**
 * The 330-bit binary floats behind growthFactor (src/money/binary-float.ts): each operation
 * truncates to 330 bits, and a power rounded to 60 digits from them is the correctly rounded
 * 60-digit value — checked against decimal.js at 150 digits, at everyday and extreme bases.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Decimal as DecimalJs } from 'decimal.js';
import { MANTISSA_BITS, add, decimalDigits, divide, fromDouble, fromRatio, integerPowerOf, multiply, type BinaryFloat } from '../../src/money/binary-float.js';
import { dec } from '../../src/money/index.js';
import { growthFactor } from '../../src/engine/index.js';

const Wide = DecimalJs.clone({ precision: 150, rounding: DecimalJs.ROUND_HALF_EVEN });
const TWO = new Wide(2);

/** The exact value of a binary float in the 150-digit reference. */
function wideOf(a: BinaryFloat): InstanceType<typeof Wide> {
  return new Wide(a.m.toString()).times(TWO.pow(a.e));
}

/** |x − y| / |y| in the reference. */
function relative(x: InstanceType<typeof Wide>, y: InstanceType<typeof Wide>) {
  return x.minus(y).div(y).abs();
}

const positive = fc.bigInt({ min: 1n, max: 10n ** 40n });
const BOUND = TWO.pow(-(MANTISSA_BITS - 2));

describe('binary float arithmetic', () => {
  test('fromRatio, multiply, divide and add truncate to the mantissa (relative error < 2^-328)', () => {
    fc.assert(
      fc.property(positive, positive, positive, positive, (a, b, c, d) => {
        const x = fromRatio(a, b);
        const y = fromRatio(c, d);
        const ex = new Wide(a.toString()).div(b.toString());
        const ey = new Wide(c.toString()).div(d.toString());
        for (const v of [x, y, multiply(x, y), divide(x, y), add(x, y)]) {
          expect(v.m >= 1n << BigInt(MANTISSA_BITS - 1) && v.m < 1n << BigInt(MANTISSA_BITS)).toBe(true);
        }
        expect(relative(wideOf(x), ex).lt(BOUND)).toBe(true);
        expect(relative(wideOf(multiply(x, y)), ex.times(ey)).lt(BOUND.times(4))).toBe(true);
        expect(relative(wideOf(divide(x, y)), ex.div(ey)).lt(BOUND.times(4))).toBe(true);
        expect(relative(wideOf(add(x, y)), ex.plus(ey)).lt(BOUND.times(4))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test('fromDouble is exact; integer powers and the decimal digits agree with the reference', () => {
    // 0.1 as a double is 3602879701896397 / 2^55 exactly
    expect(wideOf(fromDouble(0.1)).eq(new Wide(3602879701896397).div(TWO.pow(55)))).toBe(true);
    // 1.5^7 = 17.0859375 exactly: a few truncations, far below a digit of the 60 shown
    const p = integerPowerOf(fromRatio(3n, 2n), 7);
    expect(relative(wideOf(p), new Wide('17.0859375')).lt(BOUND.times(16))).toBe(true);
    const { digits, exponent } = decimalDigits(p, 64);
    expect(digits.toString().length).toBeGreaterThanOrEqual(64);
    expect(new Wide(`${digits}e${exponent}`).toSignificantDigits(20).toString()).toBe('17.0859375');
  });
});

describe('growthFactor: base^(days/365), correctly rounded to 60 digits', () => {
  /** The reference: decimal.js pow at 150 digits, rounded half-even to 60. */
  const reference = (base: string, days: number) =>
    new Wide(base).pow(new Wide(days).div(365)).toSignificantDigits(60, DecimalJs.ROUND_HALF_EVEN);
  /** ours equals the reference digit for digit (both at most 60 significant digits) */
  const same = (base: string, days: number) => {
    const ours = new Wide(growthFactor(dec(base), days).toFixed());
    const expected = reference(base, days);
    return ours.eq(expected) ? 'same' : `${ours.toString()} vs ${expected.toString()}`;
  };

  test('random bases and days (discount factors, cagr prices, unit-price curves)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3_000_000 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: -20_000, max: 20_000 }).filter((d) => d % 365 !== 0),
        (digits, scale, days) => {
          const base = new Wide(digits).div(new Wide(10).pow(scale)).toString();
          expect(same(base, days)).toBe('same');
        },
      ),
      { numRuns: 300 },
    );
  });

  test('extreme bases beyond a double seed (1e-200, 1e200) and a base next to 1', () => {
    for (const [base, days] of [
      ['1e-200', 100],
      ['1e200', 7],
      ['0.000001', 3000],
      ['1.0000000001', 1],
      ['123456789012345', 9999],
    ] as const) {
      expect(same(base, days)).toBe('same');
    }
  });
});
