/**
 * The manifest of a run (SPEC §9): what a JSON output was computed from, so a reader can tell
 * whether two outputs came from the same inputs and re-run the command that made one.
 *
 * `{ tool_version, spec_version, command, files: [{ path, sha256 }], set, seed?, paths? }`:
 * - `command`: the command line after the program name, exactly as given (re-running it gives
 *   the same output);
 * - `files`: every file of each scenario's `extends` chain in merge order (the deepest base first,
 *   the named file last), each path as the user wrote it (relative to the working directory,
 *   `-` for standard input), with the sha256 of the bytes the loader read (never read again);
 * - `set`: the `--set` options in order; `seed` and `paths` only where a command draws paths.
 *
 * Nothing that depends on the moment or the machine enters it: no clock, no host name, no
 * absolute path the user did not write, no worker count (results never depend on it).
 *
 * {@link buildManifest} is pure (it only hashes bytes it is given); {@link manifestFor} and
 * {@link attachManifest} are the one place each command goes through, so the manifest can move
 * into a shared JSON envelope without touching the commands' computations.
 */
import { sha256Hex } from './digest.js';
import type { RawScenario, SourceFile } from '../scenario/raw.js';
import type { JsonObject } from '../report/json.js';
import type { Io } from './io.js';
import { SPEC_VERSION, TOOL_VERSION } from './version.js';

export interface ManifestInput {
  toolVersion: string;
  specVersion: string;
  /** argv after the program name */
  command: readonly string[];
  /** files in merge order; a file read twice (two variants of one base) is listed once */
  files: readonly SourceFile[];
  sets: readonly string[];
  seed?: string;
  paths?: string;
}

/** The manifest as a JSON object, keys in SPEC §9 order. Pure: the same input gives the same bytes. */
export function buildManifest(input: ManifestInput): JsonObject {
  const files: JsonObject[] = [];
  const seen = new Set<string>();
  for (const file of input.files) {
    const sha256 = sha256Hex(file.bytes);
    const key = `${file.path}\u0000${sha256}`;
    if (seen.has(key)) continue;
    seen.add(key);
    files.push({ path: file.path, sha256 });
  }
  const manifest: JsonObject = {
    tool_version: input.toolVersion,
    spec_version: input.specVersion,
    command: [...input.command],
    files,
    set: [...input.sets],
  };
  if (input.seed !== undefined) manifest['seed'] = input.seed;
  if (input.paths !== undefined) manifest['paths'] = input.paths;
  return manifest;
}

/** What a command knows beyond the scenarios it loaded. */
export interface RunFacts {
  sets?: readonly string[];
  seed?: string;
  paths?: string;
}

/** The manifest of this run: the command line from `io`, the files of every scenario loaded (in argument order). */
export function manifestFor(io: Io, scenarios: readonly RawScenario[], facts: RunFacts = {}): JsonObject {
  const input: ManifestInput = {
    toolVersion: TOOL_VERSION,
    specVersion: SPEC_VERSION,
    command: io.argv ?? [],
    files: scenarios.flatMap((raw) => raw.files ?? []),
    sets: facts.sets ?? [],
  };
  if (facts.seed !== undefined) input.seed = facts.seed;
  if (facts.paths !== undefined) input.paths = facts.paths;
  return buildManifest(input);
}

/** The JSON document with `manifest` as its last key. */
export function attachManifest(document: JsonObject, manifest: JsonObject): JsonObject {
  // inside the one envelope, before its closing `warnings` (the envelope's last key)
  if (!('warnings' in document)) return { ...document, manifest };
  const { warnings, ...rest } = document;
  return { ...rest, manifest, warnings: warnings! };
}

/**
 * `--manifest FILE`: the manifest written beside any output (csv and table cannot carry it), as
 * two-space indented JSON, whole or not at all. Call it once the output itself is written.
 */
export async function writeManifestOption(file: string | undefined, manifest: JsonObject): Promise<void> {
  if (file === undefined) return;
  const { writeFileAtomic } = await import('./io.js');
  writeFileAtomic(file, `${JSON.stringify(manifest, null, 2)}\n`);
}
