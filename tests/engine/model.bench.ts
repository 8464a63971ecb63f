/**
 * Engine benchmarks (STYLE habit 8: measured, never a timed test). Run with
 * `npx vitest bench tests/engine --run`. The scenario is the 20-quarter Meta x AMD base case
 * (6 tranches, 2 other costs, energy, 9% discount rate).
 */
import { bench, describe } from 'vitest';
import { dec } from '../../src/money/index.js';
import { prepareModel, runModel, summarizePath } from '../../src/engine/index.js';
import { metaBaseScenario } from '../helpers/scenario-builders.js';

const scenario = metaBaseScenario();
let counter = 0;

describe('runModel, 20 quarters', () => {
  bench('same scenario again (fractional powers memoised)', () => {
    runModel(scenario);
  });
  bench('a new cagr each run (share-price powers recomputed, as in a cagr sweep)', () => {
    counter++;
    runModel({ ...scenario, share_price: { ...scenario.share_price, cagr: dec(counter).div(1_000_000) } as typeof scenario.share_price });
  });
  bench('a new discount rate and price change each run (every power recomputed)', () => {
    counter++;
    const rate = dec(counter).div(10_000_000);
    runModel({
      ...scenario,
      timeline: { ...scenario.timeline, discount_rate: rate },
      amd: { ...scenario.amd, price_change: rate.negated() },
      baseline: { ...scenario.baseline, price_change: rate.negated() },
      share_price: { ...scenario.share_price, cagr: rate } as typeof scenario.share_price,
    });
  });
});

describe('Monte Carlo shape: prepare once, value the warrant per path', () => {
  const prepared = prepareModel(scenario);
  const path = prepared.sharePriceAtEnds.map((p, i) => p.times(1 + (i % 3) / 10));
  bench('summarizePath on a fixed noisy path', () => {
    summarizePath(prepared, path);
  });
});
