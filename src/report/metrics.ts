/**
 * Choosing summary metrics by SPEC §3 name (`--metric`, `--metrics`). Pure: an unknown name comes
 * back as a worded problem, and the command turns it into a usage error (exit 2).
 */
import { METRIC_NAMES, type MetricName } from '../engine/types.js';

export type MetricSelection = { ok: true; metrics: MetricName[] } | { ok: false; message: string };

const KNOWN: ReadonlySet<string> = new Set(METRIC_NAMES);

/** Edit distance (insertions, deletions, substitutions), for "did you mean". */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The closest name within a third of the name's length (at least 2 edits), if any. */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** Splits `--metrics a,b` and adds `--metric c`; empty entries are ignored. */
export function requestedMetricNames(metric?: string, metrics?: string): string[] {
  const names: string[] = [];
  if (metrics !== undefined) names.push(...metrics.split(',').map((s) => s.trim()).filter((s) => s !== ''));
  if (metric !== undefined && metric.trim() !== '') names.push(metric.trim());
  return names;
}

/**
 * Resolves requested names to metrics in SPEC §3 table order (METRIC_NAMES), duplicates dropped.
 * No names: every metric. An unknown name: a message naming it, with the nearest known name.
 */
export function selectMetrics(names: readonly string[]): MetricSelection {
  if (names.length === 0) return { ok: true, metrics: [...METRIC_NAMES] };
  const unknown = names.filter((n) => !KNOWN.has(n));
  if (unknown.length > 0) {
    const parts = unknown.map((n) => {
      const near = nearestName(n, METRIC_NAMES);
      return near ? `unknown metric "${n}" (did you mean "${near}"?)` : `unknown metric "${n}"`;
    });
    return { ok: false, message: `${parts.join('; ')}; known metrics: ${METRIC_NAMES.join(', ')}` };
  }
  const wanted = new Set(names);
  return { ok: true, metrics: METRIC_NAMES.filter((m) => wanted.has(m)) };
}
