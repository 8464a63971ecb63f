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

/** The side-by-side view: first column `metric`, then one column per scenario. */
export function compareView(entries: readonly CompareEntry[], metrics: readonly MetricName[]): View {
  const headers = compareHeaders(entries);
  return {
    name: 'compare',
    title: 'Comparison',
    columns: [column('metric', 'metric', 'text'), ...headers.map((h) => column(h, h, 'decimal'))],
    rows: metrics.map((m) => [m, ...entries.map((e) => typed(METRIC_KINDS[m], e.summary[m]))]),
  };
}

/**
 * The `compare --format json` document:
 * `{version: 1, command: "compare", scenarios: [{name, file, column}], metrics: {metric: ["v1", ...]},
 * warnings}` (the one envelope of ./envelope.ts); the
 * values of each metric are in the order of `scenarios`, every value a string.
 */
export function compareJson(entries: readonly CompareEntry[], metrics: readonly MetricName[], warnings: JsonWarning[] = []): JsonObject {
  const headers = compareHeaders(entries);
  const metricValues: JsonObject = {};
  const valueColumn = column('value', 'value', 'decimal');
  for (const m of metrics) {
    metricValues[m] = entries.map((e) => jsonCell(typed(METRIC_KINDS[m], e.summary[m]), valueColumn));
  }
  return jsonEnvelope({
    command: 'compare',
    scenario: entries.map((e, i) => ({ name: e.name, file: e.file, column: headers[i]! })),
    payload: { metrics: metricValues },
    warnings,
  });
}
