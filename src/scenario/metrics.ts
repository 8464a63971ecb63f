/**
 * The names of the SPEC §3 summary metrics, in SPEC's table order: the contract for `--metric`,
 * JSON, CSV, and the keys a scenario's `expect:` block may name (SPEC §2, §9). One list: the
 * engine (`engine/types.ts`) re-exports it and computes exactly these.
 */
export const METRIC_NAMES = [
  'amd_units',
  'baseline_units',
  'amd_hardware_spend',
  'amd_other_costs',
  'amd_energy_cost',
  'amd_gross_cost',
  'warrant_vested_shares',
  'warrant_exercise_cost',
  'warrant_sale_proceeds',
  'warrant_tax',
  'warrant_net_value',
  'amd_net_cost',
  'baseline_hardware_spend',
  'baseline_other_costs',
  'baseline_energy_cost',
  'baseline_cost',
  'savings',
  'effective_discount',
  'amd_net_cost_pv',
  'baseline_cost_pv',
  'savings_pv',
  // v1.1 (SPEC §3): added after v1's metrics so v1 columns keep their order
  'cost_advantage',
  'amd_gross_cost_pv',
  'warrant_net_value_pv',
  'cost_advantage_pv',
  'amd_net_cost_per_unit',
  'baseline_cost_per_amd_unit',
] as const;

/** One SPEC §3 metric name. */
export type MetricName = (typeof METRIC_NAMES)[number];
