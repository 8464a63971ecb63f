/** Bin tests for `breakeven` (issue 5): every format, crossings, no crossing, bad options. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvObjects } from '../report/csv-parse.js';
import { oneYearScenario } from '../analysis/sensitivity-helpers.js';
import { runCli } from './run-cli.js';

const BASE = 'scenarios/meta-amd-base.yaml';

function write(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cfe-breakeven-')), 'scenario.yaml');
  writeFileSync(file, text);
  return file;
}

describe('breakeven', () => {
  it('json: a jump at cagr 0.5 caused by tranche 1 (hand-built)', () => {
    // P(2026-12-31) = 100 × (1 + c); the 150 tranche vests from c = 0.5 (see tests/analysis/breakeven)
    const file = write(oneYearScenario({ baselinePrice: '40', tranche: 'price: 150' }));
    const run = runCli(['breakeven', file, '--vary', 'share_price.cagr', '--format', 'json']);
    expect(run.status, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout);
    expect(document.command).toBe('breakeven');
    expect([document.path, document.metric, document.target]).toEqual(['share_price.cagr', 'savings', '0']);
    const crossings = document.crossings;
    expect(crossings).toHaveLength(1);
    expect(crossings[0].kind).toBe('jump');
    expect(crossings[0].tranches).toBe('tranche 1');
    expect(Number(crossings[0].below)).toBeLessThan(0.5);
    expect(Number(crossings[0].above)).toBeGreaterThanOrEqual(0.5);
    expect(crossings[0].savings_below).toBe('-1000.00');
  });

  it('csv: the linear crossing of the baseline price', () => {
    const file = write(oneYearScenario({ baselinePrice: '60', tranche: 'gw: 5' }));
    const run = runCli(['breakeven', file, '--vary', 'baseline.unit_price', '--format', 'csv']);
    expect(run.status, run.stderr).toBe(0);
    const rows = parseCsvObjects(run.stdout);
    expect(rows).toHaveLength(1);
    expect(rows[0]!['kind']).toBe('smooth');
    // p* = 49.99995 (cents(100p) reaches 5,000.00 there); bracket within 0.01
    expect(Number(rows[0]!['below'])).toBeLessThan(49.99995);
    expect(Number(rows[0]!['above'])).toBeGreaterThanOrEqual(49.99995);
  });

  it('no crossing: a clear message, exit 0, crossings: [] in JSON, a header-only CSV', () => {
    const args = ['breakeven', BASE, '--vary', 'share_price.cagr', '--min', '0', '--max', '0.1'];
    const table = runCli(args);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^no crossing: savings does not cross 0 for share_price\.cagr in \[0, 0\.1\]/);
    const json = runCli([...args, '--format', 'json']);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout).crossings).toEqual([]);
    // the file's warnings, as model prints them, on stderr and in the JSON
    expect(json.stderr).toBe(runCli(['model', BASE, '--metric', 'savings']).stderr);
    expect(JSON.parse(json.stdout).warnings.map((w: { code: string }) => w.code)).toEqual(['tranche_gw_after_expiry']);
    const csv = runCli([...args, '--format', 'csv']);
    expect(csv.status).toBe(0);
    expect(csv.stdout.trim().split('\r\n')).toHaveLength(1);
    const md = runCli([...args, '--format', 'markdown']);
    expect(md.stdout).toContain('no crossing');
  });

  it('the Nvidia price cut that erases the deal advantage, on the terminal', () => {
    const run = runCli(['breakeven', BASE, '--vary', 'baseline.price_change']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('baseline.price_change');
    expect(run.stdout).toContain('smooth');
  });

  it('bad options', () => {
    expect(runCli(['breakeven', BASE]).status).toBe(2);
    expect(runCli(['breakeven', BASE, '--vary', 'share_price.cagr=0:1:0.1']).status).toBe(2);
    expect(runCli(['breakeven', BASE, '--vary', 'share_price.cagr', '--metric', 'savngs']).status).toBe(2);
    expect(runCli(['breakeven', BASE, '--vary', 'share_price.cagr', '--min', '1', '--max', '0']).status).toBe(2);
    expect(runCli(['breakeven', BASE, '--vary', 'share_price.cagr', '--scan', 'x']).status).toBe(2);
    const unknown = runCli(['breakeven', BASE, '--vary', 'share_price.cgar']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('did you mean "cagr"');
    const text = runCli(['breakeven', BASE, '--vary', 'name']);
    expect(text.status).toBe(1);
    expect(text.stdout).toBe('');
  });
});
