/**
 * From the per-path batches to what `simulate` reports (SPEC §5): per metric the mean, standard
 * error, P5..P95 (nearest rank), min and max; the probability that savings > 0; per tranche the
 * probability that it vests within the timeline and its median vest date; the savings histogram.
 * Pure.
 */
import type { Decimal } from '../../money/index.js';
import type { Day } from '../../time/index.js';
import { METRIC_KINDS, type MetricKind, type MetricName, type Summary } from '../../engine/index.js';
import { Decimal as DecimalValue } from '../../money/index.js';
import type { UncertainInput } from '../../scenario/types.js';
import { clippedHistogram, describeSample, nearestRankIndex, percentileOfSorted, proportion, REPORTED_PERCENTILES, type HistogramBin, type SampleSummary } from '../statistics.js';
import { drawnMean } from '../uncertainty/distributions.js';
import { pearson, ranks } from '../uncertainty/rank-correlation.js';
import { KIND_PLACES, type PathBatch, type SimulationPlan } from './paths.js';

export interface MetricStatistics {
  metric: MetricName;
  kind: MetricKind;
  statistics: SampleSummary;
}

export interface TrancheStatistics {
  /** 1-based */
  index: number;
  shares: Decimal;
  gw?: Decimal;
  price?: Decimal;
  vestedPaths: number;
  /** vestedPaths / paths */
  probability: Decimal;
  /**
   * The nearest-rank median vest date with "not vested" ranked after every date: the
   * ⌈paths/2⌉-th earliest outcome. Absent ("not vested") when fewer than that many paths vest.
   */
  medianVestDate?: Day;
}

/** One uncertain input's draws (SPEC §5): what was asked for, what was drawn, what it drives. */
export interface InputStatistics {
  path: string;
  /** the distribution as written, e.g. `normal(mean 55000, sd 6000), min 20000` */
  distribution: string;
  /** the mean of the distribution asked for, truncation included */
  askedMean: number;
  /** the draws' mean */
  mean: number;
  /** P5..P95 of the draws (nearest rank), keyed by percent: each an actual draw */
  percentiles: Map<number, number>;
  /** Spearman's ρ of the draws with each reported metric, in metric order (NaN: a constant sample) */
  correlations: Array<{ metric: MetricName; rho: number }>;
}

/** P(metric > threshold) for a user's `--threshold METRIC=VALUE`. */
export interface ThresholdProbability {
  metric: MetricName;
  threshold: Decimal;
  paths: number;
  probability: Decimal;
}

export interface SimulationResult {
  scenarioName: string;
  currency: string;
  seed: number;
  paths: number;
  volatility: Decimal;
  metrics: MetricStatistics[];
  savingsPositivePaths: number;
  /** P(savings > 0) = savingsPositivePaths / paths */
  savingsPositiveProbability: Decimal;
  tranches: TrancheStatistics[];
  /** savings histogram */
  histogram: HistogramBin[];
  /** the deterministic model's summary (the path with every factor 1) */
  deterministic: Summary;
  /** per uncertain input (SPEC §5), in the file's order; empty without `uncertainty` */
  inputs: InputStatistics[];
  /** the `--threshold` probabilities, in the order given */
  thresholds: ThresholdProbability[];
}

/** Concatenates the stored metric `m` of every batch, in path order. */
function column(batches: readonly PathBatch[], m: number, paths: number): BigInt64Array {
  const out = new BigInt64Array(paths);
  let offset = 0;
  for (const b of batches) {
    out.set(b.metrics[m]!, offset);
    offset += b.to - b.from;
  }
  return out;
}

/**
 * The report of a finished run. `metrics` are the requested metrics (in the order to report);
 * `bins` the histogram's bin count; `deterministic` the model's summary for reference.
 */
export function summarizeSimulation(
  plan: SimulationPlan,
  batches: readonly PathBatch[],
  options: {
    seed: number;
    paths: number;
    metrics: readonly MetricName[];
    bins: number;
    deterministic: Summary;
    thresholds?: ReadonlyArray<{ metric: MetricName; threshold: Decimal }>;
  },
): SimulationResult {
  const { paths } = options;
  const scenario = plan.prepared.scenario;
  const stored = plan.storedMetrics;
  const savingsIndex = stored.indexOf('savings');
  const savings = column(batches, savingsIndex, paths);
  let positive = 0;
  for (let i = 0; i < paths; i++) if (savings[i]! > 0n) positive++;
  const bins = clippedHistogram(savings, KIND_PLACES.money, options.bins);

  // before describeSample sorts the columns: ranks need the path order
  const inputs = inputStatistics(plan, batches, paths, options.metrics, stored);
  const thresholds = (options.thresholds ?? []).map(({ metric, threshold }) => {
    const places = KIND_PLACES[METRIC_KINDS[metric]];
    const values = column(batches, stored.indexOf(metric), paths);
    const limit = toScaledFloor(threshold, places);
    let above = 0;
    for (let i = 0; i < paths; i++) if (values[i]! > limit) above++;
    return { metric, threshold, paths: above, probability: proportion(above, paths) };
  });

  const metrics = options.metrics.map((metric) => {
    const kind = METRIC_KINDS[metric];
    const m = stored.indexOf(metric);
    const values = metric === 'savings' ? savings : column(batches, m, paths);
    return { metric, kind, statistics: describeSample(values, KIND_PLACES[kind]) };
  });

  const trancheCount = scenario.warrant.tranches.length;
  const schedule = plan.prepared.schedule;
  const medianRank = nearestRankIndex(paths, 50) + 1;
  const tranches = scenario.warrant.tranches.map((tranche, t) => {
    // vest counts per period (index 0: not vested), for the probability and the median
    const perPeriod = new Array<number>(schedule.length + 1).fill(0);
    for (const b of batches) {
      const count = b.to - b.from;
      for (let p = 0; p < count; p++) perPeriod[b.vestPeriods[p * trancheCount + t]!]!++;
    }
    const vestedPaths = paths - perPeriod[0]!;
    const result: TrancheStatistics = {
      index: t + 1,
      shares: tranche.shares,
      vestedPaths,
      probability: proportion(vestedPaths, paths),
    };
    if (tranche.gw !== undefined) result.gw = tranche.gw;
    if (tranche.price !== undefined) result.price = tranche.price;
    let cumulative = 0;
    for (let k = 1; k <= schedule.length; k++) {
      cumulative += perPeriod[k]!;
      if (cumulative >= medianRank) {
        result.medianVestDate = schedule[k - 1]!.end;
        break;
      }
    }
    return result;
  });

  return {
    scenarioName: scenario.name,
    currency: scenario.currency,
    seed: options.seed,
    paths,
    volatility: scenario.share_price.volatility,
    metrics,
    savingsPositivePaths: positive,
    savingsPositiveProbability: proportion(positive, paths),
    tranches,
    histogram: bins,
    deterministic: options.deterministic,
    inputs,
    thresholds,
  };
}

/**
 * The largest scaled integer v with v / 10^places ≤ threshold, so that "value > threshold" is
 * exactly "scaled value > v" for values with `places` decimals.
 */
function toScaledFloor(threshold: Decimal, places: number): bigint {
  return BigInt(threshold.times(new DecimalValue(10).pow(places)).floor().toFixed(0));
}

function inputStatistics(
  plan: SimulationPlan,
  batches: readonly PathBatch[],
  paths: number,
  reported: readonly MetricName[],
  stored: readonly MetricName[],
): InputStatistics[] {
  const draws = plan.draws;
  if (draws === undefined) return [];
  const metricRanks = reported.map((metric) => ranks(column(batches, stored.indexOf(metric), paths)));
  return draws.inputs.map((input, i) => {
    const values = new Float64Array(paths);
    let offset = 0;
    for (const b of batches) {
      values.set(b.draws[i]!, offset);
      offset += b.to - b.from;
    }
    const drawRanks = ranks(values);
    let total = 0;
    for (let p = 0; p < paths; p++) total += values[p]!;
    const correlations = reported.map((metric, m) => ({ metric, rho: pearson(drawRanks, metricRanks[m]!) }));
    const sorted = Float64Array.from(values).sort();
    return {
      path: input.input.path,
      distribution: describeDistribution(input.input),
      askedMean: drawnMean(input.distribution),
      mean: total / paths,
      percentiles: new Map(REPORTED_PERCENTILES.map((pc) => [pc, percentileOfSorted(sorted, pc)])),
      correlations,
    };
  });
}

/** `pert(min 0, mode 0.15, max 0.3), min 0.05` — the distribution as the file wrote it. */
export function describeDistribution(input: UncertainInput): string {
  const d = input.distribution;
  const t = (x: Decimal) => x.toString();
  let text: string;
  switch (d.family) {
    case 'normal':
    case 'lognormal':
      text = `${d.family}(mean ${t(d.mean)}, sd ${t(d.sd)})`;
      break;
    case 'uniform':
      text = `uniform(${t(d.min)}, ${t(d.max)})`;
      break;
    case 'triangular':
    case 'pert':
      text = `${d.family}(${t(d.min)}, ${t(d.mode)}, ${t(d.max)})`;
      break;
    case 'discrete':
      text = `discrete(${d.values.map((v, i) => `${t(v)}:${t(d.weights[i]!)}`).join(' ')})`;
      break;
  }
  if (input.min !== undefined) text += `, min ${t(input.min)}`;
  if (input.max !== undefined) text += `, max ${t(input.max)}`;
  return text;
}
