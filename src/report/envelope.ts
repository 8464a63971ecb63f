/**
 * The one JSON envelope every command's `--format json` output is wrapped in (clig.dev: one shape
 * a script can rely on), built here and nowhere else:
 *
 *     { "version": 1, "command": "model", "scenario": { "name", "description"?, "currency", "file" },
 *       ...the command's payload..., "warnings": [ { "code", "path", "message", "file"? } ] }
 *
 * - `version` is the version of this JSON layout (SPEC §4's `"version": 1`), not the tool's.
 * - `compare` reads several files: it carries `scenarios: [...]` (each with a `column`) instead.
 * - The payload's keys sit beside the envelope's (SPEC §4: `summary`, `periods`, ... at the top).
 * - `warnings` are the ones printed on stderr (also with `--quiet`, which only silences stderr).
 * `sweep` streams its rows: {@link envelopeAround} splits the rendered envelope around them.
 */
import type { JsonObject, JsonValue } from './json.js';

export const JSON_LAYOUT_VERSION = 1;

/** A warning as JSON; `file` when a command reads several files. */
export interface JsonWarning {
  code: string;
  path: string;
  message: string;
  file?: string;
}

/** The scenario a document is about, as JSON. */
export interface JsonScenario {
  name: string;
  description?: string;
  currency: string;
  file: string;
}

export interface EnvelopeParts {
  command: string;
  /** one scenario ({@link jsonScenario}), or several for compare (each with its `column`) */
  scenario: JsonScenario | JsonObject[];
  payload: JsonObject;
  warnings: readonly JsonWarning[];
}

/** The scenario's identity, the same in every command's JSON. */
export function jsonScenario(scenario: { name: string; description?: string | undefined; currency: string }, file: string): JsonScenario {
  return scenario.description === undefined
    ? { name: scenario.name, currency: scenario.currency, file }
    : { name: scenario.name, description: scenario.description, currency: scenario.currency, file };
}

/** The warnings of a model result (or several), as JSON. */
export function jsonWarnings(warnings: ReadonlyArray<{ code: string; path: string; message: string }>, file?: string): JsonWarning[] {
  return warnings.map((w) => (file === undefined ? { code: w.code, path: w.path, message: w.message } : { file, code: w.code, path: w.path, message: w.message }));
}

/** The envelope around a payload (see the module comment). */
export function jsonEnvelope(parts: EnvelopeParts): JsonObject {
  const document: JsonObject = { version: JSON_LAYOUT_VERSION, command: parts.command };
  if (Array.isArray(parts.scenario)) document['scenarios'] = parts.scenario as unknown as JsonValue;
  else document['scenario'] = parts.scenario as unknown as JsonValue;
  for (const [key, value] of Object.entries(parts.payload)) document[key] = value;
  document['warnings'] = parts.warnings.map((w) => ({ ...w })) as unknown as JsonValue;
  return document;
}

const HOLE = '\u0000streamed\u0000';

/**
 * The envelope rendered (two-space indentation) with `key` left open for streamed items: the text
 * before the items and after them. The streamed items must be written at four spaces, separated
 * by `,\n    `, inside `[\n    ` ... `\n  ]` (or `[]` when there are none).
 */
export function envelopeAround(parts: EnvelopeParts, key: string): { before: string; after: string } {
  const text = `${JSON.stringify(jsonEnvelope({ ...parts, payload: { ...parts.payload, [key]: HOLE } }), null, 2)}\n`;
  const at = text.indexOf(JSON.stringify(HOLE));
  return { before: text.slice(0, at), after: text.slice(at + JSON.stringify(HOLE).length) };
}
