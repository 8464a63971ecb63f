/**
 * Issue 14: constant performance curves and `supply_delay: { days: 0 }` give byte-identical output
 * to today's for every shipped scenario, through the built CLI as a user runs it. For each shipped
 * scenario two files extend it: one with plain numbers and no delay, one with every plain
 * performance written as a one-point curve (at a date before, inside or after the timeline) and a
 * 0-day delay with a cost; `model` prints the same bytes for both (json, ledger csv, table).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Decimal, formatPlain } from '../../src/money/index.js';
import { loadScenario } from '../../src/scenario/index.js';
import { nodeScenarioHost } from '../../src/cli/load.js';
import { formatDay } from '../../src/time/index.js';
import { root, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cfe-levers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shipped = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).sort();

describe('one-point curves and a 0-day delay print the same bytes as numbers and no delay', () => {
  it('covers every shipped scenario (at least the twelve of issue 14)', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(12);
  });

  for (const [n, file] of shipped.entries()) {
    it(file, () => {
      const path = join(root, 'scenarios', file);
      const s = loadScenario(path, { host: nodeScenarioHost() });
      // a date before the start, one inside the timeline, one after its end: the curve is flat anyway
      const onDates = [s.timeline.start - 30, s.timeline.start + 100, s.timeline.start + 5000];
      const asCurve = (side: 'amd' | 'baseline', k: number): string => {
        const p = s[side].performance;
        if (!Decimal.isDecimal(p)) return '';
        return `${side}:\n  performance: { interpolation: ${k % 2 === 0 ? 'linear' : 'step'}, points: [ { date: ${formatDay(onDates[k % 3]!)}, value: ${formatPlain(p)} } ] }\n`;
      };
      // the same file name in two directories (outputs name the file)
      const plainDir = join(dir, `${n}`, 'plain');
      const v11Dir = join(dir, `${n}`, 'v11');
      mkdirSync(plainDir, { recursive: true });
      mkdirSync(v11Dir, { recursive: true });
      const plain = join(plainDir, 'scenario.yaml');
      const v11 = join(v11Dir, 'scenario.yaml');
      writeFileSync(plain, `extends: ${JSON.stringify(path)}\nsupply_delay: null\n`);
      writeFileSync(
        v11,
        `extends: ${JSON.stringify(path)}\n${asCurve('amd', n)}${asCurve('baseline', n + 1)}supply_delay: { days: 0, cost_per_gw_year: 6000000000 }\n`,
      );
      for (const args of [['--format', 'json'], ['--format', 'csv', '--view', 'ledger'], []]) {
        const a = runCli(['model', 'scenario.yaml', ...args], { cwd: plainDir });
        const b = runCli(['model', 'scenario.yaml', ...args], { cwd: v11Dir });
        expect(a.status, a.stderr).toBe(0);
        expect(b.status, b.stderr).toBe(0);
        expect(b.stdout.length).toBeGreaterThan(100);
        // the JSON manifest names the files and their sha256, which differ by construction
        const bare = (text: string) => (args[1] === 'json' ? JSON.stringify({ ...JSON.parse(text), manifest: undefined }) : text);
        expect(bare(b.stdout), `${file} ${args.join(' ')}`).toBe(bare(a.stdout));
      }
    });
  }
});
