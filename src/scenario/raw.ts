/**
 * The scenario as written, before validation: a tree of maps, lists and scalars in which every
 * node remembers where it was written (file, line, column, the source line). `extends` merging and
 * `--set` work on this tree, so an issue found after merging still points at the file and line of
 * the offending value (which may be a base file), and a `--set` value points at its option.
 *
 * Scalars keep their SOURCE TEXT (SPEC §2: numbers are read exactly from the text, never through a
 * binary float); the schema decides later whether a text is a number, a date or a name.
 *
 * Nothing here builds plain objects from user keys: maps are `Map`s, so a key such as `__proto__`
 * cannot pollute anything (and such keys are refused anyway, SPEC §6).
 */
import type { SourceLocation } from './issues.js';

export interface RawScalar {
  kind: 'scalar';
  /** the text as written for plain scalars; the decoded string for quoted and block scalars */
  text: string;
  /** written in quotes or as a block scalar: always text, never null or a boolean */
  quoted: boolean;
  loc: SourceLocation;
}

export interface RawEntry {
  keyLoc: SourceLocation;
  value: RawNode;
  /**
   * The inherited entry this one replaced (through `extends` or `--set`), which may carry its own
   * `overrides`: the chain of definitions `explain` reports, nearest first (SPEC §9). Absent when
   * nothing was replaced, and on an entry whose map was merged key by key (its keys carry theirs).
   */
  overrides?: RawEntry;
}

export interface RawMap {
  kind: 'map';
  /** insertion-ordered; keys are plain strings */
  entries: ReadonlyMap<string, RawEntry>;
  loc: SourceLocation;
}

export interface RawList {
  kind: 'list';
  items: readonly RawNode[];
  loc: SourceLocation;
}

export type RawNode = RawScalar | RawMap | RawList;

/** YAML 1.2 core schema spellings of null and booleans (plain scalars only). */
const NULL_WORDS = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUE_WORDS = new Set(['true', 'True', 'TRUE']);
const FALSE_WORDS = new Set(['false', 'False', 'FALSE']);

/** True for a plain `null`, `~` or empty scalar: "no value" (removes an inherited key). */
export function isNull(node: RawNode | undefined): boolean {
  return node !== undefined && node.kind === 'scalar' && !node.quoted && NULL_WORDS.has(node.text);
}

/**
 * The node as plain data for the zod schemas: maps become null-prototype objects (keys whose value
 * is null are left out: "no value" means "not given", SPEC §2), lists arrays, plain `true`/`false`
 * booleans, null scalars null, every other scalar its text (numbers stay text so that they are
 * parsed exactly).
 */
export function toPlain(node: RawNode): unknown {
  switch (node.kind) {
    case 'scalar':
      if (node.quoted) return node.text;
      if (NULL_WORDS.has(node.text)) return null;
      if (TRUE_WORDS.has(node.text)) return true;
      if (FALSE_WORDS.has(node.text)) return false;
      return node.text;
    case 'list':
      return node.items.map(toPlain);
    case 'map': {
      const out = Object.create(null) as Record<string, unknown>;
      for (const [key, entry] of node.entries) {
        if (isNull(entry.value)) continue;
        out[key] = toPlain(entry.value);
      }
      return out;
    }
  }
}

/** The node at a path of keys and 0-based indexes, or undefined. */
export function nodeAt(root: RawNode, path: readonly (string | number)[]): RawNode | undefined {
  let node: RawNode | undefined = root;
  for (const segment of path) {
    if (node === undefined) return undefined;
    if (typeof segment === 'number') {
      node = node.kind === 'list' ? node.items[segment] : undefined;
    } else {
      node = node.kind === 'map' ? node.entries.get(segment)?.value : undefined;
    }
  }
  return node;
}

/** A short description of a node for messages: `"abc"`, `true`, `a list`, `nothing (null)`. */
export function describeNode(node: RawNode | undefined): string {
  if (node === undefined) return 'nothing';
  if (node.kind === 'list') return 'a list';
  if (node.kind === 'map') return 'a mapping';
  if (isNull(node)) return 'nothing (null)';
  const text = node.text.length > 60 ? `${node.text.slice(0, 57)}...` : node.text;
  return JSON.stringify(text);
}

/**
 * A scenario as loaded: the merged tree (after `extends` and `--set`), before validation. Cheap
 * to copy with one more override ({@link applySet} shares every untouched node) and to validate
 * again (no file is read or parsed twice).
 */
export interface RawScenario {
  readonly root: RawMap;
  /** the name of the top file as the user gave it (`<stdin>` for `-`), for document-level issues */
  readonly source: string;
  /**
   * Every file of the `extends` chain in merge order (the deepest base first, the named file last),
   * with the bytes the loader read: the manifest hashes these (SPEC §9), never re-reading a file.
   */
  readonly files?: readonly SourceFile[];
}

/** One file read by the loader: its path as the user wrote it (relative to the working directory; `-` for stdin) and its bytes. */
export interface SourceFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}
