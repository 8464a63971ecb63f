/**
 * The zod v4 schemas of the scenario file (SPEC §2), one strict object per section. They are built
 * once, at module load (validation runs thousands of times in a sweep), and they are the single
 * source of the JSON Schema printed by `chipsforequity schema` ({@link scenarioJsonSchema}).
 *
 * Input data comes from {@link toPlain}: numbers arrive as their source TEXT and are parsed exactly
 * by {@link parseDecimal}; a number may also be a JSON number for library callers (the JSON Schema
 * says "number or decimal string"). Each leaf words its own message; cross-field rules (sums,
 * orders, defaults that depend on other sections) live in `validate.ts`.
 *
 * Limits beyond SPEC (documented in README/issue notes): every number must lie within ±1e15
 * ({@link MAX_MAGNITUDE}) — larger values (1e400) make the computation meaningless; annual rates
 * (`discount_rate`, `price_change`, `cagr`, `volatility`) are at most 10 (1000 % a year).
 */
import * as z from 'zod';
import { Decimal, NUMBER_PATTERN, parseDecimal } from '../money/index.js';
import { parseIsoDate, type Day } from '../time/index.js';
import { METRIC_NAMES, type MetricName } from './metrics.js';

// zod's JIT compiles a parser per schema with `new Function` on its first parse: ~7 ms of every
// start (a code cache cannot keep eval'd code), for the few documents a run validates (`simulate`
// of the shipped uncertain scenario ran no slower without it).
z.config({ jitless: true });

/** The largest magnitude any scenario number may have. */
export const MAX_MAGNITUDE_TEXT = '1e15';
const MAX_MAGNITUDE = new Decimal(MAX_MAGNITUDE_TEXT);
/** The largest annual rate (1000 % a year). */
export const MAX_RATE_TEXT = '10';

interface NumberRule {
  /** strictly greater than */
  gt?: string;
  /** greater than or equal */
  gte?: string;
  /** less than or equal */
  lte?: string;
  integer?: boolean;
}

/** Words for a value that is not a number in SPEC §2's grammar. */
export function notANumberMessage(input: unknown): string {
  if (typeof input === 'boolean') return `expected a number, got ${input}`;
  if (typeof input !== 'string') return `expected a number, got ${describeInput(input)}`;
  const text = input.trim();
  if (/^[-+]?(\.nan|nan|\.inf|inf|infinity)$/i.test(text)) {
    return `expected a number, got ${text}: NaN and infinity are not numbers a scenario can use`;
  }
  if (/^[-+]?0[xob][0-9a-f_]+$/i.test(text)) {
    return `expected a decimal number, got ${text}: hexadecimal, octal and binary numbers are not allowed`;
  }
  if (/^[-+]?\d[\d_]*\.$/.test(text)) return `expected a number, got ${text}: write digits after the decimal point (e.g. ${text}0)`;
  if (/^[-+]?\.\d/.test(text)) return `expected a number, got ${text}: write a digit before the decimal point (e.g. 0${text.replace(/^[-+]/, '')})`;
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) return `expected a number, got ${text}: write it without thousands separators (use _ if you like: 1_000_000)`;
  if (/\d__\d|_$|^_|_\.|\._/.test(text) && /\d/.test(text)) return `expected a number, got ${text}: underscores may only stand singly between digits`;
  if (/^[-+]?[\d.]+%$/.test(text)) return `expected a number, got ${text}: write rates as fractions (15% is 0.15)`;
  if (/^\$/.test(text)) return `expected a number, got ${text}: write amounts without a currency sign`;
  return `expected a number, got ${JSON.stringify(input.length > 60 ? `${input.slice(0, 57)}...` : input)}`;
}

function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'nothing (null)';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'string') return JSON.stringify(input);
  return String(input);
}

/** The schemas of numeric leaves (for {@link numberLeafSchema}: which paths can take a number). */
const NUMBER_LEAVES = new WeakSet<object>();

function numberLeaf<T extends object>(schema: T): T {
  NUMBER_LEAVES.add(schema);
  return schema;
}

/** A SPEC §2 number read exactly, with its range rule. */
function decimalSchema(rule: NumberRule = {}) {
  return numberLeaf(decimalSchemaOf(rule));
}

function decimalSchemaOf(rule: NumberRule) {
  const gt = rule.gt === undefined ? undefined : new Decimal(rule.gt);
  const gte = rule.gte === undefined ? undefined : new Decimal(rule.gte);
  const lte = rule.lte === undefined ? undefined : new Decimal(rule.lte);
  return z
    .union(
      [
        z.number({ error: (issue) => notANumberMessage(issue.input) }),
        z.string({ error: (issue) => notANumberMessage(issue.input) }).regex(NUMBER_PATTERN, { error: (issue) => notANumberMessage(issue.input) }),
      ],
      { error: (issue) => notANumberMessage(issue.input) },
    )
    .transform((input, ctx): Decimal => {
      const text = typeof input === 'number' ? String(input) : input.trim();
      const value = typeof input === 'number' && !Number.isFinite(input) ? undefined : parseDecimal(text);
      if (value === undefined && /e-/i.test(text)) {
        // 1e-1001: beyond the exponents read, and far too small to mean anything (issue 12: it was called "too large")
        ctx.addIssue({ code: 'custom', message: `${text} is too small to be read: scenario numbers have exponents from -1000 to 1000 (write 0 for nothing)`, input });
        return z.NEVER;
      }
      if (value === undefined || value.abs().gt(MAX_MAGNITUDE)) {
        ctx.addIssue({ code: 'custom', message: `${text} is too large: scenario numbers are limited to ${MAX_MAGNITUDE_TEXT} in size`, input });
        return z.NEVER;
      }
      const problem =
        (rule.integer && !value.isInteger() && `must be a whole number, got ${text}`) ||
        (gt !== undefined && !value.gt(gt) && `must be greater than ${rule.gt}, got ${text}`) ||
        (gte !== undefined && !value.gte(gte) && `must be ${rule.gte} or more, got ${text}`) ||
        (lte !== undefined && !value.lte(lte) && `must be at most ${rule.lte}, got ${text}`);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem, input });
        return z.NEVER;
      }
      return value;
    });
}

/** `timeline.periods`: a whole number 1..1200, as a JS integer. */
function countSchema(min: number, max: number) {
  return numberLeaf(countSchemaOf(min, max));
}

function countSchemaOf(min: number, max: number) {
  return decimalSchema({ integer: true }).transform((value, ctx): number => {
    if (value.lt(min) || value.gt(max)) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}, got ${value.toFixed()}`, input: value.toFixed() });
      return z.NEVER;
    }
    return value.toNumber();
  });
}

const ISO_DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function notADateMessage(input: unknown): string {
  if (typeof input === 'string') {
    if (/^\d{4}-\d{1,2}-\d{1,2}[Tt ]/.test(input)) return `expected a date YYYY-MM-DD without a time of day, got ${JSON.stringify(input)}`;
    if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(input)) return `expected a date YYYY-MM-DD with two-digit month and day, got ${JSON.stringify(input)}`;
    return `expected a date YYYY-MM-DD, got ${JSON.stringify(input)}`;
  }
  return `expected a date YYYY-MM-DD, got ${describeInput(input)}`;
}

/** An ISO date that exists in the calendar, as a {@link Day}. */
function dateSchema() {
  return z
    .string({ error: (issue) => notADateMessage(issue.input) })
    .regex(ISO_DATE_TEXT, { error: (issue) => notADateMessage(issue.input) })
    .transform((text, ctx): Day => {
      const day = parseIsoDate(text);
      if (day === undefined) {
        const [year, month, dayOfMonth] = text.split('-').map(Number) as [number, number, number];
        let why = 'it is not a real date';
        if (month < 1 || month > 12) why = `there is no month ${month}`;
        else if (year < 1) why = 'years start at 0001';
        else {
          const days = new Date(Date.UTC(2000, month, 0)).getUTCDate();
          const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
          const inMonth = month === 2 ? (leap ? 29 : 28) : days;
          if (dayOfMonth < 1 || dayOfMonth > inMonth) why = `${MONTH_NAMES[month - 1]} ${year} has ${inMonth} days`;
        }
        ctx.addIssue({ code: 'custom', message: `${text} is not a real date: ${why}`, input: text });
        return z.NEVER;
      }
      return day;
    });
}

function textSchema() {
  return z.string({
    error: (issue) =>
      typeof issue.input === 'boolean' ? `expected text, got ${issue.input} (write it in quotes to use it as text)` : `expected text, got ${describeInput(issue.input)}`,
  });
}

function enumSchema<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: (issue) => `expected one of ${values.join(', ')}, got ${describeInput(issue.input)}` });
}

const rate = () => decimalSchema({ gt: '-1', lte: MAX_RATE_TEXT });

export const timelineSchema = z.strictObject({
  start: dateSchema(),
  periods: countSchema(1, 1200),
  step: enumSchema(['month', 'quarter', 'year']).optional(),
  valuation_date: dateSchema().optional(),
  discount_rate: decimalSchema({ gte: '0', lte: MAX_RATE_TEXT }).optional(),
});

export const deploymentPointSchema = z.strictObject({
  date: dateSchema(),
  gw: decimalSchema({ gte: '0' }),
});

export const deploymentSchema = z.strictObject({
  interpolation: enumSchema(['linear', 'step']).optional(),
  points: z.array(deploymentPointSchema).min(1),
});

/**
 * One other cost: one-off (`amount`, `date`), recurring (`per_year`, optional `from`, `to`) or, v1.1,
 * per installed unit (`per_unit_year`, optional `from`, `to`). One strict object (not a union) so
 * that a typo gets a "did you mean" instead of a union error.
 */
export const otherCostSchema = z
  .strictObject({
    name: textSchema(),
    amount: decimalSchema().optional(),
    date: dateSchema().optional(),
    per_year: decimalSchema().optional(),
    per_unit_year: decimalSchema().optional(),
    from: dateSchema().optional(),
    to: dateSchema().optional(),
  })
  .superRefine((cost, ctx) => {
    const oneOff = cost.amount !== undefined;
    const recurring = cost.per_year !== undefined;
    const perUnit = cost.per_unit_year !== undefined;
    if (oneOff && recurring) {
      ctx.addIssue({ code: 'custom', path: ['per_year'], message: 'a cost is either one-off (amount, date) or recurring (per_year, from, to), not both' });
    } else if (perUnit && (oneOff || recurring)) {
      ctx.addIssue({
        code: 'custom',
        path: ['per_unit_year'],
        message: `a cost is one of one-off (amount, date), recurring (per_year) or per installed unit (per_unit_year), not both per_unit_year and ${oneOff ? 'amount' : 'per_year'}`,
      });
    } else if (!oneOff && !recurring && !perUnit) {
      ctx.addIssue({ code: 'custom', path: [], message: 'needs amount and date (a one-off cost), per_year (a recurring cost) or per_unit_year (a cost per installed unit)' });
    } else if (oneOff) {
      if (cost.date === undefined) ctx.addIssue({ code: 'custom', path: ['date'], message: 'a one-off cost (amount) needs a date' });
      if (cost.from !== undefined) ctx.addIssue({ code: 'custom', path: ['from'], message: 'from belongs to recurring costs (per_year); a one-off cost has a date' });
      if (cost.to !== undefined) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to belongs to recurring costs (per_year); a one-off cost has a date' });
    } else if (cost.date !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['date'],
        message: `date belongs to one-off costs (amount); a ${perUnit ? 'per-unit cost (per_unit_year)' : 'recurring cost'} uses from and to`,
      });
    }
  });

/** v1.1 (SPEC §2): one dated value of a performance curve. */
export const performancePointSchema = z.strictObject({
  date: dateSchema(),
  value: decimalSchema({ gt: '0' }),
});

/**
 * v1.1: `performance` is a number > 0 or a dated curve `{ interpolation, points }`. A union of a
 * number and a strict object: the number's own message is kept when the value is a scalar.
 */
function performanceSchema() {
  const curve = z.strictObject({
    interpolation: enumSchema(['linear', 'step']).optional(),
    points: z.array(performancePointSchema).min(1),
  });
  const number = decimalSchema({ gt: '0' });
  return z.union([number, curve], {
    error: (issue) =>
      issue.input !== null && typeof issue.input === 'object' && !Array.isArray(issue.input)
        ? undefined
        : `expected a number > 0 or a curve { interpolation, points: [{ date, value }] }, got ${describeInput(issue.input)}`,
  });
}

const sideShape = {
  unit_price: decimalSchema({ gt: '0' }),
  price_change: rate().optional(),
  performance: performanceSchema().optional(),
  kw_per_unit: decimalSchema({ gt: '0' }).optional(),
  other_costs: z.array(otherCostSchema).optional(),
};

export const amdSchema = z.strictObject({
  product: textSchema().optional(),
  ...sideShape,
  units_per_gw: decimalSchema({ gt: '0' }),
});

export const baselineSchema = z.strictObject({
  name: textSchema().optional(),
  ...sideShape,
});

export const sharePricePointSchema = z.strictObject({
  date: dateSchema(),
  price: decimalSchema({ gt: '0' }),
});

/** Both models' keys are allowed (SPEC §3: the other model's keys are ignored). */
export const sharePriceSchema = z.strictObject({
  model: enumSchema(['cagr', 'points']),
  start: decimalSchema({ gt: '0' }).optional(),
  date: dateSchema().optional(),
  cagr: rate().optional(),
  points: z.array(sharePricePointSchema).min(1).optional(),
  interpolation: enumSchema(['linear', 'step']).optional(),
  volatility: decimalSchema({ gte: '0', lte: MAX_RATE_TEXT }).optional(),
});

export const trancheSchema = z.strictObject({
  shares: decimalSchema({ gt: '0', integer: true }),
  gw: decimalSchema({ gte: '0' }).optional(),
  price: decimalSchema({ gt: '0' }).optional(),
});

export const warrantSchema = z.strictObject({
  shares: decimalSchema({ gt: '0', integer: true }),
  strike: decimalSchema({ gte: '0' }),
  expiry: dateSchema(),
  tranches: z.array(trancheSchema).min(1),
  sell: enumSchema(['at_vest', 'at_horizon']).optional(),
  tax_rate: decimalSchema({ gte: '0', lte: '1' }).optional(),
});

export const energySchema = z.strictObject({
  price_per_mwh: decimalSchema({ gt: '0' }),
  pue: decimalSchema({ gte: '1' }).optional(),
  utilization: decimalSchema({ gte: '0', lte: '1' }).optional(),
});

// ---- uncertain inputs (SPEC §5 v1.1); the rules that need the rest of the file are in uncertainty.ts ----

const spreadSchema = z.strictObject({ mean: decimalSchema(), sd: decimalSchema() });
const rangeSchema = z.strictObject({ min: decimalSchema(), max: decimalSchema() });
const peakedSchema = z.strictObject({ min: decimalSchema(), mode: decimalSchema(), max: decimalSchema() });

/** One input's distribution: exactly one family (checked in uncertainty.ts), optional truncation. */
export const uncertainInputSchema = z.strictObject({
  normal: spreadSchema.optional(),
  lognormal: spreadSchema.optional(),
  uniform: rangeSchema.optional(),
  triangular: peakedSchema.optional(),
  pert: peakedSchema.optional(),
  discrete: z
    .strictObject({
      values: z.array(decimalSchema()).min(1, { error: 'needs at least one value' }),
      weights: z.array(decimalSchema()).optional(),
    })
    .optional(),
  min: decimalSchema().optional(),
  max: decimalSchema().optional(),
});

export const uncertaintySchema = z.strictObject({
  inputs: z.record(z.string(), uncertainInputSchema).optional(),
  correlations: z
    .array(
      z.strictObject({
        between: z.array(textSchema()).length(2, { error: 'needs exactly two input paths, e.g. [baseline.unit_price, amd.unit_price]' }),
        rho: decimalSchema({ gte: '-1', lte: '1' }),
      }),
    )
    .optional(),
});

// ---- expect (SPEC §2, §9): metric -> { min, max, equals }, checked by `check` ----

/** The issue of an expectation without a bound (validate.ts drops it when a misspelt bound explains it). */
export const EXPECT_NO_BOUND_MESSAGE = 'needs min, max or equals, e.g. { min: 0 } or { equals: "106666668" }';

/**
 * One expectation: inclusive bounds and/or an exact value, each a SPEC §2 decimal compared
 * exactly with the metric (so `equals: 0.3` holds for 0.30). At least one bound; min <= max.
 */
export const expectBoundsSchema = z
  .strictObject({
    min: decimalSchema().optional(),
    max: decimalSchema().optional(),
    equals: decimalSchema().optional(),
  })
  .superRefine((bounds, ctx) => {
    if (bounds.min === undefined && bounds.max === undefined && bounds.equals === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: EXPECT_NO_BOUND_MESSAGE });
    } else if (bounds.min !== undefined && bounds.max !== undefined && bounds.min.gt(bounds.max)) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: `max ${bounds.max.toFixed()} is below min ${bounds.min.toFixed()}: no value can hold` });
    }
  });

/** `expect:` keys are exactly the SPEC §3 metric names (unknown names get "did you mean"). */
export const expectSchema = z.strictObject(Object.fromEntries(METRIC_NAMES.map((name) => [name, expectBoundsSchema.optional()])) as Record<MetricName, z.ZodOptional<typeof expectBoundsSchema>>);

// ---- valuation and dilution (SPEC §2 v1.1, used by `value`, SPEC §7) ----

/** `valuation`: the risk-neutral inputs of `value`; both rates annual effective, > -1 (default 0). */
export const valuationSchema = z.strictObject({
  risk_free_rate: rate().optional(),
  dividend_yield: rate().optional(),
});

/** `dilution`: the supplier's shares outstanding before the warrant's shares (Hull's N). */
export const dilutionSchema = z.strictObject({
  shares_outstanding: decimalSchema({ gt: '0', integer: true }),
});

/** v1.1 (SPEC §2 `supply_delay`): AMD's deliveries lag the schedule by whole days. */
export const supplyDelaySchema = z.strictObject({
  days: decimalSchema({ gte: '0', integer: true }).transform((value, ctx): number => {
    if (value.gt(1_000_000)) {
      ctx.addIssue({ code: 'custom', message: `must be at most 1000000 days, got ${value.toFixed()}`, input: value.toFixed() });
      return z.NEVER;
    }
    return value.toNumber();
  }),
  cost_per_gw_year: decimalSchema({ gte: '0' }).optional(),
});

export const versionSchema = z.union([z.literal(1), z.literal('1')], {
  error: (issue) =>
    `must be 1 (the only scenario format so far), got ${typeof issue.input === 'string' && NUMBER_PATTERN.test(issue.input) ? issue.input : describeInput(issue.input)}`,
});

/** Sections in file order; `validate.ts` parses each on its own so one bad section does not hide another's issues. */
export const SECTION_SCHEMAS = {
  version: versionSchema,
  name: textSchema(),
  description: textSchema().optional(),
  extends: textSchema().optional(),
  currency: textSchema().optional(),
  timeline: timelineSchema,
  deployment: deploymentSchema,
  amd: amdSchema,
  baseline: baselineSchema,
  share_price: sharePriceSchema,
  warrant: warrantSchema,
  energy: energySchema.optional(),
  uncertainty: uncertaintySchema.optional(),
  expect: expectSchema.optional(),
  valuation: valuationSchema.optional(),
  dilution: dilutionSchema.optional(),
  supply_delay: supplyDelaySchema.optional(),
} as const;

export type SectionName = keyof typeof SECTION_SCHEMAS;
export type SectionOutput<K extends SectionName> = z.output<(typeof SECTION_SCHEMAS)[K]>;

/** The whole file: the same section schemas in one strict object (used for the JSON Schema and key lookups). */
export const scenarioFileSchema = z.strictObject(SECTION_SCHEMAS);

/**
 * The JSON Schema of the scenario file, generated from {@link scenarioFileSchema} (never written by
 * hand): numbers are "number or decimal string", dates strings with a date pattern, every object
 * closed (`additionalProperties: false`). For the YAML language server and other editors, so it
 * targets draft-07 (the draft editors support best).
 *
 * One adjustment is made to the generated schema, because `extends` cannot be expressed in zod: a
 * file with `extends` is partial (its base supplies the rest), so the top-level schema is the
 * generated one with every `required` list removed, and only a file WITHOUT `extends` must also
 * match the complete schema (`definitions.complete`, the generated schema unchanged).
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const { $schema, ...complete } = z.toJSONSchema(scenarioFileSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  return {
    $schema,
    $id: 'https://github.com/chipsforequity/chipsforequity/schema/scenario.schema.json',
    title: 'chipsforequity scenario (version 1)',
    description:
      'A chips-for-equity scenario (docs/model.md). Numbers may be YAML numbers or quoted decimal strings; dates are YYYY-MM-DD. A file with `extends` may leave out what its base gives.',
    ...(withoutRequired(complete) as Record<string, unknown>),
    definitions: { complete },
    if: { not: { required: ['extends'] } },
    then: { $ref: '#/definitions/complete' },
  };
}

function withoutRequired(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutRequired);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'required' || key === 'minItems') continue;
    out[key] = withoutRequired(value);
  }
  return out;
}

// ---- walking the schema by path (for "did you mean" and `--set` paths) ----

type AnySchema = z.ZodType;

interface SchemaDef {
  type: string;
  valueType?: AnySchema;
  innerType?: AnySchema;
  in?: AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  options?: AnySchema[];
}

function defOf(schema: AnySchema): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

/** Strips optional wrappers only (a numeric leaf's own schema is the pipe inside). */
function withoutOptional(schema: AnySchema): AnySchema {
  let current = schema;
  for (let i = 0; i < 16; i++) {
    const def = defOf(current);
    if (def.innerType && def.type === 'optional') current = def.innerType;
    else return current;
  }
  return current;
}

/** Strips optional/default/pipe wrappers down to the object, array or leaf schema. */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (let i = 0; i < 16; i++) {
    const def = defOf(current);
    if (def.innerType && ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(def.type)) {
      current = def.innerType;
    } else if (def.type === 'pipe' && def.in) {
      current = def.in;
    } else {
      return current;
    }
  }
  return current;
}

/** What the schema expects at a place: the keys of an object, a list, or a single value. */
export type SchemaShape =
  /** `number`: also a number in place of the object (a v1.1 performance: number or curve) */
  | { kind: 'object'; keys: string[]; child(key: string): SchemaShape | undefined; number?: z.ZodType }
  | { kind: 'list'; element: SchemaShape }
  /** `number`: the leaf's own schema when it holds a number (validates one value alone) */
  | { kind: 'value'; number?: z.ZodType };

function shapeOf(schema: AnySchema): SchemaShape {
  const inner = unwrap(schema);
  const def = defOf(inner);
  // a record (uncertainty.inputs): any key, each holding the value schema
  if (def.type === 'record' && def.valueType) {
    const valueType = def.valueType;
    return { kind: 'object', keys: [], child: () => shapeOf(valueType) };
  }
  if (def.type === 'object' && def.shape) {
    const shape = def.shape;
    return {
      kind: 'object',
      keys: Object.keys(shape),
      child: (key) => (Object.prototype.hasOwnProperty.call(shape, key) ? shapeOf(shape[key]!) : undefined),
    };
  }
  if (def.type === 'array' && def.element) return { kind: 'list', element: shapeOf(def.element) };
  // v1.1 `performance`: a number or a curve; paths may go into the curve, and the number is a leaf
  if (def.type === 'union' && def.options) {
    const number = def.options.map(withoutOptional).find((option) => NUMBER_LEAVES.has(option));
    for (const option of def.options) {
      const shape = shapeOf(option);
      if (shape.kind === 'object') return number === undefined ? shape : { ...shape, number };
    }
  }
  const leaf = withoutOptional(schema);
  return NUMBER_LEAVES.has(leaf) ? { kind: 'value', number: leaf } : { kind: 'value' };
}

export const ROOT_SHAPE: SchemaShape = shapeOf(scenarioFileSchema);

/** The schema shape at a path, or undefined when the path is not in the schema. */
export function shapeAt(path: readonly (string | number)[]): SchemaShape | undefined {
  let shape: SchemaShape | undefined = ROOT_SHAPE;
  for (const segment of path) {
    if (shape === undefined) return undefined;
    if (typeof segment === 'number') shape = shape.kind === 'list' ? shape.element : undefined;
    else shape = shape.kind === 'object' ? shape.child(segment) : undefined;
  }
  return shape;
}

/** The schema of the numeric leaf at a path (validates one value alone), or undefined. */
export function numberLeafSchema(path: readonly (string | number)[]): z.ZodType | undefined {
  const shape = shapeAt(path);
  return shape?.kind === 'list' ? undefined : shape?.number;
}
