/**
 * Cases from shared/research/published-numbers.md ("Reproducing them with a scenario").
 */
import { describe, expect, test } from 'vitest';
import { dec } from '../../src/money/index.js';
import { formatDay } from '../../src/time/index.js';
import { runModel } from '../../src/engine/index.js';
import { cagrPrice, day, makeScenario, point, pointsPrice, tranche } from '../helpers/scenario-builders.js';

/** SPEC §2's example timeline: 20 quarters from 2026-07-01 (e_n = 2031-06-30), deployment 1 GW
 * on 2026-12-31 rising linearly to 6 GW on 2030-12-31, warrant expiry 2031-02-24. */
const specTimeline = {
  timeline: { start: day('2026-07-01'), periods: 20, valuation_date: day('2026-02-24') },
  deployment: { interpolation: 'linear' as const, points: [point('2026-12-31', 1), point('2030-12-31', 6)] },
};

describe('published numbers', () => {
  test('"160M x $600 = $96B" less the $1.6M exercise cost is 95,998,400,000.00', () => {
    // one tranche {160M shares, gw 6, price 600}; share price flat at 600; strike 0.01; at_horizon
    // GW 6 is first reached on 2030-12-31 <= expiry 2031-02-24, P = 600 >= 600 -> vests
    // proceeds 160,000,000 x 600 = 96,000,000,000.00; exercise 160,000,000 x 0.01 = 1,600,000.00
    // hardware: 40,000 x 400,000 units/GW x 6 GW = 96,000,000,000.00 (flat price: spend = 40,000 x total units)
    // effective_discount = 95,998,400,000 / 96,000,000,000 = 0.99998333.. -> 0.999983
    const r = runModel(
      makeScenario({
        ...specTimeline,
        amd: { unit_price: dec(40000), units_per_gw: dec(400000) },
        share_price: pointsPrice([['2026-02-23', 600]]),
        warrant: {
          tranches: [tranche(160000000, { gw: 6, price: 600 })],
          strike: dec('0.01'),
          expiry: day('2031-02-24'),
          sell: 'at_horizon',
        },
      }),
    );
    expect(formatDay(r.tranches[0]!.vest_date!)).toBe('2030-12-31');
    expect(r.summary.warrant_sale_proceeds.toFixed(2)).toBe('96000000000.00');
    expect(r.summary.warrant_exercise_cost.toFixed(2)).toBe('1600000.00');
    expect(r.summary.warrant_net_value.toFixed(2)).toBe('95998400000.00');
    expect(r.summary.amd_units.toFixed()).toBe('2400000');
    expect(r.summary.amd_hardware_spend.toFixed(2)).toBe('96000000000.00');
    expect(r.summary.effective_discount.toFixed(6)).toBe('0.999983');
  });

  describe('boundary: cagr 0.25 from 196.60 on 2026-02-23 never vests a price-600 tranche, 0.26 does', () => {
    // P(t) = 196.60 x (1 + cagr)^(days / 365), days from 2026-02-23
    // 2030-12-31 is 1772 days later (4 x 365 + 1 leap day = 1461 to 2030-02-23, + 311):
    //   cagr 0.25: 196.60 x 1.25^(1772/365) = 196.60 x exp(4.854795 x 0.223144) = 580.846.. < 600
    //   cagr 0.26: 196.60 x 1.26^(1772/365) = 196.60 x exp(4.854795 x 0.231112) = 603.757.. >= 600
    // the next quarter end 2031-03-31 (1862 days, P = 613.70 at 0.25) is after expiry 2031-02-24
    const build = (cagr: string) =>
      runModel(
        makeScenario({
          ...specTimeline,
          share_price: cagrPrice('196.60', '2026-02-23', cagr),
          warrant: { tranches: [tranche(160000000, { price: 600 })], strike: dec('0.01'), expiry: day('2031-02-24') },
        }),
      );

    test('cagr 0.25: P(2030-12-31) = 580.85, first >= 600 on 2031-03-31, after expiry', () => {
      const r = build('0.25');
      const dec2030 = r.periods.find((p) => formatDay(p.period.end) === '2030-12-31')!;
      expect(dec2030.share_price.toFixed(2)).toBe('580.85');
      const t = r.tranches[0]!;
      expect(t.vest_date).toBeUndefined();
      expect(formatDay(t.price_met_date!)).toBe('2031-03-31');
      expect(t.not_vested_reason).toBe('expired');
      expect(r.summary.warrant_net_value.toFixed(2)).toBe('0.00');
    });

    test('cagr 0.26: vests on 2030-12-31 at P = 603.76', () => {
      const r = build('0.26');
      const t = r.tranches[0]!;
      expect(formatDay(t.vest_date!)).toBe('2030-12-31');
      expect(r.periods.find((p) => formatDay(p.period.end) === '2030-12-31')!.share_price.toFixed(2)).toBe('603.76');
      expect(r.summary.warrant_vested_shares.toFixed()).toBe('160000000');
    });
  });
});
