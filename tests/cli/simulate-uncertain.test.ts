/**
 * `simulate` with `uncertainty:` through the built CLI (SPEC §5 "Uncertain inputs"): the same bytes
 * whatever the workers, a column per input in --paths-out, --threshold in JSON, and a draw that
 * makes the scenario invalid stops the run naming the input, the path and the value.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cfe-uncertain-'));
const file = join(dir, 'uncertain.yaml');
writeFileSync(
  file,
  `extends: ${JSON.stringify(join(root, 'tests', 'errors', 'fixtures', 'valid.yaml'))}
name: uncertain small
share_price: { model: cagr, start: 200, cagr: 0.2, volatility: 0.4 }
uncertainty:
  inputs:
    share_price.cagr: { pert: { min: 0, mode: 0.15, max: 0.3 } }
    warrant.tranches[1].price: { uniform: { min: 250, max: 400 } }
    baseline.unit_price: { normal: { mean: 60000, sd: 5000 }, min: 45000 }
    amd.unit_price: { triangular: { min: 30000, mode: 40000, max: 45000 } }
  correlations:
    - { between: [baseline.unit_price, amd.unit_price], rho: 0.5 }
`,
);

describe('simulate with uncertain inputs (bin)', () => {
  it('gives the same bytes with 1, 2 and 4 workers (and --paths-out has a column per input)', () => {
    const outputs = [1, 2, 4].map((w) => {
      const pathsOut = join(dir, `paths-${w}.csv`);
      const run = runCli(['simulate', file, '--paths', '4500', '--seed', '9', '--workers', String(w), '--format', 'json', '--paths-out', pathsOut, '--quiet']);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      // the manifest's command line names --workers (and the paths-out file); every number must agree
      const json = JSON.parse(run.stdout);
      delete json.manifest;
      return { json: JSON.stringify(json), paths: readFileSync(pathsOut, 'utf8') };
    });
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
    const lines = outputs[0]!.paths.trimEnd().split('\r\n');
    expect(lines).toHaveLength(4501);
    const header = lines[0]!.split(',');
    expect(header.slice(-4)).toEqual(['share_price.cagr', 'warrant.tranches[1].price', 'baseline.unit_price', 'amd.unit_price']);
    // every drawn amd.unit_price lies within the triangular's support
    for (const line of lines.slice(1)) {
      const x = Number(line.split(',').at(-1));
      expect(x).toBeGreaterThanOrEqual(30000);
      expect(x).toBeLessThanOrEqual(45000);
    }
    const json = JSON.parse(outputs[0]!.json) as { inputs: Array<{ input: string; spearman: Record<string, string> }> };
    expect(json.inputs.map((i: { input: string }) => i.input)).toEqual(header.slice(-4));
    for (const input of json.inputs) expect(Number(input.spearman.savings)).toBeGreaterThanOrEqual(-1);
  }, 180_000);

  it('--threshold reports P(metric > value) next to the path count', () => {
    const run = runCli(['simulate', file, '--paths', '300', '--threshold', 'savings=0', '--threshold', 'warrant_net_value=1000', '--format', 'json']);
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.thresholds).toHaveLength(2);
    // savings > 0 is the run's own probability_savings_positive
    expect(json.thresholds[0].probability).toBe(json.probability_savings_positive);
    expect(Number(json.thresholds[0].paths_above)).toBe(Number(json.savings_positive_paths));
  });

  it('a draw that makes the scenario invalid stops with exit 1, naming input, path and value', () => {
    const run = runCli(['simulate', file, '--paths', '50', '--set', 'uncertainty.inputs["baseline.unit_price"].normal.mean=10', '--set', 'uncertainty.inputs["baseline.unit_price"].min=null']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/path \d+: the draw -?[\d.e-]+ of uncertainty\.inputs\["baseline\.unit_price"\] makes the scenario invalid: baseline\.unit_price: must be greater than 0/);
  });

  it('--paths-out holds every path with several workers even when the paths fit one chunk', () => {
    const out = join(dir, 'one-chunk.csv');
    const run = runCli(['simulate', file, '--paths', '1500', '--workers', '2', '--paths-out', out, '--format', 'csv']);
    expect(run.status).toBe(0);
    expect(readFileSync(out, 'utf8').trimEnd().split('\r\n')).toHaveLength(1501);
  });

  it('--set on an uncertain input pins it: the value wins, its distribution is not drawn, a note says so', () => {
    const run = runCli(['simulate', file, '--paths', '200', '--set', 'share_price.cagr=0.3', '--format', 'json']);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/note: --set share_price\.cagr pins it/);
    const json = JSON.parse(run.stdout);
    expect(json.inputs.map((i: { input: string }) => i.input)).not.toContain('share_price.cagr');
    // pinning the correlated amd.unit_price drops its correlation too; the rest still runs
    const both = runCli(['simulate', file, '--paths', '200', '--set', 'amd.unit_price=41000', '--format', 'json']);
    expect(both.status).toBe(0);
    expect(JSON.parse(both.stdout).inputs.map((i: { input: string }) => i.input)).toEqual(['share_price.cagr', 'warrant.tranches[1].price', 'baseline.unit_price']);
  });

  it('--threshold on a metric that is not reported still counts it', () => {
    const run = runCli(['simulate', file, '--paths', '200', '--metrics', 'savings', '--threshold', 'amd_units=1', '--format', 'json']);
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.thresholds).toEqual([{ metric: 'amd_units', threshold: '1', paths_above: '200', probability: '1.000000' }]);
    expect(Object.keys(json.statistics)).toEqual(['savings']);
  });

  it('model ignores uncertainty: the same summary as without it', () => {
    const withIt = runCli(['model', file, '--format', 'json']);
    const without = runCli(['model', file, '--format', 'json', '--set', 'uncertainty=null']);
    expect(withIt.status).toBe(0);
    expect(JSON.parse(withIt.stdout).summary).toEqual(JSON.parse(without.stdout).summary);
  });
});

describe("init's starter", () => {
  it('its commented uncertainty block, uncommented, is a valid section', () => {
    const starter = runCli(['init', '-']).stdout;
    let on = false;
    const text = starter
      .split('\n')
      .map((line) => {
        if (line.startsWith('# uncertainty:')) on = true;
        return on && line.startsWith('# ') ? line.slice(2) : line;
      })
      .join('\n');
    expect(text).toMatch(/^uncertainty:\n {2}inputs:/m);
    const run = runCli(['validate', '-'], { input: text });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
