import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The bin tests spawn the built CLI; spreadsheet tests drive LibreOffice. Give them room.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Human summary on the terminal, machine-readable results for .ci/run's closing line.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-results.json' },
  },
});
