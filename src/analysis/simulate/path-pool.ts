/**
 * A worker pool for independent, numbered Monte Carlo samples, used by `simulate` (pool.ts) and
 * `value` (STYLE habit 8): samples are cut into fixed chunks handed to
 * whichever thread is free (`workers − 1` worker threads plus the calling thread, which needs no
 * start-up); results come back by chunk and are delivered in sample order, so the output never
 * depends on the number of threads or on their timing. With one worker everything runs on the
 * calling thread.
 *
 * A job names its worker module (which answers `{ from, to }` messages with
 * `{ ok: true, batch } | { ok: false, message }`), the data that module starts from, and the same
 * computation for the calling thread.
 */
import { Worker } from 'node:worker_threads';

/** One chunk of samples [from, to). */
export interface SampleRange {
  from: number;
  to: number;
}

/** A worker's reply to a {@link SampleRange} (a failure may carry more, for {@link PathJob.failure}). */
export type PoolReply<B> = { ok: true; batch: B } | ({ ok: false; message: string } & Record<string, unknown>);

export interface PathJob<B> {
  /** the worker module (an ES module URL) */
  workerUrl: URL;
  /** its `workerData` */
  workerData: unknown;
  /** the calling thread's computation of one chunk (prepared lazily, after the workers start) */
  runLocal: () => (range: SampleRange) => B;
  /** the error a worker's failure reply becomes (default: an Error with its message) */
  failure?: (reply: Extract<PoolReply<B>, { ok: false }>) => Error;
}

export interface PathPoolOptions<B> {
  workers: number;
  /** called in sample order, once per chunk */
  onBatch?: (batch: B) => void;
  /** chunks done so far */
  onProgress?: (done: number, total: number) => void;
  /** stops the workers and rejects */
  signal?: AbortSignal;
}

/** Runs every chunk of `ranges` and returns the batches in range order. */
export async function runPathJob<B>(ranges: readonly SampleRange[], job: PathJob<B>, options: PathPoolOptions<B>): Promise<B[]> {
  const batches: Array<B | undefined> = new Array(ranges.length);
  const total = ranges.length === 0 ? 0 : ranges[ranges.length - 1]!.to - ranges[0]!.from;
  let delivered = 0;
  let done = 0;
  const accept = (index: number, batch: B) => {
    batches[index] = batch;
    done += ranges[index]!.to - ranges[index]!.from;
    while (delivered < ranges.length && batches[delivered] !== undefined) {
      options.onBatch?.(batches[delivered]!);
      delivered++;
    }
    options.onProgress?.(done, total);
  };

  const workers = Math.min(options.workers, ranges.length);
  if (workers <= 1) {
    const local = job.runLocal();
    for (let i = 0; i < ranges.length; i++) {
      accept(i, local(ranges[i]!));
      // let a progress bar paint, or a signal remove an output's temporary file, between chunks
      if (options.onProgress || options.onBatch) await new Promise((resolve) => setImmediate(resolve));
    }
    return batches as B[];
  }

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
      const complete = (index: number, batch: B) => {
        accept(index, batch);
        finished++;
        if (finished === ranges.length) resolve();
      };
      // each worker keeps two chunks queued, so it never waits while the main thread computes
      const spawn = () => {
        const worker = new Worker(job.workerUrl, { workerData: job.workerData });
        const pending: number[] = [];
        const request = () => {
          if (failed || next >= ranges.length) return;
          const index = next++;
          pending.push(index);
          worker.postMessage(ranges[index]);
        };
        worker.on('message', (reply: PoolReply<B>) => {
          const index = pending.shift()!;
          if (failed) return;
          if (!reply.ok) return fail(job.failure ? job.failure(reply) : new Error(reply.message));
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
      options.signal?.addEventListener('abort', () => fail(new Error('computation stopped')));
      for (let w = 1; w < workers; w++) spawn();
      const mainThread = async () => {
        await new Promise((r) => setImmediate(r));
        const local = job.runLocal();
        while (!failed && next < ranges.length) {
          const index = next++;
          complete(index, local(ranges[index]!));
          await new Promise((r) => setImmediate(r));
        }
      };
      mainThread().catch(fail);
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return batches as B[];
}
