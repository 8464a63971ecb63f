/**
 * The error catalog (STYLE habit 7, hledger style): one bad scenario per distinct mistake, each
 * with the exact stderr and exit code the real CLI must give. Shared by tests/errors/catalog.test.ts
 * (which checks) and scripts/update-error-catalog.mjs (which rewrites the .expected files, to be
 * reviewed in the diff).
 *
 * A case is one of:
 *   cases/NAME.yaml        run as `validate tests/errors/cases/NAME.yaml`
 *   cases/NAME/main.yaml   (a directory, for extends cases) run as `validate tests/errors/cases/NAME/main.yaml`
 *   cases/NAME.args        the command line, one argument per line
 *   GENERATED[NAME]        bytes written to a temporary NAME.yaml (too big or too binary to commit),
 *                          run as `validate NAME.yaml` in that directory
 * and cases/NAME.expected holds `exit N` on its first line, then the exact stderr. Stdout must be empty.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CASES = join(ROOT, 'tests', 'errors', 'cases');
const BIN = join(ROOT, 'bin', 'chipsforequity');

/** Cases whose input is generated at test time. */
export const GENERATED = {
  // 12 MB of comments: refused by size before it is read (SPEC §6: files over 10 MB).
  'too-large': () => Buffer.alloc(12 * 1024 * 1024, '# padding of a scenario that is far too large\n'),
  // A valid scenario saved as UTF-16 LE with a byte-order mark (as Windows Notepad may save it).
  'utf16-encoded': () => Buffer.from(`\ufeff${readFileSync(join(ROOT, 'tests', 'errors', 'fixtures', 'valid.yaml'), 'utf8')}`, 'utf16le'),
  // "name: Réseau" saved as Latin-1: the é (0xE9) is not UTF-8.
  'latin1-encoded': () => Buffer.concat([Buffer.from('version: 1\nname: R'), Buffer.from([0xe9]), Buffer.from('seau\n')]),
};

/** Every case name, sorted. */
export function listCases() {
  const names = new Set(Object.keys(GENERATED));
  for (const entry of readdirSync(CASES)) {
    const full = join(CASES, entry);
    if (statSync(full).isDirectory()) names.add(entry);
    else if (entry.endsWith('.yaml')) names.add(entry.slice(0, -'.yaml'.length));
    else if (entry.endsWith('.args')) names.add(entry.slice(0, -'.args'.length));
  }
  return [...names].sort();
}

/** Runs one case through the real CLI: `{ exit, stdout, stderr }`. */
export async function runCase(name) {
  if (name in GENERATED) {
    const dir = mkdtempSync(join(tmpdir(), 'cfe-catalog-'));
    try {
      writeFileSync(join(dir, `${name}.yaml`), GENERATED[name]());
      return await runCli(['validate', `${name}.yaml`], dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const args = join(CASES, `${name}.args`);
  if (existsSync(args)) return runCli(readFileSync(args, 'utf8').split('\n').filter((line) => line !== ''), ROOT);
  const dir = join(CASES, name);
  const file = existsSync(dir) ? `tests/errors/cases/${name}/main.yaml` : `tests/errors/cases/${name}.yaml`;
  return runCli(['validate', file], ROOT);
}

/** The text of an .expected file for a result. */
export function formatExpected(result) {
  return `exit ${result.exit}\n${result.stderr}`;
}

export function expectedPath(name) {
  return join(CASES, `${name}.expected`);
}

function runCli(args, cwd) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ exit: code ?? -1, stdout, stderr }));
  });
}
