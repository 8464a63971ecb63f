/**
 * Choosing summary metrics by SPEC §3 name (`--metric`, `--metrics`). Pure: an unknown name comes
 * back as a worded problem, and the command turns it into a usage error (exit 2).
 */
import { METRIC_NAMES, type MetricName } from '../engine/types.js';
import { nearest } from '../scenario/suggest.js';

export type MetricSelection = { ok: true; metrics: MetricName[] } | { ok: false; message: string };

const KNOWN: ReadonlySet<string> = new Set(METRIC_NAMES);

/**
 * Splits `--metrics a,b` and adds `--metric c`. An empty name (`--metric ""`, `--metrics a,,b`)
 * is kept, so that {@link selectMetrics} refuses it: it never silently means "every metric".
 */
export function requestedMetricNames(metric?: string, metrics?: string): string[] {
  const names: string[] = [];
  if (metrics !== undefined) names.push(...metrics.split(',').map((s) => s.trim()));
  if (metric !== undefined) names.push(metric.trim());
  return names;
}

/**
 * Resolves requested names to metrics in the order the user wrote them (a user who asks for
 * `--metrics savings,amd_net_cost` reads the columns in that order), duplicates dropped.
 * No names: every metric, in SPEC §3 table order. An unknown name: a message naming it, with the nearest known name.
 */
export function selectMetrics(names: readonly string[]): MetricSelection {
  if (names.length === 0) return { ok: true, metrics: [...METRIC_NAMES] };
  const unknown = names.filter((n) => !KNOWN.has(n));
  if (unknown.length > 0) {
    const parts = unknown.map((n) => {
      if (n === '') return 'an empty metric name';
      const near = nearest(n, METRIC_NAMES); // the loader's one "did you mean" rule
      return near ? `unknown metric "${n}" (did you mean "${near}"?)` : `unknown metric "${n}"`;
    });
    return { ok: false, message: `${parts.join('; ')}; known metrics: ${METRIC_NAMES.join(', ')}` };
  }
  return { ok: true, metrics: [...new Set(names)] as MetricName[] };
}
