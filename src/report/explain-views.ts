/**
 * `explain` and `check` as text and JSON (SPEC §9). Pure: the commands print what these return.
 *
 * explain, one block per leaf, the location column aligned:
 *
 *     share_price.cagr = 0.30          scenarios/meta-amd-bull.yaml:11:9
 *       overrides 0.15                 scenarios/meta-amd-base.yaml:64:9
 *     timeline.step = quarter          default
 *     energy.pue = 1                   default
 *       overrides null (removed)       variant.yaml:4:8
 *       overrides 1.2                  base.yaml:80:8
 *
 * check: `file:line:col: expect.METRIC: expected …, got …` per failed bound, then one summary line.
 */
import { formatCount, formatMoney, formatRatio, type Decimal } from '../money/index.js';
import { METRIC_KINDS } from '../engine/types.js';
import type { Definition, LeafExplanation } from '../scenario/explain.js';
import type { ExpectationCheck } from '../analysis/expectations.js';
import type { JsonObject } from './json.js';

/** The location column never starts further right than this (long paths then take one space). */
const MAX_LEFT = 56;

function valueText(value: string | null): string {
  return value === null ? 'null (removed)' : value;
}

/** Where a definition is: `file:line:col`, the `--set` option, or `default (…)`. */
export function definitionPlace(definition: Definition): string {
  switch (definition.kind) {
    case 'file':
      return `${definition.file}:${definition.line}:${definition.col}`;
    case 'set':
      return definition.option;
    case 'default':
      return definition.note === undefined ? 'default' : `default (${definition.note})`;
  }
}

/** The explanation as aligned text, one block per leaf. */
export function renderExplainText(leaves: readonly LeafExplanation[]): string {
  const rows: [string, string][] = [];
  for (const leaf of leaves) {
    const [winner, ...overridden] = leaf.definitions;
    if (winner === undefined) {
      rows.push([`${leaf.path} = (not set)`, 'not given; optional, no default']);
      continue;
    }
    rows.push([`${leaf.path} = ${valueText(winner.value)}`, definitionPlace(winner)]);
    for (const definition of overridden) rows.push([`  overrides ${valueText(definition.value)}`, definitionPlace(definition)]);
  }
  const width = Math.min(MAX_LEFT, Math.max(0, ...rows.map(([left]) => left.length)));
  return rows.map(([left, right]) => `${left.padEnd(width)}  ${right}`.trimEnd()).join('\n') + (rows.length > 0 ? '\n' : '');
}

function definitionJson(definition: Definition): JsonObject {
  const out: JsonObject = { value: definition.value, source: definition.kind, at: definitionPlace(definition) };
  if (definition.kind === 'file') {
    out['file'] = definition.file;
    out['line'] = definition.line;
    out['col'] = definition.col;
  } else if (definition.kind === 'set') {
    out['option'] = definition.option;
  } else if (definition.note !== undefined) {
    out['note'] = definition.note;
  }
  out['removed'] = definition.value === null;
  return out;
}

/** `{ path, value, from, overrides }` per leaf: `from` the winning definition (null when none), `overrides` nearest first. */
export function explainJson(file: string, leaves: readonly LeafExplanation[]): JsonObject {
  return {
    version: 1,
    file,
    leaves: leaves.map((leaf) => {
      const [winner, ...overridden] = leaf.definitions;
      return {
        path: leaf.path,
        value: leaf.value,
        from: winner === undefined ? null : definitionJson(winner),
        overrides: overridden.map(definitionJson),
      };
    }),
  };
}

/** A metric value as every output writes it (money 2 decimals, counts whole, the ratio 6 decimals). */
export function metricText(check: ExpectationCheck): string {
  const kind = METRIC_KINDS[check.metric];
  return kind === 'money' ? formatMoney(check.got) : kind === 'count' ? formatCount(check.got) : formatRatio(check.got);
}

const exact = (value: Decimal): string => value.toFixed();

/** "expected at least 0, got -5.00" and the like. */
export function expectationMessage(check: ExpectationCheck): string {
  const got = metricText(check);
  if (check.bound === 'equals') return `expected ${exact(check.expected)}, got ${got}`;
  if (check.pair !== undefined) return `expected between ${exact(check.pair.min)} and ${exact(check.pair.max)}, got ${got}`;
  return `expected ${check.bound === 'min' ? 'at least' : 'at most'} ${exact(check.expected)}, got ${got}`;
}

export interface CheckTally {
  files: number;
  /** files that could not be loaded or validated */
  invalid: number;
  expectations: number;
  failed: number;
}

/** The closing line of `check`. */
export function checkSummaryLine(tally: CheckTally): string {
  const files = `${tally.files} file${tally.files === 1 ? '' : 's'}`;
  const invalid = tally.invalid === 0 ? '' : `; ${tally.invalid} file${tally.invalid === 1 ? '' : 's'} could not be checked`;
  const n = `${tally.expectations} expectation${tally.expectations === 1 ? '' : 's'}`;
  if (tally.failed === 0) return `check: ${n} held in ${files}${invalid}`;
  return `check: ${tally.failed} of ${n} failed in ${files}${invalid}`;
}
