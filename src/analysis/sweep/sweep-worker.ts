/**
 * A sweep worker thread: rebuilds the grid from plain data once, then answers chunk requests
 * `{ id, from, to }` with the formatted text of those rows. Its stage memo lives as long as the
 * worker, so neighbouring chunks reuse stages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MetricName } from '../../engine/types.js';
import type { Column } from '../../report/view.js';
import { GridScenarios, type GridData } from '../points.js';
import { decodeData, sweepRowFormatter, type StreamFormat } from './format.js';
import { sweepRows } from './rows.js';
import { StagedModel } from '../stages.js';

export interface WorkerSetup {
  grid: unknown;
  metrics: MetricName[];
  format: StreamFormat;
  columns: Column[];
}

export interface ChunkRequest {
  id: number;
  from: number;
  to: number;
}

export interface ChunkReply {
  id: number;
  text: string;
  rows: number;
}

const setup = workerData as WorkerSetup;
const grid = GridScenarios.fromData(decodeData(setup.grid) as GridData);
// a smaller memo than the main thread's: keeps a worker's live heap far below its old-generation cap
const model = new StagedModel(4_096);
const formatRow = sweepRowFormatter(setup.format, setup.columns, grid.axes.length);

parentPort!.on('message', (request: ChunkRequest) => {
  let text = '';
  let rows = 0;
  for (const row of sweepRows(grid, setup.metrics, request.from, request.to, model)) {
    text += formatRow(row);
    rows++;
  }
  const reply: ChunkReply = { id: request.id, text, rows };
  parentPort!.postMessage(reply);
});
