/**
 * The integer-cent layer of src/money (issue 13): bookings, totals, the metrics built from them and
 * their text are BigInt arithmetic. Checked against decimal.js at a precision far above any sum's
 * digits, on random values at the loader's extremes: amounts up to ±1e15 dollars, 1,200 periods,
 * 1,000 tranches — sums near 1.2e23 cents, well past 2^53 and 2^63, where a float or an int64 would
 * have overflowed or lost cents.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Decimal as DecimalJs } from 'decimal.js';
import {
  Decimal,
  addFractions,
  centsOf,
  decimalOfScaled,
  exactValue,
  formatMoney,
  formatRatio,
  roundScaled,
  roundedQuotient,
  scaleFraction,
  scaledOf,
  scaledText,
  ZERO_FRACTION,
} from '../../src/money/index.js';
import { addToTotals, emptyTotals, scaledToSummary, summarize, totalsToScaled, type Booking } from '../../src/engine/index.js';

/** decimal.js with room for every digit these tests make: no rounding happens in the reference. */
const Wide = DecimalJs.clone({ precision: 400, rounding: DecimalJs.ROUND_HALF_EVEN });

/** A whole number of cents up to ±1e15 dollars (±1e17 cents). */
const CENTS_1E15 = fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n });

/** `v / 10^places` in the wide reference. */
const wide = (v: bigint, places: number) => new Wide(v.toString()).div(new Wide(10).pow(places));

describe('text of integer cents, millionths and counts', () => {
  test('scaledText writes what formatMoney / formatRatio / formatCount write for the same Decimal', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }), (v) => {
        expect(scaledText(v, 2)).toBe(formatMoney(decimalOfScaled(v, 2)).replace(/^-(0\.00)$/, '$1'));
        expect(scaledText(v, 6)).toBe(formatRatio(decimalOfScaled(v, 6)).replace(/^-(0\.0+)$/, '$1'));
        expect(scaledText(v, 0)).toBe(v.toString());
      }),
      { numRuns: 2000 },
    );
  });

  test('hand cases: small values get their leading zeros, negatives keep the sign', () => {
    // 5 cents = 0.05; -7 cents = -0.07; 123456 millionths = 0.123456; 1 millionth = 0.000001
    expect(scaledText(5n, 2)).toBe('0.05');
    expect(scaledText(-7n, 2)).toBe('-0.07');
    expect(scaledText(0n, 2)).toBe('0.00');
    expect(scaledText(123456n, 6)).toBe('0.123456');
    expect(scaledText(-1n, 6)).toBe('-0.000001');
    expect(scaledText(6_403_817_392_155n, 2)).toBe('64038173921.55');
  });
});

describe('Decimals to integer cents and back', () => {
  test('centsOf reads any whole-cent Decimal exactly, and decimalOfScaled gives it back', () => {
    fc.assert(
      fc.property(CENTS_1E15, (c) => {
        const d = new Decimal(wide(c, 2).toFixed(2));
        expect(centsOf(d)).toBe(c);
        expect(decimalOfScaled(c, 2).eq(d)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  test('a fraction of a cent is refused, never truncated', () => {
    // 0.125 dollars is 12.5 cents: no whole number of cents
    expect(() => centsOf(new Decimal('0.125'))).toThrow(RangeError);
    expect(() => scaledOf(new Decimal('2.5'), 0)).toThrow(RangeError);
    expect(scaledOf(new Decimal('1e15'), 2)).toBe(10n ** 17n);
  });
});

describe('the one rounding: half-even on exact quotients', () => {
  test('roundedQuotient equals decimal.js half-even division, ties planted', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 20n }),
        fc.boolean(),
        (num, den, tie) => {
          // a planted tie: num / den = k + 1/2 exactly
          const n = tie ? num * 2n * den + den : num;
          const d = tie ? 2n * den : den;
          const expected = new Wide(n.toString()).div(d.toString()).toDecimalPlaces(0, DecimalJs.ROUND_HALF_EVEN);
          expect(roundedQuotient(n, d).toString()).toBe(expected.toFixed(0).replace(/^-0$/, '0'));
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('hand ties: 0.5 -> 0, 1.5 -> 2, 2.5 -> 2, -0.5 -> 0, -1.5 -> -2', () => {
    expect(roundedQuotient(1n, 2n)).toBe(0n);
    expect(roundedQuotient(3n, 2n)).toBe(2n);
    expect(roundedQuotient(5n, 2n)).toBe(2n);
    expect(roundedQuotient(-1n, 2n)).toBe(0n);
    expect(roundedQuotient(-3n, 2n)).toBe(-2n);
  });
});

/** A 60-digit discount factor in (0.3, 1.2), as the engine's growthFactor makes them. */
const discountFactor = fc
  .tuple(fc.integer({ min: 3, max: 11 }), fc.bigInt({ min: 0n, max: 10n ** 59n - 1n }))
  .map(([lead, rest]) => new Decimal(`${lead / 10}`).plus(new Decimal(`${rest}e-60`)));

const sides = ['amd', 'baseline', 'warrant'] as const;
const kindsOf = { amd: ['hardware', 'other_cost', 'energy'], baseline: ['hardware', 'other_cost', 'energy'], warrant: ['exercise', 'sale', 'tax'] } as const;

/** Random bookings over up to 1,200 periods with amounts up to ±1e15 dollars. */
const bookings = fc.array(
  fc.record({
    side: fc.constantFrom(...sides),
    kindIndex: fc.integer({ min: 0, max: 2 }),
    period: fc.integer({ min: 1, max: 1200 }),
    cents: CENTS_1E15,
    units: fc.bigInt({ min: 0n, max: 10n ** 12n }),
    factor: fc.oneof(discountFactor, fc.constant(new Decimal(1)), fc.constant(new Decimal('0.8'))),
  }),
  { minLength: 1, maxLength: 300 },
);

function toBooking(b: { side: Booking['side']; kindIndex: number; period: number; cents: bigint; units: bigint; factor: Decimal }): Booking {
  const kind = kindsOf[b.side][b.kindIndex]!;
  const booking: Booking = {
    date: b.period * 91,
    side: b.side,
    kind,
    label: 'x',
    period: b.period,
    amount: decimalOfScaled(b.cents, 2),
    cents: b.cents,
    discount_factor: b.factor,
  };
  if (kind === 'hardware' || b.side === 'warrant') {
    booking.units = new Decimal(b.units.toString());
    booking.count = b.units;
  }
  return booking;
}

describe('ledger totals in integer cents against decimal.js', () => {
  test('every total and PV equals a 400-digit decimal.js sum of the same rows, rounded once', () => {
    fc.assert(
      fc.property(bookings, (rows) => {
        const ledger = rows.map(toBooking);
        const s = totalsToScaled(addToTotals(emptyTotals(), ledger));
        const sumOf = (pick: (b: Booking) => boolean, negate = false) =>
          ledger.filter(pick).reduce((acc, b) => acc.plus(new Wide(b.amount.toFixed(2)).times(negate ? -1 : 1)), new Wide(0));
        const pvOf = (pick: (b: Booking) => boolean) =>
          ledger
            .filter(pick)
            .reduce((acc, b) => acc.plus(new Wide(b.amount.toFixed(2)).times(new Wide(b.discount_factor.toFixed()))), new Wide(0))
            .toDecimalPlaces(2, DecimalJs.ROUND_HALF_EVEN);
        const is = (side: string, kind: string) => (b: Booking) => b.side === side && b.kind === kind;
        const hw = sumOf(is('amd', 'hardware'));
        const gross = hw.plus(sumOf(is('amd', 'other_cost'))).plus(sumOf(is('amd', 'energy')));
        const proceeds = sumOf(is('warrant', 'sale'), true);
        const net = proceeds.minus(sumOf(is('warrant', 'exercise'))).minus(sumOf(is('warrant', 'tax')));
        const baseline = sumOf((b) => b.side === 'baseline');
        const text = (v: bigint) => scaledText(v, 2);
        const fixed = (w: InstanceType<typeof Wide>) => w.toFixed(2).replace(/^-(0\.00)$/, '$1');
        expect(text(s.amd_gross_cost)).toBe(fixed(gross));
        expect(text(s.warrant_net_value)).toBe(fixed(net));
        expect(text(s.amd_net_cost)).toBe(fixed(gross.minus(net)));
        expect(text(s.baseline_cost)).toBe(fixed(baseline));
        expect(text(s.savings)).toBe(fixed(baseline.minus(gross.minus(net))));
        expect(text(s.amd_net_cost_pv)).toBe(fixed(pvOf((b) => b.side !== 'baseline')));
        expect(text(s.baseline_cost_pv)).toBe(fixed(pvOf((b) => b.side === 'baseline')));
        expect(text(s.amd_gross_cost_pv)).toBe(fixed(pvOf((b) => b.side === 'amd')));
        const ratio = hw.isZero() ? new Wide(0) : net.div(hw).toDecimalPlaces(6, DecimalJs.ROUND_HALF_EVEN);
        expect(scaledText(s.effective_discount, 6)).toBe(ratio.toFixed(6).replace(/^-(0\.0+)$/, '$1'));
        const units = ledger.filter(is('amd', 'hardware')).reduce((acc, b) => acc + (b.count ?? 0n), 0n);
        expect(s.amd_units).toBe(units);
        const perUnit = units === 0n ? new Wide(0) : gross.minus(net).div(units.toString()).toDecimalPlaces(2, DecimalJs.ROUND_HALF_EVEN);
        expect(text(s.amd_net_cost_per_unit)).toBe(fixed(perUnit));
        // the Decimal reading is the same numbers
        const summary = scaledToSummary(s);
        expect(summary.savings.toFixed(2)).toBe(fixed(baseline.minus(gross.minus(net))).replace(/^0\.00$/, '0.00'));
        expect(summarize(ledger).amd_net_cost_pv.eq(summary.amd_net_cost_pv)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  test('1,000 tranches × 1,200 periods at 1e15: the totals pass 2^63 cents and stay exact', () => {
    // 1,200 × 1,000 bookings of 1e15 dollars = 1.2e21 dollars = 1.2e23 cents (2^63 ≈ 9.2e18)
    const rows: Booking[] = [];
    for (let period = 1; period <= 1200; period++) {
      for (let t = 0; t < 1000; t += 100) {
        rows.push(toBooking({ side: 'warrant', kindIndex: 1, period, cents: -(10n ** 17n) * 100n, units: 1n, factor: new Decimal('0.8') }));
      }
    }
    // 12,000 rows of −1e19 cents each (a sale of 1e17 dollars): proceeds 1.2e23 cents, PV 0.8 of it
    const s = totalsToScaled(addToTotals(emptyTotals(), rows));
    expect(s.warrant_sale_proceeds).toBe(12_000n * 10n ** 19n);
    expect(s.warrant_net_value).toBe(12n * 10n ** 22n);
    expect(s.amd_net_cost_pv).toBe(-(96n * 10n ** 21n));
    expect(s.warrant_sale_proceeds > 2n ** 63n).toBe(true);
  });
});

describe('exact fractions of the PV sums', () => {
  test('addFractions and scaleFraction are exact against decimal.js, mixed denominators included', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(CENTS_1E15, discountFactor, fc.integer({ min: 1, max: 12 })), { maxLength: 60 }), (terms) => {
        let sum = ZERO_FRACTION;
        let reference = new Wide(0);
        for (const [c, factor, k] of terms) {
          // every fourth term with a factor 1/k (a whole-year power such as 6^−1): not a decimal
          const f = k % 4 === 0 ? { num: 1n, den: BigInt(k) } : exactValue(factor);
          sum = addFractions(sum, scaleFraction(f, c));
          reference = reference.plus(new Wide(c.toString()).times(new Wide(f.num.toString()).div(f.den.toString())));
        }
        expect(scaledText(roundScaled(sum, 0), 0)).toBe(reference.toDecimalPlaces(0, DecimalJs.ROUND_HALF_EVEN).toFixed(0).replace(/^-0$/, '0'));
      }),
      { numRuns: 500 },
    );
  });
});
