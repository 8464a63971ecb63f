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
 * and cases/NAME.expected holds `exit N` on its first line, then the exact stderr. Stdout must be
 * empty when N is not 0. Cases expected to succeed (exit 0, names starting `ok-`) pin inputs that
 * must be accepted (a UTF-8 BOM, CRLF line ends, a tiny number); their stdout is only checked for
 * NaN/Infinity/undefined (the full results are pinned by tests/golden).
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
  // The same scenario as UTF-16 big-endian with a byte-order mark.
  'utf16be-encoded': () => swapBytes(Buffer.from(`\ufeff${valid()}`, 'utf16le')),
  // UTF-16 LE without a byte-order mark (the NUL bytes give it away).
  'utf16-no-bom': () => Buffer.from(valid(), 'utf16le'),
  // A UTF-32 LE byte-order mark and text.
  'utf32-encoded': () => Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x00]), Buffer.from([...'version: 1\n'].flatMap((c) => [c.charCodeAt(0), 0, 0, 0]))]),
  // Invalid UTF-8 in the middle of a line: 0xC3 followed by "(" (not a continuation byte).
  'invalid-utf8-mid-line': () => Buffer.concat([Buffer.from(valid().replace('name: Catalog base', 'name: Catalog ')), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]),
  // A file cut in the middle of a multi-byte character ("é" is 0xC3 0xA9; only 0xC3 remains).
  'utf8-truncated-character': () => Buffer.concat([Buffer.from('version: 1\nname: Caf'), Buffer.from([0xc3])]),
  // A UTF-8 "overlong" encoding of "/" (0xC0 0xAF), a classic filter bypass.
  'utf8-overlong': () => Buffer.concat([Buffer.from('version: 1\nname: a'), Buffer.from([0xc0, 0xaf]), Buffer.from('b\n')]),
  // A NUL byte inside a value.
  'ok-nul-byte': () => Buffer.from(valid().replace('name: Catalog base', 'name: Catalog\u0000base')),
  // Exactly one byte over 10 MB (10 * 1024 * 1024 + 1): refused by size, however valid it looks.
  'size-10mb-plus-one': () => {
    const head = Buffer.from(valid());
    return Buffer.concat([head, Buffer.alloc(10 * 1024 * 1024 + 1 - head.length, '#')]);
  },
  // 11 MB of one long valid YAML comment line.
  'size-11mb-one-line': () => Buffer.concat([Buffer.from(valid()), Buffer.from('# '), Buffer.alloc(11 * 1024 * 1024, 'x')]),
  // 10,000 levels of flow nesting: refused with a clear message, not a crash.
  'nesting-10000-flow': () => Buffer.from(`version: 1\nname: deep\nfoo: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`),
  // 10,000 levels of nested flow mappings.
  'nesting-10000-maps': () => Buffer.from(`version: 1\nname: deep\nfoo: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`),
  // 1,000 levels of block mappings (10,000 would be 100 MB of indentation, refused by size).
  'nesting-1000-block': () => Buffer.from(`version: 1\nname: deep\nfoo:\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i + 1)}a:\n`).join('')}`),
  // --- accepted inputs (exit 0): the catalog also pins what must NOT be refused
  // A UTF-8 byte-order mark (as some Windows editors write) is accepted and dropped.
  'ok-utf8-bom': () => Buffer.from(`\ufeff${valid()}`),
  // Windows line ends (CRLF) are accepted.
  'ok-crlf': () => Buffer.from(valid().replace(/\n/g, '\r\n')),
  // Old Mac line ends (CR only) are one long line with a comment: the scenario is then empty.
  'cr-only-line-ends': () => Buffer.from(valid().replace(/\n/g, '\r')),
};

/** The catalog's valid base scenario, as text. */
function valid() {
  return readFileSync(join(ROOT, 'tests', 'errors', 'fixtures', 'valid.yaml'), 'utf8');
}

/** UTF-16 LE bytes to UTF-16 BE. */
function swapBytes(buffer) {
  const out = Buffer.from(buffer);
  out.swap16();
  return out;
}

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
    // stdin is closed at once: a case reading `-` sees an empty input instead of waiting forever
    child.stdin.end();
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ exit: code ?? -1, stdout, stderr }));
  });
}
