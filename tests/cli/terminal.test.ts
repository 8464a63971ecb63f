/**
 * `model` as a person sees it at a terminal (a real pseudo-terminal, tests/helpers/run_on_terminal.py):
 * colours only on a TTY without NO_COLOR, and tables that fit the terminal's width.
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
function atTerminal(columns: number, env: Record<string, string | undefined>, quiet = true): string {
  const childEnv = { ...process.env, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
  return execFileSync('python3', [PTY, String(columns), process.execPath, BIN, 'model', BASE, ...(quiet ? ['--quiet'] : [])], {
    env: childEnv,
    encoding: 'utf8',
  });
}

const ESCAPE = /\x1b\[[0-9;]*m/g;
const widest = (text: string) => Math.max(...text.replace(ESCAPE, '').split('\n').map((l) => [...l].length));

describe('model at a terminal', () => {
  it('shows the warning first, then the tables, without --quiet', () => {
    const text = atTerminal(250, { NO_COLOR: '1' }, false);
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
    expect(text).toContain('Per period: baseline, Nvidia Vera Rubin (USD)');
    expect(text).toContain('Warrant tranches: money (USD)');
    // nothing is lost: the reasons move below the table, the totals are still there
    expect(text).toContain('(*) tranche 6 not vested: 6 GW met on 2031-06-30, after expiry 2031-02-24; price 600 never met');
    expect(text).toContain('53,100,583,625.99');
    expect(text).toContain('117,076,649,217.81');
  });
});
