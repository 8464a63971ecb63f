/**
 * `chipsforequity check FILE...` (SPEC §9): runs `model` on each file and checks its `expect:`
 * block. Each failed bound is one line, `file:line:col: expect.METRIC: expected …, got …`, at the
 * bound as written (which may be in a base file: `expect` merges through `extends` like every
 * section); then one summary line. Exit 0 when every expectation holds in every file, 1 when one
 * fails or a file is invalid (its issues go to stderr, as `validate` prints them). A file without
 * an `expect:` block is a warning, not a failure.
 *
 * `--format json`: `{ version, files: [{ file, name, valid, expectations: [...] }], summary, manifest }`.
 */
import type { Io } from '../io.js';
import { EXIT_INVALID, EXIT_OK, UsageError } from '../errors.js';
import { ScenarioError, formatIssues } from '../../scenario/issues.js';
import type { RawScenario } from '../../scenario/raw.js';
import type { JsonObject } from '../../report/json.js';

interface CheckOptions {
  set?: string[];
  format?: string;
  output?: string;
  manifest?: string;
}

export async function run(args: string[], rawOptions: Record<string, unknown>, io: Io): Promise<number> {
  const options = rawOptions as CheckOptions;
  if (args.length === 0) throw new UsageError('check needs at least one scenario FILE');
  if (args.filter((a) => a === '-').length > 1) throw new UsageError('standard input (-) can be given only once');
  const format = options.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`check writes --format table or json, not ${format}`);

  const { loadRawScenario, validateRaw, nodeAt } = await import('../../scenario/index.js');
  const { nodeScenarioHost } = await import('../load.js');
  const { runModel } = await import('../../engine/index.js');
  const { checkExpectations } = await import('../../analysis/expectations.js');
  const views = await import('../../report/explain-views.js');

  const raws: RawScenario[] = [];
  const lines: string[] = [];
  const files: JsonObject[] = [];
  const tally = { files: args.length, invalid: 0, expectations: 0, failed: 0 };
  for (const file of args) {
    let raw: RawScenario;
    try {
      raw = loadRawScenario(file, { host: nodeScenarioHost(), sets: options.set ?? [] });
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      io.stderr.write(`${formatIssues(error.issues)}\n`);
      tally.invalid++;
      files.push({ file, name: null, valid: false, expectations: [] });
      continue;
    }
    raws.push(raw);
    const validation = validateRaw(raw);
    if (!validation.ok) {
      io.stderr.write(`${formatIssues(validation.issues)}\n`);
      tally.invalid++;
      files.push({ file, name: null, valid: false, expectations: [] });
      continue;
    }
    const scenario = validation.scenario;
    if (scenario.expect === undefined || Object.keys(scenario.expect).length === 0) {
      io.stderr.write(`warning: ${file}: no expect: block, nothing to check\n`);
    }
    const checks = checkExpectations(scenario, runModel(scenario).summary);
    const failedMetrics = new Set<string>();
    const entries: JsonObject[] = [];
    const located: { at: string; line: number; col: number; index: number; text: string }[] = [];
    for (const check of checks) {
      const loc = nodeAt(raw.root, ['expect', check.metric, check.bound])?.loc ?? { source: file };
      const at = loc.line === undefined ? loc.source : `${loc.source}:${loc.line}:${loc.col ?? 1}`;
      const message = views.expectationMessage(check);
      entries.push({
        metric: check.metric,
        bound: check.bound,
        expected: check.expected.toFixed(),
        got: views.metricText(check),
        ok: check.ok,
        at,
        ...(check.ok ? {} : { message }),
      });
      if (check.ok) continue;
      failedMetrics.add(check.metric);
      // an expectation inherited through extends points into its base: say which file was checked
      const checked = loc.source === file ? '' : ` (checking ${file})`;
      located.push({ at: loc.source, line: loc.line ?? 0, col: loc.col ?? 0, index: located.length, text: `${at}: expect.${check.metric}: ${message}${checked}` });
    }
    // in reading order: by file, line, column (an inherited expectation points into its base file)
    located.sort((a, b) => (a.at === b.at ? a.line - b.line || a.col - b.col || a.index - b.index : 0));
    lines.push(...located.map((l) => l.text));
    tally.expectations += new Set(checks.map((c) => c.metric)).size;
    tally.failed += failedMetrics.size;
    files.push({ file, name: scenario.name, valid: true, expectations: entries });
  }

  const ok = tally.failed === 0 && tally.invalid === 0;
  const { attachManifest, manifestFor, writeManifestOption } = await import('../manifest.js');
  const manifest = manifestFor(io, raws, { sets: options.set ?? [] });
  let text: string;
  if (format === 'json') {
    const { renderJson } = await import('../../report/json.js');
    text = renderJson(attachManifest({ version: 1, files, summary: { ...tally, ok } }, manifest));
  } else {
    text = [...lines, views.checkSummaryLine(tally)].join('\n') + '\n';
  }
  const { deliver } = await import('../io.js');
  await deliver(io, text, options.output);
  await writeManifestOption(options.manifest, manifest);
  return ok ? EXIT_OK : EXIT_INVALID;
}
