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
 *   PREPARED[NAME]         a function that builds files in a fresh temporary directory (symbolic
 *                          and hard links, FIFOs, names with control characters: things git cannot
 *                          hold) and returns the command line, run in that directory (issue 12)
 * and cases/NAME.expected holds `exit N` on its first line, then the exact stderr. Stdout must be
 * empty when N is not 0. Cases expected to succeed (exit 0, names starting `ok-`) pin inputs that
 * must be accepted (a UTF-8 BOM, CRLF line ends, a tiny number); their stdout is only checked for
 * NaN/Infinity/undefined (the full results are pinned by tests/golden).
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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
  // 300 recurring costs over 1,200 months = 360,000 bookings: refused up front (limit 250,000, issue 12).
  'too-many-recurring-bookings': () => Buffer.from(recurringCosts(300)),
  // 1,000,001 lines (mostly blank): refused before parsing (limit 1,000,000 lines, issue 12).
  'too-many-lines': () => Buffer.from(valid() + '\n'.repeat(1_000_000)),
  // --- accepted inputs (exit 0): the catalog also pins what must NOT be refused
  // 200 recurring costs over 1,200 months = 240,000 bookings: within the limit.
  'ok-recurring-bookings-within-limit': () => Buffer.from(recurringCosts(200)),
  // 999,000 blank lines: within the line limit, and parsed in about linear time.
  'ok-many-blank-lines': () => Buffer.from(valid().replace('baseline:\n', `baseline:\n${'\n'.repeat(999_000)}`)),
  // A UTF-8 byte-order mark (as some Windows editors write) is accepted and dropped.
  'ok-utf8-bom': () => Buffer.from(`\ufeff${valid()}`),
  // Windows line ends (CRLF) are accepted.
  'ok-crlf': () => Buffer.from(valid().replace(/\n/g, '\r\n')),
  // Old Mac line ends (CR only) are one long line with a comment: the scenario is then empty.
  'cr-only-line-ends': () => Buffer.from(valid().replace(/\n/g, '\r')),
};

/** A child scenario that extends `base` and changes the name. */
const CHILD = (base) => `# extends a base in the same directory\nextends: ${base}\nname: Child\n`;
const SIM = ['--paths', '10', '--workers', '1'];
const VALID_PATH = join(ROOT, 'tests', 'errors', 'fixtures', 'valid.yaml');

/**
 * Cases whose files are built at test time in a fresh directory `dir` (issue 12: outputs that
 * are inputs, links, special files, names with control characters). Each returns the argv.
 */
export const PREPARED = {
  // --- an output never destroys an input (exit 2, before any work)
  'output-over-scenario': (dir) => {
    writeFileSync(join(dir, 's.yaml'), valid());
    return ['model', 's.yaml', '--format', 'csv', '--output', 's.yaml'];
  },
  'output-over-scenario-through-symlink': (dir) => {
    writeFileSync(join(dir, 's.yaml'), valid());
    symlinkSync('s.yaml', join(dir, 'out.csv'));
    return ['model', 's.yaml', '--format', 'csv', '--output', 'out.csv'];
  },
  'output-over-scenario-other-spelling': (dir) => {
    writeFileSync(join(dir, 's.yaml'), valid());
    mkdirSync(join(dir, 'sub'));
    return ['model', 's.yaml', '--format', 'json', '--output', 'sub/../s.yaml'];
  },
  'paths-out-over-extends-base': (dir) => {
    writeFileSync(join(dir, 'base.yaml'), valid());
    writeFileSync(join(dir, 'main.yaml'), CHILD('base.yaml'));
    return ['simulate', 'main.yaml', ...SIM, '--paths-out', 'base.yaml'];
  },
  'sweep-output-over-extends-base': (dir) => {
    writeFileSync(join(dir, 'base.yaml'), valid());
    writeFileSync(join(dir, 'main.yaml'), CHILD('base.yaml'));
    return ['sweep', 'main.yaml', '--vary', 'share_price.cagr=0.1,0.2', '--format', 'csv', '--output', 'base.yaml'];
  },
  'compare-output-over-second-file': (dir) => {
    writeFileSync(join(dir, 'a.yaml'), valid());
    writeFileSync(join(dir, 'b.yaml'), valid());
    return ['compare', 'a.yaml', 'b.yaml', '--format', 'csv', '--output', 'b.yaml'];
  },
  'output-and-paths-out-same-file': (dir) => {
    writeFileSync(join(dir, 's.yaml'), valid());
    return ['simulate', 's.yaml', ...SIM, '--format', 'json', '--output', 'o.csv', '--paths-out', './o.csv'];
  },
  'paths-out-on-stdout-with-stdout-output': (dir) => {
    writeFileSync(join(dir, 's.yaml'), valid());
    return ['simulate', 's.yaml', ...SIM, '--paths-out', '/dev/stdout'];
  },
  // --- what --output refuses to replace (exit 1, before any work)
  'output-hard-linked-file': (dir) => {
    writeFileSync(join(dir, 's.yaml'), valid());
    writeFileSync(join(dir, 'out.csv'), 'old\n');
    linkSync(join(dir, 'out.csv'), join(dir, 'other-name.csv'));
    return ['model', 's.yaml', '--format', 'csv', '--output', 'out.csv'];
  },
  'output-dangling-symlink': (dir) => {
    writeFileSync(join(dir, 's.yaml'), valid());
    symlinkSync('missing/target.csv', join(dir, 'out.csv'));
    return ['model', 's.yaml', '--format', 'csv', '--output', 'out.csv'];
  },
  'output-symlink-loop': (dir) => {
    writeFileSync(join(dir, 's.yaml'), valid());
    symlinkSync('b.csv', join(dir, 'a.csv'));
    symlinkSync('a.csv', join(dir, 'b.csv'));
    return ['sweep', 's.yaml', '--vary', 'share_price.cagr=0.1,0.2', '--format', 'csv', '--output', 'a.csv'];
  },
  'output-fifo-without-reader': (dir) => {
    writeFileSync(join(dir, 's.yaml'), valid());
    execFileSync('mkfifo', [join(dir, 'out.fifo')]);
    return ['model', 's.yaml', '--format', 'csv', '--output', 'out.fifo'];
  },
  // --- extends is confined to regular .yaml/.yml files; content of other files is never shown
  'extends-symlink-to-non-yaml': (dir) => {
    symlinkSync('/etc/passwd', join(dir, 'base.yaml'));
    writeFileSync(join(dir, 'main.yaml'), CHILD('base.yaml'));
    return ['validate', 'main.yaml'];
  },
  'extends-fifo': (dir) => {
    execFileSync('mkfifo', [join(dir, 'base.yaml')]);
    writeFileSync(join(dir, 'main.yaml'), CHILD('base.yaml'));
    return ['validate', 'main.yaml'];
  },
  'extends-symlink-to-dev-zero': (dir) => {
    symlinkSync('/dev/zero', join(dir, 'base.yaml'));
    writeFileSync(join(dir, 'main.yaml'), CHILD('base.yaml'));
    return ['validate', 'main.yaml'];
  },
  'extends-root-outside': (dir) => {
    mkdirSync(join(dir, 'root'));
    writeFileSync(join(dir, 'base.yaml'), valid());
    writeFileSync(join(dir, 'main.yaml'), CHILD('base.yaml'));
    return ['validate', '--extends-root', 'root', 'main.yaml'];
  },
  'extends-root-escape-by-dotdot': (dir) => {
    mkdirSync(join(dir, 'root'));
    writeFileSync(join(dir, 'secret.yaml'), valid());
    writeFileSync(join(dir, 'root', 'main.yaml'), CHILD('../secret.yaml'));
    return ['model', 'root/main.yaml', '--extends-root', 'root'];
  },
  'extends-root-escape-by-symlink': (dir) => {
    mkdirSync(join(dir, 'root'));
    writeFileSync(join(dir, 'secret.yaml'), valid());
    symlinkSync('../secret.yaml', join(dir, 'root', 'base.yaml'));
    writeFileSync(join(dir, 'root', 'main.yaml'), CHILD('base.yaml'));
    return ['validate', '--extends-root', 'root', 'root/main.yaml'];
  },
  'ok-extends-root-inside': (dir) => {
    mkdirSync(join(dir, 'root'));
    writeFileSync(join(dir, 'root', 'base.yaml'), valid());
    writeFileSync(join(dir, 'upload.yaml'), CHILD('root/base.yaml'));
    return ['validate', '--extends-root', 'root', 'upload.yaml'];
  },
  // --- special files as the scenario: refused at once, never read without end or waited for
  'file-is-symlink-loop': (dir) => {
    symlinkSync('b.yaml', join(dir, 'a.yaml'));
    symlinkSync('a.yaml', join(dir, 'b.yaml'));
    return ['validate', 'a.yaml'];
  },
  'extends-symlink-loop': (dir) => {
    symlinkSync('b.yaml', join(dir, 'a.yaml'));
    symlinkSync('a.yaml', join(dir, 'b.yaml'));
    writeFileSync(join(dir, 'main.yaml'), CHILD('a.yaml'));
    return ['validate', 'main.yaml'];
  },
  'fifo-as-file-without-writer': (dir) => {
    // a FIFO nobody writes: read at once as empty, never waited for
    execFileSync('mkfifo', [join(dir, 'in.yaml')]);
    return ['validate', 'in.yaml'];
  },
  // --- an empty name is a usage error, never "every metric" or a file called ''
  'metric-empty': () => ['model', VALID_PATH, '--metric', ''],
  'metrics-empty': () => ['sweep', VALID_PATH, '--vary', 'share_price.cagr=0.1,0.2', '--metrics', ''],
  'simulate-metric-empty': () => ['simulate', VALID_PATH, '--paths', '10', '--metric', ''],
  'tornado-metric-empty': () => ['tornado', VALID_PATH, '--metric', ''],
  'model-output-empty': () => ['model', VALID_PATH, '--output', ''],
  'simulate-paths-out-empty': () => ['simulate', VALID_PATH, '--paths', '10', '--paths-out', ''],
  'init-empty-name': () => ['init', ''],
  'extends-root-empty': () => ['validate', '--extends-root', '', VALID_PATH],
  // --- control characters never reach the terminal raw
  'file-name-with-newline': (dir) => {
    writeFileSync(join(dir, 'bad\nname.yaml'), 'version: 2\n');
    return ['validate', 'bad\nname.yaml'];
  },
  'file-name-with-escape': (dir) => {
    writeFileSync(join(dir, 'x\u001b]0;pwned\u0007.yaml'), valid().replace('periods: 8', 'periods: eight'));
    return ['validate', 'x\u001b]0;pwned\u0007.yaml'];
  },
  'ok-file-name-with-escape': (dir) => {
    writeFileSync(join(dir, 'x\u001b[2J.yaml'), valid());
    return ['validate', 'x\u001b[2J.yaml'];
  },
  'extends-name-with-escape': (dir) => {
    writeFileSync(join(dir, 'main.yaml'), CHILD('"\\e[2Jmissing.yaml"'));
    return ['validate', 'main.yaml'];
  },
};

/** The valid scenario over 1,200 months with `count` recurring other costs on the AMD side. */
function recurringCosts(count) {
  const costs = Array.from({ length: count }, (_, i) => `    - { name: cost ${i}, per_year: ${1000 + i} }`).join('\n');
  return valid()
    .replace('periods: 8', 'periods: 1200\n  step: month')
    .replace('expiry: 2030-01-01', 'expiry: 2130-01-01')
    .replace('  units_per_gw: 250000\n', `  units_per_gw: 250000\n  other_costs:\n${costs}\n`);
}

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
  const names = new Set([...Object.keys(GENERATED), ...Object.keys(PREPARED)]);
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
  if (name in PREPARED) {
    const dir = mkdtempSync(join(tmpdir(), 'cfe-catalog-'));
    try {
      return await runCli(PREPARED[name](dir), dir);
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
