/**
 * The report layer stays pure and light (STYLE layout; issue 4 performance): no module in
 * src/report touches fs/process or prints; only table.ts loads cli-table3, and it loads chalk only
 * through a dynamic import (colour on); `model`/`compare` import the table module lazily so
 * `--format json` never pays for it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const reportDir = join(root, 'src', 'report');
const files = readdirSync(reportDir).filter((f) => f.endsWith('.ts'));

/** Module specifiers of static `import ... from 'x'` / `export ... from 'x'` statements. */
function staticImports(source: string): string[] {
  return [...source.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/gms)].map((m) => m[1]!);
}

describe('report imports', () => {
  it('finds the report modules', () => {
    expect(files).toContain('view.ts');
    expect(files).toContain('table.ts');
  });

  for (const file of files) {
    it(`${file} does not touch the process, the file system or the terminal`, () => {
      const source = readFileSync(join(reportDir, file), 'utf8');
      for (const spec of staticImports(source)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^node:|^fs$|^path$|^\.\.\/cli\//);
        expect(spec, `${file} imports ${spec}`).not.toBe('chalk');
        if (file !== 'table.ts') expect(spec, `${file} imports ${spec}`).not.toBe('cli-table3');
        expect(spec, `${file} imports ${spec}`).not.toBe('decimal.js');
      }
      expect(source).not.toMatch(/\bprocess\.|console\./);
    });
  }

  it('the model and compare commands load the table renderer only when needed', () => {
    for (const command of ['model.ts', 'compare.ts']) {
      const source = readFileSync(join(root, 'src', 'cli', 'commands', command), 'utf8');
      expect(staticImports(source).some((s) => s.includes('report/table'))).toBe(false);
      expect(source).toContain("import('../../report/table.js')");
    }
  });
});
