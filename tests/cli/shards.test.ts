/**
 * SPEC §10 through the built CLI: the N shards of a sweep or a simulation, in shard order, are
 * exactly the unsharded run (CSV byte for byte, Parquet row for row as DuckDB reads it), `simulate
 * --merge` gives the unsharded run's output, and a merge refuses a missing, duplicated or foreign
 * shard. DuckDB (`@duckdb/node-api`, a dev dependency) plays the analyst reading many shards with
 * one glob.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money/index.js';
import { root, runCli } from './run-cli.js';

const BASE = join(root, 'scenarios', 'meta-amd-base.yaml');
const UNCERTAIN = join(root, 'scenarios', 'meta-amd-uncertain.yaml');
const dir = mkdtempSync(join(tmpdir(), 'cfe-shards-'));
const GRID = ['--vary', 'share_price.cagr=0:0.3:0.01', '--vary', 'baseline.price_change=-0.2,-0.1,0', '--vary', 'amd.unit_price=30000,35000'];
const POINTS = 31 * 3 * 2;

/** A successful run; --quiet keeps the scenario's own warnings (tranche 6 after expiry) off stderr. */
function ok(args: string[]): string {
  const run = runCli([...args, '--quiet']);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout;
}

/** CSV text without its header line. */
function body(csv: string): string {
  return csv.slice(csv.indexOf('\r\n') + 2);
}

/** Drops the first cell (the point index) of every record. */
function withoutPoint(csv: string): string {
  return csv
    .split('\r\n')
    .map((line) => line.slice(line.indexOf(',') + 1))
    .join('\r\n');
}

let duck: Awaited<ReturnType<DuckDBInstance['connect']>>;
beforeAll(async () => {
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => duck?.closeSync?.());

/** Rows of a DuckDB query as plain text cells (exact: DECIMALs print every digit). */
async function query(sql: string): Promise<string[][]> {
  const reader = await duck.runAndReadAll(sql);
  return reader.getRows().map((row) => row.map((cell) => (cell === null ? '' : String(cell))));
}

describe('sweep --shard', () => {
  const unsharded = ok(['sweep', BASE, ...GRID, '--format', 'csv']);

  for (const n of [1, 2, 3, 7]) {
    it(`${n} shard(s), concatenated in shard order, are the unsharded rows byte for byte`, () => {
      let rows = '';
      for (let i = 0; i < n; i++) {
        const out = join(dir, `sweep-${n}-${i}.csv`);
        ok(['sweep', BASE, ...GRID, '--format', 'csv', '--shard', `${i}/${n}`, '--output', out]);
        const text = readFileSync(out, 'utf8');
        expect(text.startsWith('point,share_price.cagr,')).toBe(true);
        rows += body(text);
        const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8'));
        // slice i of T is [floor(i*T/n), floor((i+1)*T/n))
        expect(manifest).toMatchObject({ shard: `${i}/${n}`, unit: 'point', total: POINTS, first: Math.floor((i * POINTS) / n), last: Math.floor(((i + 1) * POINTS) / n) - 1 });
      }
      expect(withoutPoint(rows)).toBe(body(unsharded));
      // the point column is the global index, 0..POINTS-1 in order
      expect(rows.trimEnd().split('\r\n').map((l) => Number(l.split(',')[0]))).toEqual(Array.from({ length: POINTS }, (_, i) => i));
    });
  }

  it('every shard of a run has the same inputs_sha256; another grid has another', () => {
    const a = JSON.parse(readFileSync(join(dir, 'sweep-3-0.csv.manifest.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(dir, 'sweep-3-2.csv.manifest.json'), 'utf8'));
    expect(a.inputs_sha256).toBe(b.inputs_sha256);
    const other = join(dir, 'other.csv');
    ok(['sweep', BASE, ...GRID, '--set', 'share_price.start=200', '--format', 'csv', '--shard', '0/3', '--output', other]);
    expect(JSON.parse(readFileSync(`${other}.manifest.json`, 'utf8')).inputs_sha256).not.toBe(a.inputs_sha256);
  });

  it('Parquet shards read with one DuckDB glob are the unsharded rows, exact decimals, and SUM equals the CSV total', async () => {
    const shardDir = mkdtempSync(join(dir, 'parquet-'));
    for (let i = 0; i < 3; i++) ok(['sweep', BASE, ...GRID, '--format', 'parquet', '--shard', `${i}/3`, '--output', join(shardDir, `part-${i}.parquet`)]);
    const whole = join(dir, 'whole.parquet');
    ok(['sweep', BASE, ...GRID, '--format', 'parquet', '--output', whole]);
    const types = await query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${whole}'))`);
    expect(Object.fromEntries(types)).toMatchObject({
      point: 'BIGINT',
      'share_price.cagr': 'DECIMAL(38,2)',
      'amd.unit_price': 'DECIMAL(38,0)',
      savings: 'DECIMAL(38,2)',
      effective_discount: 'DECIMAL(38,6)',
    });
    const glob = await query(`SELECT * FROM read_parquet('${shardDir}/part-*.parquet') ORDER BY point`);
    expect(glob).toEqual(await query(`SELECT * FROM read_parquet('${whole}') ORDER BY point`));
    // each row equals the CSV row (DuckDB prints DECIMAL(38,2) with its two decimals)
    const csvRows = body(unsharded).trimEnd().split('\r\n').map((l) => l.split(','));
    expect(glob.map((r) => r.slice(1).map((c, i) => (i < 3 ? new Decimal(c).toString() : c)))).toEqual(
      csvRows.map((r) => r.map((c, i) => (i < 3 ? new Decimal(c).toString() : c))),
    );
    const [sums] = await query(`SELECT sum(savings)::VARCHAR, sum(savings_pv)::VARCHAR, sum(effective_discount)::VARCHAR FROM read_parquet('${shardDir}/part-*.parquet')`);
    const exact = (column: number) => csvRows.reduce((acc, r) => acc.plus(r[column]!), new Decimal(0));
    expect(sums!.map((s) => new Decimal(s!).toString())).toEqual([exact(3).toString(), exact(4).toString(), exact(7).toString()]);
  });
});

describe('simulate --shard and --merge', () => {
  const RUN = ['--paths', '2500', '--seed', '11', '--metrics', 'savings,savings_pv,warrant_net_value'];
  const fullPaths = join(dir, 'full-paths.csv');
  const fullTable = ok(['simulate', BASE, ...RUN, '--paths-out', fullPaths]);

  for (const n of [1, 2, 3, 7]) {
    it(`${n} shard(s): the paths-out rows concatenate to the unsharded ones, and --merge prints the unsharded table`, () => {
      const files: string[] = [];
      let rows = '';
      for (let i = 0; i < n; i++) {
        const out = join(dir, `paths-${n}-${i}.csv`);
        ok(['simulate', BASE, ...RUN, '--shard', `${i}/${n}`, '--paths-out', out, '--format', 'csv']);
        rows += body(readFileSync(out, 'utf8'));
        files.push(out);
      }
      expect(rows).toBe(body(readFileSync(fullPaths, 'utf8')));
      // any order on the command line
      expect(ok(['simulate', BASE, ...RUN, '--merge', ...files.reverse()])).toBe(fullTable);
    });
  }

  it('the merged JSON and every CSV view equal the unsharded run (JSON: all but the command line)', () => {
    const files = [0, 1, 2].map((i) => join(dir, `paths-3-${i}.csv`));
    for (const view of ['statistics', 'tranches', 'histogram', 'run']) {
      expect(ok(['simulate', BASE, ...RUN, '--merge', ...files, '--format', 'csv', '--view', view])).toBe(ok(['simulate', BASE, ...RUN, '--format', 'csv', '--view', view]));
    }
    const strip = (text: string) => {
      const json = JSON.parse(text);
      delete json.manifest.command;
      return json;
    };
    expect(strip(ok(['simulate', BASE, ...RUN, '--merge', ...files, '--format', 'json']))).toEqual(strip(ok(['simulate', BASE, ...RUN, '--format', 'json'])));
  });

  it('with uncertain inputs too: draws, drivers and statistics merge exactly', () => {
    const args = ['--paths', '900', '--seed', '3', '--workers', '1'];
    const files = [0, 1, 2].map((i) => {
      const out = join(dir, `u-${i}.csv`);
      ok(['simulate', UNCERTAIN, ...args, '--shard', `${i}/3`, '--paths-out', out, '--format', 'csv']);
      return out;
    });
    expect(ok(['simulate', UNCERTAIN, ...args, '--merge', ...files])).toBe(ok(['simulate', UNCERTAIN, ...args]));
  }, 120_000);

  it('refuses a missing, a duplicated and a foreign shard, naming it', () => {
    const files = [0, 1, 2].map((i) => join(dir, `paths-3-${i}.csv`));
    const missing = runCli(['simulate', BASE, ...RUN, '--merge', files[0]!, files[2]!]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/missing shard 1\/3 \(paths 834\.\.1666\)/);
    const twice = runCli(['simulate', BASE, ...RUN, '--merge', ...files, files[1]!]);
    expect(twice.status).toBe(1);
    expect(twice.stderr).toMatch(/shard 1\/3 is given twice/);
    const foreign = runCli(['simulate', BASE, ...RUN, '--set', 'share_price.cagr=0.2', '--merge', ...files]);
    expect(foreign.status).toBe(1);
    expect(foreign.stderr).toMatch(/a shard of different inputs/);
    const otherSeed = runCli(['simulate', BASE, ...RUN.slice(0, 2), '--seed', '12', RUN[4]!, RUN[5]!, '--merge', ...files]);
    expect(otherSeed.status).toBe(1);
    expect(otherSeed.stderr).toMatch(/a shard of different inputs/);
    expect(missing.stdout + twice.stdout + foreign.stdout).toBe('');
  });

  it('Parquet paths-out shards: DuckDB sums each metric over the glob exactly as the unsharded CSV', async () => {
    const shardDir = mkdtempSync(join(dir, 'sim-parquet-'));
    for (let i = 0; i < 4; i++) ok(['simulate', BASE, ...RUN, '--shard', `${i}/4`, '--paths-out', join(shardDir, `paths-${i}.parquet`), '--format', 'csv']);
    expect(readdirSync(shardDir).filter((f) => f.endsWith('.manifest.json'))).toHaveLength(4);
    const [row] = await query(
      `SELECT count(*)::VARCHAR, min(path)::VARCHAR, max(path)::VARCHAR, sum(savings)::VARCHAR, sum(warrant_net_value)::VARCHAR FROM read_parquet('${shardDir}/*.parquet')`,
    );
    const lines = body(readFileSync(fullPaths, 'utf8')).trimEnd().split('\r\n').map((l) => l.split(','));
    const header = readFileSync(fullPaths, 'utf8').split('\r\n')[0]!.split(',');
    const total = (name: string) => lines.reduce((acc, r) => acc.plus(r[header.indexOf(name)]!), new Decimal(0)).toFixed(2);
    expect(row).toEqual(['2500', '1', '2500', total('savings'), total('warrant_net_value')]);
    const [dates] = await query(`SELECT typeof(tranche_1_vest_date) FROM read_parquet('${shardDir}/paths-0.parquet') LIMIT 1`);
    expect(dates).toEqual(['DATE']);
  });
});

describe('usage', () => {
  it.each([
    [['sweep', BASE, ...GRID, '--format', 'parquet'], /--format parquet is a binary file: give --output/],
    [['sweep', BASE, ...GRID, '--shard', '3/3', '--format', 'csv'], /I must be from 0 to 2 \(shard indexes start at 0/],
    [['sweep', BASE, ...GRID, '--shard', '/4', '--format', 'csv'], /--shard must be I\/N .*\(is the index variable set\?/],
    [['sweep', BASE, ...GRID, '--shard', '0/2'], /--shard writes rows for a merge: use --format csv, json or parquet/],
    [['simulate', BASE, '--paths', '10', '--shard', '0/2'], /--shard needs --paths-out FILE/],
    [['simulate', BASE, '--paths', '3', '--shard', '0/4', '--paths-out', join(dir, 'x.csv')], /4 shards of 3 paths would leave some empty/],
    [['simulate', BASE, '--paths', '10', '--shard', '0/2', '--merge', 'a.csv'], /--merge combines the shards of a run: run it without --shard/],
  ])('%j is a usage error', (args, message) => {
    const run = runCli(args as string[]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message as RegExp);
  });

  it('a shard index from the shell with spaces around it is accepted', () => {
    const out = join(dir, 'spaced.csv');
    ok(['sweep', BASE, ...GRID, '--format', 'csv', '--shard', ' 1 / 4 ', '--output', out]);
    expect(JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')).shard).toBe('1/4');
  });
});

describe('real batch engines: the shipped examples', () => {
  const cli = `${process.execPath} ${join(root, 'bin', 'chipsforequity')}`;

  it('GNU parallel runs 4 simulate shards and --merge gives the unsharded run (examples/gnu-parallel/simulate.sh)', () => {
    const out = mkdtempSync(join(dir, 'parallel-'));
    const run = spawnSync('bash', [join(root, 'examples', 'gnu-parallel', 'simulate.sh'), '4', '2000', out], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CHIPSFOREQUITY: cli, NO_COLOR: '1' },
    });
    // each job may print the scenario's warnings; nothing else
    expect(run.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('warning: '))).toEqual([]);
    expect(run.status).toBe(0);
    expect(readdirSync(out).filter((f) => /^paths-\d\.csv$/.test(f)).sort()).toEqual(['paths-0.csv', 'paths-1.csv', 'paths-2.csv', 'paths-3.csv']);
    // GNU parallel's joblog: four jobs, each exit 0
    const jobs = readFileSync(join(out, 'joblog'), 'utf8').trim().split('\n').slice(1);
    expect(jobs).toHaveLength(4);
    for (const job of jobs) expect(job.split('\t')[6]).toBe('0');
    expect(run.stdout).toBe(ok(['simulate', 'scenarios/meta-amd-base.yaml', '--paths', '2000', '--seed', '7']));
  }, 180_000);

  it('GNU parallel runs 2 sweep shards into Parquet that DuckDB reads with one glob (examples/gnu-parallel/sweep.sh)', async () => {
    const out = mkdtempSync(join(dir, 'parallel-sweep-'));
    const run = spawnSync('bash', [join(root, 'examples', 'gnu-parallel', 'sweep.sh'), '2', out], { cwd: root, encoding: 'utf8', env: { ...process.env, CHIPSFOREQUITY: cli } });
    expect(run.status).toBe(0);
    const [count] = await query(`SELECT count(*)::VARCHAR, count(DISTINCT point)::VARCHAR, max(point)::VARCHAR FROM read_parquet('${out}/part-*.parquet')`);
    // 301 CAGR values x 61 unit prices
    expect(count).toEqual(['18361', '18361', '18360']);
  }, 180_000);

  it('the Kubernetes, AWS Batch and Slurm examples are well-formed and shard by their engine\'s index variable', async () => {
    const { parse } = await import('yaml');
    const job = parse(readFileSync(join(root, 'examples', 'kubernetes', 'sweep-indexed-job.yaml'), 'utf8'));
    expect(job.spec.completionMode).toBe('Indexed');
    const args = job.spec.template.spec.containers[0].args.join(' ');
    expect(args).toContain(`--shard "$JOB_COMPLETION_INDEX/${job.spec.completions}"`);
    const batch = JSON.parse(readFileSync(join(root, 'examples', 'aws-batch', 'simulate-array-job.json'), 'utf8'));
    const env = Object.fromEntries(batch.containerOverrides.environment.map((e: { name: string; value: string }) => [e.name, e.value]));
    expect(env.SHARDS).toBe(String(batch.arrayProperties.size));
    expect(readFileSync(join(root, 'examples', 'aws-batch', 'entrypoint.sh'), 'utf8')).toContain('--shard "$AWS_BATCH_JOB_ARRAY_INDEX/$SHARDS"');
    expect(readFileSync(join(root, 'examples', 'slurm', 'sweep-array.sbatch'), 'utf8')).toContain('--shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT"');
    for (const script of ['gnu-parallel/sweep.sh', 'gnu-parallel/simulate.sh', 'aws-batch/entrypoint.sh', 'slurm/sweep-array.sbatch']) {
      expect(spawnSync('bash', ['-n', join(root, 'examples', script)]).status).toBe(0);
    }
    // the AWS entrypoint really runs a shard when the array index is set
    const out = mkdtempSync(join(dir, 'aws-'));
    const child = spawnSync('bash', [join(root, 'examples', 'aws-batch', 'entrypoint.sh')], {
      encoding: 'utf8',
      env: { ...process.env, AWS_BATCH_JOB_ARRAY_INDEX: '1', SHARDS: '3', PATHS: '300', SEED: '7', OUT: out },
    });
    expect(child.status).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'paths-1.csv.manifest.json'), 'utf8'))).toMatchObject({ shard: '1/3', first: 101, last: 200 });
  }, 120_000);
});

describe('a CSV too long for a spreadsheet', () => {
  it('warns on stderr above 1,048,576 rows (header included) and suggests Parquet; exactly at the limit it does not', () => {
    // 1025 x 1023 = 1,048,575 rows + the header = the limit; one more value crosses it
    const at = runCli(['sweep', BASE, '--vary', 'share_price.cagr=0:0.1024:0.0001', '--vary', 'baseline.unit_price=50000:51022:1', '--format', 'csv', '--output', '/dev/null']);
    expect(at.status).toBe(0);
    expect(at.stderr).not.toMatch(/spreadsheets/);
    const over = runCli(['sweep', BASE, '--vary', 'share_price.cagr=0:0.1024:0.0001', '--vary', 'baseline.unit_price=50000:51023:1', '--format', 'csv', '--output', '/dev/null']);
    expect(over.status).toBe(0);
    expect(over.stderr).toMatch(/warning: this CSV has 1,049,600 rows; spreadsheets .* show at most 1,048,576 .* use --format parquet/);
  }, 300_000);
});
