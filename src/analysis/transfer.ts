/**
 * A {@link Scenario} as plain data for a worker thread: structured cloning keeps numbers, strings
 * and arrays but not Decimal's prototype, so every Decimal travels as `{ $decimal: "text" }` (its
 * exact `toString()`) and is rebuilt on arrival. Exact both ways.
 */
import { Decimal } from '../money/index.js';
import type { Scenario } from '../scenario/types.js';

type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/** The scenario with every Decimal replaced by `{ $decimal: text }`. */
export function scenarioToPlain(scenario: Scenario): Plain {
  return toPlain(scenario);
}

/** The inverse of {@link scenarioToPlain}. */
export function scenarioFromPlain(plain: unknown): Scenario {
  return fromPlain(plain) as Scenario;
}

function toPlain(value: unknown): Plain {
  if (Decimal.isDecimal(value)) return { $decimal: (value as Decimal).toString() };
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Plain } = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = toPlain(v);
    return out;
  }
  return value as Plain;
}

function fromPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromPlain);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === '$decimal' && typeof record['$decimal'] === 'string') {
      return new Decimal(record['$decimal']);
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) out[key] = fromPlain(record[key]);
    return out;
  }
  return value;
}
