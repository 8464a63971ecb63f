/** Shared by the analysis tests: load a scenario (a shipped file or YAML text) as the commands do. */
import { join } from 'node:path';
import { loadRawScenario, type RawScenario } from '../../src/scenario/index.js';
import { validatorFor } from '../../src/analysis/validate-with.js';
import type { ValidateWith } from '../../src/analysis/points.js';
import { memoryHost } from '../scenario/helpers.js';
import { nodeScenarioHost } from '../../src/cli/load.js';

const root = join(import.meta.dirname, '..', '..');

/** The merged tree of a shipped scenario, e.g. `meta-amd-base.yaml`. */
export function shippedRaw(name: string, sets: string[] = []): RawScenario {
  return loadRawScenario(join(root, 'scenarios', name), { host: nodeScenarioHost(), sets });
}

/** The merged tree of a YAML text. */
export function yamlRaw(text: string, sets: string[] = []): RawScenario {
  return loadRawScenario('scenario.yaml', { host: memoryHost({ 'scenario.yaml': text }), sets });
}

export function validatorOf(raw: RawScenario): ValidateWith {
  return validatorFor(raw);
}

/**
 * A hand-built one-year scenario whose numbers are easy to follow by hand:
 * - one period, 2026-01-01 .. 2026-12-31 (step year), discount rate 0;
 * - 1 GW by step on 2026-06-30, 100 units per GW: 100 AMD units bought in period 1;
 * - AMD at 50 per unit: 100 × 50 = 5,000.00; baseline at `baselinePrice`, same performance: 100 units;
 * - share price 100 on 2025-12-31 growing at `cagr`: P(2026-12-31) = 100 × (1 + cagr)^(365/365);
 * - one tranche of 100 shares, strike 0, with `tranche` as its condition, sold at the horizon.
 */
export function oneYearScenario(options: { baselinePrice: string; cagr?: string; tranche: string }): string {
  return `version: 1
name: one year
timeline:
  start: 2026-01-01
  periods: 1
  step: year
deployment:
  interpolation: step
  points:
    - { date: 2026-06-30, gw: 1 }
amd:
  unit_price: 50
  units_per_gw: 100
baseline:
  unit_price: ${options.baselinePrice}
share_price:
  model: cagr
  start: 100
  date: 2025-12-31
  cagr: ${options.cagr ?? '0'}
warrant:
  shares: 100
  strike: 0
  expiry: 2030-01-01
  tranches:
    - { shares: 100, ${options.tranche} }
`;
}
