/** Bin tests for `compare` (issue 4): side-by-side summaries of shipped scenarios. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '../../src/engine/types.js';
import { parseCsv } from '../report/csv-parse.js';
import { runCli } from './run-cli.js';

const BASE = 'scenarios/meta-amd-base.yaml';
const BULL = 'scenarios/meta-amd-bull.yaml';

function summaryOf(file: string): Record<string, string> {
  const run = runCli(['model', file, '--format', 'json']);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout)['summary'];
}

describe('compare', () => {
  it('puts each scenario in its own column, with the same numbers as model', () => {
    const run = runCli(['compare', BASE, BULL, '--format', 'json']);
    expect(run.status, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout);
    expect(document['version']).toBe(1);
    expect(document['scenarios'].map((s: { file: string }) => s.file)).toEqual([BASE, BULL]);
    expect(Object.keys(document['metrics'])).toEqual([...METRIC_NAMES]);
    const base = summaryOf(BASE);
    const bull = summaryOf(BULL);
    for (const metric of METRIC_NAMES) expect(document['metrics'][metric]).toEqual([base[metric], bull[metric]]);
  });

  it('writes CSV with a metric column first and the chosen metrics as rows', () => {
    const run = runCli(['compare', BASE, BULL, '--format', 'csv', '--metrics', 'savings,amd_net_cost']);
    expect(run.status, run.stderr).toBe(0);
    const records = parseCsv(run.stdout);
    expect(records[0]![0]).toBe('metric');
    expect(records[0]).toHaveLength(3);
    expect(records.slice(1).map((r) => r[0])).toEqual(['savings', 'amd_net_cost']); // in the order asked
    expect(records[1]![1]).toBe(summaryOf(BASE)['savings']);
  });

  it('disambiguates two scenarios with the same name by their file names', () => {
    const run = runCli(['compare', BASE, BASE, '--format', 'csv', '--metric', 'savings']);
    expect(run.status, run.stderr).toBe(0);
    const header = parseCsv(run.stdout)[0]!;
    expect(new Set(header).size).toBe(3);
  });

  it('applies --set to every file', () => {
    const run = runCli(['compare', BASE, BULL, '--format', 'json', '--set', 'warrant.tax_rate=0', '--metric', 'warrant_tax']);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)['metrics']['warrant_tax']).toEqual(['0.00', '0.00']);
  });

  it('prints a plain table by default and markdown on request', () => {
    const table = runCli(['compare', BASE, BULL]);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toContain('amd_net_cost');
    expect(table.stdout).not.toMatch(/\u001b\[/);
    const markdown = runCli(['compare', BASE, BULL, '--format', 'markdown']);
    expect(markdown.stdout).toContain('| metric |');
  });

  it('exits 1 when a file is invalid and 2 on usage errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfe-compare-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'version: 1\nname: broken\n');
    const invalid = runCli(['compare', BASE, bad]);
    expect(invalid.status).toBe(1);
    expect(invalid.stdout).toBe('');
    expect(invalid.stderr).toContain('bad.yaml');
    expect(runCli(['compare', BASE]).status).toBe(2);
    expect(runCli(['compare', BASE, BULL, '--metric', 'nope']).status).toBe(2);
  });
});
