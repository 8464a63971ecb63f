/**
 * Drawing the uncertain inputs of one path (SPEC §5 "Uncertain inputs") and building that path's
 * scenario. Pure.
 *
 * The random-number scheme, fixed and documented (docs/uncertainty.md):
 * - **One standard normal per (seed, path, input).** The share-price noise of path i uses the
 *   xoroshiro128+ stream whose state SplitMix64 derives from x = seed × 2^32 + i (`random.ts`). An
 *   uncertain input's stream is derived the same way from x XOR h, h = FNV-1a-64 of the input's
 *   canonical path text (`baseline.unit_price`); its first Box–Muller output is the input's normal.
 *   So the draws of an input depend only on (seed, path, input path): adding, removing or
 *   reordering another uncorrelated input changes nothing, and neither does the worker or shard.
 * - **Correlations** (Gaussian copula): z' = L·z with L the lower Cholesky factor of the matrix of
 *   2·sin(π·ρ/6); inputs in no correlation keep their own z (their row of L is the unit row).
 * - **The value** is the family's inverse CDF of Φ(z') (`distributions.ts`), as a float64, and it
 *   enters the scenario as the decimal of its shortest round-trip text; a discrete family's draw is
 *   the listed decimal itself, exactly as written.
 * - **Validation** like `--set`: an input whose validity SPEC §2 decides from its own value alone
 *   (the sweep's "free" paths: prices, rates, performance, units per GW, energy, tranche
 *   conditions, ...) is checked against its leaf's own rule and patched into the validated
 *   scenario; any other input (a deployment point, a tranche's shares, a date-derived default)
 *   goes through the whole loader, as `--set` does. A draw that makes the scenario invalid stops
 *   the run with the input, the path and the value.
 */
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { Decimal } from '../../money/index.js';
import { choleskyLower, numberLeafSchema, pearsonMatrix, tryParseSetPath, type PathSegment } from '../../scenario/index.js';
import type { Scenario, UncertainFamily, UncertainInput, Uncertainty } from '../../scenario/types.js';
import type { ScenarioIssue } from '../../scenario/issues.js';
import { FREE_PATH, leafAt, withLeaf, type Assignment, type ValidateWith } from '../points.js';
import { MAX_PATH_INDEX, MAX_SEED, streamState } from '../random.js';
import { discreteDrawIndex, drawFromNormal, type Distribution, type Family } from './distributions.js';

const MASK64 = (1n << 64n) - 1n;
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;

/** FNV-1a, 64 bits, of a text's UTF-8 bytes. */
export function fnv1a64(text: string): bigint {
  let h = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) h = ((h ^ BigInt(byte)) * FNV_PRIME) & MASK64;
  return h;
}

/** The standard normal of (seed, path, input), see the module doc. */
export function inputNormal(seed: number, pathIndex: number, inputHash: bigint): number {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new RangeError(`seed ${seed} out of range`);
  if (!Number.isInteger(pathIndex) || pathIndex < 0 || pathIndex > MAX_PATH_INDEX) throw new RangeError(`path index ${pathIndex} out of range`);
  const rng = xoroshiro128plusFromState(streamState(((BigInt(seed) << 32n) | BigInt(pathIndex)) ^ inputHash));
  const u1 = uniformFloat64(rng);
  const u2 = uniformFloat64(rng);
  return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
}

/** One input as the sampler needs it. */
export interface PlannedInput {
  input: UncertainInput;
  segments: PathSegment[];
  hash: bigint;
  distribution: Distribution;
  /** validated on its own (a free path present in the validated scenario) */
  free: boolean;
}

/** Everything drawing a path needs; the same on every thread. */
export interface DrawPlan {
  inputs: PlannedInput[];
  /** the copula's lower Cholesky factor, only over the correlated inputs (`correlated` order) */
  cholesky: number[][];
  /** indices of the inputs in some correlation, in input order */
  correlated: number[];
  /** every input is free: no path needs the whole loader */
  allFree: boolean;
}

function familyFloats(family: UncertainFamily): Family {
  const n = (d: Decimal) => d.toNumber();
  switch (family.family) {
    case 'normal':
    case 'lognormal':
      return { family: family.family, mean: n(family.mean), sd: n(family.sd) };
    case 'uniform':
      return { family: 'uniform', min: n(family.min), max: n(family.max) };
    case 'triangular':
    case 'pert':
      return { family: family.family, min: n(family.min), mode: n(family.mode), max: n(family.max) };
    case 'discrete':
      return { family: 'discrete', values: family.values.map(n), weights: family.weights.map(n) };
  }
}

/** The draw plan of a scenario's `uncertainty` (validated by the loader). */
export function planDraws(scenario: Scenario, uncertainty: Uncertainty): DrawPlan {
  const inputs = uncertainty.inputs.map((input): PlannedInput => {
    const segments = tryParseSetPath(input.path)!;
    const distribution: Distribution = { family: familyFloats(input.distribution) };
    if (input.min !== undefined) distribution.min = input.min.toNumber();
    if (input.max !== undefined) distribution.max = input.max.toNumber();
    const free = FREE_PATH.test(input.path) && Decimal.isDecimal(leafAt(scenario, segments));
    return { input, segments, hash: fnv1a64(input.path), distribution, free };
  });
  const correlated = [...new Set(uncertainty.correlations.flatMap((c) => c.between))].sort((a, b) => a - b);
  const local = new Map(correlated.map((input, i) => [input, i]));
  const matrix = pearsonMatrix(
    correlated.length,
    uncertainty.correlations.map((c) => ({ between: [local.get(c.between[0])!, local.get(c.between[1])!], rho: c.rho })),
  );
  const cholesky = choleskyLower(matrix) ?? [];
  return { inputs, cholesky, correlated, allFree: inputs.every((i) => i.free) };
}

/** The correlated standard normals z' of one path, one per input (input order). */
export function pathInputNormals(plan: DrawPlan, seed: number, pathIndex: number, out: Float64Array): Float64Array {
  for (let i = 0; i < plan.inputs.length; i++) out[i] = inputNormal(seed, pathIndex, plan.inputs[i]!.hash);
  if (plan.correlated.length > 0) {
    const z = plan.correlated.map((i) => out[i]!);
    plan.correlated.forEach((input, row) => {
      let s = 0;
      const l = plan.cholesky[row]!;
      for (let k = 0; k <= row; k++) s += l[k]! * z[k]!;
      out[input] = s;
    });
  }
  return out;
}

/** One drawn value: its float (for statistics) and its exact decimal text (what the scenario gets). */
export interface Draw {
  value: number;
  text: string;
}

/** The value of input `i` for its normal z' (a discrete draw is the listed decimal, as written). */
export function drawInput(input: PlannedInput, z: number): Draw {
  const family = input.input.distribution;
  if (family.family === 'discrete') {
    const exact = family.values[discreteDrawIndex(input.distribution, z)]!;
    return { value: exact.toNumber(), text: exact.toString() };
  }
  const value = drawFromNormal(input.distribution, z);
  if (!Number.isFinite(value)) throw new RangeError(`the draw of ${input.input.path} is not a finite number`);
  return { value, text: shortestText(value) };
}

/** The shortest round-trip text of a float, without an exponent form decimal.js would misread. */
function shortestText(value: number): string {
  return Object.is(value, -0) ? '0' : String(value);
}

/** A draw that makes the scenario invalid (SPEC §5: stop, naming the input, the path and the value). */
export class DrawError extends Error {
  constructor(
    readonly input: string,
    readonly pathIndex: number,
    readonly value: string,
    readonly issues: readonly ScenarioIssue[],
  ) {
    super(`path ${pathIndex}: the draw ${value} of uncertainty.inputs["${input}"] makes the scenario invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'DrawError';
  }
}

/**
 * The scenario of one path: the draws patched into `base` (free inputs) or applied through the
 * loader (`validate`, when some input is not free). Throws {@link DrawError}.
 */
export function scenarioWithDraws(
  plan: DrawPlan,
  base: Scenario,
  draws: readonly Draw[],
  pathIndex: number,
  validate: ValidateWith | undefined,
): Scenario {
  if (plan.allFree || validate === undefined) {
    let scenario = base;
    plan.inputs.forEach((input, i) => {
      const draw = draws[i]!;
      const leaf = numberLeafSchema(input.segments)!;
      const parsed = leaf.safeParse(draw.text);
      if (!parsed.success) {
        const message = parsed.error.issues[0]?.message ?? 'is not valid';
        throw new DrawError(input.input.path, pathIndex, draw.text, [{ code: 'bad_draw', path: input.input.path, message }]);
      }
      scenario = withLeaf(scenario, input.segments, parsed.data);
    });
    return scenario;
  }
  const assignments: Assignment[] = plan.inputs.map((input, i) => ({
    path: input.input.path,
    value: draws[i]!.text,
    source: `uncertainty.inputs["${input.input.path}"] (path ${pathIndex})`,
  }));
  const result = validate(assignments);
  if (!result.ok) {
    const culprit = plan.inputs.findIndex((input) => result.issues.some((issue) => issue.path === input.input.path || issue.location?.source?.includes(`"${input.input.path}"`)));
    const at = culprit >= 0 ? culprit : 0;
    throw new DrawError(plan.inputs[at]!.input.path, pathIndex, draws[at]!.text, result.issues);
  }
  // the loader rebuilds every section; keep uncertainty as planned (the draws do not change it)
  return result.scenario;
}

/**
 * `--set` on an uncertain input pins it (the user's value wins over the distribution): the input
 * and every correlation naming it leave the scenario's `uncertainty`. Returns the scenario to
 * simulate and the pinned paths, for a note.
 */
export function pinUncertainInputs(scenario: Scenario, sets: readonly string[]): { scenario: Scenario; pinned: string[] } {
  const uncertainty = scenario.uncertainty;
  if (uncertainty === undefined || sets.length === 0) return { scenario, pinned: [] };
  const setPaths = new Set(
    sets.flatMap((option) => {
      const at = option.indexOf('=');
      const segments = at > 0 ? tryParseSetPath(option.slice(0, at).trim()) : undefined;
      return segments === undefined ? [] : [canonicalPath(segments)];
    }),
  );
  const kept = uncertainty.inputs.map((input, i) => ({ input, i })).filter(({ input }) => !setPaths.has(input.path));
  const pinned = uncertainty.inputs.filter((input) => setPaths.has(input.path)).map((input) => input.path);
  if (pinned.length === 0) return { scenario, pinned };
  const renumber = new Map(kept.map(({ i }, k) => [i, k]));
  const correlations = uncertainty.correlations
    .filter((c) => renumber.has(c.between[0]) && renumber.has(c.between[1]))
    .map((c) => ({ between: [renumber.get(c.between[0])!, renumber.get(c.between[1])!] as [number, number], rho: c.rho }));
  const rest = { ...scenario };
  delete rest.uncertainty;
  return { scenario: kept.length === 0 ? rest : { ...rest, uncertainty: { inputs: kept.map((k) => k.input), correlations } }, pinned };
}

function canonicalPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}
