/**
 * Builds valid {@link Scenario} values in code for tests, without the YAML loader: every default of
 * SPEC §2 filled in, numbers as exact Decimals (`dec`), dates as Days (`day`).
 */
import { dec, type Decimal } from '../../src/money/index.js';
import { parseIsoDate, type Day } from '../../src/time/index.js';
import type {
  Baseline,
  Deployment,
  DeploymentPoint,
  Energy,
  OneOffCost,
  RecurringCost,
  Scenario,
  SharePrice,
  Supplier,
  Timeline,
  Tranche,
  Warrant,
} from '../../src/scenario/types.js';

/** An ISO date as a Day; throws on a typo so a test never runs on a wrong date. */
export function day(iso: string): Day {
  const d = parseIsoDate(iso);
  if (d === undefined) throw new Error(`bad test date ${iso}`);
  return d;
}

export function point(date: string, gw: string | number): DeploymentPoint {
  return { date: day(date), gw: dec(gw) };
}

export function oneOff(name: string, amount: string | number, date: string): OneOffCost {
  return { kind: 'one_off', name, amount: dec(amount), date: day(date) };
}

export function recurring(name: string, perYear: string | number, from: string, to: string): RecurringCost {
  return { kind: 'recurring', name, per_year: dec(perYear), from: day(from), to: day(to) };
}

export function tranche(shares: string | number, conditions: { gw?: string | number; price?: string | number } = {}): Tranche {
  const t: Tranche = { shares: dec(shares) };
  if (conditions.gw !== undefined) t.gw = dec(conditions.gw);
  if (conditions.price !== undefined) t.price = dec(conditions.price);
  return t;
}

export function cagrPrice(start: string | number, date: string, cagr: string | number): SharePrice {
  return { model: 'cagr', start: dec(start), date: day(date), cagr: dec(cagr), volatility: dec(0) };
}

export function pointsPrice(
  points: Array<[string, string | number]>,
  interpolation: 'linear' | 'step' = 'linear',
): SharePrice {
  return {
    model: 'points',
    points: points.map(([date, price]) => ({ date: day(date), price: dec(price) })),
    interpolation,
    volatility: dec(0),
  };
}

export interface ScenarioOverrides {
  name?: string;
  timeline?: Partial<Timeline>;
  deployment?: Partial<Deployment>;
  amd?: Partial<Supplier>;
  baseline?: Partial<Baseline>;
  share_price?: SharePrice;
  warrant?: Partial<Warrant>;
  energy?: Energy;
}

/**
 * A small valid scenario: 4 quarters from 2026-01-01 (ends 2026-03-31, 06-30, 09-30, 12-31),
 * rate 0, 1 GW reached on 2026-03-31 by step, 1 unit per GW at 1.00 on both sides, a flat share
 * price of 10, one tranche of 1 share with no conditions, strike 0, expiry 2030-01-01. Each test
 * overrides what it is about. Sections are merged one level deep.
 */
export function makeScenario(overrides: ScenarioOverrides = {}): Scenario {
  const start = overrides.timeline?.start ?? day('2026-01-01');
  const timeline: Timeline = {
    start,
    periods: 4,
    step: 'quarter',
    valuation_date: start,
    discount_rate: dec(0),
    ...overrides.timeline,
  };
  const deployment: Deployment = {
    interpolation: 'step',
    points: [point('2026-03-31', 1)],
    ...overrides.deployment,
  };
  const amd: Supplier = {
    product: 'MI450',
    unit_price: dec(1),
    price_change: dec(0),
    units_per_gw: dec(1),
    performance: dec(1),
    other_costs: [],
    ...overrides.amd,
  };
  const baseline: Baseline = {
    name: 'Nvidia',
    unit_price: dec(1),
    price_change: dec(0),
    performance: dec(1),
    other_costs: [],
    ...overrides.baseline,
  };
  const tranches = overrides.warrant?.tranches ?? [tranche(1)];
  const shares: Decimal = tranches.reduce((acc, t) => acc.plus(t.shares), dec(0));
  const warrant: Warrant = {
    shares,
    strike: dec(0),
    expiry: day('2030-01-01'),
    sell: 'at_horizon',
    tax_rate: dec(0),
    ...overrides.warrant,
    tranches,
  };
  const scenario: Scenario = {
    version: 1,
    name: overrides.name ?? 'test',
    currency: 'USD',
    timeline,
    deployment,
    amd,
    baseline,
    share_price: overrides.share_price ?? pointsPrice([['2026-01-01', 10]]),
    warrant,
  };
  if (overrides.energy !== undefined) scenario.energy = overrides.energy;
  return scenario;
}

/**
 * A realistic 20-quarter scenario in the shape of scenarios/meta-amd-base.yaml (6 tranches, 2 AMD
 * other costs, energy, 9% discount rate, cagr share price), built in code for engine tests and
 * benchmarks.
 */
export function metaBaseScenario(): Scenario {
  return makeScenario({
    name: 'Meta x AMD 6 GW - base',
    timeline: {
      start: day('2026-07-01'),
      periods: 20,
      step: 'quarter',
      valuation_date: day('2026-02-24'),
      discount_rate: dec('0.09'),
    },
    deployment: { interpolation: 'linear', points: [point('2027-06-30', 1), point('2031-06-30', 6)] },
    amd: {
      product: 'MI450',
      unit_price: dec(35000),
      units_per_gw: dec(400000),
      kw_per_unit: dec('2.1'),
      other_costs: [oneOff('ROCm porting', 500000000, '2026-09-30'), recurring('ROCm support', 100000000, '2026-07-01', '2031-06-30')],
    },
    baseline: { name: 'Nvidia Vera Rubin', unit_price: dec(55000), performance: dec('1.2'), kw_per_unit: dec('2.9') },
    share_price: cagrPrice('213.84', '2026-02-24', '0.15'),
    warrant: {
      strike: dec('0.01'),
      expiry: day('2031-02-24'),
      sell: 'at_horizon',
      tax_rate: dec('0.21'),
      tranches: [
        tranche(26666667, { gw: 1, price: 250 }),
        tranche(26666667, { gw: 2, price: 300 }),
        tranche(26666667, { gw: 3, price: 350 }),
        tranche(26666667, { gw: 4, price: 400 }),
        tranche(26666666, { gw: 5, price: 500 }),
        tranche(26666666, { gw: 6, price: 600 }),
      ],
    },
    energy: { price_per_mwh: dec(60), pue: dec('1.2'), utilization: dec('0.8') },
  });
}
