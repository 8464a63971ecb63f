/**
 * Runs `simulate`'s paths across threads (STYLE habit 8: independent work in parallel). Paths are
 * cut into fixed chunks handed to whichever thread is free — `workers − 1` worker threads plus the
 * calling thread, which needs no start-up — results come back by chunk and are delivered in path
 * order, so the output never depends on the number of threads or on their timing. With one worker
 * every path runs on the calling thread.
 */
import { Worker } from 'node:worker_threads';
import type { MetricName } from '../../engine/index.js';
import type { Scenario } from '../../scenario/types.js';
import type { RawScenario } from '../../scenario/index.js';
import { planSimulation, runPaths, type PathBatch, type SimulationPlan } from './paths.js';
import { scenarioToPlain } from '../transfer.js';
import type { WorkerReply, WorkerSetup } from './simulate-worker.js';

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
  const batches: Array<PathBatch | undefined> = new Array(ranges.length);
  let delivered = 0;
  let done = 0;
  const accept = (index: number, batch: PathBatch) => {
    batches[index] = batch;
    done += batch.to - batch.from;
    while (delivered < ranges.length && batches[delivered] !== undefined) {
      options.onBatch?.(batches[delivered]!);
      delivered++;
    }
    options.onProgress?.(done, paths);
  };

  const workers = Math.min(options.workers, ranges.length);
  if (workers <= 1) {
    const local = plan ?? planSimulation(scenario, metrics, options.raw);
    for (let i = 0; i < ranges.length; i++) {
      const { from, to } = ranges[i]!;
      accept(i, runPaths(local, seed, from, to, { keepSalePrices: options.keepSalePrices ?? false, keepFactors: options.keepFactors ?? false }));
      // let a progress bar paint, or a signal remove --paths-out's temporary file, between chunks
      if (options.onProgress || options.onBatch) await new Promise((resolve) => setImmediate(resolve));
    }
    return batches as PathBatch[];
  }

  const setup: WorkerSetup = {
    scenario: scenarioToPlain(scenario),
    metrics: [...metrics],
    seed,
    keepSalePrices: options.keepSalePrices ?? false,
    keepFactors: options.keepFactors ?? false,
  };
  if (options.raw !== undefined && scenario.uncertainty !== undefined) setup.raw = options.raw;
  const url = new URL('./simulate-worker.js', import.meta.url);
  const keepSalePrices = options.keepSalePrices ?? false;
  const keepFactors = options.keepFactors ?? false;
  let next = 0;
  let finished = 0;
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (error: unknown) => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      const complete = (index: number, batch: PathBatch) => {
        accept(index, batch);
        finished++;
        if (finished === ranges.length) resolve();
      };
      // each worker keeps two chunks queued, so it never waits while the main thread computes
      const spawn = () => {
        const worker = new Worker(url, { workerData: setup });
        const pending: number[] = [];
        const request = () => {
          if (failed || next >= ranges.length) return;
          const index = next++;
          pending.push(index);
          worker.postMessage(ranges[index]);
        };
        worker.on('message', (reply: WorkerReply) => {
          const index = pending.shift()!;
          if (failed) return;
          if (!reply.ok) return fail(reply.drawError ? new SimulationInputError(reply.message) : new Error(reply.message));
          try {
            complete(index, reply.batch);
          } catch (error) {
            return fail(error);
          }
          request();
        });
        worker.on('error', fail);
        pool.push(worker);
        request();
        request();
      };
      options.signal?.addEventListener('abort', () => fail(new Error('simulation stopped')));
      // workers − 1 threads, and the main thread takes chunks too (no extra start-up for it)
      for (let w = 1; w < workers; w++) spawn();
      const mainThread = async () => {
        // one macrotask first: the caller may still be preparing its plan (see options.plan)
        await new Promise((r) => setImmediate(r));
        const local = plan ?? options.plan ?? planSimulation(scenario, metrics, options.raw);
        while (!failed && next < ranges.length) {
          const index = next++;
          const { from, to } = ranges[index]!;
          complete(index, runPaths(local, seed, from, to, { keepSalePrices, keepFactors }));
          // let worker replies and the progress bar through between chunks
          await new Promise((r) => setImmediate(r));
        }
      };
      mainThread().catch(fail);
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return batches as PathBatch[];
}

/** A draw that made a path's scenario invalid, reported by a worker (its message names input, path, value). */
export class SimulationInputError extends Error {
  override name = 'SimulationInputError';
}
