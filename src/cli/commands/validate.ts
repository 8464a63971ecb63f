/**
 * `validate FILE...` (SPEC §4): checks each file (with `--set` applied), prints `ok FILE` on stdout
 * for a valid one and every issue of an invalid one on stderr; changes nothing. Exit 1 when any
 * file is invalid. A valid file's warnings (e.g. a tranche that can never vest) go to stderr as
 * `warning: FILE: PATH: message`, as compare prints them: valid is not the same as sensible.
 */
import { terminalLine } from '../../scenario/terminal-text.js';
import type { Io } from '../io.js';
import { writeAll } from '../io.js';
import { writeWarnings } from './model.js';
import { EXIT_INVALID, EXIT_OK } from '../errors.js';
import { loadScenarioFromCli } from '../load.js';
import { stderrLine } from '../width.js';
import { ScenarioError, formatIssues } from '../../scenario/issues.js';

export async function run(args: string[], options: Record<string, unknown>, io: Io): Promise<number> {
  const sets = (options['set'] as string[] | undefined) ?? [];
  let exit = EXIT_OK;
  for (const file of args) {
    try {
      const scenario = loadScenarioFromCli(file, sets);
      const { runModel } = await import('../../engine/index.js');
      writeWarnings(io, runModel(scenario), `${file}: `);
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
