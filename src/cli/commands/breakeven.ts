/**
 * `chipsforequity breakeven FILE --vary PATH [--metric savings] [--target 0] [--min A --max B]
 * [--tolerance T] [--scan N]` (SPEC §4, issue 5): options -> load -> scan and bisect -> render.
 *
 * Every crossing is reported: the value, the bracket ends and the metric at both, and whether it is
 * a smooth crossing or a jump (with the tranches whose vesting changed). No crossing in the range is
 * not an error: a clear message on the terminal (exit 0), a header-only CSV, `crossings: []` in JSON
 * (the one envelope of report/envelope.ts).
 */
import type { Io } from '../io.js';
import { writeWarnings } from './model.js';
import { RunError, UsageError } from '../errors.js';
import { ScenarioError } from '../../scenario/issues.js';
import { METRIC_KINDS } from '../../engine/types.js';
import { parseDecimal } from '../../money/index.js';
import { formatMoneyGlance } from '../../report/glance.js';
import type { Column, View } from '../../report/view.js';
import type { BreakevenResult } from '../../analysis/sensitivity/breakeven.js';
import { metricOption } from './tornado.js';

interface BreakevenOptions {
  vary?: string;
  metric?: string;
  target?: string;
  min?: string;
  max?: string;
  tolerance?: string;
  scan?: string;
  set?: string[];
  format?: string;
  output?: string;
  manifest?: string;
  exact?: boolean;
}

export async function run(args: string[], rawOptions: Record<string, unknown>, io: Io): Promise<number> {
  const options = rawOptions as BreakevenOptions;
  const file = args[0];
  if (file === undefined) throw new UsageError('breakeven needs a scenario FILE (or - for standard input)');
  const path = options.vary?.trim();
  if (path === undefined || path === '') throw new UsageError('breakeven needs --vary PATH, the input to solve for (e.g. --vary share_price.cagr)');
  if (path.includes('=')) throw new UsageError(`--vary ${path}: breakeven takes a bare PATH; give the range with --min and --max`);
  const metric = metricOption(options.metric, 'savings');
  const target = parseDecimal(options.target ?? '0');
  if (target === undefined) throw new UsageError(`--target ${options.target}: expected a number`);
  let scan: number | undefined;
  if (options.scan !== undefined) {
    if (!/^\d+$/.test(options.scan.trim()) || Number(options.scan) < 1 || Number(options.scan) > 100_000) {
      throw new UsageError(`--scan ${options.scan}: expected a whole number of steps from 1 to 100000`);
    }
    scan = Number(options.scan);
  }
  const format = options.format ?? 'table';

  const { loadRawScenario } = await import('../../scenario/index.js');
  const { nodeScenarioHost } = await import('../load.js');
  const { validatorFor } = await import('../../analysis/validate-with.js');
  const { runBreakeven } = await import('../../analysis/sensitivity/breakeven.js');
  const raw = loadRawScenario(file, { host: nodeScenarioHost(), sets: options.set ?? [] });
  const query = { path, metric, target } as import('../../analysis/sensitivity/breakeven.js').BreakevenQuery;
  if (options.min !== undefined) query.min = options.min;
  if (options.max !== undefined) query.max = options.max;
  if (options.tolerance !== undefined) query.tolerance = options.tolerance;
  if (scan !== undefined) query.scan = scan;
  const validate = validatorFor(raw);
  const outcome = runBreakeven(validate, query);
  if (!outcome.ok) {
    if (outcome.issues !== undefined && outcome.issues.length > 0) throw new ScenarioError(outcome.issues);
    if (/^--(min|max|tolerance)/.test(outcome.message)) throw new UsageError(outcome.message);
    throw new RunError(outcome.message);
  }
  const result = outcome.result;
  // the file's own warnings, as `model` prints them, then the scan's
  const base = validate([]);
  const { runModel } = await import('../../engine/index.js');
  const baseResult = base.ok ? runModel(base.scenario) : undefined;
  const warnings = [...(baseResult?.warnings ?? [])];
  if (result.skipped > 0) {
    warnings.push({
      code: 'scan_points_invalid',
      path,
      message: `${result.skipped} scan point(s) made the scenario invalid and were skipped`,
    });
  }
  writeWarnings(io, { warnings });

  const { manifestFor, writeManifestOption } = await import('../manifest.js');
  const manifest = manifestFor(io, [raw], { sets: options.set ?? [] });
  let text: string;
  if (format === 'json') {
    const { renderJson, viewToJsonRows } = await import('../../report/json.js');
    const { jsonEnvelope, jsonScenario, jsonWarnings } = await import('../../report/envelope.js');
    const scenario = baseResult?.scenario ?? { name: '', currency: '' };
    const { attachManifest } = await import('../manifest.js');
    text = renderJson(
      attachManifest(
      jsonEnvelope({
        command: 'breakeven',
        scenario: jsonScenario(scenario, file),
        payload: {
          path: result.path,
          metric: result.metric,
          target: result.target.toFixed(),
          min: result.min,
          max: result.max,
          tolerance: String(result.tolerance),
          crossings: viewToJsonRows(breakevenView(result)),
        },
        warnings: jsonWarnings(warnings),
      }),
        manifest,
      ),
    );
  } else if (format === 'csv') {
    const { renderCsv } = await import('../../report/csv.js');
    text = renderCsv(breakevenView(result));
  } else if (format === 'markdown') {
    const { renderMarkdown } = await import('../../report/markdown.js');
    text = result.crossings.length === 0 ? `${noCrossingMessage(result)}\n` : renderMarkdown([breakevenView(result, { toTolerance: true })]);
  } else {
    const { tableOptionsFor } = await import('../width.js');
    const table = tableOptionsFor(io, options);
    const base = validate([]);
    const currency = base.ok ? base.scenario.currency : undefined;
    if (result.crossings.length === 0) {
      const { wrapText } = await import('../../report/fit.js');
      const message = noCrossingMessage(result, table.glance === true ? { currency } : undefined);
      text = `${table.width === undefined ? message : wrapText(message, table.width)}\n`;
    } else {
      const { renderTable } = await import('../../report/table.js');
      const view = { ...breakevenView(result, { toTolerance: true }), currency };
      text = await renderTable([view], { color: io.color && (options.output === undefined || options.output === '-'), ...table });
    }
  }
  const { deliver } = await import('../io.js');
  await deliver(io, text, options.output);
  await writeManifestOption(options.manifest, manifest);
  return 0;
}

/**
 * The decimals a value found to within `tolerance` is shown with on a terminal or in markdown:
 * those of the tolerance's leading digit (0.01 -> 2, 0.5 -> 1, 1e-6 -> 6, 100 -> 0), so the
 * shown value is what the search can vouch for; csv and json keep every digit of the bracket.
 */
export function tolerancePlaces(tolerance: string): number | undefined {
  const value = parseDecimal(tolerance);
  if (value === undefined || value.isZero()) return undefined;
  return Math.max(0, -value.e);
}

/** "No crossing" in words, with the range and the metric at its base value (at a glance when asked). */
export function noCrossingMessage(result: BreakevenResult, glance?: { currency?: string | undefined }): string {
  const kind = METRIC_KINDS[result.metric];
  const fixed =
    kind === 'ratio'
      ? result.base.toFixed(6)
      : kind === 'money' && glance !== undefined
        ? formatMoneyGlance(result.base, glance.currency)
        : result.base.toFixed(kind === 'count' ? 0 : 2);
  return `no crossing: ${result.metric} does not cross ${result.target.toFixed()} for ${inputName(result)} in [${result.min}, ${result.max}] (scanned ${result.scan} steps; ${result.metric} is ${fixed} at the scenario's own value)`;
}

/** The input's name: a scaled curve (v1.1) says that its value is a factor on every point. */
function inputName(result: BreakevenResult): string {
  return result.scaled ? `${result.path} (× every point)` : result.path;
}

/**
 * The crossings as a view. `toTolerance`: the found value and the bracket ends shown with the
 * tolerance's decimals ({@link tolerancePlaces}; terminal and markdown), not every digit.
 */
export function breakevenView(result: BreakevenResult, options: { toTolerance?: boolean } = {}): View {
  const kind = METRIC_KINDS[result.metric];
  const valueKind = /^\d{4}-\d{2}-\d{2}$/.test(result.min) ? 'date' : 'decimal';
  const places = options.toTolerance && valueKind === 'decimal' ? tolerancePlaces(result.tolerance) : undefined;
  const valueColumn = (key: string, header: string): Column =>
    places === undefined ? { key, header, kind: valueKind } : { key, header, kind: valueKind, places };
  const columns: Column[] = [
    { key: 'path', header: 'input', kind: 'text' },
    valueColumn('value', 'value'),
    valueColumn('below', 'bracket low'),
    valueColumn('above', 'bracket high'),
    { key: `${result.metric}_below`, header: `${result.metric} at low`, kind },
    { key: `${result.metric}_above`, header: `${result.metric} at high`, kind },
    { key: 'kind', header: 'kind', kind: 'text' },
    { key: 'tranches', header: 'tranches changed', kind: 'text' },
  ];
  // v1.1: a scaled curve says what its value is (a factor on every point), in every format
  if (result.scaled) columns.splice(2, 0, { key: 'value_is', header: 'value is', kind: 'text' });
  return {
    name: 'breakeven',
    title: `Where ${result.metric} crosses ${result.target.toFixed()} as ${inputName(result)} moves in [${result.min}, ${result.max}] (tolerance ${result.tolerance})`,
    columns,
    rows: result.crossings.map((c) => [
      result.path,
      c.value,
      ...(result.scaled ? ['a factor on every point of the curve'] : []),
      c.below,
      c.above,
      c.metricBelow,
      c.metricAbove,
      c.kind,
      c.tranches.length === 0 ? null : c.tranches.map((t) => `tranche ${t}`).join(' '),
    ]),
  };
}
