/**
 * SPEC v1.1 §3's six metrics that explain the answer: how much of the saving is the chip price
 * and how much the warrant (nominal and present value), and the all-in price per AMD accelerator.
 * Each is derived from totals the ledger already gives (STYLE habit 2: nothing new is booked), so
 * they reconcile exactly:
 * - savings = cost_advantage + warrant_net_value (savings = baseline − gross + warrant);
 * - savings_pv = cost_advantage_pv + warrant_net_value_pv (all three from the rounded PVs).
 */
import { roundScaled, roundedQuotient, type Fraction } from '../money/index.js';
import type { ScaledSummary } from './types.js';

/** The v1.1 metrics of SPEC §3. */
export type DerivedMetricName =
  | 'cost_advantage'
  | 'amd_gross_cost_pv'
  | 'warrant_net_value_pv'
  | 'cost_advantage_pv'
  | 'amd_net_cost_per_unit'
  | 'baseline_cost_per_amd_unit';

/**
 * SPEC §3 (v1.1 rows), in integer cents:
 * - cost_advantage = baseline_cost − amd_gross_cost;
 * - amd_gross_cost_pv = cents(Σ over AMD-side bookings of amount × discount factor);
 * - warrant_net_value_pv = amd_gross_cost_pv − amd_net_cost_pv (of the rounded values);
 * - cost_advantage_pv = baseline_cost_pv − amd_gross_cost_pv;
 * - amd_net_cost_per_unit = cents(amd_net_cost / amd_units), 0.00 when amd_units is 0;
 * - baseline_cost_per_amd_unit = cents(baseline_cost / amd_units), likewise.
 * One division each, done last, rounded once half-even (the money rounding). Split by what they
 * read: {@link costDerivedMetrics} no warrant amount, {@link warrantDerivedMetrics} the rest.
 */
export function costDerivedMetrics(
  t: Pick<ScaledSummary, 'amd_units' | 'amd_gross_cost' | 'baseline_cost' | 'baseline_cost_pv'> & {
    /** Σ cents × discount factor over the `amd` side's bookings only (no warrant flows), exact */
    amdGrossCostPvExact: Fraction;
  },
): Pick<ScaledSummary, 'amd_gross_cost_pv' | 'cost_advantage' | 'cost_advantage_pv' | 'baseline_cost_per_amd_unit'> {
  const amd_gross_cost_pv = roundScaled(t.amdGrossCostPvExact, 0);
  return {
    amd_gross_cost_pv,
    ...costAdvantage({ ...t, amd_gross_cost_pv }),
    baseline_cost_per_amd_unit: perAmdUnit(t.baseline_cost, t.amd_units),
  };
}

/** The v1.1 rows that read the warrant (see {@link costDerivedMetrics}). */
export function warrantDerivedMetrics(
  t: Pick<ScaledSummary, 'amd_units' | 'amd_net_cost' | 'amd_net_cost_pv' | 'amd_gross_cost_pv'>,
): Pick<ScaledSummary, 'warrant_net_value_pv' | 'amd_net_cost_per_unit'> {
  return {
    warrant_net_value_pv: t.amd_gross_cost_pv - t.amd_net_cost_pv,
    amd_net_cost_per_unit: perAmdUnit(t.amd_net_cost, t.amd_units),
  };
}

/** SPEC §3 cost_advantage and cost_advantage_pv: the baseline less AMD's gross cost, nominal and PV. */
export function costAdvantage(
  t: Pick<ScaledSummary, 'baseline_cost' | 'amd_gross_cost' | 'baseline_cost_pv' | 'amd_gross_cost_pv'>,
): Pick<ScaledSummary, 'cost_advantage' | 'cost_advantage_pv'> {
  return {
    cost_advantage: t.baseline_cost - t.amd_gross_cost,
    cost_advantage_pv: t.baseline_cost_pv - t.amd_gross_cost_pv,
  };
}

/**
 * SPEC §3 `*_per_unit`: an amount per AMD accelerator, to cents half-even; 0.00 when amd_units is
 * 0. In cents: cents(amount / units) = round(amount_in_cents / units) (units are whole, > 0).
 */
export function perAmdUnit(amountCents: bigint, amdUnits: bigint): bigint {
  return amdUnits === 0n ? 0n : roundedQuotient(amountCents, amdUnits);
}
