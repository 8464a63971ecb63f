/**
 * "Did you mean" hints (STYLE habit 4): the nearest allowed word by Damerau-Levenshtein distance
 * (optimal string alignment: insert, delete, substitute, swap two neighbours), ignoring case.
 */

/**
 * Edit distance with adjacent transpositions (optimal string alignment). Three rolling rows of
 * the table instead of the whole table: linear memory, no allocation per cell (issue 12: 20,000
 * unknown keys each compared with a dozen allowed ones).
 */
export function editDistance(a: string, b: string): number {
  const cols = b.length + 1;
  let before = new Int32Array(cols); // row i-2
  let previous = new Int32Array(cols); // row i-1
  let current = new Int32Array(cols); // row i
  for (let j = 0; j < cols; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < cols; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) best = Math.min(best, before[j - 2]! + 1);
      current[j] = best;
    }
    const spare = before;
    before = previous;
    previous = current;
    current = spare;
  }
  return previous[b.length]!;
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
    // at most 3 edits are ever accepted: a length difference above that cannot be, and skipping it
    // keeps a megabyte-long key linear instead of (key length × candidate length) per candidate
    if (Math.abs(candidate.length - lower.length) > 3) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  if (best !== undefined && bestDistance <= limit) return best;
  const containing = candidates.filter((c) => lower.length >= 3 && (c.toLowerCase().includes(lower) || lower.includes(c.toLowerCase())));
  return containing.length === 1 ? containing[0] : undefined;
}

/** The worded hint, e.g. `did you mean "cagr"?`, or undefined. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const match = nearest(word, candidates);
  return match === undefined ? undefined : `did you mean "${match}"?`;
}
