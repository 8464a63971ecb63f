/**
 * Validation of a merged scenario tree (SPEC §2, the input rules of §3): the zod section schemas,
 * then the cross-field rules and the defaults that depend on other sections. Never throws for a
 * user mistake: returns every issue, each with the position of the offending value (or key, or
 * the parent mapping of a missing key).
 */
import type { z } from 'zod';
import { Decimal, formatPlain } from '../money/index.js';
import { addMonths, dayFromCivil, dayOfMonth, formatDay, MONTHS_PER_STEP, type Day } from '../time/index.js';
import type { ScenarioIssue, SourceLocation } from './issues.js';
import { describeNode, isNull, nodeAt, toPlain, type RawMap, type RawNode } from './raw.js';
import { EXPECT_NO_BOUND_MESSAGE, SECTION_SCHEMAS, shapeAt, type SectionName, type SectionOutput } from './schema.js';
import { didYouMean } from './suggest.js';
import type { OtherCost, Performance, Scenario, SharePrice } from './types.js';
import { checkUncertainty } from './uncertainty.js';
import { issueAt, pathString } from './yaml.js';

/**
 * At most this many recurring-cost bookings (recurring other costs of both sides × periods): the
 * engine books each one, so memory and time grow with it (docs/security.md, resource limits).
 */
export const MAX_RECURRING_BOOKINGS = 250_000;

/** The last day a scenario can write (years have four digits). */
const LAST_WRITABLE_DAY: Day = dayFromCivil(9999, 12, 31);

type Path = (string | number)[];

export type ValidationResult = { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] };

const SECTION_NAMES = Object.keys(SECTION_SCHEMAS) as SectionName[];

/** Validates a merged tree; `source` names the top file for issues that have no node. */
export function validateTree(root: RawMap, source: string): ValidationResult {
  const issues: ScenarioIssue[] = [];
  const where = (path: Path): SourceLocation => locationOf(root, path, source);

  for (const [key, entry] of root.entries) {
    if (!(SECTION_NAMES as string[]).includes(key)) {
      issues.push(issueAt('unknown_key', key, `unknown key "${key}"`, entry.keyLoc, didYouMean(key, SECTION_NAMES) ?? `allowed here: ${SECTION_NAMES.join(', ')}`));
    }
  }

  const data = toPlain(root) as Record<string, unknown>;
  const parsed: { [K in SectionName]?: SectionOutput<K> } = {};
  for (const name of SECTION_NAMES) {
    const schema = SECTION_SCHEMAS[name] as z.ZodType;
    const result = schema.safeParse(data[name]);
    if (result.success) {
      (parsed as Record<string, unknown>)[name] = result.data;
    } else {
      for (const zodIssue of result.error.issues) issues.push(...describeZodIssue(zodIssue, [name], root, source));
    }
  }

  const scenario = finish(parsed, root, issues, where);
  if (issues.length > 0 || scenario === undefined) return { ok: false, issues: sortIssues(withoutEchoes(issues)) };
  return { ok: true, scenario };
}

/**
 * A typo such as `shareprice:` yields "unknown key shareprice (did you mean share_price?)" and
 * "share_price is required but missing": one mistake, so the second (its echo) is dropped.
 */
function withoutEchoes(issues: ScenarioIssue[]): ScenarioIssue[] {
  const suggested = new Set<string>();
  for (const issue of issues) {
    const match = issue.code === 'unknown_key' ? /^did you mean "(.*)"\?$/.exec(issue.hint ?? '') : null;
    if (match) suggested.add(`${issue.path.replace(/(^|\.)[^.[\]]*$/, '$1')}${match[1]}`);
  }
  // `savings: { minimum: 0 }`: the unknown key is the mistake; "needs min, max or equals" its echo
  const misspeltBound = new Set(issues.filter((i) => i.code === 'unknown_key').map((i) => i.path.replace(/\.[^.[\]]*$/, '')));
  return issues.filter(
    (issue) =>
      !((issue.code === 'missing_key' || issue.code === 'no_value') && suggested.has(issue.path)) &&
      !(issue.message === EXPECT_NO_BOUND_MESSAGE && misspeltBound.has(issue.path)),
  );
}

/**
 * Where a path points: its node when written; else (a missing key) the nearest written ancestor,
 * at its key (`amd:`) when it has one, so the message lands on the line that names the section.
 */
function locationOf(root: RawMap, path: Path, source: string): SourceLocation {
  const node = nodeAt(root, path);
  if (node !== undefined) return node.loc;
  for (let n = path.length - 1; n >= 0; n--) {
    const ancestorPath = path.slice(0, n);
    const ancestor = nodeAt(root, ancestorPath);
    if (ancestor === undefined || isNull(ancestor)) continue;
    return keyLocation(root, ancestorPath) ?? ancestor.loc;
  }
  return { source };
}

/** The key's own position when the key is written, else undefined. */
function keyLocation(root: RawMap, path: Path): SourceLocation | undefined {
  const parent = nodeAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (parent?.kind === 'map' && typeof key === 'string') return parent.entries.get(key)?.keyLoc;
  return undefined;
}

interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
  expected?: string;
  origin?: string;
  minimum?: number | bigint;
  values?: unknown[];
  errors?: ZodIssueLike[][];
}

function describeZodIssue(zodIssue: ZodIssueLike, prefix: Path, root: RawMap, source: string): ScenarioIssue[] {
  const path: Path = [...prefix, ...zodIssue.path.map((p) => (typeof p === 'number' ? p : String(p)))];
  const node = nodeAt(root, path);
  // v1.1 `performance` is a number or a curve: a mapping is reported against the curve's schema
  // (the last option of the union), so its issues keep their own paths and "did you mean".
  if (zodIssue.code === 'invalid_union' && node?.kind === 'map' && path[path.length - 1] === 'performance' && zodIssue.errors !== undefined && zodIssue.errors.length > 0) {
    const objectOption = zodIssue.errors[zodIssue.errors.length - 1]!;
    return objectOption.flatMap((inner) => describeZodIssue(inner, path, root, source));
  }
  // ... and a scalar against the number's schema, with its own message ("must be greater than 0")
  if (zodIssue.code === 'invalid_union' && node?.kind === 'scalar' && path[path.length - 1] === 'performance' && zodIssue.errors?.[0]?.length) {
    return zodIssue.errors[0].flatMap((inner) => describeZodIssue(inner, path, root, source));
  }
  if (zodIssue.code === 'invalid_union' && node?.kind === 'list' && path[path.length - 1] === 'performance') {
    return [issueAt('invalid_type', pathString(path), `expected a number > 0 or a curve { interpolation, points: [{ date, value }] }, got ${describeNode(node)}`, locationOf(root, path, source))];
  }
  if (zodIssue.code === 'unrecognized_keys') {
    const shape = shapeAt(path);
    const allowed = shape?.kind === 'object' ? shape.keys : [];
    const container = node?.kind === 'map' ? node : undefined;
    return (zodIssue.keys ?? []).map((key) =>
      issueAt(
        'unknown_key',
        pathString([...path, key]),
        `unknown key "${key}"`,
        container?.entries.get(key)?.keyLoc ?? locationOf(root, path, source),
        didYouMean(key, allowed) ?? `allowed here: ${allowed.join(', ')}`,
      ),
    );
  }
  const text = pathString(path);
  if (zodIssue.code !== 'custom' && (node === undefined || isNull(node))) {
    const written = keyLocation(root, path);
    if (written !== undefined) return [issueAt('no_value', text, 'has no value; a value is required here', written)];
    return [issueAt('missing_key', text, 'is required but missing', locationOf(root, path, source))];
  }
  const loc = locationOf(root, path, source);
  if (zodIssue.code === 'invalid_type' && zodIssue.expected === 'object') {
    return [issueAt('invalid_type', text, `expected a mapping of keys (key: value), got ${describeNode(node)}`, loc)];
  }
  if (zodIssue.code === 'invalid_type' && zodIssue.expected === 'array') {
    return [issueAt('invalid_type', text, `expected a list (lines starting with "- " or [a, b]), got ${describeNode(node)}`, loc)];
  }
  if (zodIssue.code === 'too_small' && zodIssue.origin === 'array') {
    return [issueAt('too_few', text, `needs at least ${String(zodIssue.minimum)} item${Number(zodIssue.minimum) === 1 ? '' : 's'}, got none`, loc)];
  }
  if (zodIssue.code === 'invalid_value' && node?.kind === 'scalar' && zodIssue.values) {
    return [issueAt('invalid_value', text, zodIssue.message, loc, didYouMean(node.text, zodIssue.values.map(String)))];
  }
  return [issueAt(zodIssue.code === 'custom' ? 'invalid_value' : zodIssue.code, text, zodIssue.message, loc)];
}

/** Issues in reading order: by file (first appearance), then line and column; `--set` issues last. */
export function sortIssues(issues: ScenarioIssue[]): ScenarioIssue[] {
  const order = new Map<string, number>();
  for (const issue of issues) {
    const source = issue.location?.source ?? '';
    if (!order.has(source)) order.set(source, issue.location?.line === undefined ? 1e9 + order.size : order.size);
  }
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => {
      const sa = order.get(a.issue.location?.source ?? '')!;
      const sb = order.get(b.issue.location?.source ?? '')!;
      if (sa !== sb) return sa - sb;
      const la = a.issue.location?.line ?? 0;
      const lb = b.issue.location?.line ?? 0;
      if (la !== lb) return la - lb;
      const ca = a.issue.location?.col ?? 0;
      const cb = b.issue.location?.col ?? 0;
      return ca !== cb ? ca - cb : a.index - b.index;
    })
    .map((entry) => entry.issue);
}

type Parsed = { [K in SectionName]?: SectionOutput<K> };

/** SPEC §2/§3 cross-field rules and dependent defaults; undefined when a section is missing or bad. */
function finish(parsed: Parsed, root: RawMap, issues: ScenarioIssue[], where: (path: Path) => SourceLocation): Scenario | undefined {
  const add = (code: string, path: Path, message: string) => issues.push(issueAt(code, pathString(path), message, where(path)));
  const addAtParent = (code: string, path: Path, message: string) => issues.push(issueAt(code, pathString(path), message, where(path)));
  const addAtKey = (code: string, path: Path, message: string) =>
    issues.push(issueAt(code, pathString(path), message, keyLocation(root, path) ?? where(path)));

  // ---- timeline ----
  let timeline: Scenario['timeline'] | undefined;
  let lastEnd: Day | undefined;
  const t = parsed.timeline;
  if (t) {
    if (dayOfMonth(t.start) !== 1) {
      const first = t.start - dayOfMonth(t.start) + 1;
      add('not_first_of_month', ['timeline', 'start'], `must be the first day of a month, got ${formatDay(t.start)} (did you mean ${formatDay(first)}?)`);
    } else {
      const step = t.step ?? 'quarter';
      timeline = {
        start: t.start,
        periods: t.periods,
        step,
        valuation_date: t.valuation_date ?? t.start,
        discount_rate: t.discount_rate ?? new Decimal(0),
      };
      lastEnd = addMonths(t.start, t.periods * MONTHS_PER_STEP[step]) - 1;
      if (lastEnd > LAST_WRITABLE_DAY) {
        // dates past 9999-12-31 would print with five-digit years that no scenario can read back (issue 12)
        add('timeline_too_long', ['timeline', 'periods'], `${t.periods} ${step}s from ${formatDay(t.start)} end after 9999-12-31, the last date a scenario can hold; use fewer periods or an earlier start`);
        timeline = undefined;
        lastEnd = undefined;
      }
    }
  }
  const span = timeline && lastEnd !== undefined ? `${formatDay(timeline.start)} .. ${formatDay(lastEnd)}` : '';

  // ---- deployment ----
  const d = parsed.deployment;
  if (d) {
    d.points.forEach((point, i) => {
      const previous = d.points[i - 1];
      if (previous !== undefined && point.date <= previous.date) {
        add('dates_order', ['deployment', 'points', i, 'date'], `dates must be strictly increasing: ${formatDay(point.date)} is not after ${formatDay(previous.date)} (the date of point ${i - 1})`);
      } else if (i === 0 && timeline && point.date <= timeline.start) {
        add('before_start', ['deployment', 'points', i, 'date'], `must be after timeline.start ${formatDay(timeline.start)}, got ${formatDay(point.date)} (deployment is 0 GW at the start)`);
      }
      if (previous !== undefined && point.gw.lt(previous.gw)) {
        add('gw_decreasing', ['deployment', 'points', i, 'gw'], `gw must not decrease (capacity is cumulative): ${formatPlain(point.gw)} is less than ${formatPlain(previous.gw)} at point ${i - 1}`);
      }
    });
  }

  // ---- the two sides ----
  const costs = (side: 'amd' | 'baseline', list: SectionOutput<'amd'>['other_costs']): OtherCost[] => {
    const out: OtherCost[] = [];
    (list ?? []).forEach((cost, i) => {
      const at: Path = [side, 'other_costs', i];
      if (cost.amount !== undefined && cost.date !== undefined) {
        if (timeline && lastEnd !== undefined && (cost.date < timeline.start || cost.date > lastEnd)) {
          add('outside_timeline', [...at, 'date'], `${formatDay(cost.date)} is outside the timeline ${span}`);
        }
        out.push({ kind: 'one_off', name: cost.name, amount: cost.amount, date: cost.date });
      } else if (cost.per_year !== undefined) {
        const from = cost.from ?? timeline?.start;
        const to = cost.to ?? lastEnd;
        if (from !== undefined && to !== undefined) {
          if (from > to) {
            add('from_after_to', [...at, cost.to !== undefined ? 'to' : 'from'], `from ${formatDay(from)} is after to ${formatDay(to)}${cost.to === undefined ? ' (the last period\'s end)' : cost.from === undefined ? ' (from defaults to timeline.start)' : ''}`);
          }
          out.push({ kind: 'recurring', name: cost.name, per_year: cost.per_year, from, to });
        }
      } else if (cost.per_unit_year !== undefined) {
        const from = cost.from ?? timeline?.start;
        const to = cost.to ?? lastEnd;
        if (from !== undefined && to !== undefined) {
          if (from > to) {
            add('from_after_to', [...at, cost.to !== undefined ? 'to' : 'from'], `from ${formatDay(from)} is after to ${formatDay(to)}${cost.to === undefined ? ' (the last period\'s end)' : cost.from === undefined ? ' (from defaults to timeline.start)' : ''}`);
          }
          out.push({ kind: 'per_unit', name: cost.name, per_unit_year: cost.per_unit_year, from, to });
        }
      }
    });
    return out;
  };
  const energyWritten = root.entries.has('energy') && !isNull(root.entries.get('energy')!.value);
  const needKw = (side: 'amd' | 'baseline', kw: Decimal | undefined) => {
    if (energyWritten && kw === undefined) {
      addAtParent('needs_kw_per_unit', [side, 'kw_per_unit'], 'is required when energy is given (the energy cost needs the power of each accelerator)');
    }
  };
  // v1.1 performance: a number (default 1) or a curve whose dates strictly increase
  const performanceOf = (side: 'amd' | 'baseline', written: SectionOutput<'amd'>['performance']): Performance => {
    if (written === undefined) return new Decimal(1);
    if (Decimal.isDecimal(written)) return written;
    written.points.forEach((point, i) => {
      const previous = written.points[i - 1];
      if (previous !== undefined && point.date <= previous.date) {
        add('dates_order', [side, 'performance', 'points', i, 'date'], `dates must be strictly increasing: ${formatDay(point.date)} is not after ${formatDay(previous.date)} (the date of point ${i - 1})`);
      }
    });
    return { interpolation: written.interpolation ?? 'linear', points: written.points.map((p) => ({ date: p.date, value: p.value })) };
  };
  const a = parsed.amd;
  let amd: Scenario['amd'] | undefined;
  if (a) {
    needKw('amd', a.kw_per_unit);
    amd = {
      product: a.product ?? 'MI450',
      unit_price: a.unit_price,
      price_change: a.price_change ?? new Decimal(0),
      performance: performanceOf('amd', a.performance),
      units_per_gw: a.units_per_gw,
      other_costs: costs('amd', a.other_costs),
    };
    if (a.kw_per_unit !== undefined) amd.kw_per_unit = a.kw_per_unit;
  }
  const b = parsed.baseline;
  let baseline: Scenario['baseline'] | undefined;
  if (b) {
    needKw('baseline', b.kw_per_unit);
    baseline = {
      name: b.name ?? 'Nvidia',
      unit_price: b.unit_price,
      price_change: b.price_change ?? new Decimal(0),
      performance: performanceOf('baseline', b.performance),
      other_costs: costs('baseline', b.other_costs),
    };
    if (b.kw_per_unit !== undefined) baseline.kw_per_unit = b.kw_per_unit;
  }

  // ---- share price ----
  const s = parsed.share_price;
  let sharePrice: SharePrice | undefined;
  if (s) {
    const volatility = s.volatility ?? new Decimal(0);
    if (s.model === 'cagr') {
      if (s.start === undefined) addAtParent('missing_key', ['share_price', 'start'], 'is required with model: cagr (the share price on `date`)');
      if (s.cagr === undefined) addAtParent('missing_key', ['share_price', 'cagr'], 'is required with model: cagr (the annual growth rate, e.g. 0.15)');
      const date = s.date ?? timeline?.valuation_date;
      if (s.start !== undefined && s.cagr !== undefined && date !== undefined) {
        sharePrice = { model: 'cagr', start: s.start, date, cagr: s.cagr, volatility };
      }
    } else {
      if (s.points === undefined) addAtParent('missing_key', ['share_price', 'points'], 'is required with model: points (a list of { date, price })');
      else {
        s.points.forEach((point, i) => {
          const previous = s.points![i - 1];
          if (previous !== undefined && point.date <= previous.date) {
            add('dates_order', ['share_price', 'points', i, 'date'], `dates must be strictly increasing: ${formatDay(point.date)} is not after ${formatDay(previous.date)} (the date of point ${i - 1})`);
          }
        });
        sharePrice = { model: 'points', points: s.points.map((p) => ({ date: p.date, price: p.price })), interpolation: s.interpolation ?? 'linear', volatility };
      }
    }
  }

  // ---- warrant ----
  const w = parsed.warrant;
  let warrant: Scenario['warrant'] | undefined;
  if (w) {
    const total = w.tranches.reduce((acc, tranche) => acc.plus(tranche.shares), new Decimal(0));
    if (!total.eq(w.shares)) {
      const difference = total.minus(w.shares);
      const direction = difference.isPositive() ? 'more' : 'less';
      addAtKey(
        'tranche_sum',
        ['warrant', 'tranches'],
        `tranche shares add up to ${formatPlain(total)}, ${formatPlain(difference.abs())} ${direction} than warrant.shares ${formatPlain(w.shares)}; they must add up exactly`,
      );
    }
    warrant = {
      shares: w.shares,
      strike: w.strike,
      expiry: w.expiry,
      tranches: w.tranches.map((tranche) => {
        const out: Scenario['warrant']['tranches'][number] = { shares: tranche.shares };
        if (tranche.gw !== undefined) out.gw = tranche.gw;
        if (tranche.price !== undefined) out.price = tranche.price;
        return out;
      }),
      sell: w.sell ?? 'at_horizon',
      tax_rate: w.tax_rate ?? new Decimal(0),
    };
  }

  // ---- uncertain inputs (SPEC §5) ----
  const u = parsed.uncertainty;
  const uncertainty =
    u === undefined
      ? undefined
      : checkUncertainty(
          u,
          root,
          (code, path, message, hint) => issues.push(issueAt(code, pathString(path), message, where(path), hint)),
          (code, path, message, hint) => issues.push(issueAt(code, pathString(path), message, keyLocation(root, path) ?? where(path), hint)),
        );
  // ---- size (issue 12) ----
  // A recurring cost books one amount per period: 20,000 of them over 1,200 months would be 24
  // million bookings (gigabytes, then a crash). Refused up front, with the documented limit.
  if (timeline) {
    const recurring = [...(amd?.other_costs ?? []), ...(baseline?.other_costs ?? [])].filter((c) => c.kind !== 'one_off').length;
    if (recurring * timeline.periods > MAX_RECURRING_BOOKINGS) {
      add(
        'too_many_bookings',
        [],
        `${recurring} recurring or per-unit other costs over ${timeline.periods} periods make ${(recurring * timeline.periods).toLocaleString('en-US')} bookings; a scenario may hold at most ${MAX_RECURRING_BOOKINGS.toLocaleString('en-US')} (recurring costs × periods): merge costs or use a longer step`,
      );
    }
  }

  const e = parsed.energy;
  if (
    issues.length > 0 ||
    parsed.version === undefined ||
    parsed.name === undefined ||
    !timeline ||
    !d ||
    !amd ||
    !baseline ||
    !sharePrice ||
    !warrant ||
    (energyWritten && !e)
  ) {
    return undefined;
  }
  const scenario: Scenario = {
    version: 1,
    name: parsed.name,
    currency: parsed.currency ?? 'USD',
    timeline,
    deployment: { interpolation: d.interpolation ?? 'linear', points: d.points.map((p) => ({ date: p.date, gw: p.gw })) },
    amd,
    baseline,
    share_price: sharePrice,
    warrant,
  };
  if (parsed.description !== undefined) scenario.description = parsed.description;
  if (uncertainty !== undefined && uncertainty.inputs.length > 0) scenario.uncertainty = uncertainty;
  if (parsed.expect !== undefined) scenario.expect = expectations(parsed.expect);
  if (e) scenario.energy = { price_per_mwh: e.price_per_mwh, pue: e.pue ?? new Decimal(1), utilization: e.utilization ?? new Decimal(1) };
  // valuation and dilution (SPEC §2 v1.1, §7)
  if (parsed.valuation) {
    scenario.valuation = {
      risk_free_rate: parsed.valuation.risk_free_rate ?? new Decimal(0),
      dividend_yield: parsed.valuation.dividend_yield ?? new Decimal(0),
    };
  }
  if (parsed.dilution) scenario.dilution = { shares_outstanding: parsed.dilution.shares_outstanding };
  const delay = parsed.supply_delay;
  if (delay) scenario.supply_delay = { days: delay.days, cost_per_gw_year: delay.cost_per_gw_year ?? new Decimal(0) };
  return scenario;
}

/** The `expect:` block without the keys zod leaves undefined (so the object holds only what was written). */
function expectations(block: SectionOutput<'expect'>): NonNullable<Scenario['expect']> {
  const out: NonNullable<Scenario['expect']> = {};
  for (const [metric, bounds] of Object.entries(block ?? {}) as [keyof typeof out, (typeof out)[keyof typeof out]][]) {
    if (bounds === undefined) continue;
    const kept: NonNullable<(typeof out)[keyof typeof out]> = {};
    if (bounds.min !== undefined) kept.min = bounds.min;
    if (bounds.max !== undefined) kept.max = bounds.max;
    if (bounds.equals !== undefined) kept.equals = bounds.equals;
    out[metric] = kept;
  }
  return out;
}

export type { RawNode };
