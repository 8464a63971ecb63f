/**
 * The CLI as a person sees it at a terminal (a real pseudo-terminal, tests/helpers/run_on_terminal.py):
 * colours only on a TTY without NO_COLOR, and every command's output fitting the terminal's width
 * (issue 11), at 80 columns as at 200, with money at a glance or (`--exact`) to the cent.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'chipsforequity');
const PTY = join(ROOT, 'tests', 'helpers', 'run_on_terminal.py');
const BASE = join(ROOT, 'scenarios', 'meta-amd-base.yaml');

/** The terminal shows stdout and stderr together: `--quiet` (the default here) keeps warnings out. */
function atTerminal(columns: number, env: Record<string, string | undefined>, args: string[] = ['model', BASE], quiet = true): string {
  const childEnv = { ...process.env, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
  return execFileSync('python3', [PTY, String(columns), process.execPath, BIN, ...args, ...(quiet ? ['--quiet'] : [])], {
    env: childEnv,
    encoding: 'utf8',
  });
}

const ESCAPE = /\x1b\[[0-9;]*[A-Za-z]/g;
/** The lines as the terminal shows them: colours and erase codes removed, a `\r` redraw keeps what follows it. */
const shownLines = (text: string) =>
  text
    .replace(ESCAPE, '')
    .split('\n')
    .map((l) => l.slice(l.lastIndexOf('\r') + 1));
const widest = (text: string) => Math.max(...shownLines(text).map((l) => [...l].length));

describe('model at a terminal', () => {
  it('shows the warning first, then the tables, without --quiet', () => {
    const text = atTerminal(250, { NO_COLOR: '1' }, ['model', BASE], false);
    expect(text).toMatch(/^warning: warrant\.tranches\[5\]: tranche 6 needs 6 GW, which the deployment reaches on 2031-06-30/);
    expect(text.slice(text.indexOf('\n') + 1).replace(/\r\n/g, '\n')).toBe(atTerminal(250, { NO_COLOR: '1' }).replace(/\r\n/g, '\n'));
  });

  it('colours a terminal, and NO_COLOR turns colour off', () => {
    expect(atTerminal(250, { NO_COLOR: undefined, FORCE_COLOR: undefined })).toMatch(ESCAPE);
    expect(atTerminal(250, { NO_COLOR: '1' })).not.toMatch(ESCAPE);
  });

  it('prints the whole tables when the terminal is wide enough (the golden table)', () => {
    const golden = readFileSync(join(ROOT, 'tests', 'golden', 'meta-amd-base', 'table.txt'), 'utf8');
    expect(atTerminal(250, { NO_COLOR: '1' })).toBe(golden);
  });

  it('splits the per-period and tranche tables to fit a 120-column terminal', () => {
    const text = atTerminal(120, { NO_COLOR: '1' });
    expect(widest(atTerminal(250, { NO_COLOR: '1' }))).toBeGreaterThan(120); // so the split is needed
    expect(widest(text)).toBeLessThanOrEqual(120);
    expect(text).toContain('Per period: AMD side with the warrant (USD)');
    expect(text).toContain('Per period: baseline, Nvidia Vera Rubin, and savings (USD)');
    expect(text).toContain('Warrant tranches: money (USD)');
    // nothing is lost: the reasons move below the table, the totals are still there (at a glance)
    expect(text).toContain('(*) tranche 6 not vested: 6 GW met on 2031-06-30, after expiry 2031-02-24; price 600 never met');
    expect(text).toContain('$53.1B');
    expect(text).toContain('$117.1B');
  });

  it('says who wins, by how much and how much is the warrant, in one sentence within 80 columns', () => {
    const text = atTerminal(80, { NO_COLOR: '1' });
    // savings 63,976,065,591.82 = cost advantage 25,927,010,830.54 + warrant 38,049,054,761.28
    const sentence = shownLines(text).slice(1, 3).join(' ').replace(/ +/g, ' ');
    expect(sentence).toBe(
      'AMD MI450 saves $64.0B against Nvidia Vera Rubin: $25.9B is the cost advantage before the warrant, $38.0B the warrant.',
    );
    // per accelerator: 53,100,583,625.99 / 2,400,000 = 22,125.24; 117,076,649,217.81 / 2,400,000 = 48,781.94
    expect(text).toMatch(/AMD MI450, net of the warrant +│ +\$22,125 │ +\$8\.9B │/);
    expect(text).toMatch(/Nvidia Vera Rubin, same compute +│ +\$48,782 │ +\$19\.5B │/);
  });

  it('--exact shows every cent on the terminal, and still fits', () => {
    const text = atTerminal(80, { NO_COLOR: '1' }, ['model', BASE, '--exact']);
    expect(widest(text)).toBeLessThanOrEqual(80);
    expect(text).toContain('53,100,583,625.99');
    expect(text).toContain('117,076,649,217.81');
    // the per-period savings: period 20 is 6,420,244,978.74 - (-33,047,600,491.31) = 39,467,845,470.05
    expect(text).toContain('39,467,845,470.05');
    expect(text).not.toContain('$53.1B');
  });
});

/** Every command with a table (or chart) on the terminal, as a user would run it. */
const BEAR = join(ROOT, 'scenarios', 'meta-amd-bear.yaml');
const COMMANDS: Array<[string, string[]]> = [
  ['model', ['model', BASE]],
  ['model (warnings on stderr)', ['model', BEAR]],
  ['model --view ledger', ['model', BASE, '--view', 'ledger']],
  ['model --metrics', ['model', BASE, '--metrics', 'savings,cost_advantage,amd_net_cost_per_unit']],
  ['compare', ['compare', BASE, BEAR, join(ROOT, 'scenarios', 'meta-amd-bull.yaml'), join(ROOT, 'scenarios', 'nvidia-price-war.yaml'), join(ROOT, 'scenarios', 'openai-amd.yaml')]],
  ['sweep', ['sweep', BASE, '--vary', 'share_price.cagr=0:0.3:0.1', '--vary', 'baseline.unit_price=50000,60000', '--metrics', 'savings,cost_advantage,warrant_net_value,amd_net_cost_per_unit,baseline_cost_per_amd_unit,savings_pv']],
  ['tornado', ['tornado', BASE]],
  ['breakeven', ['breakeven', BASE, '--vary', 'baseline.unit_price', '--min', '1000', '--max', '60000']],
  ['breakeven (no crossing)', ['breakeven', BASE, '--vary', 'share_price.cagr', '--min', '-0.5', '--max', '0.5', '--scan', '20']],
  ['simulate', ['simulate', BASE, '--paths', '200', '--metrics', 'savings,cost_advantage,warrant_net_value_pv,amd_net_cost_per_unit,warrant_vested_shares']],
  ['simulate (note on stderr)', ['simulate', BASE, '--paths', '50', '--set', 'share_price.volatility=0']],
  ['validate', ['validate', BASE, join(ROOT, 'tests', 'errors', 'cases', 'energy-unknown-key.yaml')]],
];

describe('every command fits the terminal', () => {
  for (const [name, args] of COMMANDS) {
    for (const columns of [80, 200]) {
      for (const exact of [false, true]) {
        if (exact && (name.startsWith('validate') || name.includes('stderr'))) continue;
        it(`${name}${exact ? ' --exact' : ''} at ${columns} columns`, () => {
          let text: string;
          try {
            text = atTerminal(columns, { NO_COLOR: '1' }, exact ? [...args, '--exact'] : args, false);
          } catch (error) {
            // validate exits 1 for the invalid file: its output is still what the user sees
            text = String((error as { stdout?: string }).stdout ?? '');
            if (!name.startsWith('validate')) throw error;
          }
          expect(text.trim().length).toBeGreaterThan(0);
          const long = shownLines(text).filter((l) => [...l].length > columns);
          expect(long, `lines wider than ${columns}`).toEqual([]);
        });
      }
    }
  }
});
