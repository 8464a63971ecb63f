/**
 * "Did you mean" hints (STYLE habit 4): the nearest allowed word by Damerau-Levenshtein distance
 * (optimal string alignment: insert, delete, substitute, swap two neighbours), ignoring case.
 */

/** Edit distance with adjacent transpositions (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The closest candidate to `word`, when it is close enough to be a plausible typo: at most a third
 * of the word's length in edits (at least 1, at most 3), or one word containing the other
 * (`price` for `unit_price`). Ties go to the candidate listed first.
 */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  if (bestDistance <= limit) return best;
  const containing = candidates.filter((c) => lower.length >= 3 && (c.toLowerCase().includes(lower) || lower.includes(c.toLowerCase())));
  return containing.length === 1 ? containing[0] : undefined;
}

/** The worded hint, e.g. `did you mean "cagr"?`, or undefined. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const match = nearest(word, candidates);
  return match === undefined ? undefined : `did you mean "${match}"?`;
}
