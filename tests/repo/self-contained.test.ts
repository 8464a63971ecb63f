/**
 * The repository explains itself: no tracked file outside tests/ may point at `shared/` (the
 * project's working notes, which a clone does not contain). Scenarios, --help, init's template and
 * the README cite docs/ instead, and every docs/ file they cite exists.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((f) => f !== '' && existsSync(join(ROOT, f)));

describe('the repository is self-contained', () => {
  it('git ls-files lists the project (the test reads the real tree)', () => {
    expect(tracked).toContain('README.md');
    expect(tracked).toContain('scenarios/meta-amd-base.yaml');
  });

  it('no tracked file outside tests/ names shared/', () => {
    const offenders: string[] = [];
    for (const file of tracked) {
      if (file.startsWith('tests/')) continue;
      const text = readFileSync(join(ROOT, file), 'latin1');
      text.split('\n').forEach((line, i) => {
        if (/(^|[^A-Za-z0-9_-])shared\//.test(line)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('every docs/… file that a tracked file cites exists', () => {
    const missing = new Set<string>();
    for (const file of tracked) {
      if (file.startsWith('tests/') || file === 'package-lock.json') continue;
      const text = readFileSync(join(ROOT, file), 'latin1');
      for (const match of text.matchAll(/(?<![A-Za-z0-9_./-])docs\/([A-Za-z0-9_-]+\.md)/g)) {
        if (!existsSync(join(ROOT, 'docs', match[1]!))) missing.add(`${file}: docs/${match[1]}`);
      }
    }
    expect([...missing]).toEqual([]);
  });
});
