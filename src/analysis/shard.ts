/**
 * Shards (SPEC §10): `--shard I/N` takes the I-th (0-based) of N contiguous, near-equal slices of
 * a run's items — grid points in point order, or Monte Carlo paths 1..P — so that any batch
 * engine's array index can run one slice per task. Slice I of T items is
 * [⌊I·T/N⌋, ⌊(I+1)·T/N⌋): sizes differ by at most one, every item is in exactly one slice, and the
 * slices in shard order are the items in order. Pure.
 */

/** One shard: the I-th (0-based) of N. */
export interface Shard {
  index: number;
  count: number;
}

/** The largest N accepted (a Kubernetes Indexed Job allows 10^5 completions; grids hold 10^7 points). */
export const MAX_SHARDS = 1_000_000;

/**
 * Parses `I/N` (0 ≤ I < N, both whole numbers; spaces around them are allowed, as a shell
 * expansion like `"$JOB_COMPLETION_INDEX/100"` may leave). Returns a message when it is not one.
 */
export function parseShard(text: string): { ok: true; shard: Shard } | { ok: false; message: string } {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) {
    const hint = /^\s*\/|\/\s*$/.test(text) ? ' (is the index variable set? e.g. --shard "$JOB_COMPLETION_INDEX/100")' : '';
    return { ok: false, message: `--shard must be I/N with 0 <= I < N, e.g. --shard 3/8, got "${text}"${hint}` };
  }
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_SHARDS) {
    return { ok: false, message: `--shard ${text.trim()}: N must be a whole number from 1 to ${MAX_SHARDS}` };
  }
  if (!Number.isSafeInteger(index) || index >= count) {
    const oneBased = index === count ? ' (shard indexes start at 0: the last of N shards is N-1; GNU parallel\'s {#} starts at 1, use $(({#}-1)))' : '';
    return { ok: false, message: `--shard ${text.trim()}: I must be from 0 to ${count - 1}${oneBased}` };
  }
  return { ok: true, shard: { index, count } };
}

/** Items [from, to) of shard `shard` among `total` items numbered 0..total-1. */
export function shardRange(total: number, shard: Shard): { from: number; to: number } {
  const bound = (i: number) => Number((BigInt(i) * BigInt(total)) / BigInt(shard.count));
  return { from: bound(shard.index), to: bound(shard.index + 1) };
}

/** The text of a shard, `I/N`. */
export function shardText(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
