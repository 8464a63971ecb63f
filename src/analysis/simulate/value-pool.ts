/**
 * `value`'s samples on the worker pool ({@link runPathJob}): `workers − 1` threads running
 * `value-worker.js` plus the calling thread. Same seed and paths give the same batches whatever
 * the workers (each sample depends only on (seed, sample index)).
 */
import type { Scenario } from '../../scenario/types.js';
import { runPathJob, type PathPoolOptions } from './path-pool.js';
import { scenarioToPlain } from '../transfer.js';
import { pathsPerSample, planValue, runValueSamples, sampleRanges, type ValueBatch, type ValuePlan } from './value.js';
import type { ValueWorkerSetup } from './value-worker.js';

/** Runs every sample of a `value` run and returns the batches in sample order. */
export function runValuePaths(
  scenario: Scenario,
  options: { paths: number; seed: number; antithetic: boolean },
  pool: PathPoolOptions<ValueBatch>,
  plan?: () => ValuePlan,
): Promise<ValueBatch[]> {
  const samples = options.paths / pathsPerSample(options.antithetic);
  const setup: ValueWorkerSetup = { scenario: scenarioToPlain(scenario), seed: options.seed, antithetic: options.antithetic };
  return runPathJob(sampleRanges(samples), {
    workerUrl: new URL('./value-worker.js', import.meta.url),
    workerData: setup,
    runLocal: () => {
      const local = plan?.() ?? planValue(scenario);
      return ({ from, to }) => runValueSamples(local, options.seed, from, to, options.antithetic);
    },
  }, pool);
}
