/**
 * `simulate` past one machine (SPEC §10): the Parquet form of `--paths-out`, and `--merge`, which
 * reads the shards' CSV `--paths-out` files back into the per-path batches a single run holds, so
 * every statistic, percentile, probability, histogram and rank correlation is computed by the same
 * code from the same exact values — the merged output is the unsharded run's, digit for digit.
 *
 * A merge checks, from each file's manifest (`FILE.manifest.json`, see ../shard-manifest.ts), that
 * every shard comes from the same inputs (scenario, seed, path count, metrics), and that the shards
 * cover paths 1..N exactly once: a foreign, missing or duplicated shard is refused by name.
 */
import { readFileSync } from 'node:fs';
import { formatDay } from '../../time/index.js';
import { METRIC_KINDS } from '../../engine/types.js';
import { KIND_PLACES, type PathBatch, type SimulationPlan } from '../../analysis/simulate/paths.js';
import { shardRange } from '../../analysis/shard.js';
import { formatScaled } from '../../analysis/statistics.js';
import { AtomicFileWriter, describeFsError } from '../io.js';
import { RunError } from '../errors.js';
import { ParquetRowWriter, type ParquetColumnType } from '../parquet.js';
import { fingerprintOf, readShardManifest, TOOL_VERSION, type ShardManifest } from '../shard-manifest.js';

/** The columns of a `--paths-out` table, in order (the CSV header and the Parquet schema). */
export function pathsOutColumns(plan: SimulationPlan): Array<{ name: string; type: ParquetColumnType }> {
  const columns: Array<{ name: string; type: ParquetColumnType }> = [{ name: 'path', type: { kind: 'int64' } }];
  const tranches = plan.prepared.scenario.warrant.tranches.length;
  for (let t = 1; t <= tranches; t++) {
    columns.push({ name: `tranche_${t}_vest_date`, type: { kind: 'date' } }, { name: `tranche_${t}_sale_price`, type: { kind: 'string' } });
  }
  for (const m of plan.storedMetrics) {
    const places = KIND_PLACES[METRIC_KINDS[m]];
    columns.push({ name: m, type: places === 0 ? { kind: 'int64' } : { kind: 'decimal', scale: places } });
  }
  for (const input of plan.draws?.inputs ?? []) columns.push({ name: input.input.path, type: { kind: 'double' } });
  return columns;
}

/** `--paths-out FILE.parquet`: the same rows as the CSV form, typed (see ../parquet.ts). */
export function openParquetPathsOut(path: string, plan: SimulationPlan, shard: string | undefined) {
  const file = new AtomicFileWriter(path);
  const columns = pathsOutColumns(plan);
  const tranches = plan.prepared.scenario.warrant.tranches.length;
  const schedule = plan.prepared.schedule;
  const places = plan.storedMetrics.map((m) => KIND_PLACES[METRIC_KINDS[m]]);
  const inputs = plan.draws?.inputs.length ?? 0;
  let table: ParquetRowWriter;
  try {
    table = new ParquetRowWriter(
      file,
      columns.map((c) => c.name),
      columns.map((c) => c.type),
      { chipsforequity: `simulate --paths-out; tool ${TOOL_VERSION}${shard ? `; shard ${shard}` : ''}` },
    );
  } catch (error) {
    file.abort();
    throw error;
  }
  return {
    write(batch: PathBatch) {
      const count = batch.to - batch.from;
      for (let p = 0; p < count; p++) {
        const cells: Array<string | number | null> = [batch.from + p];
        for (let t = 0; t < tranches; t++) {
          const period = batch.vestPeriods[p * tranches + t]!;
          cells.push(period === 0 ? null : schedule[period - 1]!.end, batch.salePrices?.[p * tranches + t] || null);
        }
        places.forEach((digits, i) => cells.push(formatScaled(batch.metrics[i]![p]!, digits)));
        for (let i = 0; i < inputs; i++) cells.push(batch.draws[i]![p]!);
        table.add(cells);
      }
    },
    commit() {
      table.finish();
      file.commit();
    },
    abort: () => file.abort(),
  };
}

/** What the shards of one run share: the validated scenario, seed, path count and stored metrics. */
export function simulateFingerprint(scenarioPlain: unknown, seed: number, paths: number, plan: SimulationPlan): unknown {
  return { scenario: scenarioPlain, seed, paths, metrics: plan.storedMetrics };
}

interface ShardFile {
  file: string;
  manifest: ShardManifest;
}

/**
 * The batches of a sharded run, in path order, from its shards' CSV `--paths-out` files (any
 * order on the command line). Throws RunError for a foreign, missing or duplicated shard, a file
 * that is not a paths-out table of this run, or rows that do not match their manifest.
 */
export function mergePathsOut(files: readonly string[], plan: SimulationPlan, expected: { fingerprint: unknown; paths: number; seed: number }): PathBatch[] {
  const sha = fingerprintOf(expected.fingerprint);
  const shards: ShardFile[] = files.map((file) => {
    if (/\.parquet$/i.test(file)) {
      throw new RunError(`${file}: --merge reads the shards' CSV --paths-out files (Parquet paths-out files are for DuckDB, pandas or Spark: read them with one glob)`);
    }
    const manifest = readShardManifest(file);
    if (manifest.command !== 'simulate' || manifest.unit !== 'path') throw new RunError(`${file}: not a shard of simulate --paths-out (its manifest is for ${manifest.command})`);
    if (manifest.inputs_sha256 !== sha) {
      throw new RunError(
        `${file}: a shard of different inputs: its scenario, seed, path count or metrics differ from this run's (seed ${expected.seed}, ${expected.paths} paths; the shard's run had ${manifest.total} paths). Merge with the same FILE, --set, --seed, --paths and --metrics as the shards were run with`,
      );
    }
    return { file, manifest };
  });
  const count = shards[0]?.manifest.shard_count;
  for (const s of shards) {
    if (s.manifest.shard_count !== count) throw new RunError(`${s.file}: shard ${s.manifest.shard} is of ${s.manifest.shard_count} shards, ${shards[0]!.file} of ${count}; merge the shards of one run`);
  }
  const byIndex = new Map<number, ShardFile>();
  for (const s of shards) {
    const twin = byIndex.get(s.manifest.shard_index);
    if (twin) throw new RunError(`shard ${s.manifest.shard} is given twice: ${twin.file} and ${s.file}`);
    byIndex.set(s.manifest.shard_index, s);
  }
  const missing: string[] = [];
  for (let i = 0; i < count!; i++) {
    if (!byIndex.has(i)) {
      const { from, to } = shardRange(expected.paths, { index: i, count: count! });
      missing.push(`${i}/${count} (paths ${from + 1}..${to})`);
    }
  }
  if (missing.length > 0) throw new RunError(`missing shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')}: every one of the ${count} shards is needed for the whole run`);
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, s]) => readPathsOutBatch(s, plan));
}

/** Splits one CSV record (RFC 4180: quoted cells may hold commas and doubled quotes). */
export function splitCsvRecord(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let text = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          text += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else text += line[i++];
      }
      cells.push(text);
      i++; // the comma
    } else {
      const comma = line.indexOf(',', i);
      const end = comma === -1 ? line.length : comma;
      cells.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return cells;
}

function readPathsOutBatch(shard: ShardFile, plan: SimulationPlan): PathBatch {
  const { file, manifest } = shard;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new RunError(`cannot read ${file}: ${describeFsError(error)}`);
  }
  const lines = text.split('\r\n');
  if (lines.at(-1) === '') lines.pop();
  const expectedHeader = pathsOutColumns(plan).map((c) => c.name);
  const header = splitCsvRecord(lines[0] ?? '');
  if (header.join('\u0000') !== expectedHeader.join('\u0000')) {
    throw new RunError(`${file}: its columns are not this run's --paths-out columns (expected ${expectedHeader.join(',')})`);
  }
  const rows = lines.length - 1;
  if (rows !== manifest.rows) throw new RunError(`${file}: has ${rows} rows, its manifest says ${manifest.rows}: the file is incomplete or was changed`);
  const tranches = plan.prepared.scenario.warrant.tranches.length;
  const periodOfDate = new Map(plan.prepared.schedule.map((p, k) => [formatDay(p.end), k + 1]));
  const places = plan.storedMetrics.map((m) => KIND_PLACES[METRIC_KINDS[m]]);
  const inputs = plan.draws?.inputs.length ?? 0;
  const metrics = places.map(() => new BigInt64Array(rows));
  const vestPeriods = new Int32Array(rows * tranches);
  const draws = Array.from({ length: inputs }, () => new Float64Array(rows));
  const metricAt = 1 + 2 * tranches;
  for (let r = 0; r < rows; r++) {
    const cells = splitCsvRecord(lines[r + 1]!);
    const where = `${file}:${r + 2}`;
    if (cells.length !== expectedHeader.length) throw new RunError(`${where}: expected ${expectedHeader.length} cells, got ${cells.length}`);
    if (cells[0] !== String(manifest.first + r)) throw new RunError(`${where}: expected path ${manifest.first + r}, got ${cells[0]}`);
    for (let t = 0; t < tranches; t++) {
      const date = cells[1 + 2 * t]!;
      if (date === '') continue;
      const period = periodOfDate.get(date);
      if (period === undefined) throw new RunError(`${where}: tranche ${t + 1}'s vest date ${date} is not a period end of this scenario`);
      vestPeriods[r * tranches + t] = period;
    }
    for (let m = 0; m < places.length; m++) metrics[m]![r] = parseScaled(cells[metricAt + m]!, places[m]!, where);
    for (let i = 0; i < inputs; i++) draws[i]![r] = Number(cells[metricAt + places.length + i]);
  }
  return { from: manifest.first, to: manifest.last + 1, metrics, vestPeriods, draws };
}

/** An exact decimal text with exactly `places` decimals as value × 10^places. */
function parseScaled(text: string, places: number, where: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match || (match[3]?.length ?? 0) !== places) throw new RunError(`${where}: ${JSON.stringify(text)} is not a value with ${places} decimals`);
  const value = BigInt(match[2]! + (match[3] ?? ''));
  return match[1] === '-' ? -value : value;
}
