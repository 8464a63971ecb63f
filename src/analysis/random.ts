/**
 * Seeded randomness for `simulate` (SPEC §5: "the same file, seed and path count give the same
 * numbers to the last digit, whatever the number of workers"; "a seedable generator from a
 * maintained package is preferred").
 *
 * Construction, fixed and documented (README "Monte Carlo"):
 * - **Generator**: pure-rand's xoroshiro128+ (a maintained package), one independent generator per
 *   path.
 * - **Per-path stream**: the generator's 128-bit state is derived from (seed, path index) alone by
 *   SplitMix64 (Vigna's recommended seeder for the xoroshiro family): x = seed × 2^32 + path index
 *   (exact, as a 64-bit integer; both parts are bounded below), then two SplitMix64 outputs of x
 *   give the four 32-bit state words. A path therefore draws the same numbers whichever worker
 *   runs it and in whatever order.
 * - **Uniforms**: pure-rand's `uniformFloat64` (53 random bits, a multiple of 2^-53 in [0, 1)).
 * - **Normals**: Box–Muller, both outputs used in order: u1, u2 uniform, r = √(−2·ln(1 − u1)),
 *   z1 = r·cos(2π·u2), z2 = r·sin(2π·u2). `1 − u1` lies in (0, 1], so the log is finite.
 *
 * Float64 here is deliberate and allowed by the issue: only the noise is a float; every money
 * amount is booked in exact decimal cents from the noisy price. `Math.log/cos/sin/exp` are V8's own
 * fdlibm port, so the draws do not depend on the CPU or C library (they could change only with a
 * different JavaScript engine).
 */
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

/** Largest seed accepted: seeds are integers 0..2^32 − 1 (so seed × 2^32 + index fits 64 bits). */
export const MAX_SEED = 0xffff_ffff;
/** Largest path index a stream can be derived for (SPEC §6 allows at most 10,000,000 paths). */
export const MAX_PATH_INDEX = 0xffff_ffff;

const MASK64 = (1n << 64n) - 1n;
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;

/** One SplitMix64 step: advances `state` by the golden gamma and returns the mixed output. */
function splitMix64(state: bigint): bigint {
  let z = state & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/**
 * The xoroshiro128+ state of path `pathIndex` under `seed`, as pure-rand's four signed 32-bit
 * words [s01, s00, s11, s10]. Never all zero (xoroshiro's one forbidden state).
 */
export function pathState(seed: number, pathIndex: number): [number, number, number, number] {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new RangeError(`seed ${seed} out of range`);
  if (!Number.isInteger(pathIndex) || pathIndex < 0 || pathIndex > MAX_PATH_INDEX) {
    throw new RangeError(`path index ${pathIndex} out of range`);
  }
  return streamState((BigInt(seed) << 32n) | BigInt(pathIndex));
}

/**
 * The xoroshiro128+ state SplitMix64 derives from a 64-bit stream key `x` (two outputs, four signed
 * 32-bit words, never all zero): a path's share-price stream takes x = seed × 2^32 + path index,
 * an uncertain input's stream that key XOR the hash of its path (uncertainty/draws.ts).
 */
export function streamState(x: bigint): [number, number, number, number] {
  const first = splitMix64(x + GOLDEN_GAMMA);
  const second = splitMix64(x + 2n * GOLDEN_GAMMA);
  const words: [number, number, number, number] = [
    Number(BigInt.asIntN(32, first >> 32n)),
    Number(BigInt.asIntN(32, first)),
    Number(BigInt.asIntN(32, second >> 32n)),
    Number(BigInt.asIntN(32, second)),
  ];
  if (words.every((w) => w === 0)) words[3] = 1;
  return words;
}

/** A stream of standard normal draws for one path. */
export interface NormalStream {
  /** the next N(0, 1) draw */
  next(): number;
}

/** The standard normal stream of path `pathIndex` under `seed` (Box–Muller, see module doc). */
export function pathNormals(seed: number, pathIndex: number): NormalStream {
  const rng = xoroshiro128plusFromState(pathState(seed, pathIndex));
  let spare = 0;
  let hasSpare = false;
  return {
    next(): number {
      if (hasSpare) {
        hasSpare = false;
        return spare;
      }
      const u1 = uniformFloat64(rng);
      const u2 = uniformFloat64(rng);
      const radius = Math.sqrt(-2 * Math.log(1 - u1));
      const angle = 2 * Math.PI * u2;
      spare = radius * Math.sin(angle);
      hasSpare = true;
      return radius * Math.cos(angle);
    },
  };
}

/** The uniform [0, 1) stream of a path (exposed for tests of the construction). */
export function pathUniforms(seed: number, pathIndex: number): () => number {
  const rng = xoroshiro128plusFromState(pathState(seed, pathIndex));
  return () => uniformFloat64(rng);
}

/**
 * Standard normal CDF Φ(x) = erfc(−x/√2)/2, for tests and closed-form checks only (never on a
 * money path). Accurate to about 1e-7, far below the Monte Carlo errors it is compared with.
 */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Complementary error function (Numerical Recipes `erfcc`-style Chebyshev fit, relative error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
