/** Test helpers: an in-memory ScenarioHost and a small valid scenario to vary. */
import { posix } from 'node:path';
import { loadScenario, loadRawScenario, validateRaw, ScenarioError } from '../../src/scenario/index.js';
import type { ScenarioHost, ScenarioIssue, Scenario } from '../../src/scenario/index.js';

/** Files by absolute POSIX path; the working directory is /work. */
export function memoryHost(files: Record<string, string | Uint8Array>, stdin = ''): ScenarioHost {
  const bytes = (v: string | Uint8Array) => (typeof v === 'string' ? new TextEncoder().encode(v) : v);
  const abs = (p: string) => posix.resolve('/work', p);
  const table = new Map(Object.entries(files).map(([k, v]) => [abs(k), bytes(v)]));
  const dirs = new Set<string>();
  for (const key of table.keys()) for (let d = posix.dirname(key); d !== '/'; d = posix.dirname(d)) dirs.add(d);
  return {
    readFile: (p) => {
      const found = table.get(p);
      if (!found) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return found;
    },
    fileSize: (p) => table.get(p)?.length,
    isDirectory: (p) => dirs.has(p),
    cwd: '/work',
    readStdin: () => bytes(stdin),
  };
}

/** A complete, valid scenario; tests replace lines of it. */
export const VALID = `version: 1
name: Test deal
timeline:
  start: 2026-07-01
  periods: 8
deployment:
  points:
    - { date: 2026-12-31, gw: 1 }
    - { date: 2027-12-31, gw: 2 }
amd:
  unit_price: 40000
  units_per_gw: 250000
baseline:
  unit_price: 60000
share_price:
  model: cagr
  start: 200
  cagr: 0.2
warrant:
  shares: 100
  strike: 0.01
  expiry: 2030-01-01
  tranches:
    - { shares: 60, gw: 1 }
    - { shares: 40, gw: 2, price: 300 }
`;

/** `VALID` with one line replaced (the first line containing `find`). */
export function withLine(find: string, replacement: string, text = VALID): string {
  const lines = text.split('\n');
  const index = lines.findIndex((l) => l.includes(find));
  if (index === -1) throw new Error(`no line contains ${find}`);
  lines[index] = replacement;
  return lines.join('\n');
}

/** Loads `text` as /work/s.yaml; returns the scenario or the issues. */
export function load(text: string, sets: string[] = [], extra: Record<string, string> = {}): { scenario?: Scenario; issues: ScenarioIssue[] } {
  try {
    return { scenario: loadScenario('s.yaml', { host: memoryHost({ 's.yaml': text, ...extra }), sets }), issues: [] };
  } catch (error) {
    if (error instanceof ScenarioError) return { issues: error.issues };
    throw error;
  }
}

/** The issues of `text`, each as `line:col path: message` (the excerpt left out). */
export function issuesOf(text: string, sets: string[] = [], extra: Record<string, string> = {}): string[] {
  return load(text, sets, extra).issues.map(
    (i) => `${i.location?.line ?? '-'}:${i.location?.col ?? '-'} ${i.path}: ${i.message}${i.hint ? ` (${i.hint})` : ''}`,
  );
}

export { loadRawScenario, validateRaw };
