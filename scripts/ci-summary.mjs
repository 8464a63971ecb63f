// Prints the plain closing line "N passed, N failed" from vitest's JSON reporter output.
// Exits 1 when any test failed, when a test file failed to load, or when nothing ran.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.vitest-results.json';
const results = JSON.parse(readFileSync(file, 'utf8'));
let passed = 0;
let failed = 0;
let skipped = 0;
for (const suite of results.testResults ?? []) {
  // A file that failed to import has no assertions but status "failed": count it as one failure.
  if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failed += 1;
  for (const test of suite.assertionResults ?? []) {
    if (test.status === 'passed') passed += 1;
    else if (test.status === 'failed') failed += 1;
    // In a file that failed (e.g. its beforeAll threw), vitest marks the tests it never ran as
    // skipped: they did not pass, so they count as failed.
    else if (suite.status === 'failed') failed += 1;
    else skipped += 1;
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
