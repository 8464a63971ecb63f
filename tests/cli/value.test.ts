/**
 * Bin tests for `value` (SPEC §7, issue 16): spawn the built CLI (run `npm run build` first),
 * check exit codes and parse every format it writes.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvObjects } from '../report/csv-parse.js';
import { runCli } from './run-cli.js';

const BASE = 'scenarios/meta-amd-base.yaml';
const OPENAI = 'scenarios/openai-amd.yaml';

function valueJson(args: string[]): Record<string, any> {
  const run = runCli(['value', ...args, '--format', 'json']);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

describe('value: reproducible', () => {
  it('gives byte-identical JSON with 1, 2 and 4 workers', () => {
    // 9,000 paths = 4,500 pairs = 5 chunks of at most 1,000 pairs: every worker count splits the work
    const outputs = ['1', '2', '4'].map((w) => {
      const run = runCli(['value', BASE, '--paths', '9000', '--seed', '42', '--workers', w, '--format', 'json']);
      expect(run.status, run.stderr).toBe(0);
      // every number agrees; only the manifest's command line names --workers
      return JSON.stringify({ ...JSON.parse(run.stdout), manifest: undefined });
    });
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[2]).toBe(outputs[0]);
    const document = JSON.parse(outputs[0]!);
    expect(document.inputs.seed).toBe('42');
    expect(document.inputs.paths).toBe('9000');
  });

  it('changes with the seed and with --no-antithetic', () => {
    const a = valueJson([BASE, '--paths', '2000', '--seed', '1']);
    const b = valueJson([BASE, '--paths', '2000', '--seed', '2']);
    const c = valueJson([BASE, '--paths', '2000', '--seed', '1', '--no-antithetic']);
    expect(a.summary.fair_value).not.toBe(b.summary.fair_value);
    expect(a.summary.fair_value).not.toBe(c.summary.fair_value);
    expect(a.inputs.method).toBe('antithetic pairs');
    expect(c.inputs.method).toBe('plain Monte Carlo');
  });
});

describe('value: every format', () => {
  it('json: inputs, tranches and summary, every decimal a string, rows adding up to the total', () => {
    const doc = valueJson([BASE, '--paths', '2000']);
    expect(doc.command).toBe('value');
    expect(doc.scenario.name).toBe('Meta x AMD 6 GW - base');
    expect(doc.inputs).toMatchObject({
      valuation_date: '2026-02-24',
      spot_price: '213.840000',
      risk_free_rate: '0.037',
      dividend_yield: '0',
      volatility: '0.5',
      strike: '0.01',
      warrant_shares: '160000000',
      max_gw: '6',
      shares_outstanding: '1630000000',
    });
    expect(doc.tranches).toHaveLength(6);
    let cents = 0n;
    for (const t of doc.tranches) {
      expect(t.fair_value).toMatch(/^-?\d+\.\d{2}$/);
      expect(t.standard_error).toMatch(/^\d+\.\d{2}$/);
      expect(t.probability).toMatch(/^[01]\.\d{6}$/);
      cents += BigInt(t.fair_value.replace('.', ''));
    }
    expect(doc.summary.fair_value).toBe(`${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`);
    // the 6 GW tranche vests only after the Feb 2031 expiry with this deployment: worth 0
    expect(doc.tranches[5]).toMatchObject({ fair_value: '0.00', probability: '0.000000', median_vest_date: null });
    // fair value × N / (N + M) with N = 1,630,000,000 and M = 160,000,000
    const total = Number(doc.summary.fair_value);
    expect(Math.abs(Number(doc.summary.dilution_adjusted_value) - (total * 1630) / 1790)).toBeLessThan(0.02);
    expect(Number(doc.summary.dilution_adjusted_value)).toBeLessThan(total);
    expect(Math.abs(Number(doc.summary.fair_value_per_gw) - total / 6)).toBeLessThan(0.01);
    expect(Math.abs(Number(doc.summary.fair_value_share_of_hardware_spend) - total / 84e9)).toBeLessThan(1e-6);
  });

  it('csv: one view per --view, parseable, formula-guarded text', () => {
    for (const view of ['tranches', 'summary', 'inputs']) {
      const run = runCli(['value', BASE, '--paths', '200', '--format', 'csv', '--view', view]);
      expect(run.status, run.stderr).toBe(0);
      const rows = parseCsvObjects(run.stdout);
      expect(rows.length).toBeGreaterThan(0);
      if (view === 'tranches') expect(Object.keys(rows[0]!)).toEqual(['tranche', 'shares', 'gw', 'price', 'fair_value', 'standard_error', 'vested_paths', 'probability', 'median_vest_date']);
      else expect(Object.keys(rows[0]!)).toEqual(['item', 'value']);
    }
    const tranches = parseCsvObjects(runCli(['value', BASE, '--paths', '200', '--format', 'csv']).stdout);
    const summary = parseCsvObjects(runCli(['value', BASE, '--paths', '200', '--format', 'csv', '--view', 'summary']).stdout);
    // a spreadsheet SUM of the fair_value column equals the printed total, to the cent
    const sum = tranches.reduce((acc, r) => acc + BigInt(r['fair_value']!.replace('.', '')), 0n);
    const total = summary.find((r) => r['item'] === 'fair_value')!['value']!;
    expect(BigInt(total.replace('.', ''))).toBe(sum);
  });

  it('markdown: every section', () => {
    const run = runCli(['value', OPENAI, '--paths', '200', '--format', 'markdown']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^# OpenAI x AMD/);
    expect(run.stdout).toContain('## Inputs (risk-neutral measure)');
    expect(run.stdout).toContain('## Fair value per tranche at 2025-10-06 (USD)');
    expect(run.stdout).toContain('| dilution_adjusted_value |');
  });

  it('table: the three tables; --output writes the same bytes as stdout', () => {
    const run = runCli(['value', BASE, '--paths', '200']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Inputs (risk-neutral measure)');
    expect(run.stdout).toContain('Fair value per tranche at 2026-02-24 (USD)');
    expect(run.stdout).toContain('dilution_adjusted_value');
    const dir = mkdtempSync(join(tmpdir(), 'cfe-value-'));
    const file = join(dir, 'value.json');
    const written = runCli(['value', BASE, '--paths', '200', '--format', 'json', '--output', file]);
    expect(written.status, written.stderr).toBe(0);
    expect(written.stdout).toBe('');
    // the same document; the manifest records each command line
    const bare = (text: string) => JSON.stringify({ ...JSON.parse(text), manifest: undefined });
    expect(bare(readFileSync(file, 'utf8'))).toBe(bare(runCli(['value', BASE, '--paths', '200', '--format', 'json']).stdout));
  });

  it('σ = 0: exact, said on stderr, standard error 0', () => {
    const run = runCli(['value', BASE, '--paths', '10', '--set', 'share_price.volatility=0', '--format', 'json']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('the value is exact');
    const doc = JSON.parse(run.stdout);
    expect(doc.summary.fair_value_standard_error).toBe('0.00');
  });

  it('without a valuation section says r = q = 0 on stderr; stdin works', () => {
    const text = readFileSync('tests/errors/fixtures/valid.yaml', 'utf8');
    const run = runCli(['value', '-', '--paths', '100', '--format', 'json'], { input: text });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('no valuation section');
    expect(JSON.parse(run.stdout).inputs.risk_free_rate).toBe('0');
  });

  it('warns on stderr about tranches that can never vest (their value is 0)', () => {
    const run = runCli(['value', 'scenarios/meta-amd-bear.yaml', '--paths', '100', '--format', 'json']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('warning: warrant.tranches[3]: tranche 4 needs 4 GW but the deployment never exceeds 3 GW');
    const doc = JSON.parse(run.stdout);
    expect(doc.tranches.slice(3).map((t: { fair_value: string }) => t.fair_value)).toEqual(['0.00', '0.00', '0.00']);
    expect(doc.inputs.max_gw).toBe('3');
  });

  it('usage errors exit 2 before any work; an invalid scenario exits 1', () => {
    expect(runCli(['value', BASE, '--paths', '101']).status).toBe(2);
    expect(runCli(['value', BASE, '--paths', '101', '--no-antithetic', '--format', 'json']).status).toBe(0);
    expect(runCli(['value', BASE, '--paths', 'x']).status).toBe(2);
    expect(runCli(['value', BASE, '--set', 'valuation.risk_free_rate=-1']).status).toBe(1);
  });
});
