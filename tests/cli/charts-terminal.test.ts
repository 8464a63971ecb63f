/**
 * Terminal charts (SPEC §8, issue 19) on a real pseudo-terminal (tests/helpers/run_on_terminal.py)
 * and through pipes: `model` ends with the cumulative chart on a colour terminal only, `NO_COLOR`
 * and a pipe leave it out, `--chart` forces it and `--no-chart` refuses it; `simulate` draws its
 * histogram the same way; the sweep heatmap's cells follow the sweep's own values and order.
 * Needs the built CLI (`npm run build`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsvObjects } from '../report/csv-parse.js';
import { runCli } from './run-cli.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'chipsforequity');
const PTY = join(ROOT, 'tests', 'helpers', 'run_on_terminal.py');
const BASE = join(ROOT, 'scenarios', 'meta-amd-base.yaml');
const PRICE_WAR = join(ROOT, 'scenarios', 'nvidia-price-war.yaml');
const ESCAPE = /\x1b\[[0-9;]*m/g;
const CHART_TITLE = 'Cumulative cost at each period end (USD)';

function atTerminal(columns: number, args: string[], env: Record<string, string | undefined> = {}): string {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env };
  for (const [key, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[key];
  // --quiet: the terminal shows stderr too, and the shipped scenarios warn (tranche 6 after expiry)
  return execFileSync('python3', [PTY, String(columns), process.execPath, BIN, ...args, '--quiet'], { env: childEnv, encoding: 'utf8' });
}

/** A pipe without NO_COLOR (runCli sets it): the pipe alone must keep charts out. */
function piped(args: string[]): string {
  const env = { ...process.env };
  delete env['NO_COLOR'];
  delete env['FORCE_COLOR'];
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

const strip = (text: string) => text.replace(ESCAPE, '');

describe('model: the cumulative chart', () => {
  it('ends the output on a colour terminal, fits 80 columns, and states the end values of model --format json', () => {
    const text = strip(atTerminal(80, ['model', BASE]));
    const at = text.lastIndexOf(CHART_TITLE);
    expect(at).toBeGreaterThan(0);
    const chart = text.slice(at);
    for (const line of chart.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(chart).toContain('● AMD net cost (MI450, with the warrant)');
    expect(chart).toContain('○ baseline (Nvidia Vera Rubin)');
    const summary = JSON.parse(runCli(['model', BASE, '--format', 'json']).stdout).summary;
    const group = (v: string) => v.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    expect(chart).toContain(`at 2031-06-30: AMD net ${group(summary.amd_net_cost)}, baseline ${group(summary.baseline_cost)}`);
    // 12 plot rows, one marker per period for each line (20 periods; a shared cell is ◍)
    const rows = chart.split('\n').filter((l) => l.includes('┤'));
    expect(rows).toHaveLength(12);
    const count = (glyph: string) => rows.join('').split(glyph).length - 1;
    expect(count('●') + count('◍')).toBe(20);
    expect(count('○') + count('◍')).toBe(20);
  });

  it('marks where the lines cross, with the dates of the periods view', () => {
    const chart = strip(atTerminal(100, ['model', PRICE_WAR]));
    expect(chart).toContain('┊ lines cross');
    expect(chart).toContain('the AMD line rises above the baseline at the end of period 3 (2027-03-31)');
    expect(chart).toContain('the AMD line falls below the baseline at the end of period 20 (2031-06-30)');
  });

  it('NO_COLOR, a pipe and --no-chart leave it out; --chart forces it into a pipe', () => {
    expect(atTerminal(250, ['model', BASE], { NO_COLOR: '1' })).not.toContain(CHART_TITLE);
    expect(atTerminal(250, ['model', BASE, '--no-chart'])).not.toContain(CHART_TITLE);
    expect(piped(['model', BASE])).not.toContain(CHART_TITLE);
    const forced = piped(['model', BASE, '--chart']);
    expect(forced).toContain(CHART_TITLE);
    expect(forced).not.toMatch(ESCAPE); // no colour into a pipe, only the glyphs
    // the chart comes after the whole usual output
    expect(forced.startsWith(piped(['model', BASE]))).toBe(true);
  });

  it('never reaches csv, json or markdown; --chart with them is a usage error', () => {
    for (const format of ['csv', 'json', 'markdown']) {
      expect(atTerminal(250, ['model', BASE, '--format', format])).not.toContain(CHART_TITLE);
      expect(runCli(['model', BASE, '--format', format, '--chart']).status).toBe(2);
    }
    // --metric alone stays a bare value for scripts, even on a terminal
    expect(strip(atTerminal(250, ['model', BASE, '--metric', 'savings'])).trim()).toBe('63976065591.82');
  });
});

describe('simulate: the savings histogram', () => {
  it('is drawn on a colour terminal, a table with NO_COLOR', () => {
    const bars = strip(atTerminal(120, ['simulate', BASE, '--paths', '400', '--bins', '6']));
    expect(bars).toMatch(/Savings histogram: paths per bin, 6 equal bins from P5 to P95 and the tails beyond/);
    expect(bars).toMatch(/█/);
    const table = atTerminal(120, ['simulate', BASE, '--paths', '400', '--bins', '6'], { NO_COLOR: '1' });
    expect(table).not.toMatch(/█/);
    expect(table).toContain('Savings histogram (6 equal bins from P5 to P95, plus the tails)');
  });
});

describe('sweep --format heatmap', () => {
  const args = ['sweep', BASE, '--vary', 'share_price.cagr=0:0.3:0.1', '--vary', 'amd.unit_price=25000,35000,45000', '--metric', 'savings'];
  const GLYPHS = ['·', '░', '▒', '▓', '█'];

  it('cells follow the sweep rows (first axis down, second across) and the five equal bands', () => {
    const rows = parseCsvObjects(runCli([...args, '--format', 'csv']).stdout);
    const text = piped([...args, '--format', 'heatmap']);
    expect(text).not.toMatch(ESCAPE);
    const lines = text.split('\n');
    const header = lines.findIndex((l) => l.includes('amd.unit_price'));
    const columns = lines[header + 1]!.split('│')[1]!.trim().split(/\s+/);
    expect(columns).toEqual(['25,000', '35,000', '45,000']);
    const grid = lines.slice(header + 3, header + 7).map((l) => {
      const [label, cells] = l.split('│');
      return { label: label!.trim(), cells: cells!.trim().split(/\s+/) };
    });
    expect(grid.map((g) => g.label)).toEqual(['0', '0.1', '0.2', '0.3']);
    // the level of each value, computed here in whole cents: floor((v - min) * 5 / (max - min)), max in the top band
    const cents = rows.map((r) => BigInt(r['savings']!.replace('.', '')));
    const min = cents.reduce((a, b) => (b < a ? b : a));
    const max = cents.reduce((a, b) => (b > a ? b : a));
    const level = (v: bigint) => Number(((v - min) * 5n) / (max - min) > 4n ? 4n : ((v - min) * 5n) / (max - min));
    rows.forEach((row, i) => {
      const r = Math.floor(i / 3);
      const c = i % 3;
      expect(grid[r]!.label).toBe(row['share_price.cagr']);
      const cell = grid[r]!.cells[c]!;
      expect(new Set(cell).size).toBe(1);
      expect(GLYPHS.indexOf(cell[0]!), `${row['share_price.cagr']} x ${row['amd.unit_price']}`).toBe(level(cents[i]!));
    });
    expect(text).toContain('savings: 5 equal bands from');
  });

  it('is coloured on a terminal; needs exactly two --vary and one metric', () => {
    expect(atTerminal(120, [...args, '--format', 'heatmap'])).toMatch(/\x1b\[38;5;\d+m/);
    expect(runCli(['sweep', BASE, '--vary', 'share_price.cagr=0:0.3:0.1', '--format', 'heatmap']).status).toBe(2);
    expect(runCli([...args.slice(0, 6), '--metrics', 'savings,savings_pv', '--format', 'heatmap']).status).toBe(2);
  });
});
