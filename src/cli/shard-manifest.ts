/**
 * The manifest of one shard (SPEC §10, issue 18): `FILE.manifest.json` written beside a shard's
 * output, so that a merge can refuse shards of different inputs and find a missing or duplicated
 * one. It names no path, host or time: two machines running the same shard write the same bytes.
 *
 * `inputs_sha256` is the SHA-256 of the canonical JSON of what decides every row — the validated
 * scenario (after `extends` and `--set`), the axes or the seed and path count, the metrics — not of
 * the files' bytes, so shards run from copies of the scenario in different places still match,
 * while any change of an input value does not.
 */
import { sha256Hex } from './digest.js';
import { readFileSync } from 'node:fs';
import { RunError } from './errors.js';
import { writeFileAtomic } from './io.js';
import { shardText, type Shard } from '../analysis/shard.js';

export const TOOL_VERSION = '0.1.0';
export const SPEC_VERSION = '1.1';

export interface ShardManifest {
  tool: 'chipsforequity';
  tool_version: string;
  spec_version: string;
  command: 'sweep' | 'simulate';
  inputs_sha256: string;
  shard: string;
  shard_index: number;
  shard_count: number;
  /** what the rows are: grid points (0-based) or Monte Carlo paths (1-based) */
  unit: 'point' | 'path';
  /** items in the whole run */
  total: number;
  /** this shard's items, inclusive, in the unit's numbering (empty shard: first = last + 1) */
  first: number;
  last: number;
  rows: number;
  /** the run's own manifest (tool, command line, files with their sha256, --set) */
  run?: unknown;
}

/** The manifest's path for an output file. */
export function manifestPath(output: string): string {
  return `${output}.manifest.json`;
}

/** SHA-256 (hex) of a value's canonical JSON (object keys sorted). */
export function fingerprintOf(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Writes `output`'s manifest. `range` is [from, to) in 0-based item positions; `unit: 'path'`
 * numbers items from 1 in the manifest, as `simulate` numbers its paths.
 */
export function writeShardManifest(
  output: string,
  facts: {
    command: 'sweep' | 'simulate';
    fingerprint: unknown;
    shard: Shard;
    unit: 'point' | 'path';
    total: number;
    range: { from: number; to: number };
    run?: unknown;
  },
): void {
  const offset = facts.unit === 'path' ? 1 : 0;
  const manifest: ShardManifest = {
    tool: 'chipsforequity',
    tool_version: TOOL_VERSION,
    spec_version: SPEC_VERSION,
    command: facts.command,
    inputs_sha256: fingerprintOf(facts.fingerprint),
    shard: shardText(facts.shard),
    shard_index: facts.shard.index,
    shard_count: facts.shard.count,
    unit: facts.unit,
    total: facts.total,
    first: facts.range.from + offset,
    last: facts.range.to - 1 + offset,
    rows: facts.range.to - facts.range.from,
  };
  if (facts.run !== undefined) manifest.run = facts.run;
  writeFileAtomic(manifestPath(output), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Reads a shard output's manifest; a RunError naming the file when it is missing or not one. */
export function readShardManifest(output: string): ShardManifest {
  const path = manifestPath(output);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new RunError(`${output}: its manifest ${path} is missing (run each shard with --shard I/N and keep FILE.manifest.json beside FILE)`);
  }
  let manifest: Partial<ShardManifest>;
  try {
    manifest = JSON.parse(text) as Partial<ShardManifest>;
  } catch {
    throw new RunError(`${path}: not a shard manifest (not JSON)`);
  }
  const numbers = ['shard_index', 'shard_count', 'total', 'first', 'last', 'rows'] as const;
  if (manifest.tool !== 'chipsforequity' || typeof manifest.inputs_sha256 !== 'string' || numbers.some((k) => !Number.isSafeInteger(manifest[k]))) {
    throw new RunError(`${path}: not a chipsforequity shard manifest`);
  }
  return manifest as ShardManifest;
}
