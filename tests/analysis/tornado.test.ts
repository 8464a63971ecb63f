/** Tornado (issue 5): ranking on a hand-built case, explicit --vary overriding the swing. */
import { describe, expect, it } from 'vitest';
import { dec } from '../../src/money/index.js';
import {
  defaultTornadoInputs,
  explicitTornadoInput,
  mergeTornadoInputs,
  runTornado,
  type TornadoInput,
  type TornadoResult,
} from '../../src/analysis/sensitivity/tornado.js';
import { oneYearScenario, shippedRaw, validatorOf, yamlRaw } from './sensitivity-helpers.js';

// One year, 100 AMD units at 50 (5,000.00), 100 baseline units at 60 (6,000.00): savings 1,000.00.
// The tranche needs 5 GW and never vests, so share-price inputs move nothing.
const RAW = yamlRaw(oneYearScenario({ baselinePrice: '60', tranche: 'gw: 5' }));

function tornado(explicit: string[] = [], swing?: string): TornadoResult {
  const validate = validatorOf(RAW);
  const base = validate([]);
  if (!base.ok) throw new Error('invalid');
  const inputs = mergeTornadoInputs(
    defaultTornadoInputs(base.scenario, swing === undefined ? {} : { relative: dec(swing) }),
    explicit.map((e) => explicitTornadoInput(e) as TornadoInput),
  );
  const result = runTornado(validate, inputs, 'savings');
  if ('issues' in result) throw new Error('invalid');
  return result;
}

describe('tornado ranking', () => {
  it('ranks by |metric(high) − metric(low)|, largest first, with hand-computed swings', () => {
    const result = tornado();
    expect(result.base.toFixed(2)).toBe('1000.00');
    const row = (path: string) => result.rows.find((r) => r.path === path)!;
    // baseline.performance 0.8 .. 1.2: B = round(100 × 1 / 0.8) = 125 -> 125 × 60 − 5,000 = 2,500.00;
    // B = round(100 / 1.2) = round(83.33) = 83 -> 4,980 − 5,000 = −20.00; swing 2,520.00
    expect(row('baseline.performance').metricLow!.toFixed(2)).toBe('2500.00');
    expect(row('baseline.performance').metricHigh!.toFixed(2)).toBe('-20.00');
    expect(row('baseline.performance').swing!.toFixed(2)).toBe('2520.00');
    // baseline.unit_price 48 .. 72: 4,800 − 5,000 = −200.00 .. 7,200 − 5,000 = 2,200.00; swing 2,400.00
    expect(row('baseline.unit_price').low).toBe('48');
    expect(row('baseline.unit_price').swing!.toFixed(2)).toBe('2400.00');
    // amd.unit_price 40 .. 60: 6,000 − 4,000 = 2,000.00 .. 6,000 − 6,000 = 0.00; swing 2,000.00
    expect(row('amd.unit_price').swing!.toFixed(2)).toBe('2000.00');
    // price changes move by ±0.15 absolute (the shipped bear-to-bull range); prices apply at
    // e_1 = 2026-12-31, 364 days after start: 1.15^(364/365) = e^(0.997260 × 0.139762) ≈ 1.149560
    // and 0.85^(364/365) = e^(0.997260 × −0.162519) ≈ 0.850379, a difference of ≈ 0.299181, so the
    // baseline moves 6,000 × 0.299181 ≈ 1,795.09 and the AMD side 5,000 × 0.299181 ≈ 1,495.91
    expect(row('baseline.price_change').low).toBe('-0.15');
    expect(row('baseline.price_change').high).toBe('0.15');
    expect(row('baseline.price_change').move).toBe('±0.15');
    expect(Number(row('baseline.price_change').swing!.toFixed(2))).toBeCloseTo(1795.09, 1);
    expect(Number(row('amd.price_change').swing!.toFixed(2))).toBeCloseTo(1495.91, 1);
    // amd.units_per_gw 100 moves ±25 % to 75 .. 125: 75 AMD units (3,750.00) against 75 baseline
    // units (4,500.00) save 750.00; 125 units save 7,500 − 6,250 = 1,250.00; swing 500.00
    expect(row('amd.units_per_gw').low).toBe('75');
    expect(row('amd.units_per_gw').move).toBe('±25 %');
    expect(row('amd.units_per_gw').metricLow!.toFixed(2)).toBe('750.00');
    expect(row('amd.units_per_gw').swing!.toFixed(2)).toBe('500.00');
    // v1.1 "ROCm maturity", amd.performance 0.8 .. 1.2: B = round(100 × 0.8 / 1) = 80 -> 80 × 60 −
    // 5,000 = −200.00; B = 120 -> 7,200 − 5,000 = 2,200.00; swing 2,400.00, a tie with
    // baseline.unit_price, which comes first in the default order
    expect(row('amd.performance').swing!.toFixed(2)).toBe('2400.00');
    const order = result.rows.map((r) => r.path);
    expect(order.slice(0, 7)).toEqual([
      'baseline.performance',
      'baseline.unit_price',
      'amd.performance',
      'amd.unit_price',
      'baseline.price_change',
      'amd.price_change',
      'amd.units_per_gw',
    ]);
    // no energy section: energy.price_per_mwh is not an input here
    expect(order).not.toContain('energy.price_per_mwh');
    // the rest move nothing (tranche never vests, rates of 0 move no nominal total, the pace stays
    // inside the one period, 73 days of supply delay still deliver the 1 GW of 2026-06-30 before
    // the period's end): swing 0, kept in default order
    expect(row('supply_delay.days').high).toBe('73');
    for (const r of result.rows.slice(7)) expect(r.swing!.toFixed(2)).toBe('0.00');
    expect(result.rows.map((r) => r.rank)).toEqual(result.rows.map((_, i) => i + 1));
  });

  it('an explicit --vary overrides the swing of that input and can move it to the top', () => {
    // amd.unit_price 30 .. 80: 6,000 − 3,000 = 3,000.00 .. 6,000 − 8,000 = −2,000.00; swing 5,000.00
    const result = tornado(['amd.unit_price=30,80']);
    const top = result.rows[0]!;
    expect(top.path).toBe('amd.unit_price');
    expect([top.low, top.high]).toEqual(['30', '80']);
    expect(top.metricLow!.toFixed(2)).toBe('3000.00');
    expect(top.metricHigh!.toFixed(2)).toBe('-2000.00');
    expect(top.swing!.toFixed(2)).toBe('5000.00');
    expect(result.rows.filter((r) => r.path === 'amd.unit_price')).toHaveLength(1);
  });

  it('an explicit --vary replaces a default input\'s move', () => {
    // amd.units_per_gw 50 .. 200: AMD units 50 / 200, baseline the same count:
    // 50 × (60 − 50) = 500.00 .. 200 × 10 = 2,000.00; swing 1,500.00
    const result = tornado(['amd.units_per_gw=50,200']);
    const rows = result.rows.filter((r) => r.path === 'amd.units_per_gw');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.move).toBe('given');
    expect(rows[0]!.swing!.toFixed(2)).toBe('1500.00');
  });

  it('an explicit input that is not a default is added', () => {
    // amd.performance 0.5 .. 2: baseline units = 100 × perf / 1 = 50 .. 200 against 100 AMD units
    // (5,000.00): 50 × 60 − 5,000 = −2,000.00 .. 200 × 60 − 5,000 = 7,000.00; swing 9,000.00
    const result = tornado(['amd.performance=0.5,2']);
    const row = result.rows.find((r) => r.path === 'amd.performance')!;
    expect(row.metricLow!.toFixed(2)).toBe('-2000.00');
    expect(row.swing!.toFixed(2)).toBe('9000.00');
    expect(result.rows[0]!.path).toBe('amd.performance');
  });

  it('--swing replaces every relative width and --rate-swing every absolute one', () => {
    const validate = validatorOf(RAW);
    const base = validate([]);
    if (!base.ok) throw new Error('invalid');
    const byPath = (widths: Parameters<typeof defaultTornadoInputs>[1]) =>
      Object.fromEntries(defaultTornadoInputs(base.scenario, widths).map((i) => [i.path, [i.low, i.high, i.move]]));
    const defaults = byPath({});
    expect(defaults['amd.units_per_gw']).toEqual(['75', '125', '±25 %']);
    expect(defaults['amd.unit_price']).toEqual(['40', '60', '±20 %']);
    expect(defaults['deployment.pace']).toEqual(['0.8', '1.2', '±20 %']);
    expect(defaults['amd.price_change']).toEqual(['-0.15', '0.15', '±0.15']);
    const chosen = byPath({ relative: dec('0.1'), rate: dec('0.05') });
    expect(chosen['amd.units_per_gw']).toEqual(['90', '110', '±10 %']);
    expect(chosen['amd.unit_price']).toEqual(['45', '55', '±10 %']);
    expect(chosen['deployment.pace']).toEqual(['0.9', '1.1', '±10 %']);
    expect(chosen['amd.price_change']).toEqual(['-0.05', '0.05', '±0.05']);
    expect(chosen['share_price.cagr']).toEqual(['-0.05', '0.05', '±0.05']);
  });

  it('a move that makes the scenario invalid is reported and ranked last, not a crash', () => {
    const result = tornado(['baseline.performance=-1,2']);
    const last = result.rows[result.rows.length - 1]!;
    expect(last.path).toBe('baseline.performance');
    expect(last.metricLow).toBeUndefined();
    expect(last.swing).toBeUndefined();
    expect(last.note).toContain('low invalid');
  });

  it('skips inputs the scenario does not have (cagr under model: points)', () => {
    const text = oneYearScenario({ baselinePrice: '60', tranche: 'gw: 5' }).replace(
      /share_price:[\s\S]*?warrant:/,
      'share_price:\n  model: points\n  points:\n    - { date: 2026-01-01, price: 100 }\nwarrant:',
    );
    const validate = validatorOf(yamlRaw(text));
    const base = validate([]);
    if (!base.ok) throw new Error(JSON.stringify(base.issues));
    const paths = defaultTornadoInputs(base.scenario, { relative: dec('0.2') }).map((i) => i.path);
    expect(paths).not.toContain('share_price.cagr');
    expect(paths).not.toContain('share_price.start');
    expect(paths).toContain('deployment.pace');
  });

  it('deployment pace moves every point date: distance from start divided by 0.8 and 1.2', () => {
    const validate = validatorOf(shippedRaw('meta-amd-base.yaml'));
    const base = validate([]);
    if (!base.ok) throw new Error('invalid');
    const pace = defaultTornadoInputs(base.scenario, { relative: dec('0.2') }).find((i) => i.path === 'deployment.pace')!;
    // start 2026-07-01; point 0 on 2027-06-30 is 364 days later: 364 / 0.8 = 455 -> 2027-09-29,
    // 364 / 1.2 = 303.33 -> 303 -> 2027-04-30
    expect(pace.lowAssignments[0]).toMatchObject({ path: 'deployment.points[0].date', value: '2027-09-29' });
    expect(pace.highAssignments[0]).toMatchObject({ path: 'deployment.points[0].date', value: '2027-04-30' });
  });
});
