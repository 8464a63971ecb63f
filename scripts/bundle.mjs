// Bundles the command line into dist/bundle/ with esbuild and primes V8's code cache, because
// start-up was mostly module resolution and compilation (zod alone is 95 modules):
//
// - dist/bundle/main.cjs: the whole CLI as one CommonJS file. Commands are still loaded lazily —
//   esbuild turns each `import('./commands/x.js')` into a module initialiser that runs on first
//   use — so `--help` evaluates none of the scenario, engine or report code.
// - dist/bundle/main.cjs.cache: V8's compiled code for that file, written by a training run of
//   `model scenarios/meta-amd-base.yaml` (json and table). bin/launch.cjs hands it to vm.Script,
//   so a run skips parsing and compiling what that run used. A stale or foreign cache (another
//   Node version) is rejected by V8 and the file is simply compiled as usual.
// - dist/bundle/sweep-worker.js, simulate-worker.js, value-worker.js: the worker threads' entry points, beside
//   main.cjs so that `new URL('./sweep-worker.js', import.meta.url)` resolves there.
//
// `tsc` still emits dist/ for the library API (package.json "main") and its types.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  // A smaller file is read and checked against its code cache faster: 0.83 MB instead of 1.2 MB
  // with local names minified took ~15 ms off every start. CHIPSFOREQUITY_BUNDLE_NAMES=1 keeps the
  // names (for a readable CPU profile).
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: process.env.CHIPSFOREQUITY_BUNDLE_NAMES !== '1',
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: { main: 'src/cli/main.ts' },
  outdir,
  // ECharts (the report's charts, ~1 MB) stays a package required at run time, so every other
  // command's start-up never reads or compiles it.
  external: ['echarts'],
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  // import.meta does not exist in CommonJS: give the bundle its own file URL instead.
  define: { 'import.meta.url': '__chipsforequityUrl' },
  banner: { js: "var __chipsforequityUrl = require('node:url').pathToFileURL(__filename).href;" },
});

await build({
  ...common,
  // Named entry points: the workers live in different folders (src/analysis/sweep/,
  // src/analysis/simulate/) but land side by side in dist/bundle/, under their own file names.
  entryPoints: {
    'sweep-worker': 'src/analysis/sweep/sweep-worker.ts',
    'simulate-worker': 'src/analysis/simulate/simulate-worker.ts',
    'value-worker': 'src/analysis/simulate/value-worker.ts',
  },
  outdir,
  format: 'esm',
  // CommonJS dependencies call require() on Node built-ins.
  banner: {
    js: "import { createRequire as __chipsforequityRequire } from 'node:module'; const require = __chipsforequityRequire(import.meta.url);",
  },
});

// Training run: compile what `model` uses and save V8's code cache next to the bundle.
const scenario = join(root, 'scenarios', 'meta-amd-base.yaml');
if (existsSync(scenario)) {
  const run = spawnSync(process.execPath, [join(root, 'bin', 'launch.cjs')], {
    cwd: root,
    env: { ...process.env, CHIPSFOREQUITY_TRAIN_CODE_CACHE: scenario },
    // the scenario's own warnings are not news during a build: stderr is shown only on failure
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    process.stderr.write(run.stderr ?? '');
    console.warn('bundle: the code-cache training run failed; the CLI works, only slower to start');
  }
}
