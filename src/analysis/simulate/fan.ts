/**
 * The share-price fan of a Monte Carlo run (SPEC §8: P5–P95 of the share price per period end),
 * for the HTML report. Pure.
 *
 * Path i's price at period end k is P̃(e_k) = P(e_k) × f_k (paths.ts): P(e_k) > 0 is the same
 * for every path, so the paths rank by P̃ exactly as they rank by f_k, and the nearest-rank
 * percentile of the prices is P(e_k) × (the nearest-rank percentile of the factors) — computed with
 * the very `noisyPrices` arithmetic the engine valued that path with (the decimal of the factor's
 * shortest round-trip text, which keeps the factors' order). No second model of the price.
 */
import type { Decimal } from '../../money/index.js';
import type { Day } from '../../time/index.js';
import { factorDecimal, type PathBatch, type SimulationPlan } from './paths.js';
import { REPORTED_PERCENTILES, nearestRankIndex } from '../statistics.js';

export interface FanPoint {
  /** 1-based period */
  period: number;
  end: Day;
  /** the deterministic model's P(e_k) */
  model: Decimal;
  /** P5, P25, P50, P75, P95 of P̃(e_k) over the paths (REPORTED_PERCENTILES order) */
  percentiles: Decimal[];
}

/** Per period end, the percentiles of the share price over every path (batches need `factors`). */
export function sharePriceFan(plan: SimulationPlan, batches: readonly PathBatch[], paths: number): FanPoint[] {
  const schedule = plan.prepared.schedule;
  const n = schedule.length;
  const column = new Float64Array(paths);
  return schedule.map((period, k) => {
    let offset = 0;
    for (const batch of batches) {
      const factors = batch.factors;
      if (factors === undefined) throw new Error('sharePriceFan: the batches were run without keepFactors');
      const count = batch.to - batch.from;
      for (let p = 0; p < count; p++) column[offset + p] = factors[p * n + k]!;
      offset += count;
    }
    column.sort();
    const base = plan.prepared.sharePriceAtEnds[k]!;
    const percentiles = REPORTED_PERCENTILES.map((q) => {
      const f = column[nearestRankIndex(paths, q)]!;
      return f === 1 ? base : base.times(factorDecimal(f));
    });
    return { period: period.index, end: period.end, model: base, percentiles };
  });
}
