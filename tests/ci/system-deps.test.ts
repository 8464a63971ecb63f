/**
 * `.ci/system-deps`, the one place that installs what the tests need (npm test runs it as its
 * `pretest` step). Each case runs the real script with a PATH we control: a directory holding only
 * `bash` and, when the case needs one, a fake `apt-get` that records its arguments and "installs"
 * (or fails to install) fake `soffice`/`python3` commands. So the fresh-machine path — LibreOffice
 * hidden from PATH — is exercised end to end without reinstalling anything for real.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = resolve(__dirname, '../../.ci/system-deps');
const which = (name: string) => spawnSync('bash', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
const BASH = which('bash');
const CHMOD = which('chmod');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A bin directory with bash only (no soffice, no python3, no apt-get unless `aptGet` is given). */
function bareBin(aptGet?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'system-deps-'));
  dirs.push(dir);
  symlinkSync(BASH, join(dir, 'bash'));
  if (aptGet !== undefined) {
    writeFileSync(join(dir, 'apt-get'), `#!${BASH}\necho "$*" >> "${dir}/apt-get.log"\n${aptGet}\n`);
    chmodSync(join(dir, 'apt-get'), 0o755);
  }
  return dir;
}

function run(bin: string, ...args: string[]) {
  const result = spawnSync(join(bin, 'bash'), [SCRIPT, ...args], { encoding: 'utf8', env: { PATH: bin } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** apt-get that creates the commands of the packages it is asked to install. */
const INSTALLING_APT = [
  'if [ "$1" = install ]; then',
  '  for p in "$@"; do',
  `    case "$p" in libreoffice-calc-nogui) c=soffice ;; python3) c=python3 ;; chromium) c=chromium ;; coreutils) c=mkfifo ;; util-linux) c=setpriv ;; parallel) c=parallel ;; *) continue ;; esac`,
  `    printf "#!/bin/sh\\n" > "\${0%/*}/$c"; ${CHMOD} +x "\${0%/*}/$c"`,
  '  done',
  'fi',
].join('\n');

describe('.ci/system-deps with LibreOffice (and Python) hidden from PATH', () => {
  it('--check fails loudly and names each missing command and its package', () => {
    const check = run(bareBin(), '--check');
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('soffice is not on PATH (Debian package libreoffice-calc-nogui)');
    expect(check.stderr).toContain('python3 is not on PATH (Debian package python3)');
    expect(check.stderr).toContain('FAILED: the tests cannot run without: libreoffice-calc-nogui python3');
  });

  it('--dry-run prints the apt-get command it would run, and runs nothing', () => {
    const bin = bareBin('exit 0');
    const r = run(bin, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('would run: apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui python3');
    expect(existsSync(join(bin, 'apt-get.log'))).toBe(false);
  });

  it('installs the missing packages with apt-get and checks the commands are there afterwards', () => {
    const bin = bareBin(INSTALLING_APT);
    const r = run(bin);
    if (isRoot) {
      // everything the bare PATH lacks (Debian's own /usr/bin/python3.11 still imports QuantLib)
      expect(r.stderr).toContain('installing libreoffice-calc-nogui python3 chromium coreutils util-linux parallel');
      expect(r.code).toBe(0);
      const calls = readFileSync(join(bin, 'apt-get.log'), 'utf8').trim().split('\n');
      expect(calls).toEqual(['update -qq', 'install -y -qq --no-install-recommends libreoffice-calc-nogui python3 chromium coreutils util-linux parallel']);
      expect(existsSync(join(bin, 'soffice'))).toBe(true);
      // and a second run finds everything: nothing more is installed
      expect(run(bin).code).toBe(0);
      expect(readFileSync(join(bin, 'apt-get.log'), 'utf8').trim().split('\n')).toHaveLength(2);
    } else {
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('FAILED: installing libreoffice-calc-nogui python3 needs root');
    }
  });

  it('fails loudly when apt-get fails', () => {
    const r = run(bareBin('exit 100'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(isRoot ? /FAILED: apt-get could not install libreoffice-calc-nogui python3/ : /FAILED: .*needs root/);
  });

  it('fails loudly when apt-get "succeeds" but the command is still missing', () => {
    const r = run(bareBin('exit 0'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(isRoot ? /FAILED: soffice is still not on PATH after installing libreoffice-calc-nogui/ : /needs root/);
  });

  it('fails loudly on a machine without apt-get', () => {
    const r = run(bareBin());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('FAILED: no apt-get on this machine');
  });

  it('an unknown option is refused', () => {
    expect(run(bareBin(), '--bogus').code).toBe(2);
  });
});

describe('.ci/system-deps on this machine', () => {
  it('finds everything the tests need (npm test installed it in its pretest step)', () => {
    const r = spawnSync('bash', [SCRIPT, '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('is the pretest step of the README test command', () => {
    const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8'));
    expect(pkg.scripts.pretest).toBe('bash .ci/system-deps');
  });
});
