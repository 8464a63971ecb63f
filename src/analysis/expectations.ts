/**
 * `expect:` checks (SPEC §2, §9): each bound of a scenario's expectations against the metric the
 * model computed. Bounds are inclusive and compared exactly (decimals, never floats): `min: 0`
 * holds for 0.00, `equals: 0.3` holds for 0.30. Pure: positions and wording of the report are the
 * command's.
 */
import type { Decimal } from '../money/index.js';
import { METRIC_NAMES, type MetricName, type Summary } from '../engine/types.js';
import type { Scenario } from '../scenario/types.js';

export type Bound = 'min' | 'max' | 'equals';

/** One bound of one expectation, checked. */
export interface ExpectationCheck {
  metric: MetricName;
  bound: Bound;
  /** the bound as written (exact) */
  expected: Decimal;
  /** the metric's value */
  got: Decimal;
  ok: boolean;
  /** the other bound of a min/max pair, for "expected between A and B" */
  pair?: { min: Decimal; max: Decimal };
}

/** Every bound of the scenario's `expect:` block, in SPEC §3 metric order and min, max, equals order. */
export function checkExpectations(scenario: Scenario, summary: Summary): ExpectationCheck[] {
  const out: ExpectationCheck[] = [];
  const expect = scenario.expect ?? {};
  for (const metric of METRIC_NAMES) {
    const bounds = expect[metric];
    if (bounds === undefined) continue;
    const got = summary[metric];
    const pair = bounds.min !== undefined && bounds.max !== undefined ? { min: bounds.min, max: bounds.max } : undefined;
    const add = (bound: Bound, expected: Decimal, ok: boolean) => {
      const check: ExpectationCheck = { metric, bound, expected, got, ok };
      if (pair !== undefined && bound !== 'equals') check.pair = pair;
      out.push(check);
    };
    if (bounds.min !== undefined) add('min', bounds.min, got.gte(bounds.min));
    if (bounds.max !== undefined) add('max', bounds.max, got.lte(bounds.max));
    if (bounds.equals !== undefined) add('equals', bounds.equals, got.eq(bounds.equals));
  }
  return out;
}
