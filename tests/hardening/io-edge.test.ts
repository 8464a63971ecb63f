/**
 * Hardening, round two (issue 12), proved on the built CLI: outputs never destroy inputs, what
 * `--output` does to modes, links and standard streams, `extends` confinement, special files that
 * must end at once, the one stdout error path, signals, and control characters. Cases that depend
 * on permissions run twice: as the current user (root on a fresh Debian) and as an unprivileged
 * user (uid 65534 through `setpriv`; when the tests already run unprivileged, as that user).
 * docs/security.md states each rule tested here.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'chipsforequity');
const VALID = join(ROOT, 'tests', 'errors', 'fixtures', 'valid.yaml');
const VALID_TEXT = readFileSync(VALID, 'utf8');
const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
const NOBODY = 65534;
const top = mkdtempSync(join(tmpdir(), 'cfe-io-edge-'));
// the unprivileged user must reach the directories made below
chmodSync(top, 0o755);
afterAll(() => rmSync(top, { recursive: true, force: true }));

let dirs = 0;
/** A fresh directory, writable by everyone when `shared` (for the unprivileged runs). */
function freshDir(shared = false): string {
  const dir = join(top, `d${dirs++}`);
  mkdirSync(dir);
  if (shared) chmodSync(dir, 0o777);
  return dir;
}

type User = 'current' | 'unprivileged';
const USERS: User[] = ['current', 'unprivileged'];

/** argv prefix that runs node as `user`: setpriv to uid 65534 when root, else the user itself. */
function command(user: User, args: string[]): [string, string[]] {
  if (user === 'unprivileged' && IS_ROOT) {
    return ['setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', process.execPath, BIN, ...args]];
  }
  return [process.execPath, [BIN, ...args]];
}

function run(args: string[], options: { cwd?: string; user?: User; input?: string } = {}) {
  const [exe, argv] = command(options.user ?? 'current', args);
  const result = spawnSync(exe, argv, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
    input: options.input ?? '',
    timeout: 60_000,
    maxBuffer: 1 << 26,
  });
  return { exit: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a shell line (for redirections); the shell function `cfe` is the CLI. */
function shell(line: string, cwd: string, user: User = 'current') {
  const [exe, argv] = command(user, []);
  const cfe = [exe, ...argv].map((a) => `'${a}'`).join(' ');
  const result = spawnSync('bash', ['-c', `cfe() { ${cfe} "$@"; }; ${line}`], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { exit: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectPlainFailure(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at |internal error|Error:|node:internal/);
}

describe('an output never destroys an input (exit 2, nothing written)', () => {
  it.each(USERS)('--output onto the scenario itself, directly, through a symlink, by another spelling (%s)', (user) => {
    const dir = freshDir(true);
    const scenario = join(dir, 's.yaml');
    writeFileSync(scenario, VALID_TEXT, { mode: 0o666 });
    chmodSync(scenario, 0o666);
    symlinkSync('s.yaml', join(dir, 'link.csv'));
    mkdirSync(join(dir, 'sub'));
    chmodSync(join(dir, 'sub'), 0o777);
    for (const output of ['s.yaml', 'link.csv', 'sub/../s.yaml', join(dir, 's.yaml')]) {
      const result = run(['model', 's.yaml', '--format', 'csv', '--output', output], { cwd: dir, user });
      expect(result.exit, output).toBe(2);
      expect(result.stderr).toMatch(/is an input of this run/);
      expectPlainFailure(result.stderr);
      expect(readFileSync(scenario, 'utf8')).toBe(VALID_TEXT);
    }
    expect(lstatSync(join(dir, 'link.csv')).isSymbolicLink()).toBe(true);
  });

  it('--paths-out or --output onto a base that extends points at, for every writing command', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'base.yaml'), VALID_TEXT);
    writeFileSync(join(dir, 'main.yaml'), 'extends: base.yaml\nname: Child\n');
    const lines: string[][] = [
      ['simulate', 'main.yaml', '--paths', '20', '--paths-out', 'base.yaml'],
      ['simulate', 'main.yaml', '--paths', '20', '--output', 'base.yaml'],
      ['model', 'main.yaml', '--output', 'base.yaml'],
      ['sweep', 'main.yaml', '--vary', 'share_price.cagr=0.1,0.2', '--format', 'csv', '--output', 'base.yaml'],
      ['tornado', 'main.yaml', '--output', 'base.yaml'],
      ['breakeven', 'main.yaml', '--vary', 'amd.unit_price', '--output', 'base.yaml'],
      ['compare', 'main.yaml', VALID, '--output', 'base.yaml'],
    ];
    for (const args of lines) {
      const result = run(args, { cwd: dir });
      expect(result.exit, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('a base the scenario extends');
      expect(readFileSync(join(dir, 'base.yaml'), 'utf8')).toBe(VALID_TEXT);
    }
  });

  it('the scenario given on standard input from a file is an input too', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 's.yaml'), VALID_TEXT);
    const result = shell('cfe model - --format csv --output s.yaml < s.yaml', dir);
    expect(result.exit).toBe(2);
    expect(result.stderr).toContain('the scenario read on standard input');
    expect(readFileSync(join(dir, 's.yaml'), 'utf8')).toBe(VALID_TEXT);
  });

  it('--output X --paths-out X: neither is written', () => {
    const dir = freshDir();
    const result = run(['simulate', VALID, '--paths', '20', '--format', 'json', '--output', 'x.csv', '--paths-out', 'x.csv'], { cwd: dir });
    expect(result.exit).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('--output onto an existing file: mode, owner, links, permissions', () => {
  it.each(USERS)('a 0600 file stays 0600 and a 0640 file 0640 (%s)', (user) => {
    const dir = freshDir(true);
    for (const mode of [0o600, 0o640, 0o664]) {
      const target = join(dir, `m${mode.toString(8)}.csv`);
      writeFileSync(target, 'old\n');
      chmodSync(target, mode);
      if (user === 'unprivileged' && IS_ROOT) chownSync(target, NOBODY, NOBODY);
      const result = run(['model', VALID, '--format', 'csv', '--output', target], { user });
      expect(result.exit, result.stderr).toBe(0);
      expect(statSync(target).mode & 0o777).toBe(mode);
      expect(readFileSync(target, 'utf8')).toMatch(/^metric,value\r?\n/);
    }
  });

  it('run as root, a replaced file keeps its owner', () => {
    if (!IS_ROOT) return; // only root can give a file away; the unprivileged runs cover the rest
    const dir = freshDir();
    const target = join(dir, 'owned.csv');
    writeFileSync(target, 'old\n');
    chownSync(target, NOBODY, NOBODY);
    expect(run(['model', VALID, '--format', 'csv', '--output', target]).exit).toBe(0);
    expect(statSync(target).uid).toBe(NOBODY);
    expect(statSync(target).gid).toBe(NOBODY);
  });

  it('unprivileged: a read-only file is refused and left as it was, though its directory is writable', () => {
    const dir = freshDir(true);
    const target = join(dir, 'ro.csv');
    writeFileSync(target, 'keep me\n');
    chmodSync(target, 0o444);
    if (IS_ROOT) chownSync(target, NOBODY, NOBODY);
    const result = run(['model', VALID, '--format', 'csv', '--output', target], { user: 'unprivileged' });
    expect(result.exit).toBe(1);
    expect(result.stderr).toMatch(/cannot write .*ro\.csv: permission denied/);
    expect(readFileSync(target, 'utf8')).toBe('keep me\n');
    expect(readdirSync(dir)).toEqual(['ro.csv']);
  });

  it('unprivileged: a directory it may not write is one plain line, exit 1', () => {
    const dir = freshDir();
    chmodSync(dir, 0o755);
    const result = run(['model', VALID, '--format', 'csv', '--output', join(dir, 'new.csv')], { user: 'unprivileged' });
    if (!IS_ROOT) return; // the current user owns the directory
    expect(result.exit).toBe(1);
    expect(result.stderr).toMatch(/^chipsforequity: cannot write .*new\.csv: permission denied$/m);
    expectPlainFailure(result.stderr);
  });

  it.each(USERS)('a symbolic link is followed: its target is replaced whole and the link stays (%s)', (user) => {
    const dir = freshDir(true);
    writeFileSync(join(dir, 'real.csv'), 'old\n');
    chmodSync(join(dir, 'real.csv'), 0o666);
    symlinkSync('real.csv', join(dir, 'link.csv'));
    const result = run(['model', VALID, '--format', 'csv', '--output', 'link.csv'], { cwd: dir, user });
    expect(result.exit, result.stderr).toBe(0);
    expect(lstatSync(join(dir, 'link.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.csv'), 'utf8')).toMatch(/^metric,value/);
    expect(readdirSync(dir).sort()).toEqual(['link.csv', 'real.csv']);
  });

  it('a file with two hard links is refused; both names keep the old content', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'a.csv'), 'old\n');
    linkSync(join(dir, 'a.csv'), join(dir, 'b.csv'));
    const result = run(['model', VALID, '--format', 'csv', '--output', 'a.csv'], { cwd: dir });
    expect(result.exit).toBe(1);
    expect(result.stderr).toContain('it has 2 hard links');
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('old\n');
    expect(readFileSync(join(dir, 'b.csv'), 'utf8')).toBe('old\n');
  });

  it('an output name of 250 characters is written (the hidden temporary name is shortened)', () => {
    const dir = freshDir();
    const name = `${'n'.repeat(246)}.csv`;
    const result = run(['model', VALID, '--format', 'csv', '--output', name], { cwd: dir });
    expect(result.exit, result.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual([name]);
  });
});

describe('/dev/stdout, /dev/stderr, /proc/self/fd/N and the redirect target are the streams, never renamed over', () => {
  it.each(['/dev/stdout', '/proc/self/fd/1', '/dev/fd/1', 'out.txt'])('--output %s with stdout redirected to out.txt', (output) => {
    const dir = freshDir();
    const result = shell(`cfe model ${VALID} --format csv --output ${output} > out.txt`, dir);
    expect(result.exit, result.stderr).toBe(0);
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toMatch(/^metric,value\r?\n/);
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
    expect(readdirSync(dir)).toEqual(['out.txt']);
  });

  it('streaming commands too: sweep --output /dev/stdout and simulate --paths-out /dev/stderr', () => {
    const dir = freshDir();
    const sweep = shell(`cfe sweep ${VALID} --vary share_price.cagr=0.1,0.2 --format csv --output /dev/stdout > out.txt`, dir);
    expect(sweep.exit, sweep.stderr).toBe(0);
    expect(readFileSync(join(dir, 'out.txt'), 'utf8').split('\r\n')[0]).toMatch(/^share_price\.cagr,/);
    const simulate = shell(`cfe simulate ${VALID} --paths 5 --workers 1 --format json --paths-out /dev/stderr 2> paths.csv > result.json`, dir);
    expect(simulate.exit, simulate.stderr).toBe(0);
    // stderr also carries the volatility note; the rows follow it
    expect(readFileSync(join(dir, 'paths.csv'), 'utf8')).toMatch(/^path,tranche_1_vest_date/m);
    expect(JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'))).toBeTypeOf('object');
    expect(lstatSync('/dev/stderr').isSymbolicLink()).toBe(true);
  });

  it('/dev/null stays a device and a FIFO nobody reads is refused at once', () => {
    const dir = freshDir();
    expect(run(['model', VALID, '--format', 'csv', '--output', '/dev/null']).exit).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    spawnSync('mkfifo', [join(dir, 'out.fifo')]);
    const started = Date.now();
    const result = run(['model', VALID, '--format', 'csv', '--output', join(dir, 'out.fifo')]);
    expect(result.exit).toBe(1);
    expect(result.stderr).toContain('a FIFO that nobody reads');
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe('the one stdout error path: > /dev/full is one plain line and exit 1, for every command', () => {
  const lines = [
    `model ${VALID} --format csv`,
    `model ${VALID}`,
    `compare ${VALID} ${VALID} --format json`,
    `sweep ${VALID} --vary share_price.cagr=0.1,0.2 --format csv`,
    `tornado ${VALID}`,
    `breakeven ${VALID} --vary amd.unit_price`,
    `simulate ${VALID} --paths 20 --workers 1`,
    `validate ${VALID}`,
    'schema',
    'init',
    '--help',
  ];
  it.each(lines)('%s', (line) => {
    const result = shell(`cfe ${line} > /dev/full`, ROOT);
    expect(result.exit).toBe(1);
    expect(result.stderr).toMatch(/^chipsforequity: cannot write standard output: no space left on device$/m);
    expectPlainFailure(result.stderr);
  });
});

describe('special files end at once: counted while reading, refused when not regular, never blocking', () => {
  it('/dev/zero on standard input stops at 10 MB', () => {
    const result = shell(`cfe validate - < /dev/zero`, ROOT);
    expect(result.exit).toBe(1);
    expect(result.stderr).toContain('standard input holds more than 10 MB');
  });

  it('/dev/zero, /dev/urandom and /dev/tty as the file or an extends target are refused before reading', () => {
    const dir = freshDir();
    for (const device of ['/dev/zero', '/dev/urandom', '/dev/tty']) {
      if (!existsSync(device)) continue;
      writeFileSync(join(dir, 'main.yaml'), `extends: ${device}\nname: x\n`);
      const asExtends = run(['validate', 'main.yaml'], { cwd: dir });
      expect(asExtends.exit).toBe(1);
      expect(asExtends.stderr).toContain('a character device, not a regular file');
      const asFile = run(['validate', device]);
      expect(asFile.exit).toBe(1);
      expect(asFile.stderr).toContain('a character device, not a scenario file');
    }
  });

  it('a FIFO as an extends target is refused even while a writer holds it open', () => {
    const dir = freshDir();
    spawnSync('mkfifo', [join(dir, 'base.yaml')]);
    writeFileSync(join(dir, 'main.yaml'), 'extends: base.yaml\nname: x\n');
    // a writer that never writes: reading the FIFO would wait for ever
    const writer = spawn('bash', ['-c', 'exec 3>base.yaml; sleep 30'], { cwd: dir, stdio: 'ignore' });
    try {
      const result = run(['validate', 'main.yaml'], { cwd: dir });
      expect(result.exit).toBe(1);
      expect(result.stderr).toContain('a FIFO (named pipe), not a regular file');
    } finally {
      writer.kill('SIGKILL');
    }
  });

  it('a pipe as the file (process substitution) is read, and one of 11 MB stops at the limit', () => {
    const ok = shell(`cfe validate <(cat ${VALID})`, ROOT);
    expect(ok.exit, ok.stderr).toBe(0);
    const big = shell(`cfe validate <(head -c 11000000 /dev/zero | tr '\\0' '#')`, ROOT);
    expect(big.exit).toBe(1);
    expect(big.stderr).toContain('more than 10 MB');
  });
});

describe('extends is confined: only regular .yaml/.yml files, and never a byte of any other file is shown', () => {
  it('/etc/passwd and /proc/self/environ, directly or behind a .yaml symlink, print none of their content', () => {
    const dir = freshDir();
    symlinkSync('/etc/passwd', join(dir, 'passwd.yaml'));
    symlinkSync('/proc/self/environ', join(dir, 'environ.yml'));
    const secret = 'CFE_SECRET_TOKEN_4242';
    for (const target of ['/etc/passwd', '/proc/self/environ', 'passwd.yaml', 'environ.yml']) {
      writeFileSync(join(dir, 'main.yaml'), `extends: ${target}\nname: x\n`);
      const result = spawnSync(process.execPath, [BIN, 'validate', 'main.yaml'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CFE_SECRET: secret } });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('extends reads only .yaml and .yml files (the file was not read)');
      expect(result.stderr).not.toMatch(/root:|CFE_SECRET|nologin/);
    }
  });

  it('--extends-root keeps every base of the chain inside the directory', () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'shared'));
    writeFileSync(join(dir, 'shared', 'base.yaml'), VALID_TEXT);
    writeFileSync(join(dir, 'shared', 'middle.yaml'), 'extends: base.yaml\n');
    writeFileSync(join(dir, 'secret.yaml'), VALID_TEXT);
    writeFileSync(join(dir, 'upload-ok.yaml'), 'extends: shared/middle.yaml\nname: Upload\n');
    writeFileSync(join(dir, 'shared', 'evil.yaml'), 'extends: ../secret.yaml\n');
    writeFileSync(join(dir, 'upload-evil.yaml'), 'extends: shared/evil.yaml\nname: Upload\n');
    expect(run(['validate', '--extends-root', 'shared', 'upload-ok.yaml'], { cwd: dir }).exit).toBe(0);
    const evil = run(['model', 'upload-evil.yaml', '--extends-root', 'shared'], { cwd: dir });
    expect(evil.exit).toBe(1);
    expect(evil.stderr).toContain('outside the --extends-root directory shared');
    // without the option, the same chain is allowed (a user's own files)
    expect(run(['validate', 'upload-evil.yaml'], { cwd: dir }).exit).toBe(0);
  });
});

describe('terminating signals remove the temporary file of an unfinished --output', () => {
  const BIG = ['--vary', 'share_price.cagr=0:0.9999:0.0001', '--vary', 'warrant.tax_rate=0:0.99:0.01', '--format', 'csv', '--workers', '0'];
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s', async (signal) => {
    const dir = freshDir();
    const target = join(dir, 'out.csv');
    writeFileSync(target, 'previous\n');
    const child = spawn(process.execPath, [BIN, 'sweep', VALID, ...BIG, '--output', target], { stdio: 'ignore' });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const temps = readdirSync(dir).filter((f) => f.startsWith('.out.csv.'));
      if (temps.length > 0 && statSync(join(dir, temps[0]!)).size > 10_000) break;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('the sweep never started writing');
      await new Promise((r) => setTimeout(r, 50));
    }
    const closed = new Promise<NodeJS.Signals | null>((r) => child.on('close', (_code, sig) => r(sig)));
    child.kill(signal);
    expect(await closed).toBe(signal);
    expect(readdirSync(dir)).toEqual(['out.csv']);
    expect(readFileSync(target, 'utf8')).toBe('previous\n');
  }, 120_000);
});

describe('control characters reach no terminal raw; csv and json keep them exact', () => {
  const evilName = 'Deal \u001b]0;pwned\u0007\u001b[2J\u202e end';
  const dir = freshDir();
  const file = join(dir, 'evil.yaml');
  writeFileSync(file, VALID_TEXT.replace('name: Catalog base', `name: ${JSON.stringify(evilName)}`).replace('  unit_price: 60000', '  name: "Nv\\e[31mdia"\n  unit_price: 60000'));

  it.each([['table'], ['markdown']])('model --format %s', (format) => {
    const result = run(['model', file, '--format', format]);
    expect(result.exit).toBe(0);
    // eslint-disable-next-line no-control-regex
    expect(result.stdout + result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    // shown as visible escapes (markdown doubles the backslash so that it renders as one)
    expect(result.stdout).toMatch(/\\{1,2}x1b\\?\]0;pwned\\{1,2}x07/);
  });

  it('json and csv keep the name exactly', () => {
    const json = run(['model', file, '--format', 'json']);
    expect(JSON.parse(json.stdout).scenario.name).toBe(evilName);
    const compare = run(['compare', file, VALID, '--format', 'csv']);
    expect(compare.stdout).toContain(evilName);
  });

  it('errors and warnings: a key, a value and a file name with ESC and a newline', () => {
    const named = join(dir, 'bad\nname\u001b[2J.yaml');
    writeFileSync(named, VALID_TEXT.replace('baseline:\n', 'baseline:\n  "\\e]0;t\\a": 1\n'));
    const result = run(['validate', named]);
    expect(result.exit).toBe(1);
    // eslint-disable-next-line no-control-regex
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    // every message line still starts with the whole file:line:col
    expect(result.stderr.split('\n')[0]).toMatch(/^\S*bad\\nname\\x1b\[2J\.yaml:15:3: /);
    const warning = run(['model', file, '--format', 'json']);
    // eslint-disable-next-line no-control-regex
    expect(warning.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});
