#!/usr/bin/env node
// Rewrites tests/errors/cases/*.expected from the real CLI (build first: npx tsc -p tsconfig.json).
// Review every change in the diff: the expected messages are the contract of the error catalog.
// Usage: node scripts/update-error-catalog.mjs [NAME...]
import { writeFileSync } from 'node:fs';
import { expectedPath, formatExpected, listCases, runCase } from '../tests/errors/catalog.mjs';

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : listCases();
for (const name of names) {
  const result = await runCase(name);
  // a broken build (a half-written dist/, a launcher being edited) must never become an expectation
  if (/\n\s+at |internal error|^Node\.js v/m.test(result.stderr)) {
    console.error(`${name}: NOT written, the CLI crashed (rebuild and retry):\n${result.stderr}`);
    process.exitCode = 1;
    continue;
  }
  if (result.stdout !== '') console.error(`${name}: unexpected stdout: ${result.stdout.trim()}`);
  writeFileSync(expectedPath(name), formatExpected(result));
  console.log(`${name}: exit ${result.exit}`);
}
