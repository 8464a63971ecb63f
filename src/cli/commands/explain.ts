/**
 * `chipsforequity explain FILE [PATH...]` (SPEC §9): each leaf's final value and where it came
 * from (`file:line:col`, `--set`, or `default`), then every definition it overrode through
 * `extends`, nearest first. No PATH explains the whole scenario. `--format json` for scripts.
 *
 * The explanation is of the merged tree, so it works on a scenario that does not validate (that
 * is when one most needs it): the validation issues then follow on stderr and the exit code is 1.
 * An unknown PATH is a usage error (exit 2) with the usual "did you mean".
 */
import type { Io } from '../io.js';
import { EXIT_INVALID, EXIT_OK, UsageError } from '../errors.js';
import { formatIssues } from '../../scenario/issues.js';

interface ExplainOptions {
  set?: string[];
  format?: string;
  output?: string;
  manifest?: string;
}

export async function run(args: string[], rawOptions: Record<string, unknown>, io: Io): Promise<number> {
  const options = rawOptions as ExplainOptions;
  const [file, ...paths] = args;
  if (file === undefined) throw new UsageError('explain needs a scenario FILE (or - for standard input), then the PATHs to explain');
  const format = options.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`explain writes --format table or json, not ${format}`);

  const { loadRawScenario, validateRaw } = await import('../../scenario/index.js');
  const { explainPaths } = await import('../../scenario/explain.js');
  const { nodeScenarioHost } = await import('../load.js');
  const raw = loadRawScenario(file, { host: nodeScenarioHost(), sets: options.set ?? [] });
  const explained = explainPaths(raw, paths.length === 0 ? [''] : paths);
  if (!explained.ok) {
    throw new UsageError(explained.issues.map((issue) => `explain ${issue.path}: ${issue.message}${issue.hint ? ` (${issue.hint})` : ''}`).join('\n'));
  }

  const views = await import('../../report/explain-views.js');
  const { attachManifest, manifestFor, writeManifestOption } = await import('../manifest.js');
  const manifest = manifestFor(io, [raw], { sets: options.set ?? [] });
  let text: string;
  if (format === 'json') {
    const { renderJson } = await import('../../report/json.js');
    text = renderJson(attachManifest(views.explainJson(file, explained.leaves), manifest));
  } else {
    text = views.renderExplainText(explained.leaves);
  }
  const { deliver } = await import('../io.js');
  await deliver(io, text, options.output);
  await writeManifestOption(options.manifest, manifest);

  const validation = validateRaw(raw);
  if (validation.ok) return EXIT_OK;
  io.stderr.write(`${formatIssues(validation.issues)}\n`);
  return EXIT_INVALID;
}
