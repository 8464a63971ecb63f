/**
 * Goldens (issue 4): every shipped scenario in every format, produced by the real CLI (spawned,
 * NO_COLOR, non-TTY) and compared byte for byte with the checked-in file. Regenerate with
 * `npm run build && npm run golden`, then review the diff.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenCases, goldenDir, goldenEnv, root, shippedScenarios } from './cases.mjs';

const bin = join(root, 'bin', 'chipsforequity');

describe('goldens', () => {
  it('cover every shipped scenario', () => {
    const cases = goldenCases();
    expect(shippedScenarios().length).toBeGreaterThan(0);
    for (const scenario of shippedScenarios()) {
      const stem = scenario.replace(/^scenarios\//, '').replace(/\.ya?ml$/, '');
      for (const name of ['table.txt', 'summary.csv', 'periods.csv', 'tranches.csv', 'ledger.csv', 'model.json', 'model.md']) {
        expect(cases.some((c) => c.file === `${stem}/${name}`), `${stem}/${name}`).toBe(true);
      }
    }
  });

  for (const c of goldenCases()) {
    it(`chipsforequity ${c.args.join(' ')} matches tests/golden/${c.file}`, () => {
      const path = join(goldenDir, c.file);
      expect(existsSync(path), `missing golden ${c.file}; run npm run golden`).toBe(true);
      const run = spawnSync(process.execPath, [bin, ...c.args], { cwd: root, env: goldenEnv, encoding: 'utf8', maxBuffer: 1 << 28 });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).not.toMatch(/\u001b\[/);
      expect(run.stdout).toBe(readFileSync(path, 'utf8'));
    });
  }
});
