/**
 * Runs `simulate`'s paths across worker threads (STYLE habit 8: independent work in parallel).
 * Paths are cut into fixed chunks handed to whichever worker is free; results come back by chunk
 * and are delivered in path order, so the output never depends on the number of workers or on
 * their timing. With one worker the paths run on the calling thread (no start-up cost).
 */
import { Worker } from 'node:worker_threads';
import type { MetricName } from '../engine/index.js';
import type { Scenario } from '../scenario/types.js';
import { planSimulation, runPaths, type PathBatch, type SimulationPlan } from './simulate.js';
import { scenarioToPlain } from './simulate-transfer.js';
import type { WorkerReply, WorkerSetup } from './simulate-worker.js';

/** Paths per chunk: small enough for a smooth progress bar and balance, large enough to amortise messages. */
export const CHUNK_PATHS = 2_000;

/** Below this many paths per worker, extra workers cost more to start than they save. */
export const PATHS_PER_WORKER = 5_000;

export interface PoolOptions {
  workers: number;
  keepSalePrices?: boolean;
  /** called in path order, once per chunk */
  onBatch?: (batch: PathBatch) => void;
  /** paths done so far */
  onProgress?: (done: number, total: number) => void;
  /** stops the workers and rejects (the caller failed while the workers ran) */
  signal?: AbortSignal;
}

/** Default worker count: the cores, but 1 when the paths are few. */
export function defaultWorkers(paths: number, cores: number): number {
  return Math.max(1, Math.min(cores, Math.ceil(paths / PATHS_PER_WORKER)));
}

/** The chunks [from, to) covering paths 1..paths. */
export function chunkRanges(paths: number, chunk = CHUNK_PATHS): Array<{ from: number; to: number }> {
  const ranges: Array<{ from: number; to: number }> = [];
  for (let from = 1; from <= paths; from += chunk) ranges.push({ from, to: Math.min(from + chunk, paths + 1) });
  return ranges;
}

/**
 * Runs paths 1..paths of `scenario` under `seed` and returns the batches in path order.
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
  const ranges = chunkRanges(paths);
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
    const local = plan ?? planSimulation(scenario, metrics);
    for (let i = 0; i < ranges.length; i++) {
      const { from, to } = ranges[i]!;
      accept(i, runPaths(local, seed, from, to, { keepSalePrices: options.keepSalePrices ?? false }));
      // let a progress bar paint between chunks
      if (options.onProgress) await new Promise((resolve) => setImmediate(resolve));
    }
    return batches as PathBatch[];
  }

  const setup: WorkerSetup = {
    scenario: scenarioToPlain(scenario),
    metrics: [...metrics],
    seed,
    keepSalePrices: options.keepSalePrices ?? false,
  };
  const url = new URL('./simulate-worker.js', import.meta.url);
  let next = 0;
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let active = 0;
      let failed = false;
      const feed = (worker: Worker) => {
        if (failed) return;
        if (next >= ranges.length) {
          if (active === 0) resolve();
          return;
        }
        const index = next++;
        active++;
        worker.once('message', (reply: WorkerReply) => {
          active--;
          if (!reply.ok) {
            failed = true;
            reject(new Error(reply.message));
            return;
          }
          try {
            accept(index, reply.batch);
          } catch (error) {
            failed = true;
            reject(error);
            return;
          }
          feed(worker);
        });
        worker.postMessage(ranges[index]);
      };
      options.signal?.addEventListener('abort', () => {
        failed = true;
        reject(new Error('simulation stopped'));
      });
      for (let w = 0; w < workers; w++) {
        const worker = new Worker(url, { workerData: setup });
        worker.on('error', (error) => {
          failed = true;
          reject(error);
        });
        pool.push(worker);
        feed(worker);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return batches as PathBatch[];
}
