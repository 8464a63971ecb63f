/**
 * Memory of a long 1-D sweep (issue 13: a 60,001-value cagr sweep peaked at 807 MB). The built CLI
 * runs a 50,001-value sweep in a child that reports its peak RSS and heap; the bound is loose (a
 * slow machine only takes longer, it does not use more memory): it guards against memory that
 * grows with the number of points — stage memos, power caches — not against speed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './run-cli.js';

const SCENARIO = `version: 1
name: memory
timeline: { start: 2026-07-01, periods: 8, step: quarter, discount_rate: 0.09 }
deployment: { points: [ { date: 2027-12-31, gw: 2 } ] }
amd: { unit_price: 40000, units_per_gw: 250000, price_change: -0.05 }
baseline: { unit_price: 60000, performance: 1.3 }
share_price: { model: cagr, start: 196.60, date: 2026-02-23, cagr: 0.25 }
warrant:
  shares: 3000
  strike: 0.01
  expiry: 2031-02-24
  tranches: [ { shares: 1000, gw: 1 }, { shares: 1000, gw: 2, price: 300 }, { shares: 1000, price: 400 } ]
`;

/** Peak RSS (MB) and peak V8 heap (MB, sampled per 5,000 rows written) of a sweep in a child. */
function sweepMemory(vary: string): { rss: number; heap: number; rows: number } {
  const dir = mkdtempSync(join(tmpdir(), 'cfe-memory-'));
  const file = join(dir, 'memory.yaml');
  writeFileSync(file, SCENARIO);
  const script = `
import { main } from './dist/cli/main.js';
let peak = 0, rows = 0;
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  const text = String(chunk);
  for (let i = text.indexOf('\\n'); i !== -1; i = text.indexOf('\\n', i + 1)) {
    if (++rows % 5000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  return write(chunk, ...rest);
};
process.on('exit', () => process.stderr.write('MEMORY ' + JSON.stringify({ rss: process.resourceUsage().maxRSS / 1024, heap: peak / 1048576, rows }) + '\\n'));
await main(['sweep', ${JSON.stringify(file)}, '--vary', ${JSON.stringify(vary)}, '--format', 'csv', '--workers', '0']);
`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(/MEMORY (.*)/.exec(r.stderr)![1]!);
}

describe('a 50,001-value 1-D sweep keeps its memory flat', () => {
  it('share_price.start over 50,001 values: peak heap under 150 MB, peak RSS under 300 MB', () => {
    const m = sweepMemory('share_price.start=100:150:0.001');
    expect(m.rows).toBe(50_001 + 1); // the header and one row per value
    expect(m.heap).toBeGreaterThan(0);
    expect(m.heap).toBeLessThan(150);
    expect(m.rss).toBeLessThan(300);
  }, 300_000);
});
