/**
 * SPEC §3 cases small enough to compute by hand; each expected number shows its arithmetic.
 *
 * Unless a test says otherwise the timeline is makeScenario's: 4 quarters from 2026-01-01, so
 * e_1 = 2026-03-31 (89 days after the start, 90 days in the period), e_2 = 2026-06-30 (180 days;
 * 91 in the period), e_3 = 2026-09-30 (92), e_4 = 2026-12-31 (92); discount rate 0; 1 unit per GW.
 */
import { describe, expect, test } from 'vitest';
import { dec, type Decimal } from '../../src/money/index.js';
import { formatDay } from '../../src/time/index.js';
import { runModel, type Booking, type ModelResult } from '../../src/engine/index.js';
import {
  day,
  makeScenario,
  oneOff,
  point,
  pointsPrice,
  recurring,
  tranche,
} from '../helpers/scenario-builders.js';

const money = (d: Decimal | undefined): string | undefined => d?.toFixed(2);
const rows = (r: ModelResult, side: Booking['side'], kind: Booking['kind']) =>
  r.ledger.filter((b) => b.side === side && b.kind === kind);
const dates = (bookings: Booking[]) => bookings.map((b) => formatDay(b.date));
const amounts = (bookings: Booking[]) => bookings.map((b) => b.amount.toFixed(2));

describe('half-even rounding (SPEC §3: counts to units, money to cents)', () => {
  test('2.5 units round to 2, 3.5 units to 4', () => {
    // step: GW(e_1) = 2.5, GW(e_2..e_4) = 3.5; units_per_gw 1
    // U(e_1) = round(2.5) = 2 (half to even), U(e_2) = round(3.5) = 4; bought 2 then 4 - 2 = 2
    const r = runModel(
      makeScenario({
        deployment: { interpolation: 'step', points: [point('2026-02-01', '2.5'), point('2026-05-01', '3.5')] },
        amd: { unit_price: dec(1000) },
      }),
    );
    expect(r.periods.map((p) => p.amd_units_cumulative.toFixed())).toEqual(['2', '4', '4', '4']);
    expect(rows(r, 'amd', 'hardware').map((b) => b.units!.toFixed())).toEqual(['2', '2']);
    // 2 x 1000 = 2000.00 in each of periods 1 and 2
    expect(amounts(rows(r, 'amd', 'hardware'))).toEqual(['2000.00', '2000.00']);
    expect(r.summary.amd_units.toFixed()).toBe('4');
    expect(money(r.summary.amd_hardware_spend)).toBe('4000.00');
  });

  test('0.125 dollars round to 0.12 and 0.375 to 0.38', () => {
    // 1 unit bought in period 1 on both sides; cents(1 x 0.125) = 0.12 (2 is even),
    // cents(1 x 0.375) = 0.38 (8 is even)
    const r = runModel(makeScenario({ amd: { unit_price: dec('0.125') }, baseline: { unit_price: dec('0.375') } }));
    expect(money(r.summary.amd_hardware_spend)).toBe('0.12');
    expect(money(r.summary.baseline_hardware_spend)).toBe('0.38');
  });

  test('a negative half cent rounds to even too: -250.505 -> -250.50', () => {
    const r = runModel(makeScenario({ baseline: { other_costs: [oneOff('bundle credit', '-250.505', '2026-01-01')] } }));
    expect(money(r.summary.baseline_other_costs)).toBe('-250.50');
  });
});

describe('deployment (SPEC §3 "Deployment", "AMD units")', () => {
  const deployment = [point('2026-06-30', '1.8')];
  test('linear: straight line from (start, 0) to (2026-06-30, 1.8), flat after', () => {
    // GW(e_1) = (0 x (180 - 89) + 1.8 x 89) / 180 = 160.2 / 180 = 0.89; units_per_gw 100
    // U(e_1) = 0.89 x 100 = 89 (computed as 160.2 x 100 / 180 = 89 exactly), U(e_2) = 180, flat after
    const r = runModel(makeScenario({ deployment: { interpolation: 'linear', points: deployment }, amd: { units_per_gw: dec(100) } }));
    expect(r.periods.map((p) => p.gw.toFixed())).toEqual(['0.89', '1.8', '1.8', '1.8']);
    expect(r.periods.map((p) => p.amd_units.toFixed())).toEqual(['89', '91', '0', '0']);
    // no hardware row for periods with no units bought
    expect(dates(rows(r, 'amd', 'hardware'))).toEqual(['2026-03-31', '2026-06-30']);
  });

  test('an exact half from interpolation rounds to even: 133.5 -> 134', () => {
    // linear to 1 GW on 2026-06-30, 270 units/GW: U(e_1) = (1 x 89) x 270 / 180 = 24030 / 180 = 133.5
    // -> 134 (half to even; 89/180 itself is a repeating decimal, so the division is done last)
    const r = runModel(makeScenario({ deployment: { interpolation: 'linear', points: [point('2026-06-30', 1)] }, amd: { units_per_gw: dec(270) } }));
    expect(r.periods[0]!.amd_units.toFixed()).toBe('134');
  });

  test('step: nothing before the point, all of it from the point on', () => {
    // GW(e_1) = 0 (2026-03-31 < 2026-06-30), GW(e_2) = 1.8 -> U = 180 bought in period 2
    const r = runModel(makeScenario({ deployment: { interpolation: 'step', points: deployment }, amd: { units_per_gw: dec(100) } }));
    expect(r.periods.map((p) => p.amd_units.toFixed())).toEqual(['0', '180', '0', '0']);
  });
});

describe('baseline units (SPEC §3 "Baseline units")', () => {
  test('baseline performance 1.3: B = round(U x 1 / 1.3)', () => {
    // step GW 100 at e_1, 180 at e_2; U = 100, 180
    // B(e_1) = round(100 / 1.3) = round(76.92) = 77; B(e_2) = round(180 / 1.3) = round(138.46) = 138
    // bought 77 and 138 - 77 = 61; spend at 2.00: 154.00 and 122.00
    const r = runModel(
      makeScenario({
        deployment: { interpolation: 'step', points: [point('2026-03-31', 100), point('2026-06-30', 180)] },
        baseline: { performance: dec('1.3'), unit_price: dec(2) },
      }),
    );
    expect(r.periods.map((p) => p.baseline_units_cumulative.toFixed())).toEqual(['77', '138', '138', '138']);
    expect(amounts(rows(r, 'baseline', 'hardware'))).toEqual(['154.00', '122.00']);
    expect(r.summary.baseline_units.toFixed()).toBe('138');
  });

  test('amd performance 1.5: ties round to even (4.5 -> 4, 7.5 -> 8)', () => {
    // U = 3 then 5; B = round(3 x 1.5 / 1) = round(4.5) = 4, round(5 x 1.5) = round(7.5) = 8
    const r = runModel(
      makeScenario({
        deployment: { interpolation: 'step', points: [point('2026-03-31', 3), point('2026-06-30', 5)] },
        amd: { performance: dec('1.5') },
      }),
    );
    expect(r.periods.map((p) => p.baseline_units.toFixed())).toEqual(['4', '4', '0', '0']);
  });
});

describe('vesting (SPEC §3 "Vesting")', () => {
  // GW(e_1) = GW(e_2) = 1, GW(e_3) = GW(e_4) = 2.
  // P: 100 until 2026-03-14, 200 from 03-15, 100 again from 04-01 -> P(e_1) = 200, P(e_2..e_4) = 100.
  const base = {
    deployment: { interpolation: 'step' as const, points: [point('2026-02-01', 1), point('2026-08-01', 2)] },
    share_price: pointsPrice(
      [
        ['2026-01-01', 100],
        ['2026-03-15', 200],
        ['2026-04-01', 100],
      ],
      'step',
    ),
  };

  test('a price condition met once and then lost still counts (latched)', () => {
    // price 150 met at e_1 (200 >= 150), lost from e_2; GW 2 first met at e_3 -> vests at e_3
    // at_vest: sold at P(e_3) = 100: proceeds 10 x 100 = 1000.00; exercise 10 x 1 = 10.00
    const r = runModel(
      makeScenario({
        ...base,
        warrant: { tranches: [tranche(10, { gw: 2, price: 150 })], strike: dec(1), sell: 'at_vest' },
      }),
    );
    const t = r.tranches[0]!;
    expect(formatDay(t.price_met_date!)).toBe('2026-03-31');
    expect(formatDay(t.gw_met_date!)).toBe('2026-09-30');
    expect(formatDay(t.vest_date!)).toBe('2026-09-30');
    expect(money(t.proceeds)).toBe('1000.00');
    expect(money(r.summary.warrant_exercise_cost)).toBe('10.00');
    // 1000.00 - 10.00 - 0 tax
    expect(money(r.summary.warrant_net_value)).toBe('990.00');
    expect(r.summary.warrant_vested_shares.toFixed()).toBe('10');
  });

  test('conditions first met after expiry: never vests (expired); expiry on the day: vests', () => {
    // both conditions first hold at e_3 = 2026-09-30
    const late = runModel(
      makeScenario({ ...base, warrant: { tranches: [tranche(10, { gw: 2, price: 150 })], expiry: day('2026-09-29') } }),
    );
    expect(late.tranches[0]!.vest_date).toBeUndefined();
    expect(late.tranches[0]!.not_vested_reason).toBe('expired');
    expect(rows(late, 'warrant', 'sale')).toEqual([]);
    expect(money(late.summary.warrant_net_value)).toBe('0.00');
    expect(late.summary.warrant_vested_shares.toFixed()).toBe('0');
    // expiry (2026-09-29) is before the last period end (2026-12-31): no "may vest later" warning;
    // but 2 GW first holds at e_3 = 2026-09-30, the day after expiry, whatever the share price does:
    // the tranche can never vest, and the model says so
    expect(late.warnings).toEqual([
      {
        code: 'tranche_gw_after_expiry',
        path: 'warrant.tranches[0]',
        message: 'tranche 1 needs 2 GW, which the deployment reaches on 2026-09-30, after the warrant expires (2026-09-29): it can never vest',
      },
    ]);

    const onTime = runModel(
      makeScenario({ ...base, warrant: { tranches: [tranche(10, { gw: 2, price: 150 })], expiry: day('2026-09-30') } }),
    );
    expect(formatDay(onTime.tranches[0]!.vest_date!)).toBe('2026-09-30');
  });

  test('unvested with a later expiry warns; a GW above the deployment can never vest', () => {
    // max deployment 2 GW: tranche 1 (gw 3) can never vest; tranche 2 (price 1000) never reaches
    // its price by e_4 while expiry 2030-01-01 is later
    const r = runModel(
      makeScenario({ ...base, warrant: { tranches: [tranche(1, { gw: 3 }), tranche(1, { price: 1000 })] } }),
    );
    expect(r.tranches.map((t) => t.not_vested_reason)).toEqual(['gw_never_reached', 'timeline_ended']);
    expect(r.warnings.map((w) => `${w.code} ${w.path}`)).toEqual([
      'tranche_gw_unreachable warrant.tranches[0]',
      'tranche_unvested_before_expiry warrant.tranches[0]',
      'tranche_unvested_before_expiry warrant.tranches[1]',
    ]);
  });

  test('reasons once the window closes inside the timeline: GW or price not reached by expiry', () => {
    // expiry 2026-06-30 = e_2, before the last period end 2026-12-31
    const r = runModel(
      makeScenario({
        ...base,
        warrant: {
          tranches: [tranche(1, { gw: 2 }), tranche(1, { gw: 1, price: 250 }), tranche(1, { gw: 2, price: 250 })],
          expiry: day('2026-06-30'),
        },
      }),
    );
    // tranche 1: GW(e_k) >= 2 only from e_3 > expiry, price absent -> both first hold at e_3: expired
    // tranche 2: GW 1 holds from e_1; P never >= 250 -> price_not_reached
    // tranche 3: GW 2 holds at no e_k <= expiry, and the pair never holds -> gw_not_reached
    expect(r.tranches.map((t) => t.not_vested_reason)).toEqual(['expired', 'price_not_reached', 'gw_not_reached']);
  });
});

describe('sale and tax (SPEC §3 "Sale")', () => {
  // 1000 shares, GW 1 from e_1, strike 0.01 -> exercise 1000 x 0.01 = 10.00 on 2026-03-31
  // P: 100 until 2026-09-30, 300 from 2026-10-01 -> P(e_1) = 100, P(e_4) = 300
  const sharePrice = pointsPrice(
    [
      ['2026-01-01', 100],
      ['2026-10-01', 300],
    ],
    'step',
  );
  const tranches = [tranche(1000, { gw: 1 })];

  test('at_vest sells on the vest date at P(vest date)', () => {
    // proceeds 1000 x 100 = 100000.00 on 2026-03-31; net 100000.00 - 10.00 = 99990.00
    const r = runModel(makeScenario({ share_price: sharePrice, warrant: { tranches, strike: dec('0.01'), sell: 'at_vest' } }));
    expect(dates(rows(r, 'warrant', 'sale'))).toEqual(['2026-03-31']);
    expect(amounts(rows(r, 'warrant', 'sale'))).toEqual(['-100000.00']);
    expect(money(r.summary.warrant_net_value)).toBe('99990.00');
    expect(r.periods[0]!.warrant_sale_proceeds.toFixed(2)).toBe('100000.00');
  });

  test('at_horizon sells on e_n at P(e_n); exercise stays on the vest date', () => {
    // proceeds 1000 x 300 = 300000.00 on 2026-12-31; net 300000.00 - 10.00 = 299990.00
    const r = runModel(makeScenario({ share_price: sharePrice, warrant: { tranches, strike: dec('0.01'), sell: 'at_horizon' } }));
    expect(dates(rows(r, 'warrant', 'exercise'))).toEqual(['2026-03-31']);
    expect(dates(rows(r, 'warrant', 'sale'))).toEqual(['2026-12-31']);
    expect(money(r.tranches[0]!.sale_price)).toBe('300.00');
    expect(money(r.summary.warrant_net_value)).toBe('299990.00');
    expect(r.periods[3]!.warrant_sale_proceeds.toFixed(2)).toBe('300000.00');
  });

  test('tax: zero on a loss, 25% on a gain, and a loss does not offset another gain', () => {
    // GW 1 from e_1, 2 from e_4 (point 2026-10-15); P(e_1) = 40, P(e_4) = 300; strike 50, at_vest
    // tranche 1 (10 sh, gw 1): vests e_1, proceeds 10 x 40 = 400.00, exercise 500.00, gain -100.00, tax 0
    // tranche 2 (10 sh, gw 2): vests e_4, proceeds 10 x 300 = 3000.00, exercise 500.00,
    //   gain 2500.00, tax 0.25 x 2500 = 625.00
    // net = 3400.00 - 1000.00 - 625.00 = 1775.00 (offsetting the loss would tax 600.00 -> 1800.00)
    const r = runModel(
      makeScenario({
        deployment: { interpolation: 'step', points: [point('2026-03-31', 1), point('2026-10-15', 2)] },
        share_price: pointsPrice(
          [
            ['2026-01-01', 40],
            ['2026-10-01', 300],
          ],
          'step',
        ),
        warrant: {
          tranches: [tranche(10, { gw: 1 }), tranche(10, { gw: 2 })],
          strike: dec(50),
          sell: 'at_vest',
          tax_rate: dec('0.25'),
        },
      }),
    );
    expect(r.tranches.map((t) => money(t.gain))).toEqual(['-100.00', '2500.00']);
    expect(r.tranches.map((t) => money(t.tax))).toEqual(['0.00', '625.00']);
    expect(money(r.summary.warrant_tax)).toBe('625.00');
    expect(money(r.summary.warrant_net_value)).toBe('1775.00');
    // a tax row per sale when tax_rate is not 0, on the sale date
    expect(dates(rows(r, 'warrant', 'tax'))).toEqual(['2026-03-31', '2026-12-31']);
  });

  test('exercised even when the strike exceeds the price', () => {
    // P flat 10, strike 12, 5 shares: exercise 60.00, proceeds 50.00, net -10.00
    const r = runModel(makeScenario({ warrant: { tranches: [tranche(5)], strike: dec(12) } }));
    expect(money(r.summary.warrant_exercise_cost)).toBe('60.00');
    expect(money(r.summary.warrant_net_value)).toBe('-10.00');
  });
});

describe('other costs (SPEC §3 "Other costs")', () => {
  test('recurring by overlap days, one-off at its period end, a rebate', () => {
    // AMD recurring 1000/yr over [2026-02-15, 2026-05-10]:
    //   period 1 overlap 2026-02-15..03-31 = 14 + 31 = 45 days: 1000 x 45 / 365 = 123.2876.. -> 123.29
    //   period 2 overlap 2026-04-01..05-10 = 30 + 10 = 40 days: 1000 x 40 / 365 = 109.5890.. -> 109.59
    //   periods 3, 4: no overlap, no row
    // AMD one-off 500 dated 2026-05-05: booked on 2026-06-30, the end of period 2
    // baseline recurring 365/yr over [2025-01-01, 2027-12-31] (reaches outside): days 90, 91, 92, 92
    // baseline one-off -100 (rebate) on 2026-12-01: booked -100.00 on 2026-12-31
    const r = runModel(
      makeScenario({
        amd: { other_costs: [recurring('support', 1000, '2026-02-15', '2026-05-10'), oneOff('porting', 500, '2026-05-05')] },
        baseline: { other_costs: [recurring('licence', 365, '2025-01-01', '2027-12-31'), oneOff('rebate', -100, '2026-12-01')] },
      }),
    );
    const amd = rows(r, 'amd', 'other_cost');
    expect(amd.map((b) => `${formatDay(b.date)} ${b.label} ${b.amount.toFixed(2)}`)).toEqual([
      '2026-03-31 support 123.29',
      '2026-06-30 support 109.59',
      '2026-06-30 porting 500.00',
    ]);
    // 123.29 + 109.59 + 500.00 = 732.88
    expect(money(r.summary.amd_other_costs)).toBe('732.88');
    expect(amounts(rows(r, 'baseline', 'other_cost'))).toEqual(['90.00', '91.00', '92.00', '92.00', '-100.00']);
    // 365.00 - 100.00 = 265.00; baseline cost adds hardware 1 x 1.00 = 1.00
    expect(money(r.summary.baseline_other_costs)).toBe('265.00');
    expect(money(r.summary.baseline_cost)).toBe('266.00');
  });
});

describe('energy (SPEC §3 "Energy")', () => {
  test('on the average of cumulative units at the two period ends', () => {
    // linear to 1.8 GW on 2026-06-30, 100 units/GW: U = 0, 89, 180, 180, 180 (see deployment test)
    // per unit-period factor: 2.5 kW x 1.2 x 0.8 x 24 x 70 = 4032; energy = (U0 + U1) x 4032 x days / 2000
    //   period 1: 89 x 4032 x 90 / 2000 = 32296320 / 2000 = 16148.16
    //   period 2: 269 x 4032 x 91 / 2000 = 98699328 / 2000 = 49349.664 -> 49349.66
    //   periods 3, 4: 360 x 4032 x 92 / 2000 = 133539840 / 2000 = 66769.92
    const r = runModel(
      makeScenario({
        deployment: { interpolation: 'linear', points: [point('2026-06-30', '1.8')] },
        amd: { units_per_gw: dec(100), kw_per_unit: dec('2.5') },
        baseline: { kw_per_unit: dec('2.3') },
        energy: { price_per_mwh: dec(70), pue: dec('1.2'), utilization: dec('0.8') },
      }),
    );
    expect(amounts(rows(r, 'amd', 'energy'))).toEqual(['16148.16', '49349.66', '66769.92', '66769.92']);
    // 16148.16 + 49349.66 + 2 x 66769.92 = 199037.66
    expect(money(r.summary.amd_energy_cost)).toBe('199037.66');
    // baseline 2.3 kW: 2.3 x 1.2 x 0.8 x 24 x 70 = 3709.44; period 1: 89 x 3709.44 x 90 / 2000 = 14856.3072 -> 14856.31
    expect(rows(r, 'baseline', 'energy')[0]!.amount.toFixed(2)).toBe('14856.31');
  });
});

describe('present value (SPEC §3 *_pv)', () => {
  test('discount factor 1/1.09 at yf = 1 and 1/1.1881 at yf = 2', () => {
    // yearly periods from 2026-01-01; valuation 2025-12-31, so e_1 = 2026-12-31 is 365 days later
    // (yf = 1) and e_2 = 2027-12-31 730 days later (yf = 2); rate 9%
    // AMD: 1 unit at 1090 in each period; warrant: 1 share at 10 vests e_1, sold at e_2 (at_horizon)
    //   PV = 1090/1.09 + 1090/1.1881 - 10/1.1881 = 1000 + 917.43119.. - 8.41680.. = 1909.01439.. -> 1909.01
    // baseline: 1 unit at 100 in each period: 100/1.09 + 100/1.1881 = 91.74311.. + 84.16800.. = 175.91111.. -> 175.91
    const r = runModel(
      makeScenario({
        timeline: { step: 'year', periods: 2, valuation_date: day('2025-12-31'), discount_rate: dec('0.09') },
        deployment: { interpolation: 'step', points: [point('2026-06-30', 1), point('2027-06-30', 2)] },
        amd: { unit_price: dec(1090) },
        baseline: { unit_price: dec(100) },
      }),
    );
    const hardware = rows(r, 'amd', 'hardware');
    expect(hardware[0]!.discount_factor.times('1.09').minus(1).abs().lt('1e-50')).toBe(true);
    expect(hardware[1]!.discount_factor.times('1.1881').minus(1).abs().lt('1e-50')).toBe(true);
    expect(money(r.summary.amd_net_cost_pv)).toBe('1909.01');
    expect(money(r.summary.baseline_cost_pv)).toBe('175.91');
    // 175.91 - 1909.01
    expect(money(r.summary.savings_pv)).toBe('-1733.10');
    // nominal: 2180.00 - 10.00 = 2170.00 vs 200.00
    expect(money(r.summary.amd_net_cost)).toBe('2170.00');
  });
});

describe('effective_discount (SPEC §3: half-even to 6 decimals)', () => {
  // 1 unit at 20000 -> spend 20000.00; flat price 0.01, strike 0
  const build = (shares: number) =>
    runModel(
      makeScenario({
        amd: { unit_price: dec(20000) },
        share_price: pointsPrice([['2026-01-01', '0.01']]),
        warrant: { tranches: [tranche(shares)] },
      }),
    );
  test('0.0000005 rounds down to 0.000000 and 0.0000015 up to 0.000002', () => {
    // 1 share: 0.01 / 20000 = 0.0000005 -> 0.000000 (0 is even)
    expect(build(1).summary.effective_discount.toFixed(6)).toBe('0.000000');
    // 3 shares: 0.03 / 20000 = 0.0000015 -> 0.000002 (2 is even)
    expect(build(3).summary.effective_discount.toFixed(6)).toBe('0.000002');
    // 7 shares: 0.07 / 20000 = 0.0000035 -> 0.000004
    expect(build(7).summary.effective_discount.toFixed(6)).toBe('0.000004');
  });

  test('0 when there is no hardware spend', () => {
    const r = runModel(makeScenario({ deployment: { interpolation: 'step', points: [point('2026-03-31', 0)] } }));
    expect(money(r.summary.amd_hardware_spend)).toBe('0.00');
    expect(r.summary.effective_discount.toFixed(6)).toBe('0.000000');
  });
});

describe('ledger', () => {
  test('ordered by date, side, kind; labelled by product, name, tranche', () => {
    const r = runModel(
      makeScenario({
        amd: { other_costs: [oneOff('porting', 5, '2026-02-01')] },
        baseline: { name: 'Rubin' },
        warrant: { tranches: [tranche(2)], strike: dec(1), tax_rate: dec('0.1'), sell: 'at_vest' },
      }),
    );
    // everything falls on e_1: hardware (1 unit each side), porting, exercise, sale, tax
    expect(r.ledger.map((b) => `${formatDay(b.date)} ${b.side} ${b.kind} ${b.label} ${b.amount.toFixed(2)}`)).toEqual([
      '2026-03-31 amd hardware MI450 1.00',
      '2026-03-31 amd other_cost porting 5.00',
      '2026-03-31 baseline hardware Rubin 1.00',
      '2026-03-31 warrant exercise tranche 1 2.00',
      // proceeds 2 x 10 = 20.00, booked negative
      '2026-03-31 warrant sale tranche 1 -20.00',
      // tax 0.1 x (20.00 - 2.00) = 1.80
      '2026-03-31 warrant tax tranche 1 1.80',
    ]);
    // net cost in period 1: 1 + 5 + 2 - 20 + 1.80 = -10.20
    expect(money(r.periods[0]!.amd_net_cost)).toBe('-10.20');
    expect(money(r.periods[3]!.cumulative_amd_net_cost)).toBe('-10.20');
  });
});
