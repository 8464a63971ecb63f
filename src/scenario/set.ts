/**
 * `--set PATH=VALUE` (SPEC §4): PATH like `share_price.cagr`, `warrant.tranches[2].price`;
 * list indexes are 0-based (JavaScript style), the same convention as every error path. VALUE is
 * read as a YAML scalar (`0.3`, `"0.3"`, `2030-12-31`, `at_vest`, `null`), keeping its source text
 * so numbers stay exact; `null` (or an empty VALUE) removes the key, as in `extends`.
 *
 * Overrides are applied to the merged tree before validation, without mutating it: only the nodes
 * on the path are copied, so a sweep can apply one more override and validate again cheaply.
 */
import { ScenarioError, type ScenarioIssue, type SourceLocation } from './issues.js';
import type { RawEntry, RawList, RawMap, RawNode, RawScenario } from './raw.js';
import { ROOT_SHAPE } from './schema.js';
import { didYouMean } from './suggest.js';
import { FORBIDDEN_KEYS, issueAt, parseYaml, pathString } from './yaml.js';

export type PathSegment = string | number;

/** Texts that YAML reads as a single plain scalar, exactly as written. */
const PLAIN_SCALAR = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$|^[-+.][A-Za-z0-9_][A-Za-z0-9_.+-]*$/;

/**
 * Parses `a.b[2].c` into `['a', 'b', 2, 'c']`, or undefined when it is not a path. A key that is
 * not a plain name — an uncertain input's own path, `uncertainty.inputs["share_price.cagr"]` — is
 * written in brackets as a JSON string.
 */
export function tryParseSetPath(text: string): PathSegment[] | undefined {
  if (text === '') return undefined;
  const segments: PathSegment[] = [];
  let i = 0;
  let expectKey = true;
  while (i < text.length) {
    if (text[i] === '[') {
      if (text[i + 1] === '"') {
        const end = quotedKeyEnd(text, i + 1);
        if (end === undefined || text[end + 1] !== ']') return undefined;
        let key: unknown;
        try {
          key = JSON.parse(text.slice(i + 1, end + 1));
        } catch {
          return undefined;
        }
        if (typeof key !== 'string' || key === '') return undefined;
        segments.push(key);
        i = end + 2;
      } else {
        const match = /^\[(\d+)\]/.exec(text.slice(i));
        if (!match) return undefined;
        const n = Number(match[1]);
        if (!Number.isSafeInteger(n) || segments.length === 0) return undefined;
        segments.push(n);
        i += match[0].length;
      }
      expectKey = false;
      continue;
    }
    if (text[i] === '.') {
      if (expectKey) return undefined;
      i++;
      expectKey = true;
      if (i === text.length) return undefined;
      continue;
    }
    if (!expectKey) return undefined;
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (!match) return undefined;
    segments.push(match[0]);
    i += match[0].length;
    expectKey = false;
  }
  return expectKey ? undefined : segments;
}

/** The index of the closing quote of the JSON string starting at `start`, or undefined. */
function quotedKeyEnd(text: string, start: number): number | undefined {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return undefined;
}

/**
 * Parses a `--set` path such as `warrant.tranches[2].price` into `['warrant', 'tranches', 2,
 * 'price']` (indexes 0-based). Throws {@link ScenarioError} when the text is not a path.
 */
export function parseSetPath(text: string): PathSegment[] {
  const segments = tryParseSetPath(text);
  if (segments === undefined) {
    throw new ScenarioError([issueAt('bad_set_path', text, `not a path: write keys separated by dots, list items as [0], e.g. warrant.tranches[0].price`, { source: `--set ${text}` })]);
  }
  return segments;
}

/** The inverse of {@link parseSetPath}: `['a', 'b', 2]` -> `a.b[2]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  return pathString(segments);
}

/** Splits `PATH=VALUE` at the first `=`. */
export function splitSetOption(option: string): { path: string; value: string } | undefined {
  const at = option.indexOf('=');
  if (at <= 0) return undefined;
  return { path: option.slice(0, at).trim(), value: option.slice(at + 1) };
}

/**
 * Applies one `PATH=VALUE` override (the text of a `--set` option) and returns the new tree, or
 * every issue with it. `source` names the option in messages (default `--set PATH=VALUE`).
 */
export function applySetOption(raw: RawScenario, option: string, source = `--set ${option}`): { raw: RawScenario } | { issues: ScenarioIssue[] } {
  const loc: SourceLocation = { source };
  const split = splitSetOption(option);
  if (split === undefined) {
    return { issues: [issueAt('bad_set', option, 'expected PATH=VALUE (there is no =), e.g. --set share_price.cagr=0.3', loc)] };
  }
  return applySetAt(raw, split.path, split.value, loc);
}

/**
 * Returns a copy of `raw` with `path` set to `value` (a YAML scalar's text), sharing every node off
 * the path. Throws {@link ScenarioError} for an unknown path, an index past the end of a list, or
 * a value that is not a YAML scalar.
 */
export function applySet(raw: RawScenario, path: string, value: string): RawScenario {
  const result = applySetAt(raw, path, value, { source: `--set ${path}=${value}` });
  if ('issues' in result) throw new ScenarioError(result.issues);
  return result.raw;
}

function applySetAt(raw: RawScenario, pathText: string, valueText: string, loc: SourceLocation): { raw: RawScenario } | { issues: ScenarioIssue[] } {
  const segments = tryParseSetPath(pathText);
  if (segments === undefined) {
    return { issues: [issueAt('bad_set_path', pathText, 'not a path: write keys separated by dots and list items as [0], e.g. warrant.tranches[0].price', loc)] };
  }
  const pathIssue = checkSetPath(raw.root, segments, loc);
  if (pathIssue) return { issues: [pathIssue] };
  const value = parseSetValue(valueText, pathText, loc);
  if ('issue' in value) return { issues: [value.issue] };
  const root = setIn(raw.root, segments, 0, value.node, loc) as RawMap;
  return { raw: { ...raw, root } };
}

/** The path must name a place in the schema; list indexes must exist in the tree. */
export function checkSetPath(root: RawMap, segments: PathSegment[], loc: SourceLocation): ScenarioIssue | undefined {
  if (segments[0] === 'extends') {
    return issueAt('unknown_path', 'extends', '--set cannot change extends (files are merged before overrides); use another file', loc);
  }
  let shape = ROOT_SHAPE;
  let node: RawNode | undefined = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const here = pathString(segments.slice(0, i));
    const full = pathString(segments);
    if (FORBIDDEN_KEYS.has(String(segment))) {
      return issueAt('forbidden_key', full, `the key "${segment}" is not allowed (it could pollute objects)`, loc);
    }
    if (typeof segment === 'number') {
      if (shape.kind !== 'list') {
        return issueAt('unknown_path', full, `${here} is not a list, so [${segment}] does not apply`, loc);
      }
      const length = node?.kind === 'list' ? node.items.length : 0;
      if (node === undefined || node.kind === 'scalar') {
        // e.g. amd.performance.points[0].value while performance is a plain number (or the default)
        const hint = /\.performance\.points$/.test(here)
          ? `; ${here.replace(/\.points$/, '')} is a plain number here: write it as a curve { interpolation, points } in the file first`
          : '; write the list in the file first';
        return issueAt('unknown_path', full, `${here} is not in the scenario, so it has no item [${segment}]${hint}`, loc);
      }
      if (segment >= length) {
        const range = length === 0 ? 'it has no items' : `it has ${length} item${length === 1 ? '' : 's'}, indexes 0..${length - 1}`;
        return issueAt('unknown_path', full, `index ${segment} is past the end of ${here} (${range}; indexes start at 0)`, loc);
      }
      shape = shape.element;
      node = (node as RawList).items[segment];
      continue;
    }
    if (shape.kind !== 'object') {
      const what = shape.kind === 'list' ? 'a list; select an item first, e.g. [0]' : 'a single value';
      return issueAt('unknown_path', full, `${here} is ${what}, so it has no key "${segment}"`, loc);
    }
    const child = shape.child(segment);
    if (child === undefined) {
      const where = here === '' ? 'at the top level' : `in ${here}`;
      return issueAt('unknown_path', full, `unknown key "${segment}" ${where}`, loc, didYouMean(segment, shape.keys));
    }
    shape = child;
    node = node?.kind === 'map' ? node.entries.get(segment)?.value : undefined;
  }
  return undefined;
}

function parseSetValue(text: string, path: string, loc: SourceLocation): { node: RawNode } | { issue: ScenarioIssue } {
  if (text.trim() === '') return { node: { kind: 'scalar', text: '', quoted: false, loc } };
  // Fast path for what sweeps set thousands of times (numbers, dates, words): a text of these
  // characters is one plain YAML scalar, so the YAML parser (about 1 ms a call) is not needed.
  if (PLAIN_SCALAR.test(text) && text !== '-') return { node: { kind: 'scalar', text, quoted: false, loc } };
  const parsed = parseYaml(text, loc.source, { locateAtSource: true });
  if (parsed.root === undefined || parsed.issues.length > 0) {
    const first = parsed.issues[0]!;
    if (first.code === 'empty') {
      // `--set name=#x`: YAML reads a value starting with # as a comment, not as "the file holds only comments"
      return {
        issue: issueAt('bad_set_value', path, `the value ${JSON.stringify(text)} is read as a YAML comment (# after nothing starts a comment); quote it, e.g. ${path}='"${text.trim().replace(/"/g, '\\"')}"'`, loc),
      };
    }
    return { issue: issueAt(first.code, path, first.message, loc) };
  }
  if (parsed.root.kind !== 'scalar') {
    return { issue: issueAt('bad_set_value', path, `expected a single value (a YAML scalar such as 0.3, "text" or 2030-12-31), got ${parsed.root.kind === 'list' ? 'a list' : 'a mapping'}`, loc) };
  }
  return { node: { ...parsed.root, loc } };
}

/**
 * The scalar a `--set`/`--vary` value text stands for, as the loader uses it: `"a b"` is `a b`
 * (quotes removed, escapes decoded). A text that is not one scalar is returned unchanged.
 */
export function setValueText(text: string): string {
  if (text.trim() === '' || (PLAIN_SCALAR.test(text) && text !== '-')) return text;
  const parsed = parseSetValue(text, '', { source: '--vary' });
  return 'node' in parsed && parsed.node.kind === 'scalar' ? parsed.node.text : text;
}

function setIn(node: RawNode | undefined, segments: PathSegment[], i: number, value: RawNode, loc: SourceLocation): RawNode {
  if (i === segments.length) return value;
  const segment = segments[i]!;
  if (typeof segment === 'number') {
    const list = node as RawList; // checked by checkPath: the index exists
    const items = list.items.slice();
    items[segment] = setIn(items[segment], segments, i + 1, value, loc);
    return { kind: 'list', items, loc: list.loc };
  }
  const map: RawMap = node?.kind === 'map' ? node : { kind: 'map', entries: new Map(), loc };
  const entries = new Map<string, RawEntry>(map.entries);
  const existing = entries.get(segment);
  const child = existing && existing.value.kind !== 'scalar' ? existing.value : existing && i + 1 === segments.length ? existing.value : undefined;
  const last = i + 1 === segments.length;
  const entry: RawEntry = { keyLoc: last ? loc : existing?.keyLoc ?? loc, value: setIn(child, segments, i + 1, value, loc) };
  // The value set replaces the written one: keep it, so `explain` shows what --set overrode (SPEC §9).
  if (existing !== undefined && (last || existing.value.kind === 'scalar')) entry.overrides = existing;
  else if (existing?.overrides !== undefined) entry.overrides = existing.overrides;
  entries.set(segment, entry);
  return { kind: 'map', entries, loc: map.loc };
}
