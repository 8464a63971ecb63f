/**
 * Spearman's rank correlation (SPEC §5: each uncertain input's rank correlation with each reported
 * metric over the paths, "what drives the spread"): the Pearson correlation of the two samples'
 * ranks, tied values sharing their average rank. Pure; deterministic for a given order of values.
 */

/** Ranks 1..n of a sample (ties: the average of the ranks they span). */
export function ranks(values: ArrayLike<number | bigint>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    const x = values[a]!;
    const y = values[b]!;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  const out = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]!] = rank;
    i = j + 1;
  }
  return out;
}

/** Pearson's correlation of two equally long samples; NaN when either is constant (no correlation is defined). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return Number.NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  return sxy / Math.sqrt(sxx * syy);
}

/** Spearman's ρ of two samples. */
export function spearman(x: ArrayLike<number | bigint>, y: ArrayLike<number | bigint>): number {
  return pearson(ranks(x), ranks(y));
}
