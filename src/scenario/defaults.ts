/**
 * The defaults of SPEC §2, as data, for `explain` (SPEC §9): which leaf takes which value when no
 * file and no `--set` gives it. The validator applies the same defaults (validate.ts) and a test
 * holds the two together; a new optional key with a default adds one rule here.
 *
 * A rule may depend on other values (timeline.valuation_date defaults to timeline.start), read
 * through `lookup`, which returns the effective text of another leaf (written or defaulted).
 */
import { addMonths, formatDay, MONTHS_PER_STEP, parseIsoDate } from '../time/index.js';

/** The effective text of a leaf (written, set or defaulted), or undefined when it has none. */
export type Lookup = (path: readonly (string | number)[]) => string | undefined;

export interface DefaultValue {
  /** the value as it would be written in the file */
  value: string;
  /** where the value comes from when it is another key's, e.g. `timeline.start` */
  note?: string;
}

export interface DefaultRule {
  /** the leaf's path; `*` matches any list index */
  path: readonly (string | number)[];
  /** the default, or undefined when it does not apply here (e.g. `from` of a one-off cost) */
  value(lookup: Lookup, at: readonly (string | number)[]): DefaultValue | undefined;
}

const constant =
  (value: string) =>
  (): DefaultValue =>
    ({ value });

/** `energy.pue` has a default only when `energy` is written. */
const within =
  (section: string, value: string) =>
  (lookup: Lookup): DefaultValue | undefined =>
    lookup([section]) === undefined ? undefined : { value };

/** timeline.start + periods × step − 1 day: the last period's end (SPEC §3 e_n). */
function lastPeriodEnd(lookup: Lookup): string | undefined {
  const start = parseIsoDate(lookup(['timeline', 'start']) ?? '');
  const periods = Number(lookup(['timeline', 'periods']));
  const step = lookup(['timeline', 'step']) as keyof typeof MONTHS_PER_STEP | undefined;
  if (start === undefined || !Number.isSafeInteger(periods) || step === undefined || !(step in MONTHS_PER_STEP)) return undefined;
  return formatDay(addMonths(start, periods * MONTHS_PER_STEP[step]) - 1);
}

const recurringOnly =
  (make: (lookup: Lookup) => DefaultValue | undefined) =>
  (lookup: Lookup, at: readonly (string | number)[]): DefaultValue | undefined =>
    lookup([...at.slice(0, -1), 'per_year']) === undefined ? undefined : make(lookup);

const costDefaults = (side: string): DefaultRule[] => [
  { path: [side, 'price_change'], value: constant('0') },
  { path: [side, 'performance'], value: constant('1') },
  { path: [side, 'other_costs'], value: constant('[]') },
  {
    path: [side, 'other_costs', '*', 'from'],
    value: recurringOnly((lookup) => {
      const start = lookup(['timeline', 'start']);
      return start === undefined ? undefined : { value: start, note: 'timeline.start' };
    }),
  },
  {
    path: [side, 'other_costs', '*', 'to'],
    value: recurringOnly((lookup) => {
      const end = lastPeriodEnd(lookup);
      return end === undefined ? undefined : { value: end, note: "the last period's end" };
    }),
  },
];

/** Every SPEC §2 default, in file order. */
export const DEFAULT_RULES: readonly DefaultRule[] = [
  { path: ['currency'], value: constant('USD') },
  { path: ['timeline', 'step'], value: constant('quarter') },
  {
    path: ['timeline', 'valuation_date'],
    value: (lookup) => {
      const start = lookup(['timeline', 'start']);
      return start === undefined ? undefined : { value: start, note: 'timeline.start' };
    },
  },
  { path: ['timeline', 'discount_rate'], value: constant('0') },
  { path: ['deployment', 'interpolation'], value: constant('linear') },
  { path: ['amd', 'product'], value: constant('MI450') },
  ...costDefaults('amd'),
  { path: ['baseline', 'name'], value: constant('Nvidia') },
  ...costDefaults('baseline'),
  {
    path: ['share_price', 'date'],
    value: (lookup) => {
      if (lookup(['share_price', 'model']) !== 'cagr') return undefined;
      const date = lookup(['timeline', 'valuation_date']);
      return date === undefined ? undefined : { value: date, note: 'timeline.valuation_date' };
    },
  },
  { path: ['share_price', 'interpolation'], value: (lookup) => (lookup(['share_price', 'model']) === 'points' ? { value: 'linear' } : undefined) },
  { path: ['share_price', 'volatility'], value: constant('0') },
  { path: ['warrant', 'sell'], value: constant('at_horizon') },
  { path: ['warrant', 'tax_rate'], value: constant('0') },
  { path: ['energy', 'pue'], value: within('energy', '1') },
  { path: ['energy', 'utilization'], value: within('energy', '1') },
];

/** The rule for a concrete path (list indexes matched by `*`), or undefined. */
export function defaultRuleFor(path: readonly (string | number)[]): DefaultRule | undefined {
  return DEFAULT_RULES.find((rule) => rule.path.length === path.length && rule.path.every((segment, i) => segment === path[i] || (segment === '*' && typeof path[i] === 'number')));
}
