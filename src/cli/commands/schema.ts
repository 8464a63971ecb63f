/**
 * `schema` (SPEC §4): the JSON Schema of the scenario file, generated from the zod schemas, to
 * stdout or `--output FILE` (written whole or not at all).
 */
import type { Io } from '../io.js';
import { deliver } from '../io.js';
import { scenarioJsonSchema } from '../../scenario/index.js';

export async function run(_args: string[], options: Record<string, unknown>, io: Io): Promise<number> {
  const text = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
  await deliver(io, text, options['output'] as string | undefined);
  return 0;
}
