/**
 * Worker-thread entry of `value`: rebuilds the scenario, plans the run once, then answers
 * `{ from, to }` sample ranges with {@link ValueBatch}es. Samples depend only on (seed, sample
 * index), so which worker runs which range never changes a digit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { planValue, runValueSamples, type ValueBatch, type ValuePlan } from './value.js';
import { scenarioFromPlain } from '../transfer.js';
import type { PoolReply, SampleRange } from './path-pool.js';

export interface ValueWorkerSetup {
  scenario: unknown;
  seed: number;
  antithetic: boolean;
}

const setup = workerData as ValueWorkerSetup;
const port = parentPort!;
let plan: ValuePlan | undefined;

port.on('message', (range: SampleRange) => {
  let reply: PoolReply<ValueBatch>;
  try {
    plan ??= planValue(scenarioFromPlain(setup.scenario));
    const batch = runValueSamples(plan, setup.seed, range.from, range.to, setup.antithetic);
    reply = { ok: true, batch };
    port.postMessage(reply, [
      ...batch.tranches.map((m) => m.buffer as ArrayBuffer),
      batch.totals.buffer as ArrayBuffer,
      batch.vestPeriods.buffer as ArrayBuffer,
    ]);
    return;
  } catch (error) {
    reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
