/**
 * `validate FILE...` (SPEC §4): checks each file (with `--set` applied), prints `ok FILE` on stdout
 * for a valid one and every issue of an invalid one on stderr; changes nothing. Exit 1 when any
 * file is invalid.
 */
import { terminalLine } from '../../scenario/terminal-text.js';
import type { Io } from '../io.js';
import { writeAll } from '../io.js';
import { EXIT_INVALID, EXIT_OK } from '../errors.js';
import { loadScenarioFromCli } from '../load.js';
import { stderrLine } from '../width.js';
import { ScenarioError, formatIssues } from '../../scenario/issues.js';

export async function run(args: string[], options: Record<string, unknown>, io: Io): Promise<number> {
  const sets = (options['set'] as string[] | undefined) ?? [];
  let exit = EXIT_OK;
  for (const file of args) {
    try {
      loadScenarioFromCli(file, sets);
      await writeAll(io.stdout, `ok ${terminalLine(file)}\n`);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      exit = EXIT_INVALID;
      // on a terminal, each issue's first line wraps to its width; the source excerpt and its caret stay as they are
      const lines = formatIssues(error.issues).split('\n');
      await writeAll(io.stderr, `${lines.map((l) => (l.startsWith(' ') ? l : stderrLine(io, l))).join('\n')}\n`);
    }
  }
  return exit;
}
