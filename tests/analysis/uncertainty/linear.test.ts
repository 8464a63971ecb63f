/**
 * The linear check of SPEC §5 "Uncertain inputs": with only `baseline.unit_price` uncertain
 * (normal) and no share-price noise, savings is linear in the price up to cents, so
 *   mean(savings) ≈ model at the mean price (within 4 standard errors), and
 *   sd(savings) ≈ |∂savings/∂price| × sd (within 2 %), the slope from two `model` runs.
 */
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/money/index.js';
import { runModel } from '../../../src/engine/index.js';
import { planSimulation, runPaths } from '../../../src/analysis/simulate/paths.js';
import { summarizeSimulation } from '../../../src/analysis/simulate/summary.js';
import { metaBaseScenario } from '../../helpers/scenario-builders.js';
import type { Scenario } from '../../../src/scenario/types.js';

const PATHS = 10_000;
const MEAN = 55000;
const SD = 4000;

function withPrice(scenario: Scenario, price: number): Scenario {
  return { ...scenario, baseline: { ...scenario.baseline, unit_price: new Decimal(price) } };
}

describe('linear check: only baseline.unit_price uncertain, volatility 0', () => {
  it('mean and sd of savings follow the model and its slope', () => {
    const base = metaBaseScenario();
    const scenario: Scenario = {
      ...withPrice(base, MEAN),
      share_price: { ...base.share_price, volatility: new Decimal(0) },
      uncertainty: {
        inputs: [{ path: 'baseline.unit_price', distribution: { family: 'normal', mean: new Decimal(MEAN), sd: new Decimal(SD) } }],
        correlations: [],
      },
    };
    const plan = planSimulation(scenario, ['savings']);
    const batch = runPaths(plan, 11, 1, PATHS + 1);
    const deterministic = runModel(scenario).summary;
    const result = summarizeSimulation(plan, [batch], { seed: 11, paths: PATHS, metrics: ['savings'], bins: 10, deterministic });
    const stats = result.metrics[0]!.statistics;

    const atMean = runModel(withPrice(scenario, MEAN)).summary.savings;
    const slope = runModel(withPrice(scenario, MEAN + 1000)).summary.savings.minus(runModel(withPrice(scenario, MEAN - 1000)).summary.savings).div(2000);
    // the sample sd from the standard error: se = sd/√N
    const sampleSd = stats.standardError!.times(Math.sqrt(PATHS));
    expect(stats.mean.minus(atMean).abs().lte(stats.standardError!.times(4))).toBe(true);
    const expectedSd = slope.abs().times(SD);
    expect(sampleSd.div(expectedSd).minus(1).abs().toNumber()).toBeLessThan(0.02);
    // and the driver ranking sees it: savings rises with the baseline price, rank-perfectly
    expect(result.inputs[0]!.correlations[0]!.rho).toBeGreaterThan(0.999);
  }, 120_000);
});
