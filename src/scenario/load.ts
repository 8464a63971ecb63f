/**
 * Loading a scenario: read (through an injected {@link ScenarioHost}, so this module never touches
 * the process), decode, parse with positions, follow `extends`, apply `--set`, validate.
 *
 * `extends` (SPEC §2): the path is relative to the extending file (to the working directory for
 * stdin); maps merge key by key, lists and scalars replace, `null` removes the inherited key;
 * chains are followed up to {@link MAX_EXTENDS_DEPTH} links (the 17th `extends` in a chain is an
 * error); a cycle is an error naming the chain. Only the merged result is validated, and each node
 * keeps the file and line where it was written.
 */
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import { ScenarioError, type ScenarioIssue, type SourceLocation } from './issues.js';
import { isNull, type RawEntry, type RawMap, type RawScenario, type SourceFile } from './raw.js';
import { applySetOption } from './set.js';
import type { Scenario } from './types.js';
import { sortIssues, validateTree, type ValidationResult } from './validate.js';
import { decodeScenarioBytes, issueAt, MAX_FILE_BYTES, parseYaml } from './yaml.js';

/** The file system and stdin as the loader sees them (injected: the loader is pure of `process`). */
export interface ScenarioHost {
  readFile(absPath: string): Uint8Array;
  /** size in bytes; undefined when there is no such file */
  fileSize(absPath: string): number | undefined;
  isDirectory(absPath: string): boolean;
  /** the working directory: relative paths (and `extends` from stdin) resolve against it */
  cwd: string;
  /** at most MAX_FILE_BYTES + 1 bytes are needed: more is refused as too large */
  readStdin(): Uint8Array;
  /**
   * Optional, preferred when present (the CLI's host, issue 12): reads one scenario file in one
   * step, counting bytes while reading and refusing what is not a scenario file for its role
   * (`file`: the command's FILE; `extends`: a base). Replaces isDirectory/fileSize/readFile.
   */
  readScenario?(absPath: string, role: 'file' | 'extends'): { bytes: Uint8Array } | { code: string; message: string };
}

export interface LoadOptions {
  /** `--set PATH=VALUE` texts, applied in order to the merged tree */
  sets?: readonly string[];
  host: ScenarioHost;
}

/** SPEC §6: at most 16 `extends` links from the top file. */
export const MAX_EXTENDS_DEPTH = 16;

/**
 * At most this many lines per file (issue 12): the YAML parser takes about 1.5 s of CPU per
 * million lines, so 10 MB of blank lines (10 million) would take 15 s. No scenario comes near.
 */
export const MAX_LINES = 1_000_000;

/** Line breaks plus one (a file without a final newline still has its last line). */
function countLines(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** The display name of standard input in messages. */
export const STDIN_NAME = '<stdin>';

interface FileRef {
  /** as shown in messages: the path the user gave, bases joined onto it */
  display: string;
  /** absolute path; undefined for stdin */
  abs: string | undefined;
}

/**
 * Reads `path` (or stdin for `-`), follows `extends`, applies `options.sets`. Throws
 * {@link ScenarioError} with every issue found when a file cannot be read or parsed, or a `--set`
 * cannot be applied. The result is not validated yet: see {@link validateRaw}.
 */
export function loadRawScenario(path: string, options: LoadOptions): RawScenario {
  const host = options.host;
  const top: FileRef = path === '-' ? { display: STDIN_NAME, abs: undefined } : { display: path, abs: resolve(host.cwd, path) };
  const result = loadTree(top, host, [], undefined);
  if ('issues' in result) throw new ScenarioError(result.issues);
  let raw: RawScenario = { root: result.root, source: top.display, files: result.files };
  const issues: ScenarioIssue[] = [];
  for (const option of options.sets ?? []) {
    const applied = applySetOption(raw, option);
    if ('issues' in applied) issues.push(...applied.issues);
    else raw = applied.raw;
  }
  if (result.dropped.length > 0) {
    // Values dropped while parsing (a tag, `__proto__`, an alias bomb): report them together with
    // every other issue of the file, minus the knock-on issues at the dropped paths.
    const validation = validateTree(raw.root, raw.source);
    const rest = validation.ok ? [] : validation.issues.filter((issue) => !result.dropped.some((d) => isWithin(issue.path, d.path)));
    throw new ScenarioError(sortIssues([...result.dropped, ...rest, ...issues]));
  }
  if (issues.length > 0) throw new ScenarioError(issues);
  return raw;
}

/**
 * Validates a loaded tree, after applying `extraSets` (`PATH=VALUE` texts, as `--set`). Never
 * throws for a user mistake. Cheap to call many times: no file is read or parsed, the zod schemas
 * are built once.
 */
export function validateRaw(raw: RawScenario, extraSets?: readonly string[]): ValidationResult {
  let current = raw;
  const issues: ScenarioIssue[] = [];
  for (const option of extraSets ?? []) {
    const applied = applySetOption(current, option);
    if ('issues' in applied) issues.push(...applied.issues);
    else current = applied.raw;
  }
  if (issues.length > 0) return { ok: false, issues };
  return validateTree(current.root, current.source);
}

/** Loads, merges, overrides and validates; throws {@link ScenarioError} with every issue. */
export function loadScenario(path: string, options: LoadOptions): Scenario {
  const result = validateRaw(loadRawScenario(path, options));
  if (!result.ok) throw new ScenarioError(result.issues);
  return result.scenario;
}

/** A merged tree plus the issues of values dropped from it while parsing; or fatal issues. */
type TreeResult = { root: RawMap; dropped: ScenarioIssue[]; files: SourceFile[] } | { issues: ScenarioIssue[] };

/** `a.b[1].c` is within `a.b` (or equal to it). */
function isWithin(path: string, prefix: string): boolean {
  return prefix === '' || path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

/**
 * Loads one file and, recursively, what it extends. `chain` holds the files that extend this one;
 * `via` is the location of the `extends` value that named this file (issues reading it go there).
 */
function loadTree(file: FileRef, host: ScenarioHost, chain: FileRef[], via: SourceLocation | undefined): TreeResult {
  const read = readSource(file, host, via);
  if ('issues' in read) return read;
  const decoded = decodeScenarioBytes(read.bytes, file.display);
  if ('issue' in decoded) return { issues: [decoded.issue] };
  const lines = countLines(decoded.text);
  if (lines > MAX_LINES) {
    const message = `the file has ${lines.toLocaleString('en-US')} lines; scenario files are limited to ${MAX_LINES.toLocaleString('en-US')} lines (a scenario needs a few hundred)`;
    return { issues: [via ? issueAt('too_many_lines', 'extends', `cannot extend ${file.display}: ${message}`, via) : issueAt('too_many_lines', '', message, { source: file.display })] };
  }
  const parsed = parseYaml(decoded.text, file.display);
  if (parsed.root === undefined) return { issues: parsed.issues };
  const root = parsed.root;
  if (root.kind !== 'map') {
    const what = root.kind === 'list' ? 'a list' : `the text ${JSON.stringify(root.text.length > 40 ? `${root.text.slice(0, 37)}...` : root.text)}`;
    return {
      issues: [
        issueAt('not_a_mapping', '', `the top level must be a mapping of keys (version: 1, name: ..., timeline: ...), got ${what}`, root.loc),
      ],
    };
  }

  const extendsEntry = root.entries.get('extends');
  const dropped = parsed.issues;
  const files: SourceFile[] = [{ path: file.abs === undefined ? '-' : file.display, bytes: read.bytes }];
  if (extendsEntry === undefined || isNull(extendsEntry.value)) return { root: withoutKey(root, 'extends'), dropped, files };
  const value = extendsEntry.value;
  if (value.kind !== 'scalar' || value.text.trim() === '') {
    return { issues: [issueAt('bad_extends', 'extends', 'expected the path of the scenario file to extend, e.g. extends: base.yaml', value.loc)] };
  }
  const target = value.text.trim();
  const baseDir = file.abs === undefined ? host.cwd : dirname(file.abs);
  const base: FileRef = {
    abs: resolve(baseDir, target),
    display: isAbsolute(target) ? target : file.abs === undefined ? normalize(target) : normalize(join(dirname(file.display), target)),
  };
  const here = [...chain, file];
  const cycleAt = here.findIndex((f) => f.abs !== undefined && f.abs === base.abs);
  if (cycleAt !== -1) {
    const names = [...here.slice(cycleAt), base].map((f) => f.display).join(' -> ');
    return { issues: [issueAt('extends_cycle', 'extends', `extends forms a cycle: ${names}`, value.loc)] };
  }
  if (here.length > MAX_EXTENDS_DEPTH) {
    return {
      issues: [
        issueAt(
          'extends_depth',
          'extends',
          `extends chain is too deep: ${here[0]!.display} reaches ${base.display} through ${here.length} extends links; at most ${MAX_EXTENDS_DEPTH} are allowed`,
          value.loc,
        ),
      ],
    };
  }
  const baseTree = loadTree(base, host, here, value.loc);
  if ('issues' in baseTree) return baseTree;
  return { root: mergeMaps(baseTree.root, withoutKey(root, 'extends')), dropped: [...baseTree.dropped, ...dropped], files: [...baseTree.files, ...files] };
}

function readSource(file: FileRef, host: ScenarioHost, via: SourceLocation | undefined): { bytes: Uint8Array } | { issues: ScenarioIssue[] } {
  const fail = (code: string, message: string): { issues: ScenarioIssue[] } => ({
    issues: [via ? issueAt(code, 'extends', `cannot extend ${file.display}: ${message}`, via) : issueAt(code, '', message, { source: file.display })],
  });
  if (file.abs === undefined) {
    let bytes: Uint8Array;
    try {
      bytes = host.readStdin();
    } catch (error) {
      // only a file-system error (with an errno code) is the file's problem; anything else, e.g.
      // the host refusing to read an input that is also an output, is the caller's
      if (typeof (error as { code?: unknown })?.code !== 'string') throw error;
      return fail('unreadable', `cannot read standard input: ${(error as Error)?.message ?? String(error)}`);
    }
    if (bytes.length > MAX_FILE_BYTES) return fail('too_large', `standard input holds more than 10 MB; scenario files are limited to 10 MB (reading stopped there)`);
    return { bytes };
  }
  if (host.readScenario !== undefined) {
    const read = host.readScenario(file.abs, via === undefined ? 'file' : 'extends');
    return 'bytes' in read ? read : fail(read.code, read.message);
  }
  if (host.isDirectory(file.abs)) return fail('is_directory', 'it is a directory, not a scenario file');
  const size = host.fileSize(file.abs);
  if (size === undefined) return fail('no_such_file', 'no such file');
  if (size > MAX_FILE_BYTES) return fail('too_large', tooLarge(size));
  let bytes: Uint8Array;
  try {
    bytes = host.readFile(file.abs);
  } catch (error) {
    const code = (error as { code?: string })?.code;
    const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error)?.message ?? String(error);
    return fail('unreadable', `cannot read the file: ${reason}`);
  }
  // counted after reading too: the file may have grown since its size was taken
  if (bytes.length > MAX_FILE_BYTES) return fail('too_large', tooLarge(bytes.length));
  return { bytes };
}

function tooLarge(bytes: number): string {
  const mb = (bytes / (1024 * 1024)).toFixed(1);
  return `the file is ${mb} MB; scenario files are limited to 10 MB`;
}

function withoutKey(map: RawMap, key: string): RawMap {
  if (!map.entries.has(key)) return map;
  const entries = new Map(map.entries);
  entries.delete(key);
  return { kind: 'map', entries, loc: map.loc };
}

/**
 * SPEC §2 merge: maps merge key by key (recursively), lists and scalars replace, a null value
 * removes the inherited key (the null entry is kept, so a required key removed this way is
 * reported at the line that removed it).
 *
 * A replacing entry keeps the entry it replaced in `overrides` (SPEC §9 `explain`: each
 * definition a value overrode, nearest first), so provenance comes from this one merge, never
 * from parsing the files again.
 */
export function mergeMaps(base: RawMap, over: RawMap): RawMap {
  const entries = new Map<string, RawEntry>(base.entries);
  for (const [key, entry] of over.entries) {
    const inherited = entries.get(key);
    entries.set(key, inherited === undefined ? entry : mergeEntries(inherited, entry));
  }
  return { kind: 'map', entries, loc: over.loc };
}

function mergeEntries(base: RawEntry, over: RawEntry): RawEntry {
  if (base.value.kind === 'map' && over.value.kind === 'map') return { keyLoc: over.keyLoc, value: mergeMaps(base.value, over.value) };
  return { keyLoc: over.keyLoc, value: over.value, overrides: base };
}
