/**
 * The error catalog: every bad scenario in tests/errors/cases is run through the real CLI
 * (`node bin/chipsforequity validate ...`, built dist/) and must give exactly its expected stderr
 * and exit code, with nothing on stdout. Regenerate with `node scripts/update-error-catalog.mjs`
 * and review the diff.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectedPath, formatExpected, listCases, runCase, type CaseResult } from './catalog.mjs';

const names = listCases();

/** Every case, run once up front by a small pool (spawning ~300 CLIs one `it` at a time is slow). */
const results = new Map<string, Promise<CaseResult>>();
function resultOf(name: string): Promise<CaseResult> {
  return results.get(name)!;
}

beforeAll(() => {
  const queue = [...names];
  const width = Math.max(4, availableParallelism() * 2);
  const settle = new Map<string, (r: CaseResult) => void>();
  for (const name of names) results.set(name, new Promise((resolve) => settle.set(name, resolve)));
  const worker = async (): Promise<void> => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) settle.get(name)!(await runCase(name));
  };
  for (let i = 0; i < width; i++) void worker();
});

describe('error catalog', () => {
  it('holds at least 150 cases, each with its expected output', () => {
    expect(names.length).toBeGreaterThanOrEqual(150);
    expect(names.filter((name) => !existsSync(expectedPath(name)))).toEqual([]);
  });

  describe.concurrent('cases', () => {
    it.each(names)('%s', async (name) => {
      const result = await resultOf(name);
      const expected = readFileSync(expectedPath(name), 'utf8');
      expect(formatExpected(result)).toBe(expected);
      // a user mistake is never a stack trace or an internal error
      expect(result.stderr).not.toMatch(/\n\s+at |internal error|EPIPE|Error:/);
      // exit codes are 0, 1 or 2 only (SPEC §4); only the ok- cases succeed
      expect([0, 1, 2]).toContain(result.exit);
      expect(result.exit === 0).toBe(name.startsWith('ok-'));
      if (result.exit !== 0) {
        expect(result.stdout).toBe('');
        // every error says where: file:line:col, a file, the option (--set/--vary) or the program
        expect(result.stderr).toMatch(/^(\S+:\d+:\d+: |\S+: |--(set|vary) .*?: |chipsforequity: |error: )/m);
      } else {
        expect(result.stdout).not.toBe('');
        expect(result.stdout).not.toMatch(/NaN|Infinity|undefined/);
      }
    });
  });
});
