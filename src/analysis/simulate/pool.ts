/**
 * Runs `simulate`'s paths across threads (STYLE habit 8: independent work in parallel). Paths are
 * cut into fixed chunks handed to whichever thread is free — `workers − 1` worker threads plus the
 * calling thread, which needs no start-up — results come back by chunk and are delivered in path
 * order, so the output never depends on the number of threads or on their timing. With one worker
 * every path runs on the calling thread. The pool itself is `path-pool.ts`, shared with `value`.
 */
import type { MetricName } from '../../engine/index.js';
import type { Scenario } from '../../scenario/types.js';
import type { RawScenario } from '../../scenario/index.js';
import { planSimulation, runPaths, type PathBatch, type SimulationPlan } from './paths.js';
import { scenarioToPlain } from '../transfer.js';
import type { WorkerSetup } from './simulate-worker.js';
import { runPathJob, type PathPoolOptions } from './path-pool.js';

/** Paths per chunk: small enough for a smooth progress bar and balance, large enough to amortise messages. */
export const CHUNK_PATHS = 2_000;

/** Below this many paths per worker, extra workers cost more to start than they save. */
export const PATHS_PER_WORKER = 5_000;

export interface PoolOptions {
  workers: number;
  keepSalePrices?: boolean;
  /** keep each path's noise factors (the report's fan chart) */
  keepFactors?: boolean;
  /** called in path order, once per chunk */
  onBatch?: (batch: PathBatch) => void;
  /** paths done so far */
  onProgress?: (done: number, total: number) => void;
  /** stops the workers and rejects (the caller failed while the workers ran) */
  signal?: AbortSignal;
  /**
   * the calling thread's plan, if the caller prepares it after starting the pool (read when the
   * main thread takes its first chunk, one macrotask after the call)
   */
  plan?: SimulationPlan;
  /** the first path's number (a shard's slice starts later; default 1) */
  first?: number;
  /** the merged tree, for uncertain inputs validated through the loader on every path */
  raw?: RawScenario;
}

/** Default worker count: the cores, but 1 when the paths are few. */
export function defaultWorkers(paths: number, cores: number): number {
  return Math.max(1, Math.min(cores, Math.ceil(paths / PATHS_PER_WORKER)));
}

/** The chunks [from, to) covering paths first..first + paths − 1 (paths 1..paths by default). */
export function chunkRanges(paths: number, chunk = CHUNK_PATHS, first = 1): Array<{ from: number; to: number }> {
  const ranges: Array<{ from: number; to: number }> = [];
  const end = first + paths;
  for (let from = first; from < end; from += chunk) ranges.push({ from, to: Math.min(from + chunk, end) });
  return ranges;
}

/**
 * Runs `paths` paths of `scenario` under `seed` — paths 1..paths, or from `options.first` — and
 * returns the batches in path order.
 * `plan` (optional) reuses a plan of the calling thread for the one-worker case.
 */
export async function runSimulationPaths(
  scenario: Scenario,
  metrics: readonly MetricName[],
  seed: number,
  paths: number,
  options: PoolOptions,
  plan?: SimulationPlan,
): Promise<PathBatch[]> {
  const ranges = chunkRanges(paths, CHUNK_PATHS, options.first ?? 1);
  const keep = { keepSalePrices: options.keepSalePrices ?? false, keepFactors: options.keepFactors ?? false };
  const setup: WorkerSetup = { scenario: scenarioToPlain(scenario), metrics: [...metrics], seed, ...keep };
  if (options.raw !== undefined && scenario.uncertainty !== undefined) setup.raw = options.raw;
  // the options themselves, read as chunks arrive: the caller may set onBatch after this call
  const poolOptions: PathPoolOptions<PathBatch> = options;
  return runPathJob(
    ranges,
    {
      workerUrl: new URL('./simulate-worker.js', import.meta.url),
      workerData: setup,
      // read when the calling thread takes its first chunk: the caller may still be preparing
      // its plan then (options.plan, one macrotask after the call)
      runLocal: () => {
        const local = plan ?? options.plan ?? planSimulation(scenario, metrics, options.raw);
        return ({ from, to }) => runPaths(local, seed, from, to, keep);
      },
      failure: (reply) => (reply['drawError'] ? new SimulationInputError(reply.message) : new Error(reply.message)),
    },
    poolOptions,
  );
}

/** A draw that made a path's scenario invalid, reported by a worker (its message names input, path, value). */
export class SimulationInputError extends Error {
  override name = 'SimulationInputError';
}
