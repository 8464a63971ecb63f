/**
 * Issue 17 (SPEC §9) through the built CLI: the manifest of every JSON output, `--manifest FILE`,
 * `check` and `expect:`, `explain` of a shipped variant, and the `--set` note in `model`'s headings.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root, runCli } from './run-cli.js';
import { VALID } from '../scenario/helpers.js';

const bin = join(root, 'bin', 'chipsforequity');
const work = mkdtempSync(join(tmpdir(), 'cfe-trust-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Spawns the CLI with extra environment (TZ, locale) in `cwd`. */
function run(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...options.env };
  delete env['FORCE_COLOR'];
  const out = spawnSync(process.execPath, [bin, ...args], { cwd: options.cwd ?? root, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const manifestOf = (stdout: string) => (JSON.parse(stdout) as { manifest: Record<string, unknown> }).manifest;
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

describe('manifest', () => {
  const args = ['model', 'scenarios/meta-amd-bull.yaml', '--format', 'json', '--set', 'share_price.cagr=0.2'];

  it('names the tool, the spec, the command line, every file of the chain in merge order with its sha256, and the --set list', () => {
    const out = run(args);
    expect(out.status).toBe(0);
    expect(manifestOf(out.stdout)).toEqual({
      tool_version: version,
      spec_version: '1.1',
      command: args,
      files: [
        { path: 'scenarios/meta-amd-base.yaml', sha256: sha256(join(root, 'scenarios/meta-amd-base.yaml')) },
        { path: 'scenarios/meta-amd-bull.yaml', sha256: sha256(join(root, 'scenarios/meta-amd-bull.yaml')) },
      ],
      set: ['share_price.cagr=0.2'],
    });
  });

  it('is byte-identical across runs, time zones and locales', () => {
    const first = run(args).stdout;
    expect(run(args).stdout).toBe(first);
    expect(run(args, { env: { TZ: 'Pacific/Chatham', LC_ALL: 'de_DE.UTF-8', LANG: 'de_DE.UTF-8' } }).stdout).toBe(first);
    expect(run(args, { env: { TZ: 'America/St_Johns', LC_ALL: 'C' } }).stdout).toBe(first);
  });

  it('the sha256 of a file changes when one byte of it changes, and only that file', () => {
    writeFileSync(join(work, 'base.yaml'), VALID);
    writeFileSync(join(work, 'top.yaml'), 'extends: base.yaml\nname: Top\n');
    const before = manifestOf(run(['model', 'top.yaml', '--format', 'json'], { cwd: work }).stdout)['files'] as { path: string; sha256: string }[];
    writeFileSync(join(work, 'base.yaml'), VALID.replace('start: 200', 'start: 201'));
    const after = manifestOf(run(['model', 'top.yaml', '--format', 'json'], { cwd: work }).stdout)['files'] as { path: string; sha256: string }[];
    expect(before.map((f) => f.path)).toEqual(['base.yaml', 'top.yaml']);
    expect(after[0]!.sha256).not.toBe(before[0]!.sha256);
    expect(after[0]!.sha256).toBe(createHash('sha256').update(VALID.replace('start: 200', 'start: 201')).digest('hex'));
    expect(after[1]!.sha256).toBe(before[1]!.sha256);
  });

  it('holds no path the user did not write (relative paths stay relative) and no clock or host', () => {
    writeFileSync(join(work, 'base.yaml'), VALID);
    writeFileSync(join(work, 'top.yaml'), 'extends: base.yaml\nname: Top\n');
    const text = JSON.stringify(manifestOf(run(['model', 'top.yaml', '--format', 'json'], { cwd: work }).stdout));
    expect(text).not.toContain(work);
    expect(text).not.toContain(tmpdir());
    expect(text).not.toMatch(/\d{2}:\d{2}:\d{2}|"(time|date|host|hostname|timestamp)"/);
  });

  it('the command line round-trips: re-running manifest.command gives the same output', () => {
    const first = run(args).stdout;
    const again = run(manifestOf(first)['command'] as string[]);
    expect(again.stdout).toBe(first);
  });

  it('is in the JSON of compare, tornado, simulate (with seed and paths), explain and check', () => {
    const compare = run(['compare', 'scenarios/meta-amd-base.yaml', 'scenarios/meta-amd-bear.yaml', '--format', 'json']);
    // the base file is read twice (once per scenario) and listed once
    expect((manifestOf(compare.stdout)['files'] as { path: string }[]).map((f) => f.path)).toEqual(['scenarios/meta-amd-base.yaml', 'scenarios/meta-amd-bear.yaml']);
    const tornado = run(['tornado', 'scenarios/meta-amd-base.yaml', '--format', 'json']);
    expect(manifestOf(tornado.stdout)['spec_version']).toBe('1.1');
    const simulate = manifestOf(run(['simulate', 'scenarios/meta-amd-base.yaml', '--paths', '50', '--seed', '7', '--workers', '1', '--format', 'json']).stdout);
    expect([simulate['seed'], simulate['paths']]).toEqual(['7', '50']);
    expect(Object.keys(simulate)).not.toContain('workers');
    expect(manifestOf(run(['explain', 'scenarios/meta-amd-base.yaml', 'name', '--format', 'json']).stdout)['command']).toEqual(['explain', 'scenarios/meta-amd-base.yaml', 'name', '--format', 'json']);
    expect((manifestOf(run(['check', 'scenarios/meta-amd-base.yaml', '--format', 'json']).stdout)['files'] as unknown[]).length).toBe(1);
  });

  it('--manifest FILE writes it beside a csv output, equal to the JSON output\'s but for the command', () => {
    const file = join(work, 'run.manifest.json');
    const csv = run(['model', 'scenarios/meta-amd-bull.yaml', '--format', 'csv', '--manifest', file]);
    expect(csv.status).toBe(0);
    expect(csv.stdout.startsWith('metric,value')).toBe(true);
    const written = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const json = manifestOf(run(['model', 'scenarios/meta-amd-bull.yaml', '--format', 'json']).stdout);
    expect({ ...written, command: null }).toEqual({ ...json, command: null });
    expect(written['command']).toEqual(['model', 'scenarios/meta-amd-bull.yaml', '--format', 'csv', '--manifest', file]);
  });
});

describe('check', () => {
  // VALID has 25 lines, so `expect:` is line 26 and its first entry line 27. Its figures, by hand:
  // 2 GW x 250,000 units per GW = 500,000 AMD units, x $40,000 = $20,000,000,000.00 of hardware;
  // tranche 1 (60 shares) needs only 1 GW, reached on 2026-12-31, so at least 60 shares vest.
  const scenario = (expectBlock: string) => {
    const file = join(work, 'checked.yaml');
    writeFileSync(file, `${VALID}expect:\n${expectBlock}`);
    return file;
  };

  it('every bound is inclusive; equals compares exactly as decimals', () => {
    const file = scenario('  amd_units: { min: 500000, max: 500000 }\n  warrant_vested_shares: { min: 60 }\n  amd_hardware_spend: { equals: 20000000000.000 }\n');
    const out = run(['check', file]);
    expect(out.stdout).toBe('check: 3 expectations held in 1 file\n');
    expect(out.status).toBe(0);
  });

  it('prints each failed bound at its line and column, then the summary; exit 1', () => {
    // columns: `  amd_units: { min: ` is 20 characters, `  savings: { max: ` 18, `  warrant_vested_shares: { equals: ` 35
    const file = scenario('  amd_units: { min: 500001 }\n  savings: { max: -1e15 }\n  warrant_vested_shares: { equals: 99 }\n');
    const out = run(['check', file]);
    const units = '500000';
    expect(out.stdout.split('\n')).toEqual([
      `${file}:27:21: expect.amd_units: expected at least 500001, got ${units}`,
      expect.stringMatching(new RegExp(`^${file}:28:19: expect\\.savings: expected at most -1000000000000000, got -?\\d+\\.\\d\\d$`)),
      expect.stringMatching(new RegExp(`^${file}:29:36: expect\\.warrant_vested_shares: expected 99, got \\d+$`)),
      'check: 3 of 3 expectations failed in 1 file',
      '',
    ]);
    expect(out.status).toBe(1);
  });

  it('a min/max pair is worded as a range, at the bound that failed', () => {
    const file = scenario('  amd_units: { min: 1, max: 499999 }\n');
    const out = run(['check', file]);
    // `  amd_units: { min: 1, max: ` is 28 characters: the failing 499999 is at column 29
    expect(out.stdout).toBe(`${file}:27:29: expect.amd_units: expected between 1 and 499999, got 500000\ncheck: 1 of 1 expectation failed in 1 file\n`);
  });

  it('an invalid file fails the check (its issues on stderr), and the other files are still checked', () => {
    const good = scenario('  amd_units: { equals: 500000 }\n');
    const bad = join(work, 'bad.yaml');
    writeFileSync(bad, `${VALID}expect:\n  amd_unit: { min: 0 }\n`);
    const out = run(['check', bad, good]);
    expect(out.stderr).toContain(`${bad}:27:3: expect.amd_unit: unknown key "amd_unit" (did you mean "amd_units"?)`);
    expect(out.stdout).toBe('check: 1 expectation held in 2 files; 1 file could not be checked\n');
    expect(out.status).toBe(1);
  });

  it('usage: no file is exit 2', () => {
    expect(run(['check']).status).toBe(2);
  });

  it('every shipped scenario holds what its comments claim', () => {
    const files = ['meta-amd-base', 'meta-amd-bear', 'meta-amd-bull', 'nvidia-price-war', 'openai-amd', 'press-600'].map((n) => `scenarios/${n}.yaml`);
    const out = runCli(['check', ...files]);
    expect(out.stderr).toBe('');
    expect(out.stdout).toMatch(/^check: \d+ expectations held in 6 files\n$/);
    expect(out.status).toBe(0);
  });

  it('model ignores expect: a failing expectation changes nothing in its output', () => {
    const file = scenario('  amd_units: { min: 500001 }\n');
    const plain = join(work, 'plain.yaml');
    writeFileSync(plain, VALID);
    const a = run(['model', file, '--format', 'csv']);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(run(['model', plain, '--format', 'csv']).stdout);
  });
});

describe('explain of a shipped variant', () => {
  it('names the file, line and column of each definition (bull over base), and defaults', () => {
    const out = runCli(['explain', 'scenarios/meta-amd-bull.yaml', 'share_price.cagr', 'energy.pue', 'warrant.sell']);
    expect(out.status).toBe(0);
    const base = readFileSync(join(root, 'scenarios/meta-amd-base.yaml'), 'utf8').split('\n');
    const bull = readFileSync(join(root, 'scenarios/meta-amd-bull.yaml'), 'utf8').split('\n');
    const where = (lines: string[], text: string) => {
      const line = lines.findIndex((l) => l.startsWith(text));
      return `${line + 1}:${text.length + 1}`;
    };
    const lines = out.stdout.trimEnd().split('\n').map((l) => l.replace(/ {2,}/g, '  '));
    expect(lines).toEqual([
      `share_price.cagr = 0.30  scenarios/meta-amd-bull.yaml:${where(bull, '  cagr: ')}`,
      `  overrides 0.15  scenarios/meta-amd-base.yaml:${where(base, '  cagr: ')}`,
      `energy.pue = 1.1  scenarios/meta-amd-bull.yaml:${where(bull, '  pue: ')}`,
      `  overrides 1.2  scenarios/meta-amd-base.yaml:${where(base, '  pue: ')}`,
      `warrant.sell = at_horizon  scenarios/meta-amd-base.yaml:${where(base, '  sell: ')}`,
    ]);
  });

  it('an unknown path is a usage error with "did you mean"', () => {
    const out = runCli(['explain', 'scenarios/meta-amd-bull.yaml', 'share_price.cgar']);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('unknown key "cgar" in share_price (did you mean "cagr"?)');
    expect(out.stdout).toBe('');
  });

  it('--format json: value, from and overrides per leaf', () => {
    const out = runCli(['explain', 'scenarios/meta-amd-bull.yaml', 'timeline.step', '--format', 'json', '--set', 'timeline.step=year']);
    const doc = JSON.parse(out.stdout) as { leaves: unknown[] };
    expect(doc.leaves).toEqual([
      {
        path: 'timeline.step',
        value: 'year',
        from: { value: 'year', source: 'set', at: '--set timeline.step=year', option: '--set timeline.step=year', removed: false },
        overrides: [expect.objectContaining({ value: 'quarter', source: 'file', file: 'scenarios/meta-amd-base.yaml', removed: false })],
      },
    ]);
  });
});

describe('model names the --set overrides in its headings', () => {
  it('table and markdown', () => {
    const table = runCli(['model', 'scenarios/meta-amd-base.yaml', '--set', 'share_price.cagr=0.3', '--set', 'warrant.tax_rate=0']);
    expect(table.stdout.split('\n')[0]).toBe('Meta x AMD 6 GW - base (USD), with --set share_price.cagr=0.3 --set warrant.tax_rate=0');
    const markdown = runCli(['model', 'scenarios/meta-amd-base.yaml', '--format', 'markdown', '--set', 'share_price.cagr=0.3']);
    expect(markdown.stdout.split('\n')[0]).toBe('# Meta x AMD 6 GW - base, with --set share\\_price.cagr=0.3');
    const plain = runCli(['model', 'scenarios/meta-amd-base.yaml']);
    expect(plain.stdout.split('\n')[0]).toBe('Meta x AMD 6 GW - base (USD)');
  });
});
