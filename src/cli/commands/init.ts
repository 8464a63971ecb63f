/**
 * `init [FILE]` (SPEC §4): writes the commented starter scenario to FILE, refusing to overwrite an
 * existing file (exit 1); `-` or no FILE prints it.
 */
import { terminalLine } from '../../scenario/terminal-text.js';
import { existsSync } from 'node:fs';
import type { Io } from '../io.js';
import { writeAll, writeFileAtomic } from '../io.js';
import { RunError, UsageError } from '../errors.js';
import { STARTER_SCENARIO } from '../../scenario/index.js';

export async function run(args: string[], _options: Record<string, unknown>, io: Io): Promise<number> {
  const file = args[0];
  if (file === undefined || file === '-') {
    await writeAll(io.stdout, STARTER_SCENARIO);
    return 0;
  }
  if (file.trim() === '') throw new UsageError('init needs a file name (or - to print the starter scenario), got an empty one');
  if (existsSync(file)) throw new RunError(`${file} already exists; init never overwrites a file (choose another name or remove it)`);
  writeFileAtomic(file, STARTER_SCENARIO);
  await writeAll(io.stderr, `wrote ${terminalLine(file)}; check it with: chipsforequity validate ${terminalLine(file)}\n`);
  return 0;
}
