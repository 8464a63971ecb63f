/**
 * Monte Carlo core (src/analysis/simulate/), in-process with scenarios built in code. Fixed
 * seeds make every check deterministic; closed forms are checked within 4 standard errors.
 */
import { describe, expect, it } from 'vitest';
import { dec, type Decimal } from '../../src/money/index.js';
import { METRIC_NAMES, addToTotals, runModel, totalsToSummary, valueWarrantOnPath } from '../../src/engine/index.js';
import type { Scenario, SharePrice } from '../../src/scenario/types.js';
import {
  lazyNoisyPrices,
  noiseFactors,
  noisyPrices,
  planSimulation,
  runPaths,
  simulatePath,
  KIND_PLACES,
} from '../../src/analysis/simulate/paths.js';
import { summarizeSimulation } from '../../src/analysis/simulate/summary.js';
import { scenarioFromPlain, scenarioToPlain } from '../../src/analysis/transfer.js';
import { chunkRanges, defaultWorkers, runSimulationPaths } from '../../src/analysis/simulate/pool.js';
import { normalCdf } from '../../src/analysis/random.js';
import { formatScaled } from '../../src/analysis/statistics.js';
import { METRIC_KINDS } from '../../src/engine/types.js';
import { cagrPrice, day, makeScenario, metaBaseScenario, point, pointsPrice, tranche } from '../helpers/scenario-builders.js';

function withVolatility(price: SharePrice, volatility: string): SharePrice {
  return { ...price, volatility: dec(volatility) };
}

function withScenarioVolatility(scenario: Scenario, volatility: string): Scenario {
  return { ...scenario, share_price: withVolatility(scenario.share_price, volatility) };
}

/** Mean and standard error (sample sd / √n) of plain numbers — test statistics only. */
function meanAndError(values: number[]): { mean: number; error: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, error: Math.sqrt(variance / n) };
}

describe('volatility 0 reproduces model exactly', () => {
  const scenario = metaBaseScenario(); // the builder's volatility is 0
  const model = runModel(scenario);
  const plan = planSimulation(scenario, [...METRIC_NAMES]);

  it('every path has the deterministic prices and every SPEC §3 metric of model, digit for digit', () => {
    for (const path of [1, 2, 500, 9999]) {
      const outcome = simulatePath(plan, 7, path);
      outcome.prices.forEach((p, i) => expect(p.toFixed()).toBe(model.periods[i]!.share_price.toFixed()));
      for (const metric of METRIC_NAMES) expect(outcome.summary[metric].toFixed()).toBe(model.summary[metric].toFixed());
      expect(outcome.valuation.tranches.map((t) => t.vest_date)).toEqual(model.tranches.map((t) => t.vest_date));
    }
  });

  it('the statistics are the model value with zero spread', () => {
    const batch = runPaths(plan, 3, 1, 51);
    const result = summarizeSimulation(plan, [batch], { seed: 3, paths: 50, metrics: [...METRIC_NAMES], bins: 5, deterministic: model.summary });
    for (const { metric, statistics } of result.metrics) {
      const expected = model.summary[metric].toFixed();
      expect(statistics.min.toFixed(), metric).toBe(expected);
      expect(statistics.max.toFixed(), metric).toBe(expected);
      expect(statistics.mean.toFixed(), metric).toBe(expected);
      expect(statistics.standardError!.isZero(), metric).toBe(true);
    }
    result.tranches.forEach((t, i) => {
      const vested = model.tranches[i]!.vest_date !== undefined;
      expect(t.vestedPaths).toBe(vested ? 50 : 0);
      expect(t.medianVestDate).toBe(model.tranches[i]!.vest_date);
    });
  });
});

describe('the noise (SPEC §5)', () => {
  it('leaves period ends on or before t0 at exactly the deterministic price', () => {
    // points model: t0 = the first point's date, 2026-07-15; quarter ends 03-31, 06-30 precede it
    const scenario = makeScenario({
      share_price: withVolatility(pointsPrice([['2026-07-15', 10], ['2027-01-01', 12]]), '0.4'),
    });
    const plan = planSimulation(scenario, ['savings']);
    expect(plan.random).toEqual([false, false, true, true]);
    // first increment from t0 = 07-15 to 09-30: 77 days; the next from 09-30 to 12-31: 92 days
    expect(plan.sqrtStep[2]).toBe(Math.sqrt(77 / 365));
    expect(plan.sqrtStep[3]).toBe(Math.sqrt(92 / 365));
    // drift σ²·yf(t0, e_k)/2 = 0.16 · (169/365) / 2 at 12-31 (169 days after 07-15)
    expect(plan.drift[3]).toBe((0.4 * 0.4 * (169 / 365)) / 2);
    const factors = noiseFactors(plan, 1, 1, new Float64Array(4));
    expect([factors[0], factors[1]]).toEqual([1, 1]);
    expect(factors[2]).not.toBe(1);
    const prices = noisyPrices(plan, factors);
    expect(prices[0]).toBe(plan.prepared.sharePriceAtEnds[0]);
    // the noisy price is P(e_k) × the decimal of the factor's shortest text
    expect(prices[2]!.toFixed()).toBe(plan.prepared.sharePriceAtEnds[2]!.times(dec(String(factors[2]))).toFixed());
  });

  it('(a) the mean noisy price at the horizon is the deterministic price, within 4 SE', () => {
    const scenario = withScenarioVolatility(metaBaseScenario(), '0.5');
    const plan = planSimulation(scenario, ['savings']);
    const n = plan.prepared.schedule.length;
    const factors = new Float64Array(n);
    const horizon: number[] = [];
    for (let path = 1; path <= 20_000; path++) {
      noiseFactors(plan, 11, path, factors);
      horizon.push(Number(noisyPrices(plan, factors)[n - 1]!.toString()));
    }
    const deterministic = Number(plan.prepared.sharePriceAtEnds[n - 1]!.toString());
    const { mean, error } = meanAndError(horizon);
    expect(Math.abs(mean - deterministic)).toBeLessThan(4 * error);
  });

  it('(b) a price-only tranche checked at one period end vests with Φ((ln(P/H) − σ²T/2)/(σ√T))', () => {
    // one yearly period 2026-01-01..2026-12-31; flat P = 100 from t0 = 2026-01-01; H = 110; σ = 0.3
    const scenario = makeScenario({
      timeline: { start: day('2026-01-01'), periods: 1, step: 'year' },
      share_price: withVolatility(pointsPrice([['2026-01-01', 100]]), '0.3'),
      warrant: { tranches: [tranche(1, { price: 110 })] },
    });
    const plan = planSimulation(scenario, ['warrant_vested_shares']);
    const paths = 20_000;
    const batch = runPaths(plan, 5, 1, paths + 1);
    const result = summarizeSimulation(plan, [batch], {
      seed: 5,
      paths,
      metrics: ['warrant_vested_shares'],
      bins: 10,
      deterministic: runModel(scenario).summary,
    });
    const sigma = 0.3;
    const T = 364 / 365; // yf(2026-01-01, 2026-12-31)
    const p = normalCdf((Math.log(100 / 110) - (sigma * sigma * T) / 2) / (sigma * Math.sqrt(T)));
    const observed = Number(result.tranches[0]!.probability.toString());
    expect(Math.abs(observed - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / paths));
    // the probability is the exact count over the paths
    expect(result.tranches[0]!.probability.toFixed()).toBe(dec(result.tranches[0]!.vestedPaths).div(paths).toFixed());
  });

  it('(c) at_horizon sale of a GW-only tranche: mean proceeds = shares × P(T), within 4 SE', () => {
    // the builder's deployment reaches 1 GW on 2026-03-31 (step): the tranche vests in period 1
    // and is sold on e_4 = 2026-12-31 at the noisy P(e_4); cagr from t0 = 2025-06-30
    const scenario = makeScenario({
      share_price: withVolatility(cagrPrice(100, '2025-06-30', '0.1'), '0.6'),
      warrant: { tranches: [tranche(1000, { gw: 1 })] },
    });
    const plan = planSimulation(scenario, ['warrant_sale_proceeds']);
    const paths = 20_000;
    const result = summarizeSimulation(plan, [runPaths(plan, 21, 1, paths + 1)], {
      seed: 21,
      paths,
      metrics: ['warrant_sale_proceeds'],
      bins: 10,
      deterministic: runModel(scenario).summary,
    });
    const { statistics } = result.metrics[0]!;
    const expected = dec(1000).times(plan.prepared.sharePriceAtEnds[3]!);
    const gap = statistics.mean.minus(expected).abs();
    expect(gap.lt(statistics.standardError!.times(4))).toBe(true);
    expect(result.tranches[0]!.vestedPaths).toBe(paths);
  });
});

describe('reproducibility', () => {
  const scenario = withScenarioVolatility(metaBaseScenario(), '0.5');
  const metrics = ['savings', 'warrant_vested_shares', 'effective_discount'] as const;
  const plan = planSimulation(scenario, [...metrics]);

  it('a path does not depend on the chunk it runs in', () => {
    const whole = runPaths(plan, 2, 1, 41);
    const first = runPaths(plan, 2, 1, 21);
    const second = runPaths(plan, 2, 21, 41);
    whole.metrics.forEach((column, m) => {
      expect([...column]).toEqual([...first.metrics[m]!, ...second.metrics[m]!]);
    });
    expect([...whole.vestPeriods]).toEqual([...first.vestPeriods, ...second.vestPeriods]);
    // and the seed matters
    expect([...runPaths(plan, 3, 1, 41).metrics[0]!]).not.toEqual([...whole.metrics[0]!]);
  });

  it('stores each metric as value × 10^places of its SPEC kind, and always savings', () => {
    expect(plan.storedMetrics).toEqual(['savings', 'warrant_vested_shares', 'effective_discount']);
    const batch = runPaths(plan, 2, 1, 4, { keepSalePrices: true });
    for (let p = 0; p < 3; p++) {
      const outcome = simulatePath(plan, 2, 1 + p);
      plan.storedMetrics.forEach((metric, m) => {
        const places = KIND_PLACES[METRIC_KINDS[metric]];
        expect(formatScaled(batch.metrics[m]![p]!, places)).toBe(outcome.summary[metric].toFixed(places));
      });
      outcome.valuation.tranches.forEach((t, i) => {
        expect(batch.salePrices![p * 6 + i]).toBe(t.sale_price?.toFixed() ?? '');
        expect(batch.vestPeriods[p * 6 + i]).toBe(t.vest_date === undefined ? 0 : plan.prepared.schedule.findIndex((s) => s.end === t.vest_date) + 1);
      });
    }
  });

  it('the pool run in-process gives the batches in path order with progress', async () => {
    const seen: number[] = [];
    const batches = await runSimulationPaths(scenario, [...metrics], 4, 4_500, { workers: 1, onProgress: (done) => seen.push(done) });
    expect(batches.map((b) => [b.from, b.to])).toEqual([
      [1, 2001],
      [2001, 4001],
      [4001, 4501],
    ]);
    expect(seen).toEqual([2000, 4000, 4500]);
  });

  it('scenarios cross to workers exactly', () => {
    const back = scenarioFromPlain(structuredClone(scenarioToPlain(scenario)));
    const a = runModel(scenario).summary;
    const b = runModel(back).summary;
    for (const metric of METRIC_NAMES) expect(b[metric].toFixed()).toBe(a[metric].toFixed());
    expect((back.share_price.volatility as Decimal).toFixed()).toBe('0.5');
  });

  it('chooses workers from the cores, 1 for few paths', () => {
    expect(defaultWorkers(100, 8)).toBe(1);
    expect(defaultWorkers(100_000, 2)).toBe(2);
    expect(defaultWorkers(12_000, 8)).toBe(3);
    expect(chunkRanges(5, 2)).toEqual([
      { from: 1, to: 3 },
      { from: 3, to: 5 },
      { from: 5, to: 6 },
    ]);
  });
});

describe('median vest date', () => {
  it('is "not vested" when fewer than half the paths vest', () => {
    // H far above P: almost no path vests
    const scenario = makeScenario({
      timeline: { start: day('2026-01-01'), periods: 1, step: 'year' },
      deployment: { interpolation: 'step', points: [point('2026-03-31', 1)] },
      share_price: withVolatility(pointsPrice([['2026-01-01', 100]]), '0.3'),
      warrant: { tranches: [tranche(1, { price: 150 })] },
    });
    const plan = planSimulation(scenario, ['savings']);
    const result = summarizeSimulation(plan, [runPaths(plan, 1, 1, 2001)], {
      seed: 1,
      paths: 2000,
      metrics: ['savings'],
      bins: 4,
      deterministic: runModel(scenario).summary,
    });
    expect(result.tranches[0]!.vestedPaths).toBeGreaterThan(0);
    expect(result.tranches[0]!.vestedPaths).toBeLessThan(1000);
    expect(result.tranches[0]!.medianVestDate).toBeUndefined();
  });
});

describe('the fast vesting comparison is the exact one', () => {
  it('gives the decisions and summary of the plain engine call on the full decimal price array', () => {
    const scenario = withScenarioVolatility(metaBaseScenario(), '0.5');
    const plan = planSimulation(scenario, ['savings']);
    const factors = new Float64Array(plan.prepared.schedule.length);
    for (let path = 1; path <= 1_500; path++) {
      noiseFactors(plan, 8, path, factors);
      const fast = simulatePath(plan, 8, path);
      // the reference: every price built in decimal, the engine's own comparisons, no shortcut
      const prices = noisyPrices(plan, factors);
      const exact = valueWarrantOnPath({ ...plan.prepared, gwHoldsAtEnds: undefined }, prices);
      expect(fast.valuation.decisions).toEqual(exact.decisions);
      const summary = totalsToSummary(addToTotals(plan.prepared.costTotals, exact.bookings));
      for (const metric of METRIC_NAMES) expect(fast.summary[metric].toFixed(), metric).toBe(summary[metric].toFixed());
    }
  });

  it('a price exactly at the threshold vests (the float tie is sent to the decimal comparison)', () => {
    // t0 = 2026-04-15 is after e_1 = 2026-03-31: f_1 = 1 and P(e_1) = 10 = H exactly on every path
    const scenario = makeScenario({
      share_price: withVolatility(pointsPrice([['2026-04-15', 10]]), '0.8'),
      warrant: { tranches: [tranche(1, { price: 10 })] },
    });
    const plan = planSimulation(scenario, ['warrant_vested_shares']);
    for (let path = 1; path <= 50; path++) expect(simulatePath(plan, 1, path).valuation.decisions[0]!.vestPeriod).toBe(1);
    // and one cent above never vests at e_1
    const above = planSimulation(
      makeScenario({ share_price: withVolatility(pointsPrice([['2026-04-15', 10]]), '0.8'), warrant: { tranches: [tranche(1, { price: '10.01' })] } }),
      ['warrant_vested_shares'],
    );
    for (let path = 1; path <= 50; path++) expect(simulatePath(above, 1, path).valuation.decisions[0]!.vestPeriod).not.toBe(1);
  });

  it('builds a decimal price only when the engine reads it', () => {
    const scenario = withScenarioVolatility(metaBaseScenario(), '0.5');
    const plan = planSimulation(scenario, ['savings']);
    const factors = noiseFactors(plan, 1, 1, new Float64Array(plan.prepared.schedule.length));
    const lazy = lazyNoisyPrices(plan, factors);
    expect(lazy.length).toBe(20);
    expect(lazy[19]!.toFixed()).toBe(noisyPrices(plan, factors)[19]!.toFixed());
  });
});
