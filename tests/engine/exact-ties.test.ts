/**
 * SPEC §3 "multiplications first and one division last" and "only non-integer powers are
 * approximations", on exact half-cent ties where a value is divided (or raised to a negative
 * integer power) before it is multiplied: the engine must round the exact fraction, never its
 * 60-digit decimal. Each case shows the arithmetic, and why a 60-digit intermediate goes wrong.
 *
 * The timeline is makeScenario's unless said otherwise: 4 quarters from 2026-01-01, e_4 = 2026-12-31.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  Decimal,
  atLeast,
  cents,
  dec,
  decimalFraction,
  exactSum,
  exactValue,
  integerPower,
  product,
  quotient,
  roundUnits,
} from '../../src/money/index.js';
import { runModel } from '../../src/engine/index.js';
import { cagrPrice, day, makeScenario, oneOff, pointsPrice, tranche } from '../helpers/scenario-builders.js';

const money = (d: Decimal) => d.toFixed(2);

describe('(a) a linear share-price segment times shares', () => {
  test('P(e_4) = (0.02 × 2 + 0.015 × 1) / 3, 3 shares: proceeds 0.055 -> 0.06', () => {
    // points (2026-12-30, 0.02) and (2027-01-02, 0.015): d1 − d0 = 3 days; t = e_4 = 2026-12-31,
    // d1 − t = 2, t − d0 = 1, so P = (0.04 + 0.015) / 3 = 0.055 / 3 = 0.018333…
    // proceeds = cents(3 × 0.055 / 3) = cents(0.055) = 0.06 (half-even: 5 is odd, up to 6).
    // Divided first, P = 0.0183…33 (60 digits, rounded down) and 3 × P = 0.05499…99 -> 0.05.
    const r = runModel(
      makeScenario({
        share_price: pointsPrice([
          ['2026-01-01', '1'],
          ['2026-12-30', '0.02'],
          ['2027-01-02', '0.015'],
        ]),
        warrant: { tranches: [tranche(3)] },
      }),
    );
    expect(money(r.summary.warrant_sale_proceeds)).toBe('0.06');
    expect(money(r.tranches[0]!.proceeds)).toBe('0.06');
  });

  test('the tie the other way: (0.01 × 2 + 0.005) / 3 × 3 = 0.025 -> 0.02', () => {
    // 0.025 / 3 = 0.008333… rounds down at 60 digits, 3 × that = 0.02499… -> 0.02 as well; the
    // exact 0.025 is a half with an even 2 before it: 0.02. Both ways agree here — the test pins
    // that the exact path did not turn every tie upwards.
    const r = runModel(
      makeScenario({
        share_price: pointsPrice([
          ['2026-01-01', '1'],
          ['2026-12-30', '0.01'],
          ['2027-01-02', '0.005'],
        ]),
        warrant: { tranches: [tranche(3)] },
      }),
    );
    expect(money(r.summary.warrant_sale_proceeds)).toBe('0.02');
  });

  test('a price condition on the segment compares the exact fraction', () => {
    // P(e_4) = (0.04 × 2 + 0.03) / 3 = 0.11 / 3 = 0.0366…; its 60-digit decimal 0.0366…67 is above
    // it. A threshold equal to that decimal is not reached by the exact P: the tranche must not
    // vest (the earlier e_k lie on the rising segment from 0.001, below 0.0366).
    const threshold = '0.03' + '6'.repeat(58) + '7';
    const run = (price: string) =>
      runModel(
        makeScenario({
          share_price: pointsPrice([
            ['2026-01-01', '0.001'],
            ['2026-12-30', '0.04'],
            ['2027-01-02', '0.03'],
          ]),
          warrant: { tranches: [tranche(3, { price })] },
        }),
      );
    expect(run(threshold).tranches[0]!.vest_date).toBeUndefined();
    // one digit shorter (0.0366…66, 59 sixes) lies below the exact P: vests on e_4
    expect(run('0.03' + '6'.repeat(59)).tranches[0]!.vest_date).toBe(day('2026-12-31'));
  });
});

describe('(b) a cagr price over a whole number of years times shares', () => {
  test('P = 0.1375 × 7.5^−1 at e_4, 3 shares: proceeds 3 × 0.1375 / 7.5 = 0.055 -> 0.06', () => {
    // date 2027-12-31 is 365 days after e_4 = 2026-12-31: yf = −1, P = 0.1375 / 7.5 = 0.018333…
    // 3 × 0.1375 / 7.5 = 0.4125 / 7.5 = 0.055 -> 0.06; with 7.5^−1 = 0.1333…33 first: 0.05499… -> 0.05.
    const r = runModel(
      makeScenario({ share_price: cagrPrice('0.1375', '2027-12-31', '6.5'), warrant: { tranches: [tranche(3)] } }),
    );
    expect(money(r.summary.warrant_sale_proceeds)).toBe('0.06');
  });

  test('two whole years: 0.0675 × 1.5^−2 × 6 shares = 0.405 / 2.25 = 0.18 exactly, and 4 shares = 0.12', () => {
    // 1.5^−2 = 4/9 = 0.444…; 6 × 0.0675 × 4/9 = 1.62/9 = 0.18; 4 × 0.0675 × 4/9 = 1.08/9 = 0.12
    const six = runModel(
      makeScenario({ share_price: cagrPrice('0.0675', '2028-12-30', '0.5'), warrant: { tranches: [tranche(6)] } }),
    );
    // 2026-12-31 -> 2028-12-30 is 730 days (2027 has 365, 2028 is a leap year: 2027-12-31 + 365)
    expect(day('2028-12-30') - day('2026-12-31')).toBe(730);
    expect(money(six.summary.warrant_sale_proceeds)).toBe('0.18');
    const four = runModel(
      makeScenario({ share_price: cagrPrice('0.0675', '2028-12-30', '0.5'), warrant: { tranches: [tranche(4)] } }),
    );
    expect(money(four.summary.warrant_sale_proceeds)).toBe('0.12');
  });
});

describe('(c) a present-value factor over whole years times an amount', () => {
  test('6^−1 × 0.27 = 0.045 -> 0.04 (baseline_cost_pv)', () => {
    // one yearly period 2026-01-01..2026-12-31, valuation 2025-12-31 (365 days before e_1), rate 5:
    // factor (1 + 5)^−1 = 1/6. Baseline: 1 unit at 0.27 on e_1 -> PV = 0.27 / 6 = 0.045 -> 0.04
    // (4 is even). With 1/6 = 0.1666…67 first, 0.27 × that = 0.04500…009 -> 0.05.
    const r = runModel(
      makeScenario({
        timeline: { periods: 1, step: 'year', valuation_date: day('2025-12-31'), discount_rate: dec(5) },
        deployment: { interpolation: 'step', points: [point1()] },
        baseline: { unit_price: dec('0.27') },
      }),
    );
    expect(money(r.summary.baseline_hardware_spend)).toBe('0.27');
    expect(money(r.summary.baseline_cost_pv)).toBe('0.04');
  });

  test('a sum over several whole-year factors is exact: 0.01 × 6^−1 + 0.02 × 6^−2 = 0.08/36 -> 0.00', () => {
    // years ending 2026-12-31 (yf 1) and 2027-12-31 (yf 2) after valuation 2025-12-31; baseline
    // one-offs of 0.01 and 0.02; 0.01/6 + 0.02/36 = 0.06/36 + 0.02/36 = 0.08/36 = 0.00222… -> 0.00.
    // And amounts 0.09 + 0.54: 0.09/6 + 0.54/36 = 0.54/36 + 0.54/36 = 1.08/36 = 0.03 exactly.
    const run = (a: string, b: string) =>
      runModel(
        makeScenario({
          timeline: { periods: 2, step: 'year', valuation_date: day('2025-12-31'), discount_rate: dec(5) },
          deployment: { interpolation: 'step', points: [point1()] },
          baseline: {
            unit_price: dec('0.000001'),
            other_costs: [oneOff('a', a, '2026-06-01'), oneOff('b', b, '2027-06-01')],
          },
        }),
      );
    // the unit bought on e_1 costs cents(0.000001) = 0.00 and adds nothing
    expect(money(run('0.01', '0.02').summary.baseline_cost_pv)).toBe('0.00');
    expect(money(run('0.09', '0.54').summary.baseline_cost_pv)).toBe('0.03');
    // 0.27/6 + 0.27/36 = 1.62/36 + 0.27/36 = 1.89/36 = 0.0525 -> 0.05 (exact; 60 digits give 0.0525000…01 -> 0.05 too)
    expect(money(run('0.27', '0.27').summary.baseline_cost_pv)).toBe('0.05');
    // 0.15/6 + 0.45/36 = 0.9/36 + 0.45/36 = 1.35/36 = 0.0375 -> 0.04 (7 is odd, up)
    expect(money(run('0.15', '0.45').summary.baseline_cost_pv)).toBe('0.04');
  });
});

function point1() {
  return { date: day('2026-01-15'), gw: dec(1) };
}

describe('the exact-fraction helpers of the money module', () => {
  test('quotient keeps the fraction: 1/3 × 3 = 1 exactly, and cents/roundUnits round it', () => {
    const third = quotient(dec(1), 3);
    expect(third.toFixed(5)).toBe('0.33333');
    expect(exactValue(product(third, 3))).toEqual({ num: 1n, den: 1n });
    // 0.015 / 3 × 3 = 0.015 -> 0.02; 7/2 / 7 × 7 = 3.5 units -> 4
    expect(money(cents(product(quotient(dec('0.015'), 3), 3)))).toBe('0.02');
    expect(roundUnits(product(quotient(dec('3.5'), 7), 7)).toFixed()).toBe('4');
  });

  test('integerPower: 7.5^−1 = 2/15, 1.25^3 = 1.953125 exactly, 1.09^40 carries its 81 digits', () => {
    expect(exactValue(integerPower(dec('7.5'), -1))).toEqual({ num: 2n, den: 15n });
    expect(integerPower(dec('1.25'), 3).toFixed()).toBe('1.953125');
    const big = integerPower(dec('1.09'), 40);
    expect(exactValue(big)).toEqual({ num: 109n ** 40n, den: 100n ** 40n });
  });

  test('exactSum and atLeast on fractions', () => {
    const a = quotient(dec(1), 3);
    const b = quotient(dec(2), 3);
    expect(exactValue(exactSum(a, b))).toEqual({ num: 1n, den: 1n });
    expect(atLeast(exactSum(a, b), dec(1))).toBe(true);
    expect(atLeast(a, dec('0.' + '3'.repeat(60)))).toBe(true);
    expect(atLeast(dec('0.' + '3'.repeat(60)), a)).toBe(false);
  });

  test('property: cents of (a × b / c) through the helpers equals the exact BigInt half-even rounding', () => {
    const amount = fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }); // ±1e15 in cents
    fc.assert(
      fc.property(amount, fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (a, b, c) => {
        const aDec = new Decimal(`${a}e-2`);
        const got = cents(quotient(product(aDec, b), c));
        // reference: a·b/(100·c) dollars -> cents = round_half_even(a·b / c)
        const num = a * BigInt(b);
        const den = BigInt(c);
        let q = num / den;
        let r = num % den;
        if (r < 0n) {
          q -= 1n;
          r += den;
        }
        if (2n * r > den || (2n * r === den && (q & 1n) === 1n)) q += 1n;
        expect(decimalFraction(got)).toEqual(decimalFraction(new Decimal(`${q}e-2`)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the exact layer at the loader extremes (±1e15 amounts, 1,200 periods)', () => {
  /** round_half_even(num / den) with BigInt only: the reference the money module must match. */
  function halfEven(num: bigint, den: bigint): bigint {
    if (den < 0n) [num, den] = [-num, -den];
    let q = num / den;
    let r = num % den;
    if (r < 0n) {
      q -= 1n;
      r += den;
    }
    if (2n * r > den || (2n * r === den && (q & 1n) === 1n)) q += 1n;
    return q;
  }

  test('property: a PV over up to 100 whole years of ±1e15 amounts equals the exact BigInt rational, to the cent', () => {
    // amounts a_i in cents up to ±1e17 (±1e15 dollars), booked k_i whole years from the valuation
    // date (k up to 100 = 1,200 monthly periods), factor (1+r)^−k with r of up to 3 decimals:
    // PV = Σ a_i / (1+r)^k_i; reference: one common denominator (1000+R)^K / 1000^K, BigInt
    const booking = fc.record({
      cents: fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }),
      years: fc.integer({ min: -3, max: 100 }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.array(booking, { minLength: 1, maxLength: 40 }), (rateMilli, bookings) => {
        const base = new Decimal(1000 + rateMilli).div(1000);
        let pv = dec(0);
        for (const b of bookings) pv = exactSum(pv, product(new Decimal(`${b.cents}e-2`), integerPower(base, -b.years)));
        // reference: Σ a_i·1000^k_i/(1000+R)^k_i, shifted by K = max k (and by 3 for negative k)
        const B = BigInt(1000 + rateMilli);
        const shift = 3; // k >= -3
        const K = Math.max(0, ...bookings.map((b) => b.years));
        let num = 0n;
        for (const b of bookings) {
          // a · (1000/B)^k = a · 1000^k · B^(K−k) / B^K; with k + shift >= 0 both powers are whole
          num += b.cents * 1000n ** BigInt(b.years + shift) * B ** BigInt(K - b.years);
        }
        const den = 100n * B ** BigInt(K) * 1000n ** BigInt(shift);
        expect(decimalFraction(cents(pv))).toEqual(decimalFraction(new Decimal(`${halfEven(num * 100n, den)}e-2`)));
      }),
      { numRuns: 200 },
    );
  });

  test('1,200 bookings of ±1e15 summed and rounded: no digit lost (the plain Decimal sum holds 60 digits)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }), { minLength: 1200, maxLength: 1200 }), (amounts) => {
        let total = dec(0);
        for (const a of amounts) total = exactSum(total, new Decimal(`${a}e-2`));
        const exact = amounts.reduce((x, y) => x + y, 0n);
        expect(decimalFraction(cents(total))).toEqual(decimalFraction(new Decimal(`${exact}e-2`)));
      }),
      { numRuns: 30 },
    );
  });
});
