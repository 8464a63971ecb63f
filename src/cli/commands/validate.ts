import type { Io } from '../io.js';
import { RunError } from '../errors.js';

export async function run(_args: string[], _options: Record<string, unknown>, _io: Io): Promise<number> {
  throw new RunError('validate is not implemented yet');
}
