/**
 * Whether a command draws its terminal chart (SPEC §8): `--no-chart` never, `--chart` always (the
 * table format only: csv, json and markdown stay data), otherwise only when stdout is a terminal
 * with colour on (not `NO_COLOR`) and the output is not a file — so a chart never reaches a pipe,
 * a file or a machine-readable format unless asked for.
 */
import { UsageError } from './errors.js';
import type { Io } from './io.js';

export interface ChartOption {
  /** commander's value of `--chart` / `--no-chart`: true, false, or undefined when neither is given */
  chart?: boolean;
  output?: string;
}

export function chartWanted(options: ChartOption, format: string, io: Io): boolean {
  if (options.chart === false) return false;
  if (format !== 'table') {
    if (options.chart === true) throw new UsageError(`--chart draws on the table format only; --format ${format} stays data`);
    return false;
  }
  if (options.chart === true) return true;
  // FORCE_COLOR may colour a pipe; a chart still goes to a terminal only (SPEC §8)
  return io.stdoutIsTTY && io.color && (options.output === undefined || options.output === '-');
}
