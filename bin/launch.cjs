// Starts the bundled CLI (dist/bundle/main.cjs, built by `npm install` through `prepare`) with
// V8's code cache when there is one, so a run does not re-parse and re-compile the code it uses.
// See scripts/bundle.mjs.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const file = path.join(__dirname, '..', 'dist', 'bundle', 'main.cjs');
const cacheFile = `${file}.cache`;
let source;
try {
  source = fs.readFileSync(file, 'utf8');
} catch {
  process.stderr.write('chipsforequity: the CLI is not built; run `npm install` (or `npm run build`) first\n');
  process.exit(1);
}
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
const bundleExports = {};
const bundleModule = { exports: bundleExports, filename: file, id: file, loaded: false };
const requireFromBundle = Module.createRequire(file);
script.runInThisContext().call(bundleExports, bundleExports, requireFromBundle, bundleModule, file, path.dirname(file));
const { main } = bundleModule.exports;

const training = process.env.CHIPSFOREQUITY_TRAIN_CODE_CACHE;
if (training) {
  // scripts/bundle.mjs: run the commands whose start-up matters, then save the compiled code.
  (async () => {
    await main(['model', training, '--format', 'json']);
    await main(['model', training, '--format', 'table']);
    await main(['validate', training]);
    fs.writeFileSync(cacheFile, script.createCachedData());
    process.exitCode = 0;
  })();
} else {
  main(process.argv.slice(2));
}
