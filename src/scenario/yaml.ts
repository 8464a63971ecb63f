/**
 * Bytes -> text -> YAML document -> {@link RawNode} tree with positions (SPEC §2, §6).
 *
 * Uses the `yaml` package's document API (never `YAML.parse`, which would turn numbers into
 * binary floats and could expand alias bombs): numbers are kept as their source text, every node
 * remembers its line and column, duplicate keys, tags, alias bombs and object-polluting keys are
 * refused. Every problem is returned as a {@link ScenarioIssue}; nothing throws for bad input.
 */
import { Alias, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Parser, parseDocument, Scalar } from 'yaml';
import type { CST } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import type { ScenarioIssue, SourceLocation } from './issues.js';
import type { RawEntry, RawList, RawMap, RawNode, RawScalar } from './raw.js';

/** SPEC §6: files over 10 MB are refused before they are read or parsed. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Keys that could pollute object prototypes (SPEC §6): refused anywhere in a scenario. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Alias budget: the number of nodes that aliases may add when expanded. A real scenario shares a
 * few small lists at most; a "billion laughs" bomb needs millions.
 */
export const MAX_ALIAS_NODES = 10_000;

/** Nesting deeper than this is not a scenario (SPEC §2 needs 4 levels). */
const MAX_DEPTH = 64;
const TOO_DEEP_MESSAGE = `the YAML nests too deeply to be a scenario (a scenario needs 4 levels; at most ${MAX_DEPTH} are read)`;

/**
 * Cheap test before {@link firstTooDeepOffset}: nesting deeper than MAX_DEPTH needs more than
 * MAX_DEPTH brackets or an indentation of more than MAX_DEPTH spaces somewhere. No scenario file
 * comes near either, so the syntax tree is built only for hostile or broken input.
 */
function mayNestDeeply(text: string): boolean {
  let brackets = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) brackets++; // [ {
  }
  return brackets > MAX_DEPTH || new RegExp(`(^|\\n)[ \\t-]{${MAX_DEPTH + 1}}`).test(text);
}

/**
 * The offset of the first collection nested deeper than MAX_DEPTH levels, found on yaml's
 * concrete syntax tree with an explicit stack (no recursion, so no stack overflow however deep),
 * or undefined. Deterministic: the same text always gives the same position.
 */
function firstTooDeepOffset(text: string): number | undefined {
  const stack: { token: CST.Token | undefined; depth: number }[] = [];
  for (const token of new Parser().parse(text)) {
    if (token.type === 'document') stack.push({ token: token.value, depth: 0 });
  }
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (token === undefined) continue;
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth > MAX_DEPTH) return token.offset;
      // pushed last item first, so the walk pops them in document order
      for (let i = token.items.length - 1; i >= 0; i--) {
        const entry = token.items[i] as { key?: CST.Token | null; value?: CST.Token };
        stack.push({ token: entry.value, depth: depth + 1 });
        if (entry.key) stack.push({ token: entry.key, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/** A located issue builder shared by the loader. */
export function issueAt(code: string, path: string, message: string, location?: SourceLocation, hint?: string): ScenarioIssue {
  const issue: ScenarioIssue = { code, path, message };
  if (hint !== undefined) issue.hint = hint;
  if (location !== undefined) issue.location = location;
  return issue;
}

/**
 * Decodes file bytes as UTF-8: a UTF-8 byte-order mark is accepted and dropped; UTF-16/UTF-32
 * (with or without a byte-order mark) and invalid UTF-8 are refused with a clear message.
 */
export function decodeScenarioBytes(bytes: Uint8Array, source: string): { text: string } | { issue: ScenarioIssue } {
  const at = { source, line: 1, col: 1 };
  const b0 = bytes[0];
  const b1 = bytes[1];
  const utf32 = (b0 === 0xff && b1 === 0xfe && bytes[2] === 0 && bytes[3] === 0) || (b0 === 0 && b1 === 0 && bytes[2] === 0xfe && bytes[3] === 0xff);
  if (utf32) {
    return { issue: issueAt('encoding', '', 'the file is UTF-32 encoded; save it as UTF-8 (scenario files must be UTF-8)', at) };
  }
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff) || looksLikeUtf16(bytes)) {
    return {
      issue: issueAt('encoding', '', 'the file is UTF-16 encoded; save it as UTF-8 (scenario files must be UTF-8)', at),
    };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
    const lines = before.split('\n');
    return {
      issue: issueAt(
        'encoding',
        '',
        `the file is not valid UTF-8 (bad byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} at byte offset ${offset}); save it as UTF-8`,
        { source, line: lines.length, col: (lines[lines.length - 1] ?? '').length + 1 },
      ),
    };
  }
}

/** Many NUL bytes in alternate positions: UTF-16 without a byte-order mark. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 64);
  if (n < 2) return false;
  let zeros = 0;
  for (let i = 0; i < n; i++) if (bytes[i] === 0) zeros++;
  return zeros * 4 >= n;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  // Binary search on the longest prefix that decodes (a truncated sequence at the end counts as bad).
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid));
      lo = mid;
    } catch {
      // a prefix may end inside a valid multi-byte character: try a few bytes shorter
      let ok = false;
      for (let back = 1; back <= 3 && mid - back > lo; back++) {
        try {
          decoder.decode(bytes.subarray(0, mid - back));
          ok = true;
          break;
        } catch {
          /* keep looking */
        }
      }
      if (ok && mid - 3 > lo) lo = mid - 3;
      else hi = mid - 1;
    }
  }
  // lo is a decodable prefix; step over complete characters until the bad byte
  let offset = lo;
  while (offset < bytes.length) {
    let advanced = false;
    for (let len = 1; len <= 4 && offset + len <= bytes.length; len++) {
      try {
        decoder.decode(bytes.subarray(offset, offset + len));
        offset += len;
        advanced = true;
        break;
      } catch {
        /* try a longer sequence */
      }
    }
    if (!advanced) break;
  }
  return offset;
}

/**
 * Result of parsing one YAML text: the tree (absent when the text is not YAML) and every issue
 * found. Issues alongside a tree concern single values that were dropped from it.
 */
export interface ParsedYaml {
  root?: RawNode;
  issues: ScenarioIssue[];
}

/**
 * Parses YAML text into a {@link RawNode} tree. `source` is the name used in messages.
 * `locate` lets `--set` values point at their option instead of a line.
 */
export function parseYaml(text: string, source: string, options: { locateAtSource?: boolean } = {}): ParsedYaml {
  const lineCounter = new LineCounter();
  // Deep nesting is refused before the document is composed: the composer recurses per level, so
  // 10,000 nested brackets would overflow the stack at a position that depends on the stack's
  // size (catalog: nesting-*). The concrete syntax tree is built without recursion.
  const tooDeep = mayNestDeeply(text) ? firstTooDeepOffset(text) : undefined;
  if (tooDeep !== undefined) {
    const before = text.slice(0, tooDeep);
    const line = before.split('\n').length;
    const col = tooDeep - (before.lastIndexOf('\n') + 1) + 1;
    const lineText = text.split('\n')[line - 1]!.replace(/\r$/, '');
    const loc: SourceLocation = options.locateAtSource ? { source } : { source, line, col, lineText };
    return { issues: [issueAt('too_deep', '', TOO_DEEP_MESSAGE, loc)] };
  }
  const doc = parseDocument(text, {
    keepSourceTokens: true,
    lineCounter,
    // Duplicate keys are found by duplicateKeyErrors below with one Set per mapping: yaml's own
    // check compares every key with every earlier one, quadratic in the keys of a mapping
    // (issue 12: 20,000 keys took seconds).
    uniqueKeys: false,
    // `<<` merge keys are refused (see below): `extends` is the one way to share values, so a
    // scenario has a single, documented merge rule.
    merge: false,
    // The core schema yields strings for dates and does not execute or resolve custom tags.
    schema: 'core',
    prettyErrors: false,
  });
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const locate = (offset: number | undefined): SourceLocation => {
    if (options.locateAtSource || offset === undefined) return { source };
    const { line, col } = lineCounter.linePos(offset);
    const lineText = lines[line - 1] ?? '';
    return lineText.trim() === '' ? { source, line, col } : { source, line, col, lineText };
  };

  const issues: ScenarioIssue[] = [];
  const duplicates = duplicateKeyErrors(doc.contents as YamlNode | null);
  const errors = duplicates.length === 0 ? doc.errors : [...doc.errors, ...duplicates].sort((a, b) => a.pos[0] - b.pos[0]);
  for (const error of errors) {
    const offset = error.pos[0];
    const loc = locate(offset);
    issues.push(issueAt(`yaml_${error.code.toLowerCase()}`, '', yamlErrorMessage(error.code, error.message, text, offset), loc));
  }
  if (issues.length > 0) return { issues };

  if (doc.contents === null || doc.contents === undefined) {
    const isEmpty = text.trim() === '';
    const loc = options.locateAtSource ? { source } : locate(0);
    return {
      issues: [
        issueAt(
          'empty',
          '',
          isEmpty ? 'the file is empty; a scenario needs at least version, name, timeline, deployment, amd, baseline, share_price and warrant' : 'the file holds only comments; a scenario needs at least version, name, timeline, deployment, amd, baseline, share_price and warrant',
          loc,
        ),
      ],
    };
  }

  const walker = new Walker(locate, issues, (alias) => alias.resolve(doc) as YamlNode | undefined, text);
  // Issues found by the walk (tags, forbidden keys, `<<`, aliases) leave a usable tree (the
  // offending value dropped), so the caller can still report every other issue of the file.
  const root = walker.walk(doc.contents as YamlNode, [], 0);
  // An alias bomb makes the rest of the file meaningless: it is reported alone.
  const bomb = issues.find((issue) => issue.code === 'alias_bomb');
  if (bomb) return { issues: [bomb] };
  return { root, issues };
}

/**
 * A DUPLICATE_KEY error (as yaml's `uniqueKeys` would give) for every key that repeats an earlier
 * key of its mapping, keys compared by value as yaml does (`1` and `1.0` are the same key). One
 * Set per mapping and an explicit stack: linear in the size of the document, however deep.
 */
function duplicateKeyErrors(contents: YamlNode | null): Array<{ pos: [number, number]; code: string; message: string }> {
  const errors: Array<{ pos: [number, number]; code: string; message: string }> = [];
  const stack: YamlNode[] = contents ? [contents] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = pair.key as YamlNode | null;
        if (isScalar(key)) {
          const id = `${typeof key.value}\u0000${String(key.value)}`;
          if (seen.has(id)) {
            const at = key.range?.[0] ?? 0;
            errors.push({ pos: [at, at + 1], code: 'DUPLICATE_KEY', message: 'Map keys must be unique' });
          }
          seen.add(id);
        } else if (key) stack.push(key);
        if (pair.value) stack.push(pair.value as YamlNode);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) if (item) stack.push(item as YamlNode);
    }
  }
  return errors;
}

function yamlErrorMessage(code: string, message: string, text: string, offset: number): string {
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'a tab is used for indentation; YAML allows only spaces for indentation';
    case 'DUPLICATE_KEY': {
      const key = /^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^:#\n]+?)\s*:/.exec(text.slice(offset))?.[1];
      return key ? `duplicate key ${JSON.stringify(key.replace(/^["']|["']$/g, ''))}: each key may appear only once in a mapping` : 'duplicate key: each key may appear only once in a mapping';
    }
    case 'MULTIPLE_DOCS':
      return 'the file holds several YAML documents (separated by ---); a scenario is one document';
    default: {
      // the yaml parser recurses per level: 10,000 nested [ or { overflow its stack (catalog: nesting-10000-*)
      if (/call stack/i.test(message)) return TOO_DEEP_MESSAGE;
      if (/^Flow sequence in block collection/.test(message)) return 'not valid YAML: a [ list is not closed with ] (or a line in it is not indented enough)';
      if (/^Flow map must end with a \}/.test(message) || /^Flow map in block collection/.test(message)) return 'not valid YAML: a { mapping is not closed with } (or a line in it is not indented enough)';
      if (/^Unexpected scalar at node end/.test(message)) return 'not valid YAML: unexpected text after a complete value (YAML writes `key: value`, one per line)';
      const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      return `not valid YAML: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
    }
  }
}

function formatTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

class Walker {
  private aliasNodes = 0;
  private aliasBudgetReported = false;
  private expanding: { loc: SourceLocation; path: string; name: string } | undefined;
  private readonly sizes = new Map<YamlNode, number>();
  private readonly active = new Set<YamlNode>();

  constructor(
    private readonly locate: (offset: number | undefined) => SourceLocation,
    private readonly issues: ScenarioIssue[],
    private readonly resolve: (alias: Alias) => YamlNode | undefined,
    private readonly text: string,
  ) {}

  walk(node: YamlNode, path: (string | number)[], depth: number): RawNode {
    const loc = this.locate(node.range?.[0]);
    const pathText = pathString(path);
    if (depth > MAX_DEPTH) {
      this.issues.push(issueAt('too_deep', pathText, `nesting deeper than ${MAX_DEPTH} levels is not a scenario`, loc));
      return nullScalar(loc);
    }
    if (isAlias(node)) {
      const target = this.resolve(node);
      if (target === undefined) {
        this.issues.push(issueAt('yaml_alias', pathText, `the alias *${node.source} refers to no anchor`, loc));
        return nullScalar(loc);
      }
      if (this.active.has(target)) {
        this.issues.push(issueAt('yaml_alias', pathText, `the alias *${node.source} refers to a node that contains it`, loc));
        return nullScalar(loc);
      }
      this.aliasNodes += this.sizeOf(target);
      // the alias written in the document (not one met inside an expansion) is where to point
      const outer = this.expanding ?? { loc, path: pathText, name: node.source };
      if (this.aliasNodes > MAX_ALIAS_NODES) {
        if (!this.aliasBudgetReported) {
          this.aliasBudgetReported = true;
          this.issues.push(
            issueAt(
              'alias_bomb',
              outer.path,
              `YAML aliases expand to more than ${MAX_ALIAS_NODES} values (an alias bomb?); the file is refused. Write the values out or use fewer aliases`,
              outer.loc,
            ),
          );
        }
        return nullScalar(loc);
      }
      const previous = this.expanding;
      this.expanding = outer;
      try {
        return this.walk(target, path, depth + 1);
      } finally {
        this.expanding = previous;
      }
    }
    // `maxAliasCount` only guards yaml's toJS(), which is never called: the walk counts alias
    // expansions itself (MAX_ALIAS_NODES).
    if (node.tag !== undefined) {
      this.issues.push(
        issueAt(
          'yaml_tag',
          pathText,
          `YAML tags such as ${formatTag(node.tag)} are not allowed in a scenario; write a plain value`,
          this.locate(tagOffset(node, this.text)),
        ),
      );
      return nullScalar(loc);
    }
    if (isScalar(node)) return this.scalar(node, loc);
    this.active.add(node);
    try {
      if (isMap(node)) {
        const entries = new Map<string, RawEntry>();
        for (const pair of node.items) {
          if (!isPair(pair)) continue;
          const keyNode = pair.key as YamlNode | null;
          const keyLoc = this.locate(keyNode?.range?.[0] ?? node.range?.[0]);
          if (!isScalar(keyNode) || (keyNode.tag !== undefined)) {
            this.issues.push(issueAt('yaml_key', pathText, 'keys must be plain words, not lists, mappings or tagged values', keyLoc));
            continue;
          }
          const key = typeof keyNode.source === 'string' ? keyNode.source : String(keyNode.value);
          const keyPath = pathString([...path, key]);
          if (key === '<<' && keyNode.type === 'PLAIN') {
            this.issues.push(
              issueAt('merge_key', keyPath, 'YAML merge keys (<<) are not supported; use `extends` to share values between files', keyLoc),
            );
            continue;
          }
          if (FORBIDDEN_KEYS.has(key)) {
            this.issues.push(issueAt('forbidden_key', keyPath, `the key "${key}" is not allowed (it could pollute objects)`, keyLoc));
            continue;
          }
          const valueNode = pair.value as YamlNode | null;
          const value = valueNode === null ? nullScalar(keyLoc) : this.walk(valueNode, [...path, key], depth + 1);
          entries.set(key, { keyLoc, value });
        }
        return { kind: 'map', entries, loc } satisfies RawMap;
      }
      if (isSeq(node)) {
        const items: RawNode[] = [];
        node.items.forEach((item, index) => {
          items.push(item === null ? nullScalar(loc) : this.walk(item as YamlNode, [...path, index], depth + 1));
        });
        return { kind: 'list', items, loc } satisfies RawList;
      }
    } finally {
      this.active.delete(node);
    }
    return nullScalar(loc);
  }

  private scalar(node: Scalar, loc: SourceLocation): RawScalar {
    const quoted = node.type !== undefined && node.type !== 'PLAIN';
    const text = typeof node.source === 'string' ? node.source : node.value === null ? '' : String(node.value);
    return { kind: 'scalar', text, quoted, loc };
  }

  /** Number of nodes an alias to `node` adds (memoised, so a bomb is measured without expanding it). */
  private sizeOf(node: YamlNode): number {
    const known = this.sizes.get(node);
    if (known !== undefined) return known;
    this.sizes.set(node, 1); // guards against self-reference while measuring
    let size = 1;
    if (isMap(node)) {
      for (const pair of node.items) size += this.sizeOfChild(pair.value as YamlNode | null);
    } else if (isSeq(node)) {
      for (const item of node.items) size += this.sizeOfChild(item as YamlNode | null);
    }
    this.sizes.set(node, size);
    return size;
  }

  private sizeOfChild(child: YamlNode | null): number {
    if (child === null) return 1;
    if (isAlias(child)) {
      const target = this.resolve(child);
      return target === undefined ? 1 : Math.min(this.sizeOf(target), MAX_ALIAS_NODES + 1);
    }
    return Math.min(this.sizeOf(child), MAX_ALIAS_NODES + 1);
  }
}

/**
 * Offset of the explicit tag written before a node (`key: !!js/function value`): the node's range
 * starts at its value, and in block collections the tag token belongs to the parent item, so the
 * tag is found by stepping back over blanks and then over the tag's own characters.
 */
function tagOffset(node: YamlNode, text: string): number | undefined {
  const start = node.range?.[0];
  if (start === undefined) return undefined;
  let i = start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  let j = i;
  while (j >= 0 && !/\s/.test(text[j]!)) j--;
  return text[j + 1] === '!' ? j + 1 : start;
}

function nullScalar(loc: SourceLocation): RawScalar {
  return { kind: 'scalar', text: '', quoted: false, loc };
}

/** `a.b[2].c` for messages produced while walking. */
/** Keys written bare in a path: any key without a dot, bracket or quote (others are written `["..."]`). */
const PLAIN_KEY = /^[^.[\]"]+$/;

export function pathString(path: readonly (string | number)[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    // a key holding a dot or bracket (an uncertain input's path, `share_price.cagr`) in brackets
    else if (!PLAIN_KEY.test(segment)) out += `[${JSON.stringify(segment)}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}
