/**
 * The error catalog: every bad scenario in tests/errors/cases is run through the real CLI
 * (`node bin/chipsforequity validate ...`, built dist/) and must give exactly its expected stderr
 * and exit code, with nothing on stdout. Regenerate with `node scripts/update-error-catalog.mjs`
 * and review the diff.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectedPath, formatExpected, listCases, runCase } from './catalog.mjs';

const names = listCases();

describe('error catalog', () => {
  it('holds at least 45 cases, each with its expected output', () => {
    expect(names.length).toBeGreaterThanOrEqual(45);
    expect(names.filter((name) => !existsSync(expectedPath(name)))).toEqual([]);
  });

  describe.concurrent('cases', () => {
    it.each(names)('%s', async (name) => {
      const result = await runCase(name);
      expect(result.stdout).toBe('');
      expect(formatExpected(result)).toBe(readFileSync(expectedPath(name), 'utf8'));
      // a user mistake is never a stack trace or an internal error
      expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
      expect(result.exit).toBe(1);
    });
  });
});
