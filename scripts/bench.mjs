// `npm run bench`: the performance figures the issues name. A benchmark, never a test: it prints
// numbers and exits 0 whatever they are. Run after `npm run build`.
//
//   node scripts/bench.mjs            all benchmarks
//   node scripts/bench.mjs startup    only the ones whose name contains "startup"
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'chipsforequity');
const filter = process.argv[2] ?? '';

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall time in ms of one run of `node args...`; fails loudly if the command fails. */
function timeRun(args, { stdout = 'ignore' } = {}) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', stdout, 'pipe'], maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  if (r.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 500)}`);
  }
  return { ms, stdout: r.stdout };
}

function medianOf(runs, args) {
  timeRun(args); // warm the file-system cache
  const times = [];
  for (let i = 0; i < runs; i++) times.push(timeRun(args).ms);
  return median(times);
}

const benches = [];
function bench(name, fn) {
  benches.push({ name, fn });
}

bench('startup: model --format json vs node -e 0', () => {
  const runs = 15;
  const bare = medianOf(runs, ['-e', '0']);
  const model = medianOf(runs, [bin, 'model', 'scenarios/meta-amd-base.yaml', '--format', 'json']);
  const help = medianOf(runs, [bin, '--help']);
  console.log(`  node -e 0:                      median ${bare.toFixed(1)} ms (${runs} runs)`);
  console.log(`  chipsforequity --help:          median ${help.toFixed(1)} ms`);
  console.log(`  model meta-amd-base --format json: median ${model.toFixed(1)} ms`);
  console.log(`  cold-start ratio model/node:    ${(model / bare).toFixed(2)}x (target <= 2x)`);
});

bench('simulate: meta-amd-base --paths 100000 (target <= 3 s wall on 2 cores)', () => {
  const paths = 100_000;
  const args = [bin, 'simulate', 'scenarios/meta-amd-base.yaml', '--paths', String(paths), '--format', 'json'];
  const runs = 3;
  const times = [];
  for (let i = 0; i < runs; i++) times.push(timeRun(args).ms);
  const wall = median(times);
  const oneWorker = timeRun([...args.slice(0, 4), '20000', '--workers', '1', '--format', 'json']).ms;
  console.log(`  wall:        median ${(wall / 1000).toFixed(2)} s of ${runs} runs (${times.map((t) => (t / 1000).toFixed(2)).join(', ')})`);
  console.log(`  throughput:  ${Math.round(paths / (wall / 1000)).toLocaleString('en-US')} paths/s (default workers)`);
  console.log(`  one worker:  ${Math.round(20_000 / (oneWorker / 1000)).toLocaleString('en-US')} paths/s (20,000 paths, start-up included)`);
  // wall time means little on a busy machine: say how busy it was
  console.log(`  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`);
});

for (const b of benches) {
  if (!b.name.includes(filter)) continue;
  console.log(`\n${b.name}`);
  try {
    await b.fn();
  } catch (error) {
    console.log(`  failed: ${error.message}`);
    process.exitCode = 1;
  }
}
