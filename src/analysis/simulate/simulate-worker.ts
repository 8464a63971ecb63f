/**
 * Worker-thread entry of `simulate`: rebuilds the scenario, plans the run once (the engine's
 * price-independent stages), then answers `{ from, to }` requests with {@link PathBatch}es. Paths
 * depend only on (seed, path index), so which worker runs which range never changes a digit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MetricName } from '../../engine/index.js';
import type { RawScenario } from '../../scenario/index.js';
import { planSimulation, runPaths, type PathBatch } from './paths.js';
import { scenarioFromPlain } from '../transfer.js';
import { DrawError } from '../uncertainty/draws.js';

export interface WorkerSetup {
  scenario: unknown;
  metrics: MetricName[];
  seed: number;
  keepSalePrices: boolean;
  /** the merged tree, when some uncertain input needs the whole loader per path */
  raw?: RawScenario;
  keepFactors?: boolean;
}

export interface WorkerRequest {
  from: number;
  to: number;
}

export type WorkerReply = { ok: true; batch: PathBatch } | { ok: false; message: string; drawError?: boolean };

const setup = workerData as WorkerSetup;
const port = parentPort!;
let plan: ReturnType<typeof planSimulation> | undefined;

port.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    plan ??= planSimulation(scenarioFromPlain(setup.scenario), setup.metrics, setup.raw);
    const batch = runPaths(plan, setup.seed, request.from, request.to, {
      keepSalePrices: setup.keepSalePrices,
      keepFactors: setup.keepFactors ?? false,
    });
    reply = { ok: true, batch };
    port.postMessage(reply, [
      ...batch.metrics.map((m) => m.buffer as ArrayBuffer),
      ...batch.draws.map((d) => d.buffer as ArrayBuffer),
      batch.vestPeriods.buffer as ArrayBuffer,
      ...(batch.factors ? [batch.factors.buffer as ArrayBuffer] : []),
    ]);
    return;
  } catch (error) {
    reply = { ok: false, message: error instanceof Error ? error.message : String(error), drawError: error instanceof DrawError };
  }
  port.postMessage(reply);
});
