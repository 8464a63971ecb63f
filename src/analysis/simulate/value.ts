/**
 * The warrant's fair value at the valuation date (SPEC §7, `value`): risk-neutral Monte Carlo over
 * the share price, the GW (performance) conditions as scheduled, the price (market) conditions on
 * the simulated paths. Pure: no files, no printing, no threads (`path-pool.ts` distributes
 * {@link runValueSamples} calls).
 *
 * It is `simulate`'s machinery with one change, the measure of the deterministic path:
 * - **the plan** is `simulate`'s {@link planSimulation} of the scenario whose share price starts at
 *   S_v on v (so the noise origin t0 is v, W starts at v, and period ends on or before v are not
 *   random), with the deterministic path replaced by the risk-neutral one: P(e_k) of the scenario's
 *   own curve for e_k ≤ v (history), the forward F(e_k) = S_v × (1 + r)^τ / (1 + q)^τ after v,
 *   τ = yf(v, e_k). Everything price-independent (schedule, GW(e_k), the GW condition table,
 *   the cost bookings) is the engine's `prepareModel`, as in `simulate`.
 * - **the noise** is `simulate`'s {@link noiseFactors}: path i's own stream (seed, i), the
 *   Brownian motion at the period ends, f_k = exp(σ·W(τ_k) − σ²·τ_k/2); so
 *   S̃(e_k) = F(e_k) × f_k is SPEC §7's path, and its decimal is built exactly as in `simulate`.
 * - **vesting** is the engine's one implementation, `vestTranches`, with `simulate`'s exact
 *   price comparison ({@link priceAtLeastOn}).
 * - **the payoff** of a tranche vested at e_k is shares × (S̃(e_k) − strike) × (1 + r)^(−τ_k),
 *   booked in cents (half-even, SPEC §3's money rule) per path; 0 when it does not vest.
 *
 * Variance reduction (README, docs/fair-value.md): **antithetic pairs** by default. Sample s uses
 * stream s twice, once with W and once with −W: the second factor is exp(−σ·W − σ²τ/2) =
 * exp(−σ²τ)/f_k. Both halves have the risk-neutral law, so the pair mean is unbiased (exact in
 * expectation); the pairs are the independent samples, so the standard error is the pairs' own.
 * `antithetic: false` gives plain Monte Carlo with one path per stream.
 *
 * Statistics are exact (the `simulate` statistics module): per sample the tranche values and their
 * total in integer cents; the fair value of a tranche is the exact mean rounded half-even to cents;
 * the total is the sum of the tranches' rounded values (a spreadsheet SUM of the rows equals it),
 * its standard error that of the per-sample totals.
 */
import { Decimal, ONE, ZERO, cents, decimalOfScaled, roundRatio } from '../../money/index.js';
import type { Day } from '../../time/index.js';
import type { Scenario } from '../../scenario/types.js';
import { growthFactor, sharePriceCurve, vestTranches, warrantWarnings, type Warning } from '../../engine/index.js';
import {
  factorDecimal,
  lazyNoisyPrices,
  noiseFactors,
  planSimulation,
  priceAtLeastOn,
  type SimulationPlan,
} from './paths.js';
import { describeSample, nearestRankIndex, proportion, toScaled } from '../statistics.js';
import { normalCdf } from '../random.js';

/** What a run needs that is the same for every path. Treat as read-only. */
export interface ValuePlan {
  /** the scenario as written (its share-price curve gives S_v and the history) */
  scenario: Scenario;
  /** `simulate`'s plan under the risk-neutral measure (see module doc) */
  simulation: SimulationPlan;
  valuationDate: Day;
  /** S_v = P(v) of the scenario's curve */
  spot: Decimal;
  riskFreeRate: Decimal;
  dividendYield: Decimal;
  volatility: Decimal;
  /** per period end: P(e_k) (e_k ≤ v) or F(e_k) (after v), index k-1 */
  basePrices: Decimal[];
  /** per period end: (1 + r)^(−τ_k) */
  discountFactors: Decimal[];
  /** per period end: exp(−σ²·τ_k), turns f_k into its antithetic twin (1 where not random) */
  antitheticScale: Float64Array;
  /** [tranche][k-1]: cents(shares × (base_k − strike) × D_k), the payoff when f_k = 1 */
  fixedPayoff: Decimal[][];
  /** [tranche][k-1]: shares × base_k × D_k and shares × strike × D_k (payoff = cents(a·f − b)) */
  payoffScale: Decimal[][];
  strikeScale: Decimal[][];
}

/** The deterministic risk-neutral path: history before v, the forward after (module doc). */
export function riskNeutralPath(scenario: Scenario, ends: readonly Day[]): { spot: Decimal; prices: Decimal[]; discountFactors: Decimal[] } {
  const v = scenario.timeline.valuation_date;
  const curve = sharePriceCurve(scenario.share_price);
  const spot = curve(v);
  const { r, q } = ratesOf(scenario);
  const onePlusR = ONE.plus(r);
  const onePlusQ = ONE.plus(q);
  const prices = ends.map((end) =>
    end <= v ? curve(end) : spot.times(growthFactor(onePlusR, end - v)).div(growthFactor(onePlusQ, end - v)),
  );
  const discountFactors = ends.map((end) => growthFactor(onePlusR, v - end));
  return { spot, prices, discountFactors };
}

function ratesOf(scenario: Scenario): { r: Decimal; q: Decimal } {
  return { r: scenario.valuation?.risk_free_rate ?? ZERO, q: scenario.valuation?.dividend_yield ?? ZERO };
}

/**
 * SPEC §7's payoff on the deterministic path, before rounding, with the multiplications first and
 * one division last (SPEC §3): after v, shares × (F − strike) × (1 + r)^(−τ) with
 * F = S_v × (1 + r)^τ / (1 + q)^τ is shares × (S_v × (1 + r)^τ − strike × (1 + q)^τ) /
 * ((1 + q)^τ × (1 + r)^τ); on or before v (history, τ ≤ 0) it is shares × (P(e_k) − strike) ×
 * (1 + r)^|τ|, no division. With whole years both powers are exact, so the value is too.
 */
function deterministicPayoff(scenario: Scenario, shares: Decimal, spot: Decimal, price: Decimal, end: Day): Decimal {
  const v = scenario.timeline.valuation_date;
  const { r, q } = ratesOf(scenario);
  const strike = scenario.warrant.strike;
  const grownR = growthFactor(ONE.plus(r), Math.abs(end - v));
  if (end <= v) return shares.times(price.minus(strike)).times(grownR);
  const grownQ = growthFactor(ONE.plus(q), end - v);
  return shares.times(spot.times(grownR).minus(strike.times(grownQ))).div(grownQ.times(grownR));
}

/** Prepares a `value` run (see module doc). */
export function planValue(scenario: Scenario): ValuePlan {
  const v = scenario.timeline.valuation_date;
  const volatility = scenario.share_price.volatility;
  // simulate's plan with the noise started at v: a cagr path from S_v on v (its own prices are
  // replaced below; only the time grid of the noise and the price-independent stages are used)
  const measured: Scenario = {
    ...scenario,
    share_price: { model: 'cagr', start: sharePriceCurve(scenario.share_price)(v), date: v, cagr: ZERO, volatility },
  };
  const base = planSimulation(measured, ['savings']);
  const ends = base.prepared.schedule.map((p) => p.end);
  const { spot, prices, discountFactors } = riskNeutralPath(scenario, ends);
  const simulation: SimulationPlan = {
    ...base,
    prepared: { ...base.prepared, scenario: measured, sharePriceAtEnds: prices },
    priceFloats: Float64Array.from(prices, (p) => Number(p.toString())),
  };
  const antitheticScale = Float64Array.from(ends, (_, i) => (base.random[i] ? Math.exp(-2 * base.drift[i]!) : 1));
  const strike = scenario.warrant.strike;
  const fixedPayoff: Decimal[][] = [];
  const payoffScale: Decimal[][] = [];
  const strikeScale: Decimal[][] = [];
  for (const tranche of scenario.warrant.tranches) {
    fixedPayoff.push(ends.map((end, i) => cents(deterministicPayoff(scenario, tranche.shares, spot, prices[i]!, end))));
    payoffScale.push(prices.map((p, i) => tranche.shares.times(p).times(discountFactors[i]!)));
    strikeScale.push(discountFactors.map((d) => tranche.shares.times(strike).times(d)));
  }
  const { r, q } = ratesOf(scenario);
  return {
    scenario,
    simulation,
    valuationDate: v,
    spot,
    riskFreeRate: r,
    dividendYield: q,
    volatility,
    basePrices: prices,
    discountFactors,
    antitheticScale,
    fixedPayoff,
    payoffScale,
    strikeScale,
  };
}

/** Options of a `value` run. */
export interface ValueOptions {
  paths: number;
  seed: number;
  /** antithetic pairs (default true); `paths` must then be even */
  antithetic?: boolean;
}

/** Paths per independent sample: 2 with antithetic pairs, else 1. */
export function pathsPerSample(antithetic: boolean): number {
  return antithetic ? 2 : 1;
}

/**
 * The results of samples [from, to) (1-based), in sample order; plain typed arrays so a worker
 * hands them back without copying.
 */
export interface ValueBatch {
  from: number;
  to: number;
  /** per tranche: the sample's value in cents (the sum over its paths: a pair gives two) */
  tranches: BigInt64Array[];
  /** per sample: the sum of its tranche values in cents */
  totals: BigInt64Array;
  /** (to − from) × pathsPerSample × tranches: vest period (1..n) per path and tranche, 0 = not vested */
  vestPeriods: Int32Array;
}

/** One path's payoffs (cents), added into `sums`, and its vest periods, at path slot `slot` of `batch`. */
function valueOnePath(plan: ValuePlan, factors: Float64Array, batch: ValueBatch, slot: number, sums: bigint[]): void {
  const sim = plan.simulation;
  const prepared = sim.prepared;
  const prices = lazyNoisyPrices(sim, factors);
  const shortcuts = prepared.gwHoldsAtEnds === undefined
    ? { priceAtLeast: priceAtLeastOn(sim, factors, prices) }
    : { gwHolds: prepared.gwHoldsAtEnds, priceAtLeast: priceAtLeastOn(sim, factors, prices) };
  const decisions = vestTranches(plan.scenario.warrant, prepared.schedule, prepared.levelsAtEnds, prices, prepared.maxGw, shortcuts);
  const trancheCount = decisions.length;
  for (const decision of decisions) {
    const t = decision.index - 1;
    const k = decision.vestPeriod;
    batch.vestPeriods[slot * trancheCount + t] = k ?? 0;
    if (k === undefined) continue;
    const f = factors[k - 1]!;
    const payoff =
      f === 1 ? plan.fixedPayoff[t]![k - 1]! : cents(plan.payoffScale[t]![k - 1]!.times(factorDecimal(f)).minus(plan.strikeScale[t]![k - 1]!));
    sums[t]! += toScaled(payoff, 2);
  }
}

const INT64_MAX = (1n << 63n) - 1n;

/** A sample's cents as stored (a typed array would wrap silently past 2^63). */
function fitsInt64(cents: bigint): bigint {
  if (cents > INT64_MAX || cents < -INT64_MAX) {
    throw new RangeError(`a path's warrant value (${cents / 100n} in money) is too large for the Monte Carlo statistics`);
  }
  return cents;
}

/** Runs samples [from, to) (see {@link ValueBatch}). */
export function runValueSamples(plan: ValuePlan, seed: number, from: number, to: number, antithetic: boolean): ValueBatch {
  const count = to - from;
  const trancheCount = plan.scenario.warrant.tranches.length;
  const per = pathsPerSample(antithetic);
  const batch: ValueBatch = {
    from,
    to,
    tranches: Array.from({ length: trancheCount }, () => new BigInt64Array(count)),
    totals: new BigInt64Array(count),
    vestPeriods: new Int32Array(count * per * trancheCount),
  };
  const n = plan.simulation.prepared.schedule.length;
  const factors = new Float64Array(n);
  const twin = new Float64Array(n);
  const sums = new Array<bigint>(trancheCount);
  for (let i = 0; i < count; i++) {
    const s = from + i;
    sums.fill(0n);
    noiseFactors(plan.simulation, seed, s, factors);
    valueOnePath(plan, factors, batch, i * per, sums);
    if (antithetic) {
      for (let k = 0; k < n; k++) {
        const f = factors[k]!;
        const g = f === 1 && plan.antitheticScale[k] === 1 ? 1 : plan.antitheticScale[k]! / f;
        if (!Number.isFinite(g) || g === 0) {
          throw new RangeError(`the antithetic noise factor of sample ${s} overflows a float64: share_price.volatility is too large`);
        }
        twin[k] = g;
      }
      valueOnePath(plan, twin, batch, i * per + 1, sums);
    }
    let total = 0n;
    for (let t = 0; t < trancheCount; t++) {
      batch.tranches[t]![i] = fitsInt64(sums[t]!);
      total += sums[t]!;
    }
    batch.totals[i] = fitsInt64(total);
  }
  return batch;
}

/** Per tranche: its fair value and how it vests under the risk-neutral measure. */
export interface TrancheFairValue {
  /** 1-based */
  index: number;
  shares: Decimal;
  gw?: Decimal;
  price?: Decimal;
  /** mean over paths, rounded half-even to cents */
  fairValue: Decimal;
  /** exact standard error of the mean (absent with fewer than 2 samples) */
  standardError?: Decimal;
  vestedPaths: number;
  /** vestedPaths / paths: the risk-neutral probability of vesting */
  probability: Decimal;
  /** nearest-rank median vest date, "not vested" ranked last (as `simulate`); absent: not vested */
  medianVestDate?: Day;
}

/** What `value` reports (SPEC §7). Every amount an exact decimal. */
export interface FairValueResult {
  scenarioName: string;
  currency: string;
  seed: number;
  paths: number;
  antithetic: boolean;
  /** the inputs a reader needs to reproduce the value */
  inputs: {
    valuationDate: Day;
    spot: Decimal;
    riskFreeRate: Decimal;
    dividendYield: Decimal;
    volatility: Decimal;
    strike: Decimal;
    warrantShares: Decimal;
    maxGw: Decimal;
    amdHardwareSpend: Decimal;
  };
  tranches: TrancheFairValue[];
  /** Σ of the tranches' fair values (cents) */
  total: Decimal;
  /** standard error of the per-sample totals' mean */
  totalStandardError?: Decimal;
  /** total / max GW, cents (absent when the deployment never exceeds 0 GW) */
  perGw?: Decimal;
  perGwStandardError?: Decimal;
  /** total / amd_hardware_spend to 6 decimals (absent when the spend is 0) */
  shareOfHardwareSpend?: Decimal;
  /** with `dilution`: N / (N + M) and the adjusted total cents(total × N / (N + M)) */
  dilution?: { sharesOutstanding: Decimal; factor: Decimal; value: Decimal; standardError?: Decimal };
  /** σ = 0: every path is the deterministic one, the value is exact */
  exact: boolean;
}

/** Concatenates one per-sample column of the batches, in sample order. */
function joined(batches: readonly ValueBatch[], pick: (b: ValueBatch) => BigInt64Array, samples: number): BigInt64Array {
  const out = new BigInt64Array(samples);
  let offset = 0;
  for (const b of batches) {
    out.set(pick(b), offset);
    offset += b.to - b.from;
  }
  return out;
}

/** From finished batches (in sample order) to the report. */
export function summarizeFairValue(plan: ValuePlan, batches: readonly ValueBatch[], options: ValueOptions): FairValueResult {
  const antithetic = options.antithetic ?? true;
  const per = pathsPerSample(antithetic);
  const paths = options.paths;
  const samples = paths / per;
  const scenario = plan.scenario;
  const prepared = plan.simulation.prepared;
  const schedule = prepared.schedule;
  const trancheCount = scenario.warrant.tranches.length;
  const perSample = new Decimal(per);
  const medianRank = nearestRankIndex(paths, 50) + 1;

  const tranches = scenario.warrant.tranches.map((tranche, t): TrancheFairValue => {
    const stats = describeSample(joined(batches, (b) => b.tranches[t]!, samples), 2, []);
    const perPeriod = new Array<number>(schedule.length + 1).fill(0);
    for (const b of batches) {
      const count = (b.to - b.from) * per;
      for (let p = 0; p < count; p++) perPeriod[b.vestPeriods[p * trancheCount + t]!]!++;
    }
    const vestedPaths = paths - perPeriod[0]!;
    const row: TrancheFairValue = {
      index: t + 1,
      shares: tranche.shares,
      fairValue: cents(stats.mean.div(perSample)),
      vestedPaths,
      probability: proportion(vestedPaths, paths),
    };
    if (stats.standardError !== undefined) row.standardError = stats.standardError.div(perSample);
    if (tranche.gw !== undefined) row.gw = tranche.gw;
    if (tranche.price !== undefined) row.price = tranche.price;
    let cumulative = 0;
    for (let k = 1; k <= schedule.length; k++) {
      cumulative += perPeriod[k]!;
      if (cumulative >= medianRank) {
        row.medianVestDate = schedule[k - 1]!.end;
        break;
      }
    }
    return row;
  });

  const totals = describeSample(joined(batches, (b) => b.totals, samples), 2, []);
  const total = tranches.reduce((acc, t) => acc.plus(t.fairValue), ZERO);
  const totalStandardError = totals.standardError?.div(perSample);
  const spend = decimalOfScaled(prepared.costTotals.amd_hardware_spend, 2);
  const maxGw = prepared.maxGw;
  const result: FairValueResult = {
    scenarioName: scenario.name,
    currency: scenario.currency,
    seed: options.seed,
    paths,
    antithetic,
    inputs: {
      valuationDate: plan.valuationDate,
      spot: plan.spot,
      riskFreeRate: plan.riskFreeRate,
      dividendYield: plan.dividendYield,
      volatility: plan.volatility,
      strike: scenario.warrant.strike,
      warrantShares: scenario.warrant.shares,
      maxGw,
      amdHardwareSpend: spend,
    },
    tranches,
    total,
    exact: plan.volatility.isZero(),
  };
  if (totalStandardError !== undefined) result.totalStandardError = totalStandardError;
  if (maxGw.gt(ZERO)) {
    result.perGw = cents(total.div(maxGw));
    if (totalStandardError !== undefined) result.perGwStandardError = totalStandardError.div(maxGw);
  }
  if (!spend.isZero()) result.shareOfHardwareSpend = roundRatio(total.div(spend));
  if (scenario.dilution !== undefined) {
    const n = scenario.dilution.shares_outstanding;
    const denominator = n.plus(scenario.warrant.shares);
    const dilution: NonNullable<FairValueResult['dilution']> = {
      sharesOutstanding: n,
      factor: n.div(denominator),
      value: cents(total.times(n).div(denominator)),
    };
    if (totalStandardError !== undefined) dilution.standardError = totalStandardError.times(n).div(denominator);
    result.dilution = dilution;
  }
  return result;
}

/**
 * The warnings that hold on every path: a tranche whose gw exceeds the most the deployment ever
 * reaches can never vest (the engine's `tranche_gw_unreachable`, SPEC §3 end).
 */
export function fairValueWarnings(plan: ValuePlan): Warning[] {
  const prepared = plan.simulation.prepared;
  const decisions = vestTranches(plan.scenario.warrant, prepared.schedule, prepared.levelsAtEnds, prepared.sharePriceAtEnds, prepared.maxGw);
  return warrantWarnings(plan.scenario.warrant, prepared.schedule, decisions, prepared.maxGw).filter((w) => w.code === 'tranche_gw_unreachable');
}

/** Checks the path count for the chosen method: with antithetic pairs it must be even. */
export function checkValuePaths(paths: number, antithetic: boolean): string | undefined {
  if (antithetic && paths % 2 !== 0) {
    return `--paths must be even with antithetic pairs (each pair is W and -W), got ${paths}; use ${paths + 1}, or --no-antithetic`;
  }
  return undefined;
}

/**
 * The whole `value` computation in the calling thread: plan, every sample, the report. The library
 * entry point (the HTML report reuses it); the CLI runs the same samples through the worker pool.
 */
export function fairValue(scenario: Scenario, options: ValueOptions): FairValueResult {
  const antithetic = options.antithetic ?? true;
  const problem = checkValuePaths(options.paths, antithetic);
  if (problem !== undefined) throw new RangeError(problem);
  const plan = planValue(scenario);
  const samples = options.paths / pathsPerSample(antithetic);
  const batches: ValueBatch[] = [];
  for (const { from, to } of sampleRanges(samples)) batches.push(runValueSamples(plan, options.seed, from, to, antithetic));
  return summarizeFairValue(plan, batches, { ...options, antithetic });
}

/** Samples per chunk handed to a thread (a pair counts once). */
export const VALUE_CHUNK_SAMPLES = 1_000;

/** The chunks [from, to) covering samples 1..samples. */
export function sampleRanges(samples: number, chunk = VALUE_CHUNK_SAMPLES): Array<{ from: number; to: number }> {
  const ranges: Array<{ from: number; to: number }> = [];
  for (let from = 1; from <= samples; from += chunk) ranges.push({ from, to: Math.min(from + chunk, samples + 1) });
  return ranges;
}

/** Inputs of SPEC §7's one-date check. Times in days (Actual/365F), rates annual effective. */
export interface OneDateInputs {
  spot: number;
  hurdle: number;
  strike: number;
  volatility: number;
  days: number;
  riskFreeRate: number;
  dividendYield: number;
  shares: number;
}

/**
 * SPEC §7 "Check", in float64 (a reference for tests and docs, never a booked amount): one tranche
 * with only a price condition H and one period end e after v, T = τ(e) = days/365:
 * shares × (1 + r)^(−T) × (F·N(d1) − strike·N(d2)), F = S_v × ((1 + r)/(1 + q))^T,
 * d1 = (ln(F/H) + σ²T/2)/(σ√T), d2 = d1 − σ√T — an asset-or-nothing call on H minus `strike`
 * cash-or-nothing calls on H. With σ = 0 or T = 0 the indicator is F ≥ H.
 */
export function oneDateClosedForm(x: OneDateInputs): number {
  const t = x.days / 365;
  const forward = x.spot * Math.pow((1 + x.riskFreeRate) / (1 + x.dividendYield), t);
  const discount = Math.pow(1 + x.riskFreeRate, -t);
  const spread = x.volatility * Math.sqrt(t);
  if (spread === 0) return forward >= x.hurdle ? x.shares * discount * (forward - x.strike) : 0;
  const d1 = (Math.log(forward / x.hurdle) + (spread * spread) / 2) / spread;
  const d2 = d1 - spread;
  return x.shares * discount * (forward * normalCdf(d1) - x.strike * normalCdf(d2));
}
