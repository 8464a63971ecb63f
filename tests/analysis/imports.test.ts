/**
 * The analysis layer's rooms (README, source layout): each command family has its folder —
 * sweep/, simulate/ (with value), sensitivity/ — and what several share sits at the top of
 * src/analysis. A family never reaches into another's folder, the shared top never into a family,
 * and nothing here touches the edge: no src/cli (streams, sinks and progress bars are the edge's),
 * no file system, no printing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, 'src', 'analysis');
const FAMILIES = ['sweep', 'simulate', 'sensitivity'];
const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.split(sep).join('/'))
  .sort();

/** Module specifiers of static imports/exports and of dynamic `import('x')`. */
function imports(source: string): string[] {
  const statics = [...source.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/gms)].map((m) => m[1]!);
  const dynamics = [...source.matchAll(/import\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]!);
  return [...statics, ...dynamics];
}

/** The family folder of a path inside src/analysis, or undefined at the shared top. */
function familyOf(path: string): string | undefined {
  const first = path.split('/')[0]!;
  return FAMILIES.includes(first) ? first : undefined;
}

describe('analysis imports', () => {
  it('finds the rooms', () => {
    expect(files).toEqual(
      expect.arrayContaining(['sweep/rows.ts', 'sweep/sweep-worker.ts', 'simulate/paths.ts', 'simulate/value.ts', 'sensitivity/tornado.ts', 'points.ts']),
    );
    // the flat names are gone
    expect(files.filter((f) => !f.includes('/') && /^(sweep|simulate|value)[-.]/.test(f))).toEqual([]);
  });

  it.each(files)('%s stays in its room and away from the edge', (file) => {
    const source = readFileSync(join(dir, file), 'utf8');
    const own = familyOf(file);
    for (const spec of imports(source)) {
      expect(spec, `${file} imports ${spec}`).not.toMatch(/^node:fs|^fs$|\/cli\//);
      if (!spec.startsWith('.')) continue;
      const target = relative(dir, resolve(dirname(join(dir, file)), spec)).split(sep).join('/');
      if (target.startsWith('..')) continue; // another layer (engine, scenario, money, time, report)
      const family = familyOf(target);
      if (family !== undefined) expect(family, `${file} imports ${spec}`).toBe(own);
    }
    expect(source).not.toMatch(/console\./);
  });

  it('worker entry points keep their command in their name (the bundle puts them side by side)', () => {
    const workers = files.filter((f) => f.endsWith('-worker.ts')).map((f) => f.split('/').pop());
    expect(workers).toEqual(['simulate-worker.ts', 'value-worker.ts', 'sweep-worker.ts']);
    const bundle = readFileSync(join(root, 'scripts', 'bundle.mjs'), 'utf8');
    for (const file of files.filter((f) => f.endsWith('-worker.ts'))) expect(bundle).toContain(`'src/analysis/${file}'`);
  });
});
