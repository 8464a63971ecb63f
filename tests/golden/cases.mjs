// The golden cases, shared by scripts/update-golden.mjs (which writes them) and
// tests/golden/golden.test.ts (which compares them byte for byte). One list, so the two never drift.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const goldenDir = join(root, 'tests', 'golden');

/** Environment of every golden run: no colour, a fixed locale and time zone (nothing may depend on them). */
export const goldenEnv = (() => {
  const env = { ...process.env, NO_COLOR: '1', LC_ALL: 'C', TZ: 'UTC' };
  delete env.FORCE_COLOR;
  return env;
})();

/** The shipped scenarios, sorted, as paths relative to the repository (as a user would type them). */
export function shippedScenarios() {
  return readdirSync(join(root, 'scenarios'))
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => `scenarios/${f}`);
}

const MODEL_OUTPUTS = [
  ['table.txt', []],
  ['summary.csv', ['--format', 'csv']],
  ['periods.csv', ['--format', 'csv', '--view', 'periods']],
  ['tranches.csv', ['--format', 'csv', '--view', 'tranches']],
  ['ledger.csv', ['--format', 'csv', '--view', 'ledger']],
  ['model.json', ['--format', 'json']],
  ['model.md', ['--format', 'markdown']],
];

const COMPARE_OUTPUTS = [
  ['compare.txt', []],
  ['compare.csv', ['--format', 'csv']],
  ['compare.json', ['--format', 'json']],
  ['compare.md', ['--format', 'markdown']],
];

/**
 * Every case: `file` is the golden file relative to tests/golden, `args` the CLI arguments
 * (run from the repository root).
 */
export function goldenCases() {
  const cases = [];
  const scenarios = shippedScenarios();
  for (const scenario of scenarios) {
    const stem = scenario.replace(/^scenarios\//, '').replace(/\.ya?ml$/, '');
    for (const [name, extra] of MODEL_OUTPUTS) {
      cases.push({ file: `${stem}/${name}`, args: ['model', scenario, ...extra] });
    }
  }
  for (const [name, extra] of COMPARE_OUTPUTS) {
    cases.push({ file: `compare/${name}`, args: ['compare', ...scenarios, ...extra] });
  }
  // issue 14: every shipped scenario as its difference from the base case
  const base = 'scenarios/meta-amd-base.yaml';
  for (const [name, extra] of COMPARE_OUTPUTS) {
    cases.push({ file: `compare/delta-${name}`, args: ['compare', base, ...scenarios.filter((s) => s !== base), '--delta', ...extra] });
  }
  return cases;
}
