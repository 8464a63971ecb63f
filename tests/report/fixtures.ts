/**
 * A hand-made ModelResult for report tests: two quarters, a few bookings, numbers worked out by
 * hand below so tests can check views and renderers without the engine.
 *
 * Timeline 2026-07-01, 2 quarters: p1 = 2026-07-01..2026-09-30, p2 = 2026-10-01..2026-12-31.
 * Discount factors are set by hand (p1 0.99, p2 0.98), not derived from a rate.
 *
 * Ledger (amount signed as a cost to the buyer):
 *   2026-09-30 amd      hardware   MI450        10 units   10005.00  (10 x 1000.50)
 *   2026-09-30 amd      other_cost -rebate                  -100.00
 *   2026-09-30 baseline hardware   =Vera Rubin   8 units   12000.00  (8 x 1500)
 *   2026-12-31 amd      hardware   MI450         5 units    5002.50  (5 x 1000.50)
 *   2026-12-31 amd      energy     energy                     12.34
 *   2026-12-31 baseline hardware   =Vera Rubin   4 units    6000.00  (4 x 1500)
 *   2026-12-31 warrant  exercise   tranche 1  1000 shares     10.00  (1000 x 0.01)
 *   2026-12-31 warrant  sale       tranche 1  1000 shares -50000.00  (1000 x 50)
 *
 * Summary:
 *   amd_hardware_spend 10005.00 + 5002.50 = 15007.50; amd_other_costs -100.00; energy 12.34
 *   amd_gross_cost 15007.50 - 100.00 + 12.34 = 14919.84
 *   warrant_net_value 50000.00 - 10.00 - 0.00 = 49990.00
 *   amd_net_cost 14919.84 - 49990.00 = -35070.16
 *   baseline_cost 12000.00 + 6000.00 = 18000.00; savings 18000.00 + 35070.16 = 53070.16
 *   effective_discount 49990 / 15007.5 = 3.3310011660... -> 3.331001
 *   amd_net_cost_pv: (10005 - 100) x 0.99 = 9805.95; (5002.50 + 12.34 + 10 - 50000) x 0.98
 *     = -44975.16 x 0.98 = -44075.6568; sum -34269.7068 -> -34269.71
 *   baseline_cost_pv: 12000 x 0.99 + 6000 x 0.98 = 11880 + 5880 = 17760.00
 *   savings_pv 17760.00 + 34269.71 = 52029.71
 */
import { centsOf, dec, type Decimal } from '../../src/money/index.js';
import { parseIsoDate, periodSchedule, type Day } from '../../src/time/index.js';
import type { Scenario } from '../../src/scenario/types.js';
import type { Booking, BookingKind, ModelResult, PeriodRow, Side, Summary, TrancheResult } from '../../src/engine/types.js';

export function day(iso: string): Day {
  const d = parseIsoDate(iso);
  if (d === undefined) throw new Error(`bad date ${iso}`);
  return d;
}

export interface FixtureOptions {
  name?: string;
  description?: string;
  baselineName?: string;
  rebateLabel?: string;
}

export function fixtureScenario(options: FixtureOptions = {}): Scenario {
  const scenario: Scenario = {
    version: 1,
    name: options.name ?? 'Fixture deal',
    currency: 'USD',
    timeline: { start: day('2026-07-01'), periods: 2, step: 'quarter', valuation_date: day('2026-07-01'), discount_rate: dec('0.05') },
    deployment: { interpolation: 'linear', points: [{ date: day('2026-12-31'), gw: dec(1) }] },
    amd: {
      product: 'MI450',
      unit_price: dec('1000.50'),
      price_change: dec(0),
      performance: dec(1),
      units_per_gw: dec(15),
      other_costs: [{ kind: 'one_off', name: options.rebateLabel ?? '-rebate', amount: dec(-100), date: day('2026-08-01') }],
    },
    baseline: {
      name: options.baselineName ?? '=Vera Rubin',
      unit_price: dec(1500),
      price_change: dec(0),
      performance: dec('1.25'),
      other_costs: [],
    },
    share_price: { model: 'cagr', start: dec(40), date: day('2026-07-01'), cagr: dec('0.25'), volatility: dec(0) },
    warrant: {
      shares: dec(1500),
      strike: dec('0.01'),
      expiry: day('2031-02-24'),
      tranches: [{ shares: dec(1000), gw: dec(1) }, { shares: dec(500), gw: dec(6), price: dec(600) }],
      sell: 'at_horizon',
      tax_rate: dec(0),
    },
  };
  if (options.description !== undefined) scenario.description = options.description;
  return scenario;
}

function booking(date: string, side: Side, kind: BookingKind, label: string, period: number, amount: string, df: string, units?: number): Booking {
  const b: Booking = { date: day(date), side, kind, label, period, amount: dec(amount), cents: centsOf(dec(amount)), discount_factor: dec(df) };
  if (units !== undefined) {
    b.units = dec(units);
    b.count = BigInt(units);
  }
  return b;
}

/** The hand-made result described at the top of this file. */
export function fixtureResult(options: FixtureOptions = {}): ModelResult {
  const scenario = fixtureScenario(options);
  const [p1, p2] = periodSchedule(scenario.timeline.start, 2, 'quarter');
  const baselineLabel = scenario.baseline.name;
  const rebate = options.rebateLabel ?? '-rebate';
  const ledger: Booking[] = [
    booking('2026-09-30', 'amd', 'hardware', 'MI450', 1, '10005.00', '0.99', 10),
    booking('2026-09-30', 'amd', 'other_cost', rebate, 1, '-100.00', '0.99'),
    booking('2026-09-30', 'baseline', 'hardware', baselineLabel, 1, '12000.00', '0.99', 8),
    booking('2026-12-31', 'amd', 'hardware', 'MI450', 2, '5002.50', '0.98', 5),
    booking('2026-12-31', 'amd', 'energy', 'energy', 2, '12.34', '0.98'),
    booking('2026-12-31', 'baseline', 'hardware', baselineLabel, 2, '6000.00', '0.98', 4),
    booking('2026-12-31', 'warrant', 'exercise', 'tranche 1', 2, '10.00', '0.98', 1000),
    booking('2026-12-31', 'warrant', 'sale', 'tranche 1', 2, '-50000.00', '0.98', 1000),
  ];
  const zero = dec(0);
  const periods: PeriodRow[] = [
    {
      period: p1!,
      gw: dec('0.5'),
      share_price: dec('40.123456'),
      amd_unit_price: dec('1000.5'),
      baseline_unit_price: dec(1500),
      amd_units_cumulative: dec(10),
      baseline_units_cumulative: dec(8),
      amd_units: dec(10),
      baseline_units: dec(8),
      amd_hardware_spend: dec('10005.00'),
      amd_other_costs: dec('-100.00'),
      amd_energy_cost: zero,
      baseline_hardware_spend: dec('12000.00'),
      baseline_other_costs: zero,
      baseline_energy_cost: zero,
      warrant_exercise_cost: zero,
      warrant_sale_proceeds: zero,
      warrant_tax: zero,
      amd_net_cost: dec('9905.00'), // 10005.00 - 100.00
      baseline_cost: dec('12000.00'),
      cumulative_amd_net_cost: dec('9905.00'),
      cumulative_baseline_cost: dec('12000.00'),
    },
    {
      period: p2!,
      gw: dec(1),
      share_price: dec(50),
      amd_unit_price: dec('1000.5'),
      baseline_unit_price: dec(1500),
      amd_units_cumulative: dec(15),
      baseline_units_cumulative: dec(12),
      amd_units: dec(5),
      baseline_units: dec(4),
      amd_hardware_spend: dec('5002.50'),
      amd_other_costs: zero,
      amd_energy_cost: dec('12.34'),
      baseline_hardware_spend: dec('6000.00'),
      baseline_other_costs: zero,
      baseline_energy_cost: zero,
      warrant_exercise_cost: dec('10.00'),
      warrant_sale_proceeds: dec('50000.00'),
      warrant_tax: zero,
      amd_net_cost: dec('-44975.16'), // 5002.50 + 12.34 + 10.00 - 50000.00
      baseline_cost: dec('6000.00'),
      cumulative_amd_net_cost: dec('-35070.16'), // 9905.00 - 44975.16
      cumulative_baseline_cost: dec('18000.00'),
    },
  ];
  const tranches: TrancheResult[] = [
    {
      index: 1,
      shares: dec(1000),
      gw: dec(1),
      gw_met_date: day('2026-12-31'),
      vest_date: day('2026-12-31'),
      sale_date: day('2026-12-31'),
      sale_price: dec(50),
      exercise_cost: dec('10.00'),
      proceeds: dec('50000.00'),
      gain: dec('49990.00'),
      tax: zero,
    },
    {
      index: 2,
      shares: dec(500),
      gw: dec(6),
      price: dec(600),
      not_vested_reason: 'gw_never_reached',
      exercise_cost: zero,
      proceeds: zero,
      gain: zero,
      tax: zero,
    },
  ];
  const summary: Summary = {
    amd_units: dec(15),
    baseline_units: dec(12),
    amd_hardware_spend: dec('15007.50'),
    amd_other_costs: dec('-100.00'),
    amd_energy_cost: dec('12.34'),
    amd_gross_cost: dec('14919.84'),
    warrant_vested_shares: dec(1000),
    warrant_exercise_cost: dec('10.00'),
    warrant_sale_proceeds: dec('50000.00'),
    warrant_tax: zero,
    warrant_net_value: dec('49990.00'),
    amd_net_cost: dec('-35070.16'),
    baseline_hardware_spend: dec('18000.00'),
    baseline_other_costs: zero,
    baseline_energy_cost: zero,
    baseline_cost: dec('18000.00'),
    savings: dec('53070.16'),
    effective_discount: dec('3.331001'),
    amd_net_cost_pv: dec('-34269.71'),
    baseline_cost_pv: dec('17760.00'),
    savings_pv: dec('52029.71'),
    // v1.1: 18000.00 - 14919.84; a made-up gross PV, then the definitions
    cost_advantage: dec('3080.16'),
    amd_gross_cost_pv: dec('14720.29'),
    // 14720.29 - (-34269.71)
    warrant_net_value_pv: dec('48990.00'),
    // 17760.00 - 14720.29 (+ 48990.00 = savings_pv 52029.71)
    cost_advantage_pv: dec('3039.71'),
    // -35070.16 / 15 = -2338.0106.. ; 18000.00 / 15
    amd_net_cost_per_unit: dec('-2338.01'),
    baseline_cost_per_amd_unit: dec('1200.00'),
  };
  return {
    scenario,
    periods,
    tranches,
    ledger,
    summary,
    warnings: [
      {
        code: 'tranche_gw_unreachable',
        path: 'warrant.tranches[2]',
        message: 'tranche 2 needs 6 GW but the deployment never exceeds 1 GW',
      },
    ],
  };
}

export type { Decimal };
