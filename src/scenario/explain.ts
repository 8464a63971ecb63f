/**
 * `explain` (SPEC §9): for a path of the merged scenario, each leaf's final value and where it came
 * from — the `file:line:col` of the winning definition, a `--set` option, or the default — then
 * every definition it overrode through `extends` (and `--set`), nearest first.
 *
 * Provenance is read from the merged tree itself: the merge keeps, on each entry that replaced an
 * inherited one, the entry it replaced (`RawEntry.overrides`, see `mergeMaps`), so nothing is parsed
 * twice. Lists replace whole (SPEC §2), so a leaf inside a list overrides the leaf at the same path
 * in the list it replaced. A `null` removal is a definition too: it shows as removed, where it was
 * written, and the value it removed is listed under it.
 *
 * Pure: no file is read, nothing is printed. Rendering is in `src/report/explain-views.ts`.
 */
import { defaultRuleFor, type Lookup } from './defaults.js';
import type { ScenarioIssue } from './issues.js';
import { isNull, type RawEntry, type RawNode, type RawScenario } from './raw.js';
import { ROOT_SHAPE, shapeAt, type SchemaShape } from './schema.js';
import { tryParseSetPath, type PathSegment } from './set.js';
import { didYouMean } from './suggest.js';
import { FORBIDDEN_KEYS, issueAt, pathString } from './yaml.js';

/** One definition of a leaf. */
export type Definition =
  | {
      kind: 'file';
      /** the value as written (quoted text in double quotes); null for a `null` removal */
      value: string | null;
      file: string;
      line: number;
      col: number;
    }
  | { kind: 'set'; value: string | null; option: string }
  | { kind: 'default'; value: string; note?: string };

/** The explanation of one leaf: the winning definition first, then those it overrode, nearest first. */
export interface LeafExplanation {
  path: string;
  /** the value in force: the winning definition's, or null when the key is not given at all */
  value: string | null;
  /** empty when the leaf is set nowhere and has no default */
  definitions: Definition[];
}

export type ExplainResult = { ok: true; leaves: LeafExplanation[] } | { ok: false; issues: ScenarioIssue[] };

/** A definition found at a path: the node there, or a `null` written at an ancestor (a removal). */
interface Hit {
  node: RawNode;
  /** true when `node` is a null written above the path, which removed the whole branch */
  above: boolean;
}

/**
 * Explains each path (as in `--set`: `share_price.cagr`, `warrant.tranches[0]`; '' for the whole
 * scenario). A map or list path lists every leaf beneath it, including keys that take a default.
 * An unknown path is an issue with the usual "did you mean"; every bad path is reported at once.
 */
export function explainPaths(raw: RawScenario, paths: readonly string[]): ExplainResult {
  const issues: ScenarioIssue[] = [];
  const parsed: PathSegment[][] = [];
  for (const text of paths) {
    const segments = text === '' ? [] : tryParseSetPath(text);
    if (segments === undefined) {
      issues.push(issueAt('bad_path', text, 'not a path: write keys separated by dots and list items as [0], e.g. warrant.tranches[0].price'));
      continue;
    }
    const problem = checkExplainPath(raw, segments);
    if (problem) issues.push(problem);
    else parsed.push(segments);
  }
  if (issues.length > 0) return { ok: false, issues };
  const lookup = lookupIn(raw);
  const leaves: LeafExplanation[] = [];
  for (const segments of parsed) {
    for (const leaf of leafPaths(raw, segments, lookup)) leaves.push(explainLeaf(raw, leaf, lookup));
  }
  return { ok: true, leaves };
}

/** The definitions of one leaf path: winning first. */
function explainLeaf(raw: RawScenario, path: PathSegment[], lookup: Lookup): LeafExplanation {
  const definitions = hitsAt(raw, path).map(definitionOf);
  const winner = definitions[0];
  if (winner === undefined || winner.value === null) {
    // nothing written, or removed by a null: the default (if any) is what the model uses
    const fallback = defaultRuleFor(path)?.value(lookup, path);
    if (fallback !== undefined) {
      const fromDefault: Definition = fallback.note === undefined ? { kind: 'default', value: fallback.value } : { kind: 'default', value: fallback.value, note: fallback.note };
      definitions.unshift(fromDefault);
    }
  }
  return { path: pathString(path), value: definitions[0]?.value ?? null, definitions };
}

function definitionOf(hit: Hit): Definition {
  const node = hit.node;
  const value = hit.above || isNull(node) ? null : leafText(node);
  const loc = node.loc;
  if (loc.line === undefined) return { kind: 'set', value, option: loc.source };
  return { kind: 'file', value, file: loc.source, line: loc.line, col: loc.col ?? 1 };
}

/** A leaf as written: plain text as is, quoted text in double quotes, an empty list or map as [] / {}. */
function leafText(node: RawNode): string {
  if (node.kind === 'list') return node.items.length === 0 ? '[]' : 'a list';
  if (node.kind === 'map') return node.entries.size === 0 ? '{}' : 'a mapping';
  return node.quoted ? JSON.stringify(node.text) : node.text;
}

/** Every definition at `path`, nearest first (the merged tree's, then what each replaced). */
function hitsAt(raw: RawScenario, path: readonly PathSegment[]): Hit[] {
  return hitsInNode(raw.root, path, 0);
}

function hitsInNode(node: RawNode, path: readonly PathSegment[], i: number): Hit[] {
  if (i === path.length) return [{ node, above: false }];
  if (isNull(node)) return [{ node, above: true }];
  const segment = path[i]!;
  if (typeof segment === 'number') {
    const item = node.kind === 'list' ? node.items[segment] : undefined;
    return item === undefined ? [] : hitsInNode(item, path, i + 1);
  }
  const entry = node.kind === 'map' ? node.entries.get(segment) : undefined;
  return entry === undefined ? [] : hitsInEntry(entry, path, i + 1);
}

function hitsInEntry(entry: RawEntry, path: readonly PathSegment[], i: number): Hit[] {
  const hits = hitsInNode(entry.value, path, i);
  return entry.overrides === undefined ? hits : [...hits, ...hitsInEntry(entry.overrides, path, i)];
}

/**
 * The leaf paths at or beneath `path`: the leaves of the node in force; for a branch removed by a
 * null, the leaves of the branch it removed (each then shows as removed); plus, under a written
 * map, the keys the file leaves out that take a default.
 */
function leafPaths(raw: RawScenario, path: PathSegment[], lookup: Lookup): PathSegment[][] {
  const hits = hitsAt(raw, path);
  const first = hits[0];
  let container: RawNode | undefined;
  let written = false;
  if (first !== undefined && !first.above && !isNull(first.node) && isBranch(first.node)) {
    container = first.node;
    written = true;
  } else if (first !== undefined && (first.above || isNull(first.node))) {
    container = hits.find((hit) => !hit.above && !isNull(hit.node) && isBranch(hit.node))?.node;
  }
  if (container === undefined) return [path];
  const out: PathSegment[][] = [];
  if (container.kind === 'list') {
    container.items.forEach((_, index) => out.push(...leafPaths(raw, [...path, index], lookup)));
    return out;
  }
  if (container.kind !== 'map') return [path];
  for (const key of container.entries.keys()) out.push(...leafPaths(raw, [...path, key], lookup));
  if (written) {
    const shape = shapeAt(path);
    for (const key of shape?.kind === 'object' ? shape.keys : []) {
      if (container.entries.has(key)) continue;
      const child = [...path, key];
      if (defaultRuleFor(child)?.value(lookup, child) !== undefined) out.push(child);
    }
  }
  return out;
}

function isBranch(node: RawNode): boolean {
  return (node.kind === 'map' && node.entries.size > 0) || (node.kind === 'list' && node.items.length > 0);
}

/** The effective text of a leaf, for defaults that depend on other values; a branch gives 'a mapping'/'a list'. */
function lookupIn(raw: RawScenario): Lookup {
  const lookup: Lookup = (path) => {
    const hit = hitsAt(raw, path)[0];
    if (hit === undefined || hit.above || isNull(hit.node)) {
      return defaultRuleFor(path)?.value(lookup, path)?.value;
    }
    const node = hit.node;
    return node.kind === 'scalar' ? node.text : node.kind === 'list' ? 'a list' : 'a mapping';
  };
  return lookup;
}

/**
 * The path must name a place in the schema ("did you mean" for a typo), and a list index must
 * exist in the merged scenario (or in the list a null removed).
 */
function checkExplainPath(raw: RawScenario, segments: PathSegment[]): ScenarioIssue | undefined {
  let shape: SchemaShape = ROOT_SHAPE;
  const full = pathString(segments);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const here = pathString(segments.slice(0, i));
    if (FORBIDDEN_KEYS.has(String(segment))) return issueAt('forbidden_key', full, `the key "${segment}" is not allowed`);
    if (segment === 'extends' && i === 0) {
      return issueAt('unknown_path', full, 'extends is not a value of the merged scenario; the manifest lists the files of the chain', undefined);
    }
    if (typeof segment === 'number') {
      if (shape.kind !== 'list') return issueAt('unknown_path', full, `${here} is not a list, so [${segment}] does not apply`);
      const hits = hitsAt(raw, segments.slice(0, i));
      const list = hits.find((hit) => !hit.above && hit.node.kind === 'list')?.node;
      const length = list?.kind === 'list' ? list.items.length : 0;
      if (segment >= length) {
        const range = length === 0 ? 'it has no items' : `it has ${length} item${length === 1 ? '' : 's'}, indexes 0..${length - 1}`;
        return issueAt('unknown_path', full, `index ${segment} is past the end of ${here} (${range}; indexes start at 0)`);
      }
      shape = shape.element;
      continue;
    }
    if (shape.kind !== 'object') {
      const what = shape.kind === 'list' ? 'a list; select an item first, e.g. [0]' : 'a single value';
      return issueAt('unknown_path', full, `${here} is ${what}, so it has no key "${segment}"`);
    }
    const child = shape.child(segment);
    if (child === undefined) {
      const where = here === '' ? 'at the top level' : `in ${here}`;
      return issueAt('unknown_path', full, `unknown key "${segment}" ${where}`, undefined, didYouMean(segment, shape.keys) ?? `known here: ${shape.keys.filter((k) => k !== 'extends').join(', ')}`);
    }
    shape = child;
  }
  return undefined;
}
