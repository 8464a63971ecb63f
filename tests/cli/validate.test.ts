/** `validate FILE...` through the built CLI: ok lines, errors per file, exit codes, stdin, --set. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCli } from './run-cli.js';

const SHIPPED = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).sort().map((f) => `scenarios/${f}`);
const VALID = 'tests/errors/fixtures/valid.yaml';

describe('validate', () => {
  it('accepts every shipped scenario', () => {
    const run = runCli(['validate', ...SHIPPED]);
    // valid, but not all sensible: the same warnings model prints, each naming its file
    const warnings = SHIPPED.flatMap((f) =>
      runCli(['model', f, '--metric', 'savings']).stderr.split('\n').filter((l) => l !== '').map((l) => l.replace(/^warning: /, `warning: ${f}: `)),
    );
    expect(warnings.length).toBeGreaterThan(0);
    expect(run.stderr).toBe(warnings.map((l) => `${l}\n`).join(''));
    expect(run.stdout).toBe(SHIPPED.map((f) => `ok ${f}\n`).join(''));
    expect(run.status).toBe(0);
  });

  it('checks every file, prints ok for the good ones and exits 1 if any is bad', () => {
    const bad = 'tests/errors/cases/negative-price.yaml';
    const run = runCli(['validate', VALID, bad, VALID, '--quiet']);
    expect(run.stdout).toBe(`ok ${VALID}\nok ${VALID}\n`);
    expect(run.stderr).toBe(
      `${bad}:15:15: baseline.unit_price: must be greater than 0, got -60000\n    unit_price: -60000\n                ^\n`,
    );
    expect(run.status).toBe(1);
  });

  it('reads - from stdin and names it <stdin> in errors', () => {
    expect(runCli(['validate', '-'], { input: 'version: 1\nname: [\n' })).toMatchObject({
      status: 1,
      stdout: '',
      stderr: '<stdin>:3:1: (document): not valid YAML: a [ list is not closed with ] (or a line in it is not indented enough)\n',
    });
  });

  it('applies --set before validating', () => {
    expect(runCli(['validate', VALID, '--set', 'warrant.shares=101'])).toMatchObject({
      status: 1,
      stderr: `${VALID}:24:3: warrant.tranches: tranche shares add up to 100, 1 less than warrant.shares 101; they must add up exactly\n    tranches:\n    ^\n`,
    });
    // 60 + 41 = 101 after both overrides
    expect(runCli(['validate', VALID, '--set', 'warrant.shares=101', '--set', 'warrant.tranches[1].shares=41'])).toMatchObject({ status: 0, stdout: `ok ${VALID}\n` });
  });
});
