/**
 * The `uncertainty:` section (SPEC §5 "Uncertain inputs"): its zod schema, the rules that need the
 * rest of the scenario (each input path must be a numeric leaf that `--set` accepts), and the
 * Gaussian copula's matrix check (Spearman ρ → Pearson 2·sin(π·ρ/6), positive definite).
 *
 * An input is keyed by its path exactly as `--set` writes it (`baseline.unit_price`,
 * `warrant.tranches[2].price`); in a `--set` path such a key is written in brackets:
 * `--set 'uncertainty.inputs["share_price.cagr"].pert.mode=0.2'`.
 */
import * as z from 'zod';
import { Decimal, formatPlain } from '../money/index.js';
import { numberLeafSchema, type uncertaintySchema } from './schema.js';
import type { ScenarioIssue } from './issues.js';
import { nodeAt, type RawMap } from './raw.js';
import { checkSetPath, tryParseSetPath } from './set.js';
import type { InputCorrelation, UncertainFamily, UncertainInput, Uncertainty } from './types.js';

type Path = (string | number)[];

/** Paths a draw may not change: the period grid and the section itself. */
const FIXED_PATHS = new Set(['version', 'timeline.periods']);

export type ParsedUncertainty = z.output<typeof uncertaintySchema>;

/**
 * The typed section, or undefined with issues added. `add(code, path, message, hint?)` reports at a
 * value's position; `addAtKey` at a key's.
 */
export function checkUncertainty(
  parsed: ParsedUncertainty,
  root: RawMap,
  add: (code: string, path: Path, message: string, hint?: string) => void,
  addAtKey: (code: string, path: Path, message: string, hint?: string) => void,
): Uncertainty | undefined {
  let ok = true;
  const inputs: UncertainInput[] = [];
  const index = new Map<string, number>();
  // every input written, valid or not: a correlation naming a bad one says nothing more about it
  const written = new Set<string>();
  for (const path of Object.keys(parsed.inputs ?? {})) {
    const segments = tryParseSetPath(path);
    written.add(segments === undefined ? path : pathText(segments));
  }
  for (const [path, spec] of Object.entries(parsed.inputs ?? {})) {
    const at: Path = ['uncertainty', 'inputs', path];
    const segments = tryParseSetPath(path);
    if (segments === undefined) {
      addAtKey('bad_input_path', at, `"${path}" is not a path: write keys separated by dots and list items as [0], e.g. warrant.tranches[0].price`);
      ok = false;
      continue;
    }
    const canonical = pathText(segments);
    if (segments[0] === 'uncertainty' || segments[0] === 'expect' || FIXED_PATHS.has(canonical)) {
      addAtKey('fixed_input', at, `${canonical} cannot be uncertain (it fixes the shape of the run, not a value in it)`);
      ok = false;
      continue;
    }
    const pathIssue = checkSetPath(root, segments, { source: '' });
    if (pathIssue) {
      addAtKey('unknown_input_path', at, pathIssue.message.replace(/^unknown key/, 'unknown key'), pathIssue.hint);
      ok = false;
      continue;
    }
    if (numberLeafSchema(segments) === undefined) {
      addAtKey('not_a_number_input', at, `${canonical} is not a number, so it cannot take a distribution (uncertain inputs are numeric leaves such as baseline.unit_price)`);
      ok = false;
      continue;
    }
    if (index.has(canonical)) {
      addAtKey('input_twice', at, `${canonical} is listed twice (also as "${inputs[index.get(canonical)!]!.path}")`);
      ok = false;
      continue;
    }
    const distribution = familyOf(spec, at, add, root);
    if (distribution === undefined) {
      ok = false;
      continue;
    }
    const input: UncertainInput = { path: canonical, distribution };
    if (spec.min !== undefined) input.min = spec.min;
    if (spec.max !== undefined) input.max = spec.max;
    if (!checkTruncation(input, at, add)) {
      ok = false;
      continue;
    }
    index.set(canonical, inputs.length);
    inputs.push(input);
  }

  const correlations: InputCorrelation[] = [];
  const pairs = new Set<string>();
  (parsed.correlations ?? []).forEach((c, i) => {
    const at: Path = ['uncertainty', 'correlations', i];
    const ends: number[] = [];
    c.between.forEach((name, j) => {
      const segments = tryParseSetPath(name);
      const canonical = segments === undefined ? name : pathText(segments);
      const found = index.get(canonical);
      if (found === undefined && written.has(canonical)) {
        ok = false; // its own issue is reported at the input
      } else if (found === undefined) {
        const known = [...index.keys()];
        add('unknown_correlated_input', [...at, 'between', j], `"${name}" is not one of uncertainty.inputs${known.length ? ` (${known.join(', ')})` : ' (there are none)'}`, nearest(name, known));
        ok = false;
      } else ends.push(found);
    });
    if (ends.length !== 2) return;
    const [a, b] = ends as [number, number];
    if (a === b) {
      add('self_correlation', [...at, 'between'], `an input cannot be correlated with itself (${inputs[a]!.path})`);
      ok = false;
      return;
    }
    const key = a < b ? `${a},${b}` : `${b},${a}`;
    if (pairs.has(key)) {
      add('correlation_twice', [...at, 'between'], `the pair ${inputs[a]!.path} and ${inputs[b]!.path} is listed twice`);
      ok = false;
      return;
    }
    pairs.add(key);
    correlations.push({ between: [a, b], rho: c.rho });
  });
  if (ok && correlations.length > 0 && choleskyLower(pearsonMatrix(inputs.length, correlations)) === undefined) {
    add(
      'not_positive_definite',
      ['uncertainty', 'correlations'],
      'these correlations cannot hold together: their matrix (Pearson 2·sin(π·ρ/6) of each ρ) is not positive definite; weaken one of them',
    );
    ok = false;
  }
  return ok ? { inputs, correlations } : undefined;
}

function nearest(name: string, known: string[]): string | undefined {
  const close = known.filter((k) => k.endsWith(name) || name.endsWith(k) || k.replace(/[^a-z]/g, '') === name.replace(/[^a-z]/g, ''));
  return close.length === 1 ? `did you mean "${close[0]}"?` : undefined;
}

/** The canonical text of a path (`a.b[2].c`). */
function pathText(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}

type FamilySpec = ParsedUncertainty extends { inputs?: Record<string, infer S> | undefined } ? S : never;

function familyOf(spec: FamilySpec, at: Path, add: (code: string, path: Path, message: string) => void, root: RawMap): UncertainFamily | undefined {
  const given = (['normal', 'lognormal', 'uniform', 'triangular', 'pert', 'discrete'] as const).filter((f) => spec[f] !== undefined);
  if (given.length !== 1) {
    // maps merge key by key through extends: say where each family was written, and how to replace one
    const locations = given.map((f) => nodeAt(root, [...at, f])?.loc);
    const inherited = new Set(locations.map((loc) => loc?.source)).size > 1;
    const where = inherited ? given.map((f, i) => (locations[i]?.line !== undefined ? `${f} at ${locations[i]!.source}:${locations[i]!.line}` : f)) : given;
    add(
      'one_family',
      at,
      given.length === 0
        ? 'needs one distribution: normal, lognormal, uniform, triangular, pert or discrete'
        : `has ${given.length} distributions (${where.join(', ')}); give exactly one${inherited ? ` (maps merge through extends: to replace an inherited one, also write it as null, e.g. ${given.find((_, i) => locations[i]?.source !== locations[0]?.source) ?? given[0]}: null)` : ''}`,
    );
    return undefined;
  }
  const family = given[0]!;
  const p = [...at, family];
  const bad = (key: string, message: string) => {
    add('bad_parameter', [...p, key], message);
    return undefined;
  };
  switch (family) {
    case 'normal':
    case 'lognormal': {
      const { mean, sd } = spec[family]!;
      if (!sd.gt(0)) return bad('sd', `must be greater than 0, got ${formatPlain(sd)}`);
      if (family === 'lognormal' && !mean.gt(0)) return bad('mean', `a lognormal's mean must be greater than 0, got ${formatPlain(mean)}`);
      return { family, mean, sd };
    }
    case 'uniform': {
      const { min, max } = spec.uniform!;
      if (!min.lt(max)) return bad('max', `must be greater than min ${formatPlain(min)}, got ${formatPlain(max)}`);
      return { family, min, max };
    }
    case 'triangular':
    case 'pert': {
      const { min, mode, max } = spec[family]!;
      if (!min.lt(max)) return bad('max', `must be greater than min ${formatPlain(min)}, got ${formatPlain(max)}`);
      if (mode.lt(min)) return bad('mode', `must be min ${formatPlain(min)} or more, got ${formatPlain(mode)}`);
      if (mode.gt(max)) return bad('mode', `must be max ${formatPlain(max)} or less, got ${formatPlain(mode)}`);
      return { family, min, mode, max };
    }
    case 'discrete': {
      const { values, weights } = spec.discrete!;
      const w = weights ?? values.map(() => new Decimal(1));
      if (w.length !== values.length) return bad('weights', `has ${w.length} weights for ${values.length} values; give one weight per value`);
      const negative = w.findIndex((x) => x.isNegative());
      if (negative >= 0) {
        add('bad_parameter', [...p, 'weights', negative], `must be 0 or more, got ${formatPlain(w[negative]!)}`);
        return undefined;
      }
      if (w.every((x) => x.isZero())) return bad('weights', 'must not all be 0');
      return { family, values, weights: w };
    }
  }
}

/** Truncation bounds must leave some probability: min < max, inside the family's support. */
function checkTruncation(input: UncertainInput, at: Path, add: (code: string, path: Path, message: string) => void): boolean {
  const { min, max, distribution: d } = input;
  if (min !== undefined && max !== undefined && !min.lt(max)) {
    add('bad_truncation', [...at, 'max'], `must be greater than min ${formatPlain(min)}, got ${formatPlain(max)}`);
    return false;
  }
  let low: Decimal | undefined;
  let high: Decimal | undefined;
  if (d.family === 'uniform' || d.family === 'triangular' || d.family === 'pert') [low, high] = [d.min, d.max];
  if (d.family === 'lognormal') low = new Decimal(0);
  if (d.family === 'discrete') {
    const kept = d.values.filter((v, i) => !d.weights[i]!.isZero() && (min === undefined || v.gte(min)) && (max === undefined || v.lte(max)));
    if (kept.length === 0) {
      add('bad_truncation', [...at, min !== undefined ? 'min' : 'max'], 'leaves none of the values (with a weight above 0) to draw');
      return false;
    }
    return true;
  }
  if (min !== undefined && high !== undefined && !min.lt(high)) {
    add('bad_truncation', [...at, 'min'], `${formatPlain(min)} leaves nothing to draw: the ${d.family} distribution ends at ${formatPlain(high)}`);
    return false;
  }
  if (max !== undefined && low !== undefined && !max.gt(low)) {
    add('bad_truncation', [...at, 'max'], `${formatPlain(max)} leaves nothing to draw: the ${d.family} distribution starts at ${formatPlain(low)}`);
    return false;
  }
  return true;
}

/** The n×n Pearson matrix of the copula: 1 on the diagonal, 2·sin(π·ρ/6) for each given pair. */
export function pearsonMatrix(n: number, correlations: readonly InputCorrelation[]): number[][] {
  const m: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (const { between, rho } of correlations) {
    const r = 2 * Math.sin((Math.PI * rho.toNumber()) / 6);
    m[between[0]]![between[1]] = r;
    m[between[1]]![between[0]] = r;
  }
  return m;
}

/** The lower Cholesky factor L (matrix = L·Lᵀ), or undefined when not positive definite. */
export function choleskyLower(matrix: readonly (readonly number[])[]): number[][] | undefined {
  const n = matrix.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = matrix[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        if (!(s > 1e-12)) return undefined;
        l[i]![i] = Math.sqrt(s);
      } else l[i]![j] = s / l[j]![j]!;
    }
  }
  return l;
}

export type { ScenarioIssue };
