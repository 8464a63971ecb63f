/**
 * Bin tests for `sweep` (issue 5): every format, every bad-grid error (exit code, empty stdout, no
 * file written), --output atomicity, streaming into `head`, flat memory. Run `npm run build` first.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvObjects } from '../report/csv-parse.js';
import { root, runCli } from './run-cli.js';

const BASE = 'scenarios/meta-amd-base.yaml';
const GRID = ['--vary', 'share_price.cagr=0:0.2:0.1', '--vary', 'baseline.unit_price=50000,60000'];

function modelSummary(sets: string[]): Record<string, string> {
  const run = runCli(['model', BASE, '--format', 'json', ...sets.flatMap((s) => ['--set', s])]);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout)['summary'];
}

describe('sweep formats', () => {
  it('csv: a header (paths, then metrics) and one row per point, last axis fastest, equal to model --set', () => {
    const run = runCli(['sweep', BASE, ...GRID, '--format', 'csv']);
    expect(run.status, run.stderr).toBe(0);
    // the file's own warnings, exactly as model prints them (the base case warns about tranche 6)
    const model = runCli(['model', BASE, '--metric', 'savings']);
    expect(model.stderr).toMatch(/^warning: warrant\.tranches\[5\]: /);
    expect(run.stderr).toBe(model.stderr);
    const rows = parseCsvObjects(run.stdout);
    expect(Object.keys(rows[0]!)).toEqual([
      'share_price.cagr',
      'baseline.unit_price',
      'savings',
      'savings_pv',
      'amd_net_cost',
      'warrant_net_value',
      'effective_discount',
    ]);
    // 3 cagr values × 2 prices = 6 rows, the price varying fastest
    expect(rows.map((r) => [r['share_price.cagr'], r['baseline.unit_price']])).toEqual([
      ['0', '50000'],
      ['0', '60000'],
      ['0.1', '50000'],
      ['0.1', '60000'],
      ['0.2', '50000'],
      ['0.2', '60000'],
    ]);
    const summary = modelSummary(['share_price.cagr=0.1', 'baseline.unit_price=60000']);
    for (const metric of ['savings', 'savings_pv', 'amd_net_cost', 'warrant_net_value', 'effective_discount']) {
      expect(rows[3]![metric]).toBe(summary[metric]);
    }
  });

  it('json: an array of row objects with decimals as strings; --metrics chooses the columns', () => {
    const run = runCli(['sweep', BASE, ...GRID, '--format', 'json', '--metrics', 'savings,warrant_vested_shares']);
    expect(run.status, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout);
    expect(Object.keys(document)).toEqual(['version', 'command', 'scenario', 'axes', 'metrics', 'points', 'rows', 'warnings']);
    expect(document.command).toBe('sweep');
    // streamed row by row, yet exactly what JSON.stringify(document, null, 2) would write
    expect(run.stdout).toBe(`${JSON.stringify(document, null, 2)}\n`);
    expect(document.scenario.name).toBe('Meta x AMD 6 GW - base');
    expect(document.warnings.map((w: { code: string }) => w.code)).toEqual(['tranche_gw_after_expiry']);
    const rows = document.rows;
    expect(rows).toHaveLength(6);
    expect(Object.keys(rows[0])).toEqual(['share_price.cagr', 'baseline.unit_price', 'savings', 'warrant_vested_shares']);
    const summary = modelSummary(['share_price.cagr=0.2', 'baseline.unit_price=50000']);
    expect(rows[4].savings).toBe(summary['savings']);
    expect(rows[4].warrant_vested_shares).toBe(summary['warrant_vested_shares']);
  });

  it('json with no point is impossible, but a one-point grid is a one-row array', () => {
    const run = runCli(['sweep', BASE, '--vary', 'warrant.tax_rate=0', '--format', 'json']);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).rows).toHaveLength(1);
  });

  it('markdown and table show the rows', () => {
    const md = runCli(['sweep', BASE, ...GRID, '--format', 'markdown']);
    expect(md.status, md.stderr).toBe(0);
    expect(md.stdout).toContain('| share_price.cagr | baseline.unit_price | savings |');
    // header, alignment row, 6 data rows
    expect(md.stdout.split('\n').filter((l) => l.startsWith('| ')).length).toBe(8);
    const table = runCli(['sweep', BASE, ...GRID]);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toContain('share_price.cagr');
    expect(table.stdout).toContain('│');
  });

  it('dates as list values, and --set applied before the grid', () => {
    const run = runCli([
      'sweep', BASE, '--vary', 'deployment.points[1].date=2030-12-31,2031-06-30', '--set', 'warrant.tax_rate=0', '--format', 'csv', '--metrics', 'warrant_tax,savings',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const rows = parseCsvObjects(run.stdout);
    expect(rows.map((r) => r['deployment.points[1].date'])).toEqual(['2030-12-31', '2031-06-30']);
    expect(rows.every((r) => r['warrant_tax'] === '0.00')).toBe(true);
    expect(rows[0]!['savings']).toBe(modelSummary(['warrant.tax_rate=0', 'deployment.points[1].date=2030-12-31'])['savings']);
  });

  it('worker threads give the same bytes as one thread', () => {
    const grid = ['--vary', 'share_price.cagr=0:0.3:0.01', '--vary', 'amd.unit_price=30000:40000:500', '--format', 'csv'];
    const one = runCli(['sweep', BASE, ...grid, '--workers', '0']);
    const two = runCli(['sweep', BASE, ...grid, '--workers', '2']);
    expect(one.status, one.stderr).toBe(0);
    expect(two.status, two.stderr).toBe(0);
    // 31 × 21 = 651 rows + header
    expect(one.stdout.split('\r\n').length - 2).toBe(651);
    expect(two.stdout).toBe(one.stdout);
  });
});

describe('sweep --output', () => {
  it('writes the file whole, and nothing on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfe-sweep-'));
    const file = join(dir, 'grid.csv');
    const run = runCli(['sweep', BASE, ...GRID, '--format', 'csv', '--output', file]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(parseCsvObjects(readFileSync(file, 'utf8'))).toHaveLength(6);
    expect(readdirSync(dir)).toEqual(['grid.csv']);
  });
});

describe('bad grids: exit code, nothing on stdout, no file', () => {
  const cases: Array<[string, string[], number, RegExp]> = [
    ['a STEP of 0', ['--vary', 'share_price.cagr=0:1:0'], 1, /share_price\.cagr.*STEP is 0/],
    ['a step that does not land on B', ['--vary', 'share_price.cagr=0:1:0.3'], 1, /does not land on 1/],
    ['a value that makes the scenario invalid', ['--vary', 'share_price.cagr=0.1,-2'], 1, /share_price\.cagr=-2[\s\S]*greater than -1/],
    ['an unknown path', ['--vary', 'share_price.cgar=0,0.1'], 1, /did you mean "cagr"/],
    ['dates that cross only together', ['--vary', 'deployment.points[0].date=2027-06-30,2030-01-01', '--vary', 'deployment.points[1].date=2029-12-31,2031-06-30'], 1, /deployment\.points\[0\]\.date=2030-01-01, deployment\.points\[1\]\.date=2029-12-31/],
    ['a grid over 10,000,000 points', ['--vary', 'share_price.cagr=0:0.999:0.001', '--vary', 'amd.unit_price=1:10001:1'], 1, /10,010,001 points|at most 10,000,000/],
    ['a malformed --vary', ['--vary', 'share_price.cagr'], 2, /expected PATH=A:B:STEP/],
    ['no --vary', [], 2, /at least one --vary/],
    ['an unknown metric', ['--vary', 'share_price.cagr=0,0.1', '--metrics', 'savngs'], 2, /did you mean "savings"/],
    ['a table over 10,000 rows', ['--vary', 'share_price.cagr=0:0.9:0.01', '--vary', 'amd.unit_price=30000:41000:100'], 2, /--format csv/],
  ];
  for (const [name, args, code, message] of cases) {
    it(name, () => {
      const dir = mkdtempSync(join(tmpdir(), 'cfe-sweep-bad-'));
      // a table goes to a .txt file: `-o out.csv --format table` is a clash (its own usage error)
      const file = join(dir, name.includes('table') ? 'out.txt' : 'out.csv');
      const run = runCli(['sweep', BASE, ...args, '--output', file, ...(code === 2 && name.includes('table') ? ['--format', 'table'] : ['--format', 'csv'])]);
      expect(run.status, run.stderr).toBe(code);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
      expect(existsSync(file)).toBe(false);
      expect(readdirSync(dir)).toEqual([]);
    });
  }

  it('a bad grid on stdout writes nothing at all', () => {
    const run = runCli(['sweep', BASE, '--vary', 'share_price.cagr=0,0.1,-5', '--format', 'csv']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
  });
});

describe('sweep streams', () => {
  it('a 10^5-point grid piped into `head -n 5` ends promptly, prints 5 lines and no EPIPE trace', async () => {
    // 100,000 cagr values: every point is a new warrant stage, so the whole grid takes minutes; the
    // first rows must come out and the closed pipe must end the run long before that.
    const child = spawn(process.execPath, [join(root, 'bin', 'chipsforequity'), 'sweep', BASE, '--vary', 'share_price.cagr=0:0.99999:0.00001', '--format', 'csv'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const started = Date.now();
    const lines = await new Promise<string[]>((resolve) => {
      let text = '';
      child.stdout.on('data', (d: Buffer) => {
        text += d.toString();
        const got = text.split('\r\n');
        if (got.length > 5) {
          child.stdout.destroy(); // as `head -n 5` closes its end
          resolve(got.slice(0, 5));
        }
      });
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(lines[0]).toBe('share_price.cagr,savings,savings_pv,amd_net_cost,warrant_net_value,effective_discount');
    expect(lines).toHaveLength(5);
    expect(Date.now() - started).toBeLessThan(45_000);
    expect(code).toBe(0);
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('memory stays flat: a 10^5 grid peaks within 60 MB of a 10^3 grid (loose)', () => {
    const peak = (grid: string[]) => {
      const script = `import { main } from './dist/cli/main.js';
process.on('exit', () => process.stderr.write('MAXRSS ' + process.resourceUsage().maxRSS + '\\n'));
await main(${JSON.stringify(['sweep', BASE, ...grid, '--format', 'csv', '--workers', '0'])});`;
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
      expect(run.status, run.stderr).toBe(0);
      return Number(/MAXRSS (\d+)/.exec(run.stderr)![1]) / 1024; // kB -> MB
    };
    // the cagr axis has 10 values (10 warrant stages); the price axis 100 or 10,000 values
    const small = peak(['--vary', 'share_price.cagr=0:0.09:0.01', '--vary', 'baseline.unit_price=1:100:1']);
    const large = peak(['--vary', 'share_price.cagr=0:0.09:0.01', '--vary', 'baseline.unit_price=1:10000:1']);
    expect(large - small).toBeLessThan(60);
  });
});
