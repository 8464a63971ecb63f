/**
 * `compare`: the summary metrics of several scenarios side by side (SPEC §4), one column per
 * scenario, one row per metric. Pure: takes each scenario's name, file and summary.
 */
import { jsonEnvelope, type JsonWarning } from './envelope.js';
import { basename } from './path-name.js';
import { METRIC_KINDS, type MetricName, type Summary } from '../engine/types.js';
import { column, typed, type View } from './view.js';
import { jsonCell, type JsonObject } from './json.js';

export interface CompareEntry {
  /** scenario name */
  name: string;
  /** FILE as given on the command line */
  file: string;
  summary: Summary;
  /** the scenario's currency label (terminal money at a glance writes its symbol) */
  currency?: string;
}

/**
 * Column headers: the scenario names; a name shared by several scenarios gets its file name added
 * (`base (a.yaml)`), and the full path when even that is shared, so no two columns read the same.
 */
export function compareHeaders(entries: readonly CompareEntry[]): string[] {
  const count = (values: string[], v: string) => values.filter((x) => x === v).length;
  const names = entries.map((e) => e.name);
  let headers = entries.map((e) => (count(names, e.name) > 1 ? `${e.name} (${basename(e.file)})` : e.name));
  headers = headers.map((h, i) => (count(headers, h) > 1 ? `${entries[i]!.name} (${entries[i]!.file})` : h));
  // the same file given twice: number the columns
  return headers.map((h, i) => (count(headers, h) > 1 ? `${h} #${i + 1}` : h));
}

/**
 * The value shown for entry `i`: its own metric, or with `delta` (every entry after the first) its
 * difference from the first entry's — an exact difference of the printed values (money of cents,
 * counts, the 6-decimal ratio), so reference + delta = the scenario's own figure.
 */
function shownValue(entries: readonly CompareEntry[], i: number, m: MetricName, delta: boolean) {
  const own = entries[i]!.summary[m];
  return delta && i > 0 ? own.minus(entries[0]!.summary[m]) : own;
}

/** Headers with `Δ ` before every scenario after the first under `--delta`. */
function shownHeaders(entries: readonly CompareEntry[], delta: boolean): string[] {
  return compareHeaders(entries).map((h, i) => (delta && i > 0 ? `Δ ${h}` : h));
}

/** The side-by-side view: first column `metric`, then one column per scenario. */
export function compareView(entries: readonly CompareEntry[], metrics: readonly MetricName[], delta = false): View {
  const headers = shownHeaders(entries, delta);
  const currencies = new Set(entries.map((e) => e.currency));
  const [currency] = currencies;
  return {
    name: 'compare',
    title: delta ? `Comparison: differences from ${compareHeaders(entries)[0]!} (its own values first)` : 'Comparison',
    // one symbol only when every scenario shares its currency
    ...(currencies.size === 1 && currency !== undefined ? { currency } : {}),
    columns: [column('metric', 'metric', 'text'), ...headers.map((h) => column(h, h, 'decimal'))],
    rows: metrics.map((m) => [m, ...entries.map((_, i) => typed(METRIC_KINDS[m], shownValue(entries, i, m, delta)))]),
  };
}

/**
 * The `compare --format json` document:
 * `{version: 1, command: "compare", scenarios: [{name, file, column}], metrics: {metric: ["v1", ...]},
 * warnings}` (the one envelope of ./envelope.ts); the
 * values of each metric are in the order of `scenarios`, every value a string.
 */
export function compareJson(entries: readonly CompareEntry[], metrics: readonly MetricName[], warnings: JsonWarning[] = [], delta = false): JsonObject {
  const headers = shownHeaders(entries, delta);
  const metricValues: JsonObject = {};
  const valueColumn = column('value', 'value', 'decimal');
  for (const m of metrics) {
    metricValues[m] = entries.map((_, i) => jsonCell(typed(METRIC_KINDS[m], shownValue(entries, i, m, delta)), valueColumn));
  }
  // --delta: the values after the first are differences from the first (key absent otherwise)
  return jsonEnvelope({
    command: 'compare',
    scenario: entries.map((e, i) => ({ name: e.name, file: e.file, column: headers[i]! })),
    payload: delta ? { delta: true, metrics: metricValues } : { metrics: metricValues },
    warnings,
  });
}
