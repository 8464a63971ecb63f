// `npm run bench`: the performance figures the issues name. A benchmark, never a test: it prints
// numbers and exits 0 whatever they are. Run after `npm run build`.
//
//   node scripts/bench.mjs            all benchmarks
//   node scripts/bench.mjs startup    only the ones whose name contains "startup"
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

// ---- issue 16: value (the warrant's fair value) ----------------------------------------------

bench('value: meta-amd-base --paths 100000 (target <= 3 s wall on 2 cores)', () => {
  const paths = 100_000;
  const args = [bin, 'value', 'scenarios/meta-amd-base.yaml', '--paths', String(paths), '--format', 'json'];
  const runs = 3;
  const measure = (extra) => {
    const times = [];
    let doc;
    for (let i = 0; i < runs; i++) {
      const r = timeRun([...args, ...extra], { stdout: 'pipe' });
      times.push(r.ms);
      doc = JSON.parse(String(r.stdout));
    }
    return { wall: median(times), times, se: Number(doc.summary.fair_value_standard_error), value: doc.summary.fair_value };
  };
  const paired = measure([]);
  const plain = measure(['--no-antithetic']);
  // SE shrinks as 1/sqrt(time): SE x sqrt(seconds) is the error one second of run time reaches
  const perSecond = (m) => m.se * Math.sqrt(m.wall / 1000);
  const fmt = (x) => Math.round(x).toLocaleString('en-US');
  console.log(`  wall:        median ${(paired.wall / 1000).toFixed(2)} s of ${runs} runs (${paired.times.map((t) => (t / 1000).toFixed(2)).join(', ')}), antithetic pairs`);
  console.log(`  throughput:  ${fmt(paths / (paired.wall / 1000))} paths/s (default workers, start-up included)`);
  console.log(`  fair value:  ${paired.value} +- ${fmt(paired.se)} (1 SE)`);
  console.log(`  SE reached in one second of run time: ${fmt(perSecond(paired))} with pairs, ${fmt(perSecond(plain))} plain (plain: ${(plain.wall / 1000).toFixed(2)} s, SE ${fmt(plain.se)})`);
  console.log(`  variance per path, plain / pairs: ${((plain.se / paired.se) ** 2).toFixed(2)}x; per second of run time: ${((perSecond(plain) / perSecond(paired)) ** 2).toFixed(2)}x`);
  // on a busy machine wall time says little: the CPU time of one thread is what an idle core takes
  const cpu = measuredRun(['value', 'scenarios/meta-amd-base.yaml', '--paths', String(paths), '--workers', '1', '--format', 'json']);
  console.log(`  one thread:  ${(cpu.ms / 1000).toFixed(2)} s wall, CPU ${(cpu.cpuMs / 1000).toFixed(2)} s (user+sys), ${fmt(paths / (cpu.cpuMs / 1000))} paths per CPU second`);
  console.log(`  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`);
});

// ---- issue 5: sweep and breakeven -------------------------------------------------------------

const SWEEP_10K = [
  'sweep', 'scenarios/meta-amd-base.yaml',
  '--vary', 'share_price.cagr=-0.2:0.79:0.01',
  '--vary', 'baseline.unit_price=30000:79500:500',
  '--format', 'csv',
];

/**
 * Runs the CLI in a child that reports its own peak RSS (process.resourceUsage().maxRSS counts the
 * worker threads too: they live in the same process) and CPU time, with stdout discarded.
 */
function measuredRun(cliArgs) {
  // the CLI as a user starts it (bin/chipsforequity: the bundle with its code cache), with a
  // preloaded reporter of the process's peak RSS and CPU (every thread's) on exit
  const reporter = `if (require('node:worker_threads').isMainThread) process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('\\nBENCH ' + JSON.stringify({ maxRSS: u.maxRSS, cpu: (u.userCPUTime + u.systemCPUTime) / 1000 }) + '\\n'); });`;
  const file = join(mkdtempSync(join(tmpdir(), 'cfe-bench-')), 'report.cjs');
  writeFileSync(file, reporter);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', file, bin, ...cliArgs], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  const stderr = String(r.stderr);
  if (r.status !== 0) throw new Error(`${cliArgs[0]} exited ${r.status}: ${stderr.slice(0, 500)}`);
  const report = JSON.parse(/BENCH (.*)/.exec(stderr)[1]);
  return { ms, rssMb: report.maxRSS / 1024, cpuMs: report.cpu };
}

bench('sweep: 10,000 points (cagr x baseline.unit_price) to csv (target <= 1.5 s wall incl. start-up)', () => {
  const points = 10_000;
  const runs = 5;
  timeRun([bin, ...SWEEP_10K]); // warm the file-system cache
  const auto = [];
  const single = [];
  for (let i = 0; i < runs; i++) {
    auto.push(timeRun([bin, ...SWEEP_10K]).ms);
    single.push(timeRun([bin, ...SWEEP_10K, '--workers', '0']).ms);
  }
  const wall = median(auto);
  const wallSingle = median(single);
  console.log(`  wall (default workers): median ${(wall / 1000).toFixed(2)} s of ${runs} (${auto.map((t) => (t / 1000).toFixed(2)).join(', ')})`);
  console.log(`  wall (--workers 0):     median ${(wallSingle / 1000).toFixed(2)} s of ${runs}`);
  console.log(`  throughput:             ${Math.round(points / (Math.min(wall, wallSingle) / 1000)).toLocaleString('en-US')} points/s (start-up included)`);
  const cpu = measuredRun([...SWEEP_10K, '--workers', '0']);
  console.log(`  one thread CPU time:    ${(cpu.cpuMs / 1000).toFixed(2)} s (user+sys; what wall time would be on an idle core)`);
  console.log(`  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`);
});

bench('sweep: 1,000,000 points to csv (target peak RSS <= 150 MB)', () => {
  const points = 1_000_000;
  const args = [...SWEEP_10K, '--vary', 'amd.unit_price=30000:39900:100'];
  for (const workers of ['auto', '0', '2']) {
    const r = measuredRun(workers === 'auto' ? args : [...args, '--workers', workers]);
    console.log(
      `  workers ${workers.padEnd(4)}: wall ${(r.ms / 1000).toFixed(1)} s, ${Math.round(points / (r.ms / 1000)).toLocaleString('en-US')} points/s, peak RSS ${r.rssMb.toFixed(0)} MB (workers included), CPU ${(r.cpuMs / 1000).toFixed(1)} s`,
    );
  }
  console.log(`  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`);
});

bench('breakeven: share_price.cagr over [-0.5, 1] (savings = 60e9 and = 0)', () => {
  const runs = 3;
  for (const target of ['60000000000', '0']) {
    const args = [bin, 'breakeven', 'scenarios/meta-amd-base.yaml', '--vary', 'share_price.cagr', '--min', '-0.5', '--max', '1', '--target', target, '--format', 'json'];
    const times = [];
    let crossings = 0;
    for (let i = 0; i < runs; i++) {
      const r = timeRun(args, { stdout: 'pipe' });
      times.push(r.ms);
      crossings = JSON.parse(String(r.stdout)).length;
    }
    console.log(`  target ${target.padEnd(12)}: median ${(median(times) / 1000).toFixed(2)} s of ${runs} (${crossings} crossing${crossings === 1 ? '' : 's'}; 201 scan points + bisection)`);
  }
  console.log(`  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`);
});

// ---- issue 19: the HTML report -----------------------------------------------------------------

bench('report: meta-amd-base --paths 10000 to report.html (targets <= 3 s wall, file <= 2 MB)', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'cfe-bench-')), 'report.html');
  const args = [bin, 'report', 'scenarios/meta-amd-base.yaml', '--paths', '10000', '--output', out];
  const runs = 3;
  const times = [];
  for (let i = 0; i < runs; i++) times.push(timeRun(args).ms);
  const bytes = statSync(out).size;
  const plainRun = medianOf(3, [bin, 'report', 'scenarios/meta-amd-base.yaml', '--output', out]);
  console.log(`  wall:        median ${(median(times) / 1000).toFixed(2)} s of ${runs} runs (${times.map((t) => (t / 1000).toFixed(2)).join(', ')})`);
  console.log(`  file:        ${(bytes / 1e6).toFixed(3)} MB (${bytes.toLocaleString('en-US')} bytes; gzip ${(gzipSync(readFileSync(out)).length / 1e3).toFixed(0)} kB)`);
  console.log(`  no --paths:  median ${(plainRun / 1000).toFixed(2)} s wall (model, tornado, 10 SVG renderings)`);
  console.log(`  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`);
});

// ---- issue 13: the figures of its table ---------------------------------------------------------

const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`;
const CAGR_1000 = ['--vary', 'share_price.cagr=-0.2:0.799:0.001'];
const UNIT_1000 = ['--vary', 'baseline.unit_price=30000:79950:50'];
const SWEEP_1M = ['sweep', 'scenarios/meta-amd-base.yaml', ...CAGR_1000, ...UNIT_1000, '--format', 'csv'];
const SWEEP_1M_SWAPPED = ['sweep', 'scenarios/meta-amd-base.yaml', ...UNIT_1000, ...CAGR_1000, '--format', 'csv'];
const SWEEP_60K = ['sweep', 'scenarios/meta-amd-base.yaml', '--vary', 'share_price.cagr=0:0.6:0.00001', '--format', 'csv'];
const fmtRun = (r) =>
  `${(r.ms / 1000).toFixed(2)} s wall, peak RSS ${r.rssMb.toFixed(0)} MB, CPU ${(r.cpuMs / 1000).toFixed(2)} s` +
  (r.runs ? ` (median of ${r.runs}: ${r.all.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s)` : '');

/** The run of median wall time of `runs` (a shared 2-core machine's wall times scatter by ±15%). */
function medianRun(cliArgs, runs = 3) {
  const results = Array.from({ length: runs }, () => measuredRun(cliArgs)).sort((a, b) => a.ms - b.ms);
  return { ...results[Math.floor(runs / 2)], runs, all: results.map((r) => r.ms) };
}

bench('issue13: sweep 10^6 (share_price.cagr x baseline.unit_price, 1,000 x 1,000), csv (target <= 2 s, <= 120 MB)', () => {
  const r = medianRun(SWEEP_1M);
  console.log(`  cagr x unit_price: ${fmtRun(r)}`);
  const s = medianRun(SWEEP_1M_SWAPPED);
  console.log(`  unit_price x cagr: ${fmtRun(s)}`);
  console.log(`  axes in the other order: ${(s.ms / r.ms).toFixed(2)}x the wall time, ${(s.cpuMs / r.cpuMs).toFixed(2)}x the CPU time (target within 1.5x)`);
  console.log(`  ${load()}`);
});

bench('issue13: sweep share_price.cagr=0:0.6:0.00001 (60,001 values), csv (target <= 3 s, <= 150 MB)', () => {
  const r = medianRun(SWEEP_60K);
  console.log(`  ${fmtRun(r)}`);
  console.log(`  ${load()}`);
});

bench('issue13: simulate 10^5 paths, base scenario (target <= 1 s)', () => {
  const r = medianRun(['simulate', 'scenarios/meta-amd-base.yaml', '--paths', '100000', '--format', 'json']);
  console.log(`  ${fmtRun(r)} (CPU of every thread)`);
  console.log(`  ${load()}`);
});

bench('issue13: sweep 10^4 rows, --format table (target <= 1.5 s)', () => {
  const r = medianRun([...SWEEP_10K.slice(0, -2), '--format', 'table']);
  console.log(`  ${fmtRun(r)}`);
  console.log(`  ${load()}`);
});

bench('issue13: model --format json cold start vs node -e 0 (target <= 1.5x)', () => {
  const runs = 15;
  const bare = medianOf(runs, ['-e', '0']);
  const model = medianOf(runs, [bin, 'model', 'scenarios/meta-amd-base.yaml', '--format', 'json']);
  console.log(`  node -e 0 ${bare.toFixed(1)} ms, model ${model.toFixed(1)} ms: ${(model / bare).toFixed(2)}x (median of ${runs})`);
  console.log(`  ${load()}`);
});


// ---- issue 15: uncertain inputs ----------------------------------------------------------------

bench('uncertain: simulate scenarios/meta-amd-uncertain.yaml --paths 100000 (target <= 10 s)', () => {
  const paths = Number(process.env.BENCH_UNCERTAIN_PATHS ?? 100_000);
  const r = measuredRun(['simulate', 'scenarios/meta-amd-uncertain.yaml', '--paths', String(paths), '--format', 'json', '--quiet']);
  console.log(`  ${paths} paths: ${fmtRun(r)}; ${Math.round(paths / (r.ms / 1000)).toLocaleString('en-US')} paths/s`);
  const s = measuredRun(['simulate', 'scenarios/meta-amd-base.yaml', '--paths', String(paths), '--format', 'json', '--quiet']);
  console.log(`  share price only (meta-amd-base): ${fmtRun(s)}`);
  console.log(`  ${load()}`);
});

// ---- issue 18: shards, Parquet, merge ------------------------------------------------------------

bench('shards: sweep as 2 shards run by GNU parallel, Parquet; simulate --paths 10^6 as 4 shards merged', () => {
  const points = Number(process.env.BENCH_SHARD_POINTS ?? 10_000_000);
  const out = mkdtempSync(join(tmpdir(), 'cfe-bench-shards-'));
  // a grid of `points`: share_price.cagr (1,000 values) x baseline.unit_price (points / 1,000 values)
  const prices = Math.max(1, Math.round(points / 1000));
  const vary = `--vary share_price.cagr=0:0.999:0.001 --vary baseline.unit_price=30000:${30000 + (prices - 1)}:1`;
  const job = `${process.execPath} ${bin} sweep scenarios/meta-amd-base.yaml ${vary} --quiet --format parquet --shard $(({#}-1))/2 --output ${out}/part-$(({#}-1)).parquet`;
  const cmd = `seq 2 | parallel --joblog ${out}/joblog '/usr/bin/time -f "%M KB" ${job} 2>> ${out}/rss.txt'`;
  const t0 = performance.now();
  const r = spawnSync('bash', ['-c', cmd], { cwd: root, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`parallel exited ${r.status}: ${r.stderr}`);
  const rss = readFileSync(join(out, 'rss.txt'), 'utf8').trim().split('\n').map((l) => (Number(l.split(' ')[0]) / 1024).toFixed(0));
  const bytes = [0, 1].map((i) => statSync(join(out, `part-${i}.parquet`)).size).reduce((a, b) => a + b, 0);
  const total = 1000 * prices;
  console.log(`  sweep ${total.toLocaleString('en-US')} points, 2 shards on ${availableParallelism()} cores: ${(ms / 1000).toFixed(1)} s wall, ${Math.round(total / (ms / 1000)).toLocaleString('en-US')} points/s, peak RSS per shard ${rss.join(' / ')} MB`);
  const csv = spawnSync('bash', ['-c', `${process.execPath} ${bin} sweep scenarios/meta-amd-base.yaml --vary share_price.cagr=0:0.999:0.001 --vary baseline.unit_price=30000:30999:1 --quiet --format csv | wc -c`], { cwd: root, encoding: 'utf8' });
  console.log(`  size per 10^6 rows: Parquet ${((bytes / total) * 1e6 / 1e6).toFixed(1)} MB, CSV ${(Number(csv.stdout.trim()) / 1e6).toFixed(1)} MB`);
  const paths = Number(process.env.BENCH_SHARD_PATHS ?? 1_000_000);
  const sim = `seq 4 | parallel '${process.execPath} ${bin} simulate scenarios/meta-amd-base.yaml --paths ${paths} --seed 7 --workers 1 --quiet --shard $(({#}-1))/4 --paths-out ${out}/paths-$(({#}-1)).csv --format csv > /dev/null'`;
  const t1 = performance.now();
  const s = spawnSync('bash', ['-c', sim], { cwd: root, encoding: 'utf8' });
  if (s.status !== 0) throw new Error(`parallel simulate exited ${s.status}: ${s.stderr}`);
  const t2 = performance.now();
  const m = spawnSync(process.execPath, [bin, 'simulate', 'scenarios/meta-amd-base.yaml', '--paths', String(paths), '--seed', '7', '--quiet', '--merge', ...[0, 1, 2, 3].map((i) => join(out, `paths-${i}.csv`))], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (m.status !== 0) throw new Error(`merge exited ${m.status}: ${m.stderr}`);
  const t3 = performance.now();
  console.log(`  simulate ${paths.toLocaleString('en-US')} paths as 4 shards: ${((t2 - t1) / 1000).toFixed(1)} s, merge ${((t3 - t2) / 1000).toFixed(1)} s`);
  console.log(`  ${load()}`);
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
