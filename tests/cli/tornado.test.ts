/** Bin tests for `tornado` (issue 5): every format, explicit --vary, bad options. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvObjects } from '../report/csv-parse.js';
import { oneYearScenario } from '../analysis/sensitivity-helpers.js';
import { runCli } from './run-cli.js';

const BASE = 'scenarios/meta-amd-base.yaml';

function handBuilt(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cfe-tornado-'));
  const file = join(dir, 'one-year.yaml');
  writeFileSync(file, oneYearScenario({ baselinePrice: '60', tranche: 'gw: 5' }));
  return file;
}

describe('tornado', () => {
  it('json: metric, base and ranked rows; the swing of every row is |high − low|', () => {
    const run = runCli(['tornado', BASE, '--format', 'json']);
    expect(run.status, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(Object.keys(doc)).toEqual(['version', 'command', 'scenario', 'metric', 'base', 'rows', 'manifest', 'warnings']);
    expect(doc.command).toBe('tornado');
    expect(doc.metric).toBe('savings');
    // `swing` names one thing only: a row's |metric at high − metric at low|
    expect(doc.swing).toBeUndefined();
    const cagr = doc.rows.find((r: Record<string, string>) => r.path === 'share_price.cagr');
    // the shipped bear (0) to bull (0.30) range around the base 0.15
    expect([cagr.low, cagr.high, cagr.move]).toEqual(['0', '0.3', '±0.15']);
    const paths = doc.rows.map((r: Record<string, string>) => r.path);
    expect(paths).toContain('amd.units_per_gw');
    expect(paths).toContain('energy.price_per_mwh');
    // the file's warnings, as model gives them
    expect(doc.warnings).toEqual(JSON.parse(runCli(['model', BASE, '--format', 'json']).stdout).warnings);
    expect(run.stderr).toBe(runCli(['model', BASE, '--metric', 'savings']).stderr);
    expect(doc.base).toBe(JSON.parse(runCli(['model', BASE, '--format', 'json']).stdout).summary.savings);
    const swings = doc.rows.map((r: Record<string, string>) => Number(r.swing));
    expect([...swings].sort((a, b) => b - a)).toEqual(swings);
    for (const r of doc.rows) {
      expect(Math.abs(Number(r.savings_high) - Number(r.savings_low))).toBeCloseTo(Number(r.swing), 2);
    }
    expect(doc.rows.map((r: Record<string, string>) => r.path)).toContain('deployment.pace');
  });

  it('csv on a hand-built case: the hand-computed order and an explicit --vary on top', () => {
    const file = handBuilt();
    const run = runCli(['tornado', file, '--format', 'csv', '--vary', 'amd.unit_price=30,80']);
    expect(run.status, run.stderr).toBe(0);
    const rows = parseCsvObjects(run.stdout);
    // amd.unit_price 30..80 swings 5,000.00; baseline.performance 2,520.00; baseline.unit_price 2,400.00
    expect(rows.slice(0, 3).map((r) => [r['path'], r['swing']])).toEqual([
      ['amd.unit_price', '5000.00'],
      ['baseline.performance', '2520.00'],
      ['baseline.unit_price', '2400.00'],
    ]);
    expect(rows[0]!['low']).toBe('30');
    expect(rows[0]!['savings_low']).toBe('3000.00');
  });

  it('markdown and the terminal chart', () => {
    const md = runCli(['tornado', BASE, '--format', 'markdown', '--metric', 'savings_pv']);
    expect(md.status, md.stderr).toBe(0);
    expect(md.stdout).toContain('| rank | input | low | high |');
    // SPEC §8: into a pipe the bars are drawn only with --chart; otherwise the ranked table
    const piped = runCli(['tornado', BASE, '--swing', '0.1']);
    expect(piped.status, piped.stderr).toBe(0);
    expect(piped.stdout).not.toContain('Tornado: savings');
    expect(piped.stdout).toMatch(/│ rank │ input/);
    expect(runCli(['tornado', BASE, '--swing', '0.1', '--no-chart']).stdout).toBe(piped.stdout);
    expect(runCli(['tornado', BASE, '--format', 'csv', '--chart']).status).toBe(2);
    const chart = runCli(['tornado', BASE, '--swing', '0.1', '--rate-swing', '0.05', '--chart']);
    expect(chart.status, chart.stderr).toBe(0);
    expect(chart.stdout).toContain('Tornado: savings');
    expect(chart.stdout).toContain('│');
    expect(chart.stdout).toMatch(/share_price\.cagr\s+0\.1 \.\. 0\.2\s/);
    expect(chart.stdout).toMatch(/amd\.unit_price\s+31500 \.\. 38500\s/);
  });

  it('bad options: unknown metric and bad swing exit 2; an unknown --vary path exits 1 with a hint', () => {
    expect(runCli(['tornado', BASE, '--metric', 'savngs']).status).toBe(2);
    expect(runCli(['tornado', BASE, '--swing', '1.5']).status).toBe(2);
    expect(runCli(['tornado', BASE, '--rate-swing', '0']).status).toBe(2);
    expect(runCli(['tornado', BASE, '--vary', 'amd.unit_price=1']).status).toBe(2);
    const unknown = runCli(['tornado', BASE, '--vary', 'amd.unit_prize=1,2']);
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('did you mean "unit_price"');
  });
});
