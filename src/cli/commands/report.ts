/**
 * `chipsforequity report FILE --output F.html [--paths N --seed S] [--set ...]` (SPEC §8,
 * issue 19): one self-contained HTML page of a scenario — the headline and key figures, the
 * charts (cumulative cost with crossovers, share price against the hurdles, GW against the GW
 * conditions, spending per period, the tornado; with --paths the fan, the savings histogram and
 * the vest probabilities), the tranche, period and ledger tables and the inputs.
 *
 * Wiring only: the numbers are `model`'s (runModel), the tornado's (runTornado, ±20 % on
 * savings, as `tornado` by default) and `simulate`'s (the same pool, seed and defaults: metrics,
 * 20 bins), read through the same views; ./report/charts draws them, ./report/html lays them out.
 *
 * - `--output` is required (a page on a terminal helps no one); `-` writes to stdout.
 * - `--paths` 1..1,000,000 (each path's per-period price factors are kept for the fan chart).
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type { Io } from '../io.js';
import { RunError, UsageError } from '../errors.js';
import { ScenarioError } from '../../scenario/issues.js';
import { METRIC_NAMES } from '../../engine/types.js';
import { formatDay } from '../../time/index.js';
import { dec, formatPlain } from '../../money/index.js';
import type { View } from '../../report/view.js';

/** The report keeps every path's price factors for the fan chart: paths × periods float64s. */
export const MAX_REPORT_PATHS = 1_000_000;
/** The tornado in the report: `tornado`'s defaults. */
const TORNADO_SWING = '0.2';
const TORNADO_METRIC = 'savings' as const;
const HISTOGRAM_BINS = 20;

interface ReportOptions {
  output?: string;
  paths?: string;
  seed?: string;
  workers?: string;
  set?: string[];
}

export async function run(args: string[], rawOptions: Record<string, unknown>, io: Io): Promise<number> {
  const options = rawOptions as ReportOptions;
  const file = args[0];
  if (file === undefined) throw new UsageError('report needs a scenario FILE (or - for standard input)');
  if (options.output === undefined) throw new UsageError('report needs --output FILE.html (or --output - for standard output)');
  const simulateCommand = await import('./simulate.js');
  if (options.paths !== undefined && !(/^\+?\d+$/.test(options.paths.trim()) && Number(options.paths) >= 1)) {
    throw new UsageError(`--paths must be a whole number from 1 to ${MAX_REPORT_PATHS}, got "${options.paths}"`);
  }
  const paths = options.paths === undefined ? undefined : Number(options.paths.trim());
  if (options.seed !== undefined && paths === undefined) throw new UsageError('--seed needs --paths N (the Monte Carlo part of the report)');
  if (options.workers !== undefined && paths === undefined) throw new UsageError('--workers needs --paths N (the Monte Carlo part of the report)');
  if (paths !== undefined && paths > MAX_REPORT_PATHS) {
    throw new RunError(`report --paths ${paths} is more than the report's limit of ${MAX_REPORT_PATHS} paths (the fan chart keeps every path); use simulate for more`);
  }
  const seed = simulateCommand.parseSeed(options.seed ?? '1');
  const workersOption =
    options.workers === undefined
      ? undefined
      : /^\+?\d+$/.test(options.workers.trim()) && Number(options.workers) >= 1 && Number(options.workers) <= simulateCommand.MAX_WORKERS
        ? Number(options.workers)
        : (() => {
            throw new UsageError(`--workers must be a whole number from 1 to ${simulateCommand.MAX_WORKERS}, got "${options.workers}"`);
          })();

  // the output file is opened first: an unwritable path fails before any computation
  const { AtomicFileWriter } = await import('../io.js');
  const toFile = options.output !== '-';
  const writer = toFile ? new AtomicFileWriter(options.output) : undefined;
  try {
    const page = await makePage(file, options, paths, seed, workersOption, io);
    if (writer) {
      writer.write(page);
      writer.commit();
    } else {
      const { deliver } = await import('../io.js');
      await deliver(io, page, '-');
    }
  } catch (error) {
    writer?.abort();
    throw error;
  }
  return 0;
}

/** Loads, computes and lays out the page (see the module comment). */
async function makePage(
  file: string,
  options: ReportOptions,
  paths: number | undefined,
  seed: number,
  workersOption: number | undefined,
  io: Io,
): Promise<string> {
  // the scenario, as `tornado` loads it (the raw tree also gives the inputs and where they came from)
  const { loadRawScenario } = await import('../../scenario/index.js');
  const { nodeScenarioHost } = await import('../load.js');
  const { validatorFor } = await import('../../analysis/validate-with.js');
  const raw = loadRawScenario(file, { host: nodeScenarioHost(), sets: options.set ?? [] });
  const validate = validatorFor(raw);
  const validated = validate([]);
  if (!validated.ok) throw new ScenarioError(validated.issues);
  const scenario = validated.scenario;

  const { runModel } = await import('../../engine/index.js');
  const { writeWarnings } = await import('./model.js');
  const result = runModel(scenario);
  writeWarnings(io, result);

  // The Monte Carlo starts first: its worker threads run while this thread does the tornado and
  // the page (one macrotask lets the pool spawn them). A failure here stops them.
  const stop = new AbortController();
  const running = paths === undefined ? undefined : simulate(scenario, paths, seed, workersOption, io, stop.signal);
  running?.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  await new Promise((resolve) => setImmediate(resolve));
  let monteCarlo: MonteCarloViews | undefined;
  let tornadoResult: import('../../analysis/sensitivity/tornado.js').TornadoResult;
  try {
    const tornado = await import('../../analysis/sensitivity/tornado.js');
    // the tornado's own defaults (docs/model.md): the chart shows what `tornado` shows
    const computed = tornado.runTornado(validate, tornado.defaultTornadoInputs(scenario), TORNADO_METRIC);
    if ('issues' in computed) throw new ScenarioError(computed.issues);
    tornadoResult = computed;
    monteCarlo = await running;
  } catch (error) {
    stop.abort();
    await running?.catch(() => undefined);
    throw error;
  }

  // the warrant's fair value at grant (`value`, SPEC §7) when the scenario has a valuation section:
  // on --paths risk-neutral paths (an even count, for the antithetic pairs), else 20,000, same seed
  let fairValue: View[] | undefined;
  if (scenario.valuation !== undefined) {
    const { fairValue: valueOf } = await import('../../analysis/simulate/value.js');
    const { valueViews } = await import('../../report/value-views.js');
    const valuePaths = paths === undefined ? 20_000 : paths + (paths % 2);
    // own names: the page's table ids come from view names, and `summary` is the model's
    fairValue = valueViews(valueOf(scenario, { paths: valuePaths, seed: seed ?? 1 })).map((v) => ({ ...v, name: `fair-value-${v.name}` }));
  }
  const views = await import('../../report/model-views.js');
  const { tornadoView } = await import('./tornado.js');
  const { inputsView } = await import('../../report/inputs-view.js');
  const { formatCell } = await import('../../report/view.js');
  return buildPage({
    result,
    file,
    args: reportArgs(file, options, paths, seed),
    summary: views.summaryView(result, METRIC_NAMES),
    periods: views.periodsView(result),
    tranches: views.tranchesView(result),
    ledger: views.ledgerView(result),
    tornado: tornadoView(tornadoResult),
    tornadoBase: tornadoResult.base,
    tornadoBaseText: formatCell(tornadoResult.base, { key: 'v', header: 'v', kind: 'money' }, true).text,
    inputs: inputsView(raw),
    monteCarlo,
    ...(fairValue === undefined ? {} : { fairValue }),
  });
}

/**
 * ECharts through `require`: the CLI bundle keeps it external (scripts/bundle.mjs: no other
 * command reads it) and runs in a vm.Script, where a dynamic `import()` of a package is refused.
 */
function loadECharts(): import('../../report/charts/svg.js').EChartsModule {
  return createRequire(import.meta.url)('echarts') as import('../../report/charts/svg.js').EChartsModule;
}

interface MonteCarloViews {
  paths: number;
  seed: number;
  run: View;
  statistics: View;
  tranches: View;
  histogram: View;
  fan: View;
}

/** `simulate`'s run with its defaults (metrics, 20 bins), keeping the factors for the fan. */
async function simulate(
  scenario: import('../../scenario/types.js').Scenario,
  paths: number,
  seed: number,
  workersOption: number | undefined,
  io: Io,
  signal: AbortSignal,
): Promise<MonteCarloViews> {
  if (scenario.share_price.volatility.isZero()) {
    io.stderr.write('note: share_price.volatility is 0 or not given: treated as 0, so every path equals the deterministic model\n');
  }
  const { DEFAULT_SIMULATE_METRICS } = await import('./simulate.js');
  const { planSimulation } = await import('../../analysis/simulate/paths.js');
  const { runSimulationPaths, defaultWorkers } = await import('../../analysis/simulate/pool.js');
  const { summarizeSimulation } = await import('../../analysis/simulate/summary.js');
  const { sharePriceFan } = await import('../../analysis/simulate/fan.js');
  const { summarizePath } = await import('../../engine/index.js');
  const metrics = [...DEFAULT_SIMULATE_METRICS];
  const plan = planSimulation(scenario, metrics);
  const workers = workersOption ?? defaultWorkers(paths, availableParallelism());
  let batches;
  try {
    batches = await runSimulationPaths(scenario, metrics, seed, paths, { workers, keepFactors: true, plan, signal }, plan);
  } catch (error) {
    if (error instanceof RunError || error instanceof UsageError || error instanceof ScenarioError) throw error;
    throw new RunError(`simulation failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const deterministic = summarizePath(plan.prepared, plan.prepared.sharePriceAtEnds);
  const summary = summarizeSimulation(plan, batches, { seed, paths, metrics, bins: HISTOGRAM_BINS, deterministic });
  const fan = sharePriceFan(plan, batches, paths);
  const views = await import('../../report/simulate-views.js');
  const { fanView } = await import('../../report/fan-view.js');
  return {
    paths,
    seed,
    run: views.runView(summary),
    statistics: views.statisticsView(summary),
    tranches: views.tranchesView(summary),
    histogram: views.histogramView(summary),
    fan: fanView(fan, scenario.currency),
  };
}

/** The command line that made the page, for its footer (as typed: deterministic). */
function reportArgs(file: string, options: ReportOptions, paths: number | undefined, seed: number): string {
  const parts = ['chipsforequity report', file];
  for (const set of options.set ?? []) parts.push(`--set ${set}`);
  if (paths !== undefined) parts.push(`--paths ${paths} --seed ${seed}`);
  return parts.join(' ');
}

interface PageInput {
  result: import('../../engine/types.js').ModelResult;
  file: string;
  args: string;
  summary: View;
  periods: View;
  tranches: View;
  ledger: View;
  tornado: View;
  tornadoBase: import('../../money/index.js').Decimal;
  tornadoBaseText: string;
  inputs: View;
  monteCarlo: MonteCarloViews | undefined;
  /**
   * The fair value of the warrant (SPEC §7, `value`), when that command exists: its views, shown
   * in their own section after the Monte Carlo one. Not computed yet on this branch.
   */
  fairValue?: View[];
}

async function buildPage(input: PageInput): Promise<string> {
  const charts = await import('../../report/charts/index.js');
  const { renderChartSvg } = await import('../../report/charts/svg.js');
  const html = await import('../../report/html.js');
  const { cells } = await import('../../report/charts/views.js');
  const { scenario, summary: s } = input.result;
  const currency = scenario.currency;
  const names = { amd: scenario.amd.product, baseline: scenario.baseline.name, currency };

  const echarts = loadECharts();
  const render = async (chart: import('../../report/charts/index.js').Chart) => ({
    chart,
    svg: { wide: renderChartSvg(echarts, chart, 'wide'), narrow: renderChartSvg(echarts, chart, 'narrow') },
  });

  const figure = (metric: import('../../engine/types.js').MetricName, label: string, note?: string) =>
    html.metricFigure(input.summary, metric, label, note);
  const text = (metric: import('../../engine/types.js').MetricName) => figure(metric, '').text;
  const periods = input.result.periods;
  const first = formatDay(periods[0]!.period.first);
  const last = formatDay(periods[periods.length - 1]!.period.end);
  const valuation = formatDay(scenario.timeline.valuation_date);
  const crossings = charts.crossovers(input.periods);
  const crossingText =
    crossings.length === 0
      ? ''
      : ` Cumulatively, the AMD side ${crossings
          .map((c) => (c.direction === 'below' ? `becomes the cheaper one on ${c.end}` : `becomes the dearer one on ${c.end}`))
          .join(', then ')}.`;
  const headline =
    `From ${first} to ${last} (amounts in ${currency}), the AMD deal ${html.savingsWords(s.savings, text('savings'))} ${scenario.baseline.name}: ` +
    `an AMD net cost of ${text('amd_net_cost')} against a baseline cost of ${text('baseline_cost')} ` +
    `(present value at ${valuation}: savings of ${text('savings_pv')}). ` +
    `The warrant's net value is ${text('warrant_net_value')}, an effective discount of ${text('effective_discount')} on the AMD hardware.` +
    crossingText;

  const sections: import('../../report/html.js').ReportSection[] = [];
  sections.push({
    id: 'over-time',
    title: 'Over time',
    charts: [
      await render(charts.cumulativeChart(input.periods, names)),
      await render(charts.spendChart(input.periods, names)),
    ],
  });
  sections.push({
    id: 'warrant',
    title: 'The warrant: hurdles and vesting',
    charts: [
      await render(charts.sharePriceChart(input.periods, input.tranches, currency)),
      await render(charts.deploymentChart(input.periods, input.tranches)),
    ],
    tables: [{ view: input.tranches }],
  });
  sections.push({
    id: 'sensitivity',
    title: 'What moves the answer',
    intro: [`Each input moved ±${formatPlain(dec(TORNADO_SWING).times(100))} % one at a time (as chipsforequity tornado does by default); savings at each end.`],
    charts: [await render(charts.tornadoChart(input.tornado, TORNADO_METRIC, input.tornadoBase, input.tornadoBaseText, currency))],
  });
  const mc = input.monteCarlo;
  if (mc) {
    const runItem = (item: string) => {
      const row = cells(mc.run, 'item').indexOf(item);
      return html.tableCellText(mc.run, row, 'value');
    };
    const stat = (metric: string, key: string) => {
      const row = cells(mc.statistics, 'metric').indexOf(metric);
      return html.tableCellText(mc.statistics, row, key);
    };
    const pathsText = runItem('paths');
    sections.push({
      id: 'monte-carlo',
      title: `Monte Carlo: ${pathsText} share-price paths (seed ${mc.seed})`,
      intro: [
        `The share price follows the model's path times a lognormal noise of volatility ${runItem('volatility')} a year (SPEC §5); ` +
          `the same run as chipsforequity simulate ${input.file} --paths ${mc.paths} --seed ${mc.seed}.`,
      ],
      figures: [
        { key: 'mc.probability_savings_positive', label: 'probability of savings > 0', text: runItem('probability_savings_positive'), note: `${runItem('savings_positive_paths')} of ${pathsText} paths` },
        { key: 'mc.savings.mean', label: 'savings, mean', text: stat('savings', 'mean'), note: `std error ${stat('savings', 'standard_error')}` },
        { key: 'mc.savings.p5', label: 'savings, P5', text: stat('savings', 'p5') },
        { key: 'mc.savings.p50', label: 'savings, median', text: stat('savings', 'p50') },
        { key: 'mc.savings.p95', label: 'savings, P95', text: stat('savings', 'p95') },
      ],
      charts: [
        await render(charts.fanChart(mc.fan, currency, pathsText)),
        await render(charts.histogramChart(mc.histogram, mc.run, currency)),
        await render(charts.vestProbabilityChart(mc.tranches, pathsText)),
      ],
      tables: [{ view: mc.statistics }],
    });
  }
  if (input.fairValue?.length) {
    sections.push({ id: 'fair-value', title: 'Fair value of the warrant', tables: input.fairValue.map((view) => ({ view })) });
  }
  sections.push({
    id: 'tables',
    title: 'Tables',
    tables: [
      { view: input.summary },
      { view: input.periods, collapsed: true, summary: `Per period: all ${periods.length} periods, every column` },
      { view: input.ledger, collapsed: true, summary: `Ledger: all ${input.ledger.rows.length} bookings` },
    ],
  });
  sections.push({
    id: 'inputs',
    title: 'Assumptions: the inputs',
    intro: ['Every value of the scenario as read, with the file and line it came from (or the --set option that set it).'],
    tables: [{ view: input.inputs, collapsed: true, summary: `All ${input.inputs.rows.length} input values` }],
  });

  return html.renderReportHtml({
    title: scenario.name,
    subtitle: `${scenario.description ?? ''}${scenario.description ? ' ' : ''}Scenario ${input.file}; amounts in ${currency}.`,
    headline,
    figures: [
      figure('amd_net_cost', 'AMD net cost', 'hardware + other + energy − warrant'),
      figure('baseline_cost', `baseline cost (${scenario.baseline.name})`),
      figure('savings', 'savings', 'baseline − AMD net; positive: AMD cheaper'),
      figure('amd_net_cost_pv', 'AMD net cost, present value', `at ${valuation}`),
      figure('baseline_cost_pv', 'baseline cost, present value', `at ${valuation}`),
      figure('savings_pv', 'savings, present value', `at ${valuation}`),
      figure('warrant_net_value', 'warrant net value', 'proceeds − exercise − tax'),
      figure('effective_discount', 'effective discount', 'warrant net value / AMD hardware'),
      figure('warrant_vested_shares', 'warrant shares vested'),
    ],
    sections,
    footer: [
      `Made by ${input.args}. Every number is the one chipsforequity model --format json prints${
        mc ? ` (and simulate --format json with --paths ${mc.paths} --seed ${mc.seed})` : ''
      }; charts are drawn from the same figures.`,
      'This page makes no network request: it holds every style and drawing itself.',
    ],
  });
}
