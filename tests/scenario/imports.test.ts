/**
 * The scenario layer is pure (STYLE layout): it reads through the injected ScenarioHost, never
 * fs/process, never prints; decimal.js only through src/money. node:path is allowed (string work
 * on paths; the loader resolves against host.cwd, an absolute path).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '..', '..', 'src', 'scenario');
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

function staticImports(source: string): string[] {
  return [...source.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/gms)].map((m) => m[1]!);
}

describe('scenario imports', () => {
  it('finds the scenario modules', () => {
    expect(files).toEqual(expect.arrayContaining(['index.ts', 'load.ts', 'schema.ts', 'yaml.ts', 'validate.ts', 'set.ts']));
  });

  it.each(files)('%s touches neither the process nor the file system', (file) => {
    const source = readFileSync(join(dir, file), 'utf8');
    for (const spec of staticImports(source)) {
      expect(spec, `${file} imports ${spec}`).toMatch(/^\.\/|^\.\.\/(money|time)\/|^zod$|^yaml$|^node:path$/);
    }
    expect(source).not.toMatch(/\bprocess\.|console\.|import\(/);
  });
});
