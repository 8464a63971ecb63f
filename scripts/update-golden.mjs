// `npm run golden`: regenerates tests/golden/ from the built CLI (run `npm run build` first).
// Review the diff before committing: goldens are the outputs users see.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { goldenCases, goldenDir, goldenEnv, root } from '../tests/golden/cases.mjs';

const bin = join(root, 'bin', 'chipsforequity');
const cases = goldenCases();

// drop outputs of scenarios that no longer exist
const keep = new Set(cases.map((c) => c.file.split('/')[0]));
for (const entry of readdirSync(goldenDir, { withFileTypes: true })) {
  if (entry.isDirectory() && !keep.has(entry.name)) rmSync(join(goldenDir, entry.name), { recursive: true });
}

let failed = 0;
for (const c of cases) {
  const run = spawnSync(process.execPath, [bin, ...c.args], { cwd: root, env: goldenEnv, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) {
    failed++;
    process.stderr.write(`FAILED (${run.status}): chipsforequity ${c.args.join(' ')}\n${run.stderr}\n`);
    continue;
  }
  const target = join(goldenDir, c.file);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, run.stdout);
  process.stdout.write(`wrote tests/golden/${c.file}\n`);
}
process.exit(failed > 0 ? 1 : 0);
