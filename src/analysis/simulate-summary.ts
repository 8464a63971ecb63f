/**
 * From the per-path batches to what `simulate` reports (SPEC §5): per metric the mean, standard
 * error, P5..P95 (nearest rank), min and max; the probability that savings > 0; per tranche the
 * probability that it vests within the timeline and its median vest date; the savings histogram.
 * Pure.
 */
import type { Decimal } from '../money/index.js';
import type { Day } from '../time/index.js';
import { METRIC_KINDS, type MetricKind, type MetricName, type Summary } from '../engine/index.js';
import { clippedHistogram, describeSample, nearestRankIndex, proportion, type HistogramBin, type SampleSummary } from './statistics.js';
import { KIND_PLACES, type PathBatch, type SimulationPlan } from './simulate.js';

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
  options: { seed: number; paths: number; metrics: readonly MetricName[]; bins: number; deterministic: Summary },
): SimulationResult {
  const { paths } = options;
  const scenario = plan.prepared.scenario;
  const stored = plan.storedMetrics;
  const savingsIndex = stored.indexOf('savings');
  const savings = column(batches, savingsIndex, paths);
  let positive = 0;
  for (let i = 0; i < paths; i++) if (savings[i]! > 0n) positive++;
  const bins = clippedHistogram(savings, KIND_PLACES.money, options.bins);

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
  };
}
