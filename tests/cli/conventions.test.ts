/**
 * The conventions every command shares (clig.dev, issue 11): the format from `-o`'s extension,
 * `--quiet`, `--no-color`/`FORCE_COLOR`/`NO_COLOR`, completion scripts, examples and metric names
 * in every `--help`, one error prefix, one JSON envelope, a duplicate `--set` refused, and a
 * did-you-mean for `--format`/`--view` typos. Spawns the built CLI (run `npm run build` first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '../../src/engine/types.js';
import { runCli, root } from './run-cli.js';

const BASE = 'scenarios/meta-amd-base.yaml';
const BEAR = 'scenarios/meta-amd-bear.yaml';
const dir = mkdtempSync(join(tmpdir(), 'cfe-conventions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One short run of each command that has --format and --output. */
const RUNS: Record<string, string[]> = {
  model: ['model', BASE],
  compare: ['compare', BASE, BEAR],
  sweep: ['sweep', BASE, '--vary', 'share_price.cagr=0,0.1'],
  tornado: ['tornado', BASE, '--vary', 'amd.unit_price=30000,40000'],
  breakeven: ['breakeven', BASE, '--vary', 'baseline.price_change', '--scan', '20'],
  simulate: ['simulate', BASE, '--paths', '50'],
};

function raw(args: string[], env: NodeJS.ProcessEnv) {
  const run = spawnSync(process.execPath, [join(root, 'bin', 'chipsforequity'), ...args], { cwd: root, env, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('-o FILE picks the format from its extension', () => {
  for (const [command, args] of Object.entries(RUNS)) {
    it(`${command}: .csv, .json and .md write csv, json and markdown; .txt keeps the table`, () => {
      const csv = join(dir, `${command}.csv`);
      expect(runCli([...args, '-o', csv]).status).toBe(0);
      const csvText = readFileSync(csv, 'utf8');
      expect(csvText).toContain('\r\n');
      expect(csvText).not.toMatch(/[┌│]/);
      expect(csvText).toBe(runCli([...args, '--format', 'csv']).stdout);

      const json = join(dir, `${command}.json`);
      expect(runCli([...args, '--output', json]).status).toBe(0);
      expect(JSON.parse(readFileSync(json, 'utf8')).command).toBe(command);

      const md = join(dir, `${command}.md`);
      expect(runCli([...args, '-o', md]).status).toBe(0);
      expect(readFileSync(md, 'utf8')).toBe(runCli([...args, '--format', 'markdown']).stdout);

      const txt = join(dir, `${command}.txt`);
      expect(runCli([...args, '-o', txt]).status).toBe(0);
      expect(readFileSync(txt, 'utf8')).toBe(runCli([...args]).stdout);
    });
  }

  it('an explicit --format that agrees is fine; one that clashes is a usage error and writes nothing', () => {
    const agree = join(dir, 'agree.CSV');
    expect(runCli(['model', BASE, '-o', agree, '--format', 'csv']).status).toBe(0);
    const clash = join(dir, 'clash.csv');
    const run = runCli(['model', BASE, '-o', clash, '--format', 'json']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `chipsforequity: --output ${clash} asks for csv by its extension but --format is json; drop one of them or make them agree\n`,
    );
    expect(existsSync(clash)).toBe(false);
  });
});

describe('schema writes JSON only', () => {
  it('-o x.json is fine; -o x.csv or x.md is a usage error', () => {
    const json = join(dir, 'scenario.schema.json');
    expect(runCli(['schema', '-o', json]).status).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8')).$schema).toMatch(/json-schema/);
    const csv = join(dir, 'scenario.schema.csv');
    const run = runCli(['schema', '-o', csv]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`chipsforequity: --output ${csv}: schema writes JSON only; name the file .json\n`);
    expect(existsSync(csv)).toBe(false);
  });
});

describe('--quiet', () => {
  it('silences the warnings model, sweep, tornado, breakeven, simulate and compare print, not the result', () => {
    for (const args of Object.values(RUNS)) {
      const loud = runCli([...args, '--format', 'csv']);
      expect(loud.stderr, args.join(' ')).toMatch(/^warning: /m);
      const quiet = runCli([...args, '--format', 'csv', '--quiet']);
      expect(quiet.status).toBe(0);
      expect(quiet.stderr).toBe('');
      expect(quiet.stdout).toBe(loud.stdout);
    }
  });

  it('still prints errors', () => {
    const run = runCli(['model', 'no-such-file.yaml', '-q']);
    expect(run.status).toBe(1);
    expect(run.stderr).not.toBe('');
  });

  it('keeps the warnings in the JSON document', () => {
    const document = JSON.parse(runCli(['model', BASE, '--format', 'json', '-q']).stdout);
    expect(document.warnings.map((w: { code: string }) => w.code)).toEqual(['tranche_gw_after_expiry']);
  });
});

describe('colours: --no-color, NO_COLOR, FORCE_COLOR', () => {
  const env = (extra: Record<string, string>) => {
    const e: NodeJS.ProcessEnv = { ...process.env, ...extra };
    for (const k of ['NO_COLOR', 'FORCE_COLOR', 'TERM']) if (!(k in extra)) delete e[k];
    return e;
  };
  const ESC = '\x1b[';
  it('piped output has no colour; FORCE_COLOR=1 forces it; FORCE_COLOR=0, --no-color and TERM=dumb do not', () => {
    expect(raw(['model', BASE], env({})).stdout).not.toContain(ESC);
    expect(raw(['model', BASE], env({ FORCE_COLOR: '1' })).stdout).toContain(ESC);
    expect(raw(['model', BASE], env({ FORCE_COLOR: '' })).stdout).toContain(ESC);
    // FORCE_COLOR wins over NO_COLOR (Node's own order); --no-color wins over both
    expect(raw(['model', BASE], env({ FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).toContain(ESC);
    expect(raw(['model', BASE, '--no-color'], env({ FORCE_COLOR: '1' })).stdout).not.toContain(ESC);
    expect(raw(['model', BASE], env({ FORCE_COLOR: '0' })).stdout).not.toContain(ESC);
    expect(raw(['tornado', BASE, '--no-color'], env({ FORCE_COLOR: '1' })).stdout).not.toContain(ESC);
  });

  it('coloured or not, the text is the same', () => {
    const coloured = raw(['model', BASE], env({ FORCE_COLOR: '1' })).stdout;
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe(raw(['model', BASE], env({})).stdout);
  });

  it('a file written with -o never gets colours', () => {
    const file = join(dir, 'forced.txt');
    expect(raw(['model', BASE, '-o', file], env({ FORCE_COLOR: '1' })).status).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toContain(ESC);
  });
});

describe('completion', () => {
  const commands = ['model', 'compare', 'sweep', 'tornado', 'breakeven', 'simulate', 'validate', 'schema', 'init', 'completion'];
  for (const shell of ['bash', 'zsh', 'fish']) {
    it(`${shell}: names every command, the formats, the views and the metrics`, () => {
      const run = runCli(['completion', shell]);
      expect(run.status, run.stderr).toBe(0);
      for (const c of commands) expect(run.stdout).toContain(c);
      expect(run.stdout).toContain('table csv json markdown');
      expect(run.stdout).toContain('summary periods tranches ledger');
      for (const m of METRIC_NAMES) expect(run.stdout).toContain(m);
      expect(run.stdout).toMatch(/(--|-l )rate-swing/);
    });
  }

  it('the bash script is valid bash and completes a command and a --format value', () => {
    const script = runCli(['completion', 'bash']).stdout;
    const complete = (words: string[]) =>
      spawnSync(
        'bash',
        ['-c', `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _chipsforequity; printf '%s\\n' "\${COMPREPLY[@]}"`],
        { encoding: 'utf8' },
      );
    const first = complete(['chipsforequity', 'tor']);
    expect(first.stderr).toBe('');
    expect(first.stdout.trim()).toBe('tornado');
    expect(complete(['chipsforequity', 'model', '--format', 'j']).stdout.trim()).toBe('json');
    expect(complete(['chipsforequity', 'model', '--metric', 'savings_p']).stdout.trim()).toBe('savings_pv');
    expect(complete(['chipsforequity', 'sweep', '--q']).stdout.trim()).toBe('--quiet');
  });

  it('an unknown shell is a usage error with a did-you-mean', () => {
    const run = runCli(['completion', 'zhs']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('chipsforequity: completion zhs: unknown shell (did you mean "zsh"?); known shells: bash, zsh, fish\n');
  });
});

describe('--help', () => {
  const all = ['model', 'compare', 'sweep', 'tornado', 'breakeven', 'simulate', 'validate', 'schema', 'init', 'completion'];
  for (const command of all) {
    it(`${command} --help shows an example${['validate', 'schema', 'init', 'completion'].includes(command) ? '' : ' and every metric name'}`, () => {
      const run = runCli([command, '--help']);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`\\nExamples:\\n  \\$ (source <\\()?chipsforequity ${command}`));
      expect(run.stdout).toContain('--quiet');
      expect(run.stdout).toContain('--no-color');
      if (!['validate', 'schema', 'init', 'completion'].includes(command)) {
        const metrics = run.stdout.slice(run.stdout.indexOf('Metrics'));
        for (const m of METRIC_NAMES) expect(metrics).toMatch(new RegExp(`\\b${m}\\b`));
      }
      expect(run.stdout).not.toMatch(/SPEC §|shared\//);
    });
  }
});

describe('one error prefix, one JSON envelope', () => {
  it('commander\'s own usage errors read like ours: "chipsforequity: ..."', () => {
    const unknown = runCli(['model', BASE, '--bogus']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.split('\n')[0]).toBe("chipsforequity: unknown option '--bogus'");
    const missing = runCli(['model']);
    expect(missing.stderr.split('\n')[0]).toBe("chipsforequity: missing required argument 'FILE'");
    expect(runCli(['modle', BASE]).stderr).toMatch(/^chipsforequity: unknown command 'modle'\n\(Did you mean model\?\)/);
  });

  it('every command\'s JSON has version, command, the scenario, its payload and warnings', () => {
    for (const [command, args] of Object.entries(RUNS)) {
      const document = JSON.parse(runCli([...args, '--format', 'json']).stdout);
      const keys = Object.keys(document);
      expect(keys.slice(0, 3), command).toEqual(['version', 'command', command === 'compare' ? 'scenarios' : 'scenario']);
      expect(keys.at(-1)).toBe('warnings');
      expect(document.version).toBe(1);
      expect(document.command).toBe(command);
      const scenario = command === 'compare' ? document.scenarios[0] : document.scenario;
      expect(scenario).toMatchObject({ name: 'Meta x AMD 6 GW - base', file: BASE });
      expect(document.warnings[0]).toMatchObject({ code: 'tranche_gw_after_expiry', path: 'warrant.tranches[5]' });
      expect(keys.length, command).toBeGreaterThan(4);
    }
  });
});

describe('usage errors with a did-you-mean', () => {
  it('--set of the same path twice', () => {
    const run = runCli(['model', BASE, '--set', 'share_price.cagr=0.1', '--set', ' share_price.cagr =0.2']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('chipsforequity: --set share_price.cagr is given twice; give each path one value\n');
    // different paths are fine
    expect(runCli(['model', BASE, '--set', 'share_price.cagr=0.1', '--set', 'share_price.start=200', '--metric', 'savings']).status).toBe(0);
  });

  it('--format and --view typos', () => {
    expect(runCli(['model', BASE, '--format', 'jsn']).stderr).toBe(
      'chipsforequity: --format jsn: unknown format (did you mean "json"?); known formats: table, csv, json, markdown\n',
    );
    expect(runCli(['model', BASE, '--view', 'tranche']).stderr).toBe(
      'chipsforequity: --view tranche: unknown view (did you mean "tranches"?); known views: summary, periods, tranches, ledger\n',
    );
    expect(runCli(['simulate', BASE, '--view', 'histogramm']).stderr).toMatch(/did you mean "histogram"/);
    const far = runCli(['sweep', BASE, '--vary', 'share_price.cagr=0', '--format', 'xlsx']);
    expect(far.status).toBe(2);
    expect(far.stderr).toBe('chipsforequity: --format xlsx: unknown format; known formats: table, csv, json, markdown, heatmap, parquet\n');
  });
});
