/**
 * Monte Carlo over share-price paths (SPEC §5). Pure: no files, no printing, no threads (the
 * worker pool in `pool.ts` only distributes {@link runPaths} calls).
 *
 * The method (QuantLib's split: the instrument and market come from the scenario, this module is
 * the engine that values them on random paths):
 * - Everything that does not depend on the share price — periods, GW(e_k), units, unit prices,
 *   discount factors, hardware/other/energy bookings and their totals — is the engine's
 *   `prepareModel`, computed once per run (once per worker).
 * - Path `i` (1-based) draws standard normals from its own stream (see `random.ts`), builds a
 *   Brownian motion W sampled at the period ends and the noisy price
 *   P̃(e_k) = P(e_k) × f_k, f_k = exp(σ·W(e_k) − σ²·yf(t0, e_k)/2) (SPEC §5), then runs the
 *   engine's one vesting/exercise/sale/tax implementation (`valueWarrantOnPath`) and the engine's
 *   totals on that price array — the very code `model` runs.
 *
 * Decisions where SPEC §5 is silent (README "Monte Carlo"):
 * - **Period ends on or before t0** (t0 = share_price.date for cagr, the first point's date for
 *   points) are not random: their factor is exactly 1 and they consume no draw. W starts at 0 at
 *   t0; the first increment runs from t0 to the first period end after t0, each later one from the
 *   previous period end: W(e_k) = W(e_{k−1}) + √(Δt_k)·Z_k, Δt_k = (e_k − max(e_{k−1}, t0))/365.
 * - **The factor** f_k is a float64 (allowed by issue 6) and enters decimal arithmetic as the
 *   decimal of its shortest round-trip text (`String(f)`, what `new Decimal(f)` also reads); the
 *   noisy price is the decimal product P(e_k) × f_k at the money module's 60 significant digits,
 *   and every amount is booked in exact cents from it by the engine. A factor of exactly 1 leaves
 *   P(e_k) untouched, so `volatility: 0` reproduces `model` digit for digit.
 */
import { Decimal, atLeast, scaledText } from '../../money/index.js';
import type { Day } from '../../time/index.js';
import type { Scenario } from '../../scenario/types.js';
import {
  KIND_PLACES,
  METRIC_KINDS,
  addToTotals,
  prepareModel,
  scaledSummaryOnPath,
  totalsToSummary,
  valueWarrantOnPath,
  type ProceedsShortcut,
  type ScaledPath,
  type MetricName,
  type PreparedModel,
  type Summary,
  type WarrantValuation,
} from '../../engine/index.js';
import { pathNormals } from '../random.js';
import type { RawScenario } from '../../scenario/index.js';
import { drawInput, pathInputNormals, planDraws, scenarioWithDraws, type DrawPlan } from '../uncertainty/draws.js';
import { validatorFor } from '../validate-with.js';
import type { ValidateWith } from '../points.js';

/** SPEC §6: more paths than this are refused. */
export const MAX_PATHS = 10_000_000;

/** Decimal places of each metric kind (SPEC §3: counts whole, money in cents, the ratio to 6). */
export { KIND_PLACES };

/** Everything a run needs that is the same for every path. Treat as read-only. */
export interface SimulationPlan {
  prepared: PreparedModel;
  /** σ = share_price.volatility as a float64 (the noise is float; money is not) */
  sigma: number;
  /** t0 of SPEC §5 */
  origin: Day;
  /** per period end: is it after t0 (random) */
  random: boolean[];
  /** per period end after t0: √Δt_k in years (0 elsewhere) */
  sqrtStep: Float64Array;
  /** per period end: σ²·yf(t0, e_k)/2 (0 on or before t0) */
  drift: Float64Array;
  /** metrics stored per path: the requested ones plus `savings` (probability and histogram) */
  storedMetrics: MetricName[];
  /** P(e_k) as float64, for screening vesting comparisons (never for money) */
  priceFloats: Float64Array;
  /** each tranche price threshold as float64, keyed by the tranche's Decimal */
  thresholdFloats: Map<Decimal, number>;
  /** SPEC §5 uncertain inputs: how each path draws them (absent: only the share price is random) */
  draws?: DrawPlan;
  /** the loader for draws that are not validated alone (see uncertainty/draws.ts) */
  validate?: ValidateWith;
}

/** SPEC §5 t0: share_price.date (cagr) or the first point's date (points). */
export function noiseOrigin(scenario: Scenario): Day {
  const sp = scenario.share_price;
  return sp.model === 'cagr' ? sp.date : sp.points[0]!.date;
}

/**
 * Prepares a run: the engine's price-independent stages and the time grid of the noise.
 * `metrics` are the metrics to keep per path (`savings` is always kept).
 */
export function planSimulation(scenario: Scenario, metrics: readonly MetricName[], raw?: RawScenario): SimulationPlan {
  const prepared = prepareModel(scenario);
  const plan = noisePlan(prepared, metrics);
  if (scenario.uncertainty !== undefined) {
    plan.draws = planDraws(scenario, scenario.uncertainty);
    if (!plan.draws.allFree && raw !== undefined) plan.validate = validatorFor(raw);
  }
  return plan;
}

/** The noise grid and float screens of one prepared scenario (see {@link planSimulation}). */
function noisePlan(prepared: PreparedModel, metrics: readonly MetricName[]): SimulationPlan {
  const scenario = prepared.scenario;
  const origin = noiseOrigin(scenario);
  const sigma = Number(scenario.share_price.volatility.toString());
  const n = prepared.schedule.length;
  const random: boolean[] = [];
  const sqrtStep = new Float64Array(n);
  const drift = new Float64Array(n);
  let previous = origin;
  prepared.schedule.forEach((period, i) => {
    const after = period.end > origin;
    random.push(after);
    if (!after) return;
    sqrtStep[i] = Math.sqrt((period.end - Math.max(previous, origin)) / 365);
    drift[i] = (sigma * sigma * ((period.end - origin) / 365)) / 2;
    previous = period.end;
  });
  const storedMetrics = metrics.includes('savings') ? [...metrics] : [...metrics, 'savings' as const];
  const priceFloats = Float64Array.from(prepared.sharePriceAtEnds, (p) => Number(p.toString()));
  const thresholdFloats = new Map<Decimal, number>();
  for (const t of scenario.warrant.tranches) if (t.price !== undefined) thresholdFloats.set(t.price, Number(t.price.toString()));
  return { prepared, sigma, origin, random, sqrtStep, drift, storedMetrics, priceFloats, thresholdFloats };
}

/** f_k of one path: exp(σ·W(e_k) − σ²·yf(t0, e_k)/2), exactly 1 on or before t0 (module doc). */
export function noiseFactors(plan: SimulationPlan, seed: number, pathIndex: number, out: Float64Array): Float64Array {
  const normals = pathNormals(seed, pathIndex);
  let w = 0;
  for (let i = 0; i < out.length; i++) {
    if (!plan.random[i]) {
      out[i] = 1;
      continue;
    }
    w += plan.sqrtStep[i]! * normals.next();
    const factor = plan.sigma === 0 ? 1 : Math.exp(plan.sigma * w - plan.drift[i]!);
    if (!Number.isFinite(factor)) {
      throw new RangeError(`the noise factor of path ${pathIndex} overflows a float64: share_price.volatility is too large`);
    }
    out[i] = factor;
  }
  return out;
}

/** The decimal of a float64 noise factor: its shortest round-trip text, read exactly. */
export function factorDecimal(factor: number): Decimal {
  return new Decimal(String(factor));
}

/** P̃(e_k) = P(e_k) × f_k in decimal; P(e_k) itself where f_k is exactly 1. */
export function noisyPrices(plan: SimulationPlan, factors: Float64Array): Decimal[] {
  const base = plan.prepared.sharePriceAtEnds;
  const prices = new Array<Decimal>(base.length);
  for (let i = 0; i < base.length; i++) {
    const f = factors[i]!;
    prices[i] = f === 1 ? base[i]! : base[i]!.times(factorDecimal(f));
  }
  return prices;
}

/** P̃(e_k) for index k-1 alone (see {@link noisyPrices}). */
function noisyPriceAt(plan: SimulationPlan, factors: Float64Array, index: number): Decimal {
  const base = plan.prepared.sharePriceAtEnds[index]!;
  const f = factors[index]!;
  return f === 1 ? base : base.times(factorDecimal(f));
}

/**
 * The noisy prices as an array whose entries are built on first read. The engine reads only the
 * sale prices (vesting comparisons go through {@link priceAtLeastOn}), so a path builds one to a
 * few decimal prices instead of one per period. Reading every entry gives {@link noisyPrices}.
 */
export function lazyNoisyPrices(plan: SimulationPlan, factors: Float64Array): Decimal[] {
  const n = factors.length;
  const cache = new Array<Decimal | undefined>(n);
  return new Proxy(cache as Decimal[], {
    get(target, property, receiver) {
      if (typeof property === 'string') {
        const index = property.length <= 6 ? Number(property) : NaN;
        if (Number.isInteger(index) && index >= 0 && index < n) {
          return (cache[index] ??= noisyPriceAt(plan, factors, index));
        }
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

/** Relative margin within which a float comparison is not trusted and the exact one decides. */
const SCREEN_MARGIN = 1e-9;

/**
 * Exactly `P̃(e_k) ≥ threshold` (index k-1), decided in float64 when the float product
 * P(e_k)·f_k is more than 1e-9 (relative) away from the threshold — its error is below 1e-15
 * relative, so the answer is the exact one — and by the decimal comparison otherwise.
 */
export function priceAtLeastOn(plan: SimulationPlan, factors: Float64Array, prices: readonly Decimal[]) {
  return (index: number, threshold: Decimal): boolean => {
    const h = plan.thresholdFloats.get(threshold) ?? Number(threshold.toString());
    const p = plan.priceFloats[index]! * factors[index]!;
    if (p > h * (1 + SCREEN_MARGIN)) return true;
    if (p < h * (1 - SCREEN_MARGIN)) return false;
    return atLeast(prices[index]!, threshold);
  };
}

/**
 * The plan of path `pathIndex` with its uncertain inputs drawn (SPEC §5): the path's scenario,
 * prepared reusing every stage the draws do not touch (`prepareModel`'s `previous`), and its noise
 * grid when the volatility or the share-price curve changed. The plan itself without draws.
 */
export function planForPath(plan: SimulationPlan, seed: number, pathIndex: number, normals?: Float64Array): { plan: SimulationPlan; draws: number[]; texts: string[] } {
  if (plan.draws === undefined) return { plan, draws: [], texts: [] };
  const z = pathInputNormals(plan.draws, seed, pathIndex, normals ?? new Float64Array(plan.draws.inputs.length));
  const draws = plan.draws.inputs.map((input, i) => drawInput(input, z[i]!));
  const base = plan.prepared.scenario;
  const scenario = scenarioWithDraws(plan.draws, base, draws, pathIndex, plan.validate);
  const prepared = prepareModel(scenario, plan.prepared);
  const pathPlan =
    scenario.share_price === base.share_price && scenario.warrant === base.warrant
      ? { ...plan, prepared }
      : { ...noisePlan(prepared, plan.storedMetrics), draws: plan.draws, ...(plan.validate ? { validate: plan.validate } : {}) };
  return { plan: pathPlan, draws: draws.map((d) => d.value), texts: draws.map((d) => d.text) };
}

/** One path through the engine: its prices, the warrant on them and the SPEC §3 summary. */
export interface PathOutcome {
  /** P̃(e_k), index k-1 (built on read) */
  prices: Decimal[];
  valuation: WarrantValuation;
  summary: Summary;
}

/**
 * Values one price path with the engine's own code: `valueWarrantOnPath` (vesting, exercise, sale,
 * tax) and the ledger totals added onto the prepared cost totals — what `summarizePath` does,
 * keeping the valuation for the per-path output.
 */
export function valuePath(plan: SimulationPlan, factors: Float64Array): PathOutcome {
  const prices = lazyNoisyPrices(plan, factors);
  const valuation = valueWarrantOnPath(plan.prepared, prices, priceAtLeastOn(plan, factors, prices));
  const summary = totalsToSummary(addToTotals(plan.prepared.costTotals, valuation.bookings));
  return { prices, valuation, summary };
}

/**
 * One price path in integers (what {@link runPaths} stores): the engine's `scaledSummaryOnPath` —
 * the prepared cost totals plus this path's vested tranches, no ledger rows. Equal to
 * {@link valuePath}'s summary, metric for metric (a test checks it).
 */
export function scaledPath(plan: SimulationPlan, factors: Float64Array): ScaledPath & { prices: Decimal[] } {
  const prices = lazyNoisyPrices(plan, factors);
  return { ...scaledSummaryOnPath(plan.prepared, prices, priceAtLeastOn(plan, factors, prices), proceedsOn(plan, factors)), prices };
}

/**
 * Relative margin around a half cent within which the float product is not trusted: its error is
 * below ~7e-16 relative (P(e_k) and f_k as float64 — the decimal of f_k's shortest text is within
 * 2^−53 of it — and three float products); the margin is 150 times that.
 */
const HALF_CENT_MARGIN = 1e-13;

/**
 * Exactly cents(shares × P̃(e_k)) (index k−1) from float64 — P(e_k)·f_k·shares·100 — when that
 * product is below 2^52 cents and further than {@link HALF_CENT_MARGIN} (relative) from a half
 * cent, so that rounding it to the nearest integer is the exact half-even rounding; undefined
 * otherwise, and the engine computes the exact product of the decimal P̃(e_k).
 */
export function proceedsOn(plan: SimulationPlan, factors: Float64Array): ProceedsShortcut {
  return (index, shares) => {
    const value = Number(shares) * plan.priceFloats[index]! * factors[index]! * 100;
    if (!(Math.abs(value) < 2 ** 52)) return undefined;
    const floor = Math.floor(value);
    const fraction = value - floor;
    if (Math.abs(fraction - 0.5) <= Math.abs(value) * HALF_CENT_MARGIN + 1e-9) return undefined;
    return BigInt(fraction < 0.5 ? floor : floor + 1);
  };
}

/** Path `pathIndex` (1-based) under `seed`, start to finish. */
export function simulatePath(plan: SimulationPlan, seed: number, pathIndex: number): PathOutcome {
  const path = planForPath(plan, seed, pathIndex).plan;
  const factors = noiseFactors(path, seed, pathIndex, new Float64Array(path.prepared.schedule.length));
  return valuePath(path, factors);
}

/**
 * The results of paths [from, to) (1-based path indices), in path order. Plain typed arrays so a
 * worker can hand them back without copying.
 */
export interface PathBatch {
  from: number;
  to: number;
  /** per stored metric (plan.storedMetrics order): value × 10^places per path */
  metrics: BigInt64Array[];
  /** (to − from) × tranches: the vest period (1..n) of each tranche on each path, 0 = not vested */
  vestPeriods: Int32Array;
  /** sale price of each vested tranche, per path and tranche, as decimal text ('' = not vested); only when asked */
  salePrices?: string[];
  /** per uncertain input (plan order): its draw on each path (float64, for the statistics) */
  draws: Float64Array[];
  /** (to − from) × inputs: each draw's exact decimal text, per path; only when asked */
  drawTexts?: string[];
  /** (to − from) × periods: each path's noise factors f_k (the report's fan chart); only when asked */
  factors?: Float64Array;
}

/** Options of {@link runPaths}. */
export interface RunPathsOptions {
  /** keep each vested tranche's sale price text (for `--paths-out`) */
  keepSalePrices?: boolean;
  /** keep each path's noise factors f_k (for the report's share-price fan chart) */
  keepFactors?: boolean;
}

/** Runs paths [from, to) and collects what the statistics and `--paths-out` need. */
export function runPaths(plan: SimulationPlan, seed: number, from: number, to: number, options: RunPathsOptions = {}): PathBatch {
  const count = to - from;
  const tranches = plan.prepared.scenario.warrant.tranches.length;
  const metrics = plan.storedMetrics.map(() => new BigInt64Array(count));
  const places = plan.storedMetrics.map((m) => KIND_PLACES[METRIC_KINDS[m]]);
  const vestPeriods = new Int32Array(count * tranches);
  const salePrices: string[] | undefined = options.keepSalePrices ? [] : undefined;
  const inputCount = plan.draws?.inputs.length ?? 0;
  const draws = Array.from({ length: inputCount }, () => new Float64Array(count));
  const drawTexts: string[] | undefined = options.keepSalePrices && inputCount > 0 ? [] : undefined;
  const normals = new Float64Array(inputCount);
  const factors = new Float64Array(plan.prepared.schedule.length);
  const kept = options.keepFactors ? new Float64Array(count * factors.length) : undefined;
  for (let p = 0; p < count; p++) {
    const drawn = planForPath(plan, seed, from + p, normals);
    for (let i = 0; i < inputCount; i++) draws[i]![p] = drawn.draws[i]!;
    if (drawTexts !== undefined) drawTexts.push(...drawn.texts);
    noiseFactors(drawn.plan, seed, from + p, factors);
    kept?.set(factors, p * factors.length);
    const outcome = scaledPath(drawn.plan, factors);
    for (let m = 0; m < metrics.length; m++) {
      metrics[m]![p] = int64Metric(outcome.scaled[plan.storedMetrics[m]!], places[m]!);
    }
    for (const decision of outcome.decisions) {
      vestPeriods[p * tranches + decision.index - 1] = decision.vestPeriod ?? 0;
    }
    if (salePrices !== undefined) {
      const sold = new Map(outcome.vested.map((v) => [v.index, v.saleIndex]));
      for (const decision of outcome.decisions) {
        const at = sold.get(decision.index);
        salePrices.push(at === undefined ? '' : outcome.prices[at]!.toFixed());
      }
    }
  }
  const batch: PathBatch = { from, to, metrics, vestPeriods, draws };
  if (salePrices !== undefined) batch.salePrices = salePrices;
  if (drawTexts !== undefined) batch.drawTexts = drawTexts;
  if (kept !== undefined) batch.factors = kept;
  return batch;
}

const INT64_MAX = (1n << 63n) - 1n;

/** A metric scaled by its places (cents, millionths, a count) as stored per path: an int64, checked. */
function int64Metric(scaled: bigint, places: number): bigint {
  if (scaled > INT64_MAX || scaled < -INT64_MAX) {
    throw new RangeError(`a metric value ${scaledText(scaled, places)} is too large for the Monte Carlo statistics`);
  }
  return scaled;
}
