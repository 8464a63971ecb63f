/**
 * Bin tests (issue 3): spawn the built CLI and check --help, --version, usage exit codes, `init`
 * and `schema`. Build first (`npm test` does).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { STARTER_SCENARIO } from '../../src/scenario/index.js';
import { root, runCli } from './run-cli.js';

const SHIPPED = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).sort();

describe('help and version', () => {
  it('--help lists every command and exits 0', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    for (const command of ['model', 'compare', 'sweep', 'tornado', 'breakeven', 'simulate', 'value', 'report', 'validate', 'schema', 'init']) {
      expect(run.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });

  it.each(['validate', 'schema', 'init'])('%s --help exits 0 and shows the usage', (command) => {
    const run = runCli([command, '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Usage: chipsforequity ${command}`);
  });

  it('--version prints the version of package.json', () => {
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    const run = runCli(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it('exits 2 on an unknown option, an unknown command and a missing argument', () => {
    const option = runCli(['validate', '--frobnicate', 'x.yaml']);
    expect(option.status).toBe(2);
    expect(option.stderr).toContain("unknown option '--frobnicate'");
    const command = runCli(['valdate', 'x.yaml']);
    expect(command.status).toBe(2);
    expect(command.stderr).toContain('unknown command');
    expect(command.stderr).toContain('validate'); // commander's "did you mean"
    expect(runCli(['validate']).status).toBe(2);
  });
});

describe('init', () => {
  it('writes a starter that validates, and refuses to overwrite it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfe-init-'));
    const file = join(dir, 'mine.yaml');
    const first = runCli(['init', file]);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(STARTER_SCENARIO);
    expect(runCli(['validate', file])).toMatchObject({ status: 0, stdout: `ok ${file}\n`, stderr: '' });

    writeFileSync(file, 'my own work\n');
    const again = runCli(['init', file]);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(`chipsforequity: ${file} already exists; init never overwrites a file (choose another name or remove it)\n`);
    expect(readFileSync(file, 'utf8')).toBe('my own work\n');
  });

  it('prints the starter with - or no FILE', () => {
    expect(runCli(['init'])).toMatchObject({ status: 0, stdout: STARTER_SCENARIO });
    expect(runCli(['init', '-'])).toMatchObject({ status: 0, stdout: STARTER_SCENARIO });
    expect(runCli(['validate', '-'], { input: STARTER_SCENARIO })).toMatchObject({ status: 0, stdout: 'ok -\n' });
  });
});

// ---- a minimal JSON Schema checker (no validator package is installed): the keywords the
// generated schema uses, enough to prove the schema accepts the shipped scenarios' data ----

type Schema = Record<string, unknown>;

function check(schema: Schema, value: unknown, rootSchema: Schema, path = ''): string[] {
  if (typeof schema['$ref'] === 'string') {
    const target = (schema['$ref'] as string).replace(/^#\//, '').split('/').reduce<unknown>((node, key) => (node as Schema)[key], rootSchema);
    return check(target as Schema, value, rootSchema, path);
  }
  const errors: string[] = [];
  if (schema['anyOf']) {
    const options = schema['anyOf'] as Schema[];
    if (!options.some((option) => check(option, value, rootSchema, path).length === 0)) errors.push(`${path}: matches no anyOf option`);
  }
  if (schema['if']) {
    const branch = check(schema['if'] as Schema, value, rootSchema, path).length === 0 ? schema['then'] : schema['else'];
    if (branch) errors.push(...check(branch as Schema, value, rootSchema, path));
  }
  if (schema['not'] && check(schema['not'] as Schema, value, rootSchema, path).length === 0) errors.push(`${path}: matches "not"`);
  const type = schema['type'];
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  if (type === 'object' && !isObject) errors.push(`${path}: not an object`);
  if (type === 'array' && !Array.isArray(value)) errors.push(`${path}: not an array`);
  if (type === 'string' && typeof value !== 'string') errors.push(`${path}: not a string`);
  if (type === 'number' && typeof value !== 'number') errors.push(`${path}: not a number`);
  if ('const' in schema && schema['const'] !== value) errors.push(`${path}: not ${JSON.stringify(schema['const'])}`);
  if (schema['enum'] && !(schema['enum'] as unknown[]).includes(value)) errors.push(`${path}: not in enum`);
  if (typeof schema['pattern'] === 'string' && typeof value === 'string' && !new RegExp(schema['pattern']).test(value)) {
    errors.push(`${path}: does not match ${schema['pattern']}`);
  }
  if (isObject) {
    const object = value as Record<string, unknown>;
    for (const key of (schema['required'] as string[] | undefined) ?? []) if (!(key in object)) errors.push(`${path}.${key}: required`);
    const properties = (schema['properties'] as Record<string, Schema> | undefined) ?? {};
    for (const [key, child] of Object.entries(object)) {
      if (properties[key]) errors.push(...check(properties[key], child, rootSchema, `${path}.${key}`));
      else if (schema['additionalProperties'] === false && schema['properties']) errors.push(`${path}.${key}: not allowed`);
    }
  }
  if (Array.isArray(value) && schema['items']) value.forEach((item, i) => errors.push(...check(schema['items'] as Schema, item, rootSchema, `${path}[${i}]`)));
  if (Array.isArray(value) && typeof schema['minItems'] === 'number' && value.length < (schema['minItems'] as number)) errors.push(`${path}: too few items`);
  return errors;
}

describe('schema', () => {
  const run = runCli(['schema']);
  const schema = JSON.parse(run.stdout) as Schema;

  it('prints JSON Schema (draft-07) with closed objects and exits 0', () => {
    expect(run.status).toBe(0);
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    const complete = (schema['definitions'] as Record<string, Schema>)['complete']!;
    expect(complete['additionalProperties']).toBe(false);
    expect(complete['required']).toEqual(['version', 'name', 'timeline', 'deployment', 'amd', 'baseline', 'share_price', 'warrant']);
    const warrant = (complete['properties'] as Record<string, Schema>)['warrant']!;
    expect(warrant['additionalProperties']).toBe(false);
    // numbers: a number or a decimal string; dates: a string with a date pattern
    const shares = (warrant['properties'] as Record<string, Schema>)['shares']!;
    expect((shares['anyOf'] as Schema[]).map((o) => o['type'])).toEqual(['number', 'string']);
    const expiry = (warrant['properties'] as Record<string, Schema>)['expiry']!;
    expect(expiry).toEqual({ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
  });

  it.each(SHIPPED)('accepts the data of scenarios/%s', (file) => {
    // the YAML core schema reads dates as strings, as an editor's YAML language server does
    const data = parseYaml(readFileSync(join(root, 'scenarios', file), 'utf8'), { schema: 'core' }) as unknown;
    expect(check(schema, data, schema)).toEqual([]);
  });

  it('accepts the init starter, and rejects an unknown key and a missing section', () => {
    const starter = parseYaml(STARTER_SCENARIO, { schema: 'core' }) as Record<string, unknown>;
    expect(check(schema, starter, schema)).toEqual([]);
    expect(check(schema, { ...starter, cagr: 0.2 }, schema)).toContain('.cagr: not allowed');
    const { warrant: _dropped, ...withoutWarrant } = starter;
    expect(check(schema, withoutWarrant, schema)).toContain('.warrant: required');
    // with extends, a file may be partial
    expect(check(schema, { version: 1, extends: 'base.yaml', share_price: { cagr: 0.3 } }, schema)).toEqual([]);
  });

  it('is the same as the committed schema/scenario.schema.json (regenerate: node scripts/update-schema.mjs)', () => {
    expect(readFileSync(join(root, 'schema', 'scenario.schema.json'), 'utf8')).toBe(run.stdout);
  });

  it('--output writes the same schema to a file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cfe-schema-')), 'scenario.schema.json');
    expect(runCli(['schema', '--output', file])).toMatchObject({ status: 0, stdout: '' });
    expect(readFileSync(file, 'utf8')).toBe(run.stdout);
  });
});
