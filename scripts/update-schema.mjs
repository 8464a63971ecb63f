#!/usr/bin/env node
// Regenerates schema/scenario.schema.json (referenced by the shipped scenarios'
// `# yaml-language-server: $schema=../schema/scenario.schema.json`) from the zod schemas, through
// the built CLI's `schema` command. Build first: npx tsc -p tsconfig.json. A test fails when the
// committed file differs from the generated one.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { scenarioJsonSchema } = await import(join(root, 'dist', 'scenario', 'index.js'));
const target = join(root, 'schema', 'scenario.schema.json');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
