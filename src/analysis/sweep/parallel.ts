/**
 * Large sweeps on worker threads, keeping row order: the grid is cut into chunks of consecutive
 * point indices, at most two chunks per worker are in flight, and finished chunks are emitted
 * strictly in index order. `emit` is awaited before more work is handed out, so a slow reader
 * (backpressure on stdout) holds the computation back and memory stays flat.
 */
import { Worker } from 'node:worker_threads';
import type { MetricName } from '../../engine/types.js';
import type { Column } from '../../report/view.js';
import type { GridScenarios } from '../points.js';
import { encodeData, type StreamFormat } from './format.js';
import type { ChunkReply, ChunkRequest, WorkerSetup } from './sweep-worker.js';

export interface ParallelSweep {
  grid: GridScenarios;
  metrics: MetricName[];
  format: StreamFormat;
  columns: Column[];
  total: number;
  workers: number;
  chunkSize: number;
  /** receives each chunk's text, in order; awaited (backpressure) */
  emit(text: string, rows: number): Promise<void>;
}

/**
 * A worker's young generation is capped: a sweep allocates many short-lived decimals, and V8's
 * default nursery (tens of MB per thread) would multiply the process's peak RSS by the number of
 * workers without making them faster. Old-generation size is left to V8.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4 };

/** Runs the sweep on `workers` threads; resolves when every row has been emitted. */
export async function runSweepInWorkers(job: ParallelSweep): Promise<void> {
  const setup: WorkerSetup = {
    grid: encodeData(job.grid.toData()),
    metrics: job.metrics,
    format: job.format,
    columns: job.columns,
  };
  const url = new URL('./sweep-worker.js', import.meta.url);
  // Workers inherit the parent's node flags; `--input-type` (a parent run as `node -e`) is not
  // valid for a worker's file entry point, so it is left out.
  const execArgv = process.execArgv.filter((flag) => !flag.startsWith('--input-type'));
  const workers = Array.from({ length: job.workers }, () => new Worker(url, { workerData: setup, execArgv, resourceLimits: WORKER_LIMITS }));
  const done = new Map<number, ChunkReply>();
  let nextToSend = 0;
  let nextToEmit = 0;
  let nextFrom = 0;
  // The first chunks are small so that the first rows appear at once (a `| head` ends promptly);
  // they double up to chunkSize.
  let size = Math.min(16, job.chunkSize);
  let failure: unknown;
  let wake: (() => void) | undefined;
  const idle: Worker[] = [...workers];

  const send = () => {
    while (idle.length > 0 && nextFrom < job.total && nextToSend - nextToEmit < job.workers * 2 && failure === undefined) {
      const worker = idle.pop()!;
      const request: ChunkRequest = { id: nextToSend, from: nextFrom, to: Math.min(job.total, nextFrom + size) };
      nextFrom = request.to;
      size = Math.min(size * 2, job.chunkSize);
      nextToSend++;
      worker.postMessage(request);
    }
  };
  for (const worker of workers) {
    worker.on('message', (reply: ChunkReply) => {
      done.set(reply.id, reply);
      idle.push(worker);
      wake?.();
    });
    worker.on('error', (error) => {
      failure = error;
      wake?.();
    });
  }
  try {
    send();
    while (nextFrom < job.total || nextToEmit < nextToSend) {
      if (failure !== undefined) throw failure;
      const reply = done.get(nextToEmit);
      if (reply === undefined) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      done.delete(nextToEmit);
      nextToEmit++;
      await job.emit(reply.text, reply.rows);
      send();
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
