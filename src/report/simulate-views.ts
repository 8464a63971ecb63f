/**
 * Views of a Monte Carlo result (SPEC §5): the run (seed, paths, P(savings > 0)), the statistics
 * of each metric, the tranche vesting table and the savings histogram, plus the JSON document.
 * Pure functions of {@link SimulationResult}.
 *
 * Display rules (README "Monte Carlo"): means and standard errors are exact decimals shown rounded
 * half-even to 2 decimals (money and share counts) or 6 (`effective_discount`); percentiles, min
 * and max are sampled values (nearest rank), written like the metric itself (money with 2
 * decimals, counts whole); probabilities are shown with 6 decimals next to the exact path counts.
 */
import { dec, type Decimal } from '../money/index.js';
import { formatDay } from '../time/index.js';
import { METRIC_NAMES } from '../engine/types.js';
import type { SimulationResult } from '../analysis/simulate/summary.js';
import { REPORTED_PERCENTILES } from '../analysis/statistics.js';
import { column, typed, type Cell, type ColumnKind, type View } from './view.js';
import { jsonCell, viewToJsonObject, viewToJsonRows, type JsonObject } from './json.js';

const VALUE_COLUMN = column('value', 'value', 'decimal');
import { metricCell } from './model-views.js';

export const PROBABILITY_PLACES = 6;

export const SIMULATE_VIEW_NAMES = ['statistics', 'tranches', 'histogram', 'run', 'inputs', 'drivers', 'thresholds'] as const;
export type SimulateViewName = (typeof SIMULATE_VIEW_NAMES)[number];

/** Places for the mean/standard error of a metric kind. */
function statPlaces(kind: string): number {
  return kind === 'ratio' ? 6 : 2;
}

/** The run's identity and headline probability, one row per item. */
export function runView(result: SimulationResult): View {
  return {
    name: 'run',
    title: `Monte Carlo: ${result.scenarioName} (${result.currency})`,
    columns: [column('item', 'item', 'text'), column('value', 'value', 'decimal')],
    rows: [
      ['seed', typed('count', result.seed)],
      ['paths', typed('count', result.paths)],
      ['volatility', typed('decimal', result.volatility)],
      ['savings_positive_paths', typed('count', result.savingsPositivePaths)],
      ['probability_savings_positive', typed('decimal', result.savingsPositiveProbability, PROBABILITY_PLACES)],
    ],
  };
}

/** Mean, standard error, P5..P95, min, max of each requested metric. */
export function statisticsView(result: SimulationResult): View {
  const percentileColumns = REPORTED_PERCENTILES.map((p) => column(`p${p}`, `P${p}`, 'decimal'));
  return {
    name: 'statistics',
    title: `Statistics over ${result.paths} paths (seed ${result.seed})`,
    currency: result.currency,
    columns: [
      column('metric', 'metric', 'text'),
      column('mean', 'mean', 'decimal'),
      column('standard_error', 'std error', 'decimal'),
      ...percentileColumns,
      column('min', 'min', 'decimal'),
      column('max', 'max', 'decimal'),
    ],
    rows: result.metrics.map(({ metric, kind, statistics }) => {
      const places = statPlaces(kind);
      const sample = (value: Decimal): Cell => typed(kind as ColumnKind, value);
      // money means and errors are money cells (two decimals in every format, at a glance on a terminal)
      const average = (value: Decimal): Cell => (kind === 'money' ? typed('money', value) : typed('decimal', value, places));
      return [
        metric,
        average(statistics.mean),
        statistics.standardError === undefined ? null : average(statistics.standardError),
        ...REPORTED_PERCENTILES.map((p) => sample(statistics.percentiles.get(p)!)),
        sample(statistics.min),
        sample(statistics.max),
      ];
    }),
    notes: [
      'mean and std error: exact, shown rounded half-even; percentiles: nearest rank (the ceil(p*N/100)-th smallest path).',
    ],
  };
}

/** Per tranche: how many paths vest it within the timeline, the probability, the median vest date. */
export function tranchesView(result: SimulationResult): View {
  return {
    name: 'tranches',
    title: 'Tranches: probability of vesting within the timeline',
    columns: [
      column('tranche', 'tranche', 'count'),
      column('shares', 'shares', 'count'),
      column('gw', 'GW', 'decimal'),
      column('price', 'price', 'decimal'),
      column('vested_paths', 'vested paths', 'count'),
      column('probability', 'probability', 'decimal', PROBABILITY_PLACES),
      column('median_vest_date', 'median vest date', 'text'),
    ],
    rows: result.tranches.map((t) => [
      t.index,
      t.shares,
      t.gw ?? null,
      t.price ?? null,
      t.vestedPaths,
      t.probability,
      t.medianVestDate === undefined ? 'not vested' : isoDate(t.medianVestDate),
    ]),
  };
}

/** The date as text: the column also holds "not vested", so it is a text column. */
function isoDate(day: number): string {
  return formatDay(day);
}

/** A histogram bin's tail label (`below P5`, `P95 and above`), or null for a middle bin. */
export function tailLabel(bin: { tail?: 'below' | 'above' }): string | null {
  return bin.tail === 'below' ? 'below P5' : bin.tail === 'above' ? 'P95 and above' : null;
}

/** The savings histogram: equal-width bins over [P5, P95), then tail bins (statistics.ts). */
export function histogramView(result: SimulationResult): View {
  const middle = result.histogram.filter((b) => b.tail === undefined).length;
  return {
    name: 'histogram',
    title: `Savings histogram (${middle} equal bins from P5 to P95, plus the tails)`,
    columns: [
      column('lower', 'from', 'money'),
      column('upper', 'to', 'money'),
      column('paths', 'paths', 'count'),
      column('share', 'share', 'decimal', PROBABILITY_PLACES),
      column('tail', 'tail', 'text'),
    ],
    rows: result.histogram.map((b) => [
      b.lower,
      b.upper,
      b.count,
      typed('decimal', proportionOf(b.count, result.paths), PROBABILITY_PLACES),
      tailLabel(b),
    ]),
    notes: [
      'bin edges are shown rounded half-even to cents; a bin holds from <= savings < to; the "P95 and above" tail also holds its upper edge (the maximum).',
    ],
  };
}

function proportionOf(count: number, total: number): Decimal {
  return dec(count).div(total);
}

/** Any view by name. */
export function simulateView(result: SimulationResult, name: SimulateViewName): View {
  switch (name) {
    case 'run':
      return runView(result);
    case 'statistics':
      return statisticsView(result);
    case 'tranches':
      return tranchesView(result);
    case 'histogram':
      return histogramView(result);
    case 'inputs':
      return inputsView(result);
    case 'drivers':
      return driversView(result);
    case 'thresholds':
      return thresholdsView(result);
  }
}

/** Places of a rank correlation on display. */
export const RHO_PLACES = 4;

/** A float (a draw) as the decimal of its shortest round-trip text. */
function drawDecimal(value: number): Decimal {
  return dec(String(value));
}

/** Per uncertain input: the distribution asked for, the draws' mean and P5..P95 (SPEC §5). */
export function inputsView(result: SimulationResult): View {
  return {
    name: 'inputs',
    title: 'Uncertain inputs: what was asked for and what was drawn',
    columns: [
      column('input', 'input', 'text'),
      column('distribution', 'distribution', 'text'),
      column('asked_mean', 'asked mean', 'decimal'),
      column('mean', 'mean drawn', 'decimal'),
      ...REPORTED_PERCENTILES.map((p) => column(`p${p}`, `P${p}`, 'decimal')),
    ],
    rows: result.inputs.map((input) => [
      input.path,
      input.distribution,
      dec(String(input.askedMean)).toSignificantDigits(10),
      dec(String(input.mean)).toSignificantDigits(10),
      ...REPORTED_PERCENTILES.map((p) => drawDecimal(input.percentiles.get(p)!).toSignificantDigits(10)),
    ]),
    notes: [
      'asked mean: of the distribution as written (truncation included); mean drawn: over the paths. Percentiles: draws (nearest rank) to 10 significant digits; --paths-out has every draw exactly.',
    ],
  };
}

/**
 * What drives the spread: each input's Spearman rank correlation with each reported metric,
 * inputs sorted by |ρ| with the first metric (largest first; ties in file order).
 */
export function driversView(result: SimulationResult): View {
  const metrics = result.metrics.map((m) => m.metric);
  return {
    name: 'drivers',
    title: `What drives the spread: Spearman rank correlation with ${metrics[0] ?? 'each metric'}`,
    columns: [column('input', 'input', 'text'), ...metrics.map((m) => column(`rho_${m}`, m, 'decimal', RHO_PLACES))],
    rows: sortedDrivers(result).map((input) => [input.path, ...input.correlations.map((c) => rhoCell(c.rho))]),
    notes: ['rho: the Pearson correlation of the ranks over the paths, -1..1 (empty where the metric does not vary); sorted by |rho| with the first metric.'],
  };
}

/** ρ to 4 places, or an empty cell when it is undefined (a metric that never varies). */
function rhoCell(rho: number): Decimal | null {
  return Number.isNaN(rho) ? null : dec(rho.toFixed(RHO_PLACES));
}

/** The inputs by |ρ| with the first reported metric, largest first (stable). */
export function sortedDrivers(result: SimulationResult): SimulationResult['inputs'] {
  return result.inputs
    .map((input, i) => {
      const rho = input.correlations[0]?.rho ?? Number.NaN;
      return { input, i, key: Number.isNaN(rho) ? -1 : Math.abs(Number(rho.toFixed(RHO_PLACES))) };
    })
    .sort((a, b) => b.key - a.key || a.i - b.i)
    .map((x) => x.input);
}

/** P(metric > threshold) for each `--threshold`. */
export function thresholdsView(result: SimulationResult): View {
  return {
    name: 'thresholds',
    title: 'Probability that a metric exceeds a threshold',
    columns: [
      column('metric', 'metric', 'text'),
      column('threshold', 'threshold', 'decimal'),
      column('paths_above', 'paths above', 'count'),
      column('probability', 'probability', 'decimal', PROBABILITY_PLACES),
    ],
    rows: result.thresholds.map((t) => [t.metric, t.threshold, t.paths, t.probability]),
  };
}

/** The drivers as bars on a terminal: ρ with the first metric, ±`width` characters for |ρ| = 1. */
export function driverBars(result: SimulationResult, width = 20): string {
  const drivers = sortedDrivers(result);
  if (drivers.length === 0) return '';
  const labelWidth = Math.max(...drivers.map((d) => d.path.length));
  return (
    drivers
      .map((d) => {
        const rho = d.correlations[0]?.rho ?? Number.NaN;
        if (Number.isNaN(rho)) return `${d.path.padEnd(labelWidth)} ${' '.repeat(width)}│${' '.repeat(width)} n/a`;
        const cells = Math.round(Math.abs(rho) * width);
        const bar = rho < 0 ? `${' '.repeat(width - cells)}${'█'.repeat(cells)}│${' '.repeat(width)}` : `${' '.repeat(width)}│${'█'.repeat(cells)}${' '.repeat(width - cells)}`;
        return `${d.path.padEnd(labelWidth)} ${bar} ${rho >= 0 ? '+' : '-'}${Math.abs(rho).toFixed(RHO_PLACES)}`;
      })
      .join('\n') + '\n'
  );
}

/** The JSON payload (the command wraps it in the one envelope): every decimal a string. */
export function simulateJson(result: SimulationResult): JsonObject {
  const statistics: JsonObject = {};
  for (const row of viewToJsonRows(statisticsView(result))) {
    const { metric, ...rest } = row;
    statistics[String(metric)] = rest;
  }
  return {
    ...viewToJsonObject(runView(result), 0, 1),
    statistics,
    tranches: viewToJsonRows(tranchesView(result)).map((row) => ({
      ...row,
      median_vest_date: row['median_vest_date'] === 'not vested' ? null : row['median_vest_date'] ?? null,
    })),
    histogram: viewToJsonRows(histogramView(result)),
    inputs: viewToJsonRows(inputsView(result)).map((row, i) => ({
      ...row,
      spearman: Object.fromEntries(result.inputs[i]!.correlations.map((c) => [c.metric, Number.isNaN(c.rho) ? null : c.rho.toFixed(RHO_PLACES)])),
    })),
    thresholds: viewToJsonRows(thresholdsView(result)),
    deterministic: Object.fromEntries(
      METRIC_NAMES.map((m) => [m, jsonCell(metricCell({ summary: result.deterministic }, m), VALUE_COLUMN)]),
    ),
  };
}

/** The histogram drawn with unicode block bars, `width` characters for the fullest bin. */
export function histogramBars(result: SimulationResult, format: (value: Decimal) => string, width = 40): string {
  const bins = result.histogram;
  const most = Math.max(1, ...bins.map((b) => b.count));
  const labels = bins.map((b) => `${tailLabel(b) === null ? '' : `${tailLabel(b)}: `}${format(b.lower)} .. ${format(b.upper)}`);
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const eighths = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
  const lines = bins.map((b, i) => {
    const units = Math.round((b.count / most) * width * 8);
    const bar = '█'.repeat(Math.floor(units / 8)) + eighths[units % 8]!;
    return `${labels[i]!.padStart(labelWidth)} │${bar} ${b.count}`;
  });
  return `${lines.join('\n')}\n`;
}
