/**
 * scikit-learn's default word analyzer: optional lowercasing of the whole text (str.lower()),
 * the token pattern (?u)\b\w\w+\b, and word n-grams from 1 to `ngrams` joined by one space.
 *
 * Python's \w (str patterns) is a character for which str.isalnum() is true, or "_": the
 * Unicode letters (L*) and numbers (N*); combining marks are not word characters. The pattern
 * therefore finds the maximal runs of at least two such characters, which is what
 * /[\p{L}\p{N}_]{2,}/gu finds (counting code points, as Python does). Measured on every code
 * point: the two classes agree on all of Unicode 14 (Python 3.11's); characters assigned later
 * (Unicode 15–17: 14 049 letters and digits) are word characters only where the engine's
 * Unicode tables know them (Node 20's do). toLowerCase and str.lower() agree (final sigma
 * included) except on 55 code points assigned after Unicode 14.
 */

const WORDS = /[\p{L}\p{N}_]{2,}/gu;

/** The tokens of one text, as scikit-learn's build_analyzer() returns them for ngram_range (1, ngrams). */
export function analyze(text: string, ngrams: number, lowercase: boolean): string[] {
  return [...eachToken(wordsOf(text, lowercase), ngrams)];
}

/** The words of one text (the token pattern, after optional lowercasing). */
export function wordsOf(text: string, lowercase: boolean): string[] {
  return (lowercase ? text.toLowerCase() : text).match(WORDS) ?? [];
}

/** The words, then their n-grams for n = 2…ngrams, one at a time (only one n-gram string alive at once). */
export function* eachToken(words: readonly string[], ngrams: number): Generator<string> {
  yield* words;
  for (let n = 2; n <= Math.min(ngrams, words.length); n++) {
    for (let i = 0; i + n <= words.length; i++) yield words.slice(i, i + n).join(" ");
  }
}

/**
 * The UTF-16 code units of all the tokens eachToken yields, without building them: the n-grams
 * of order n cover Σᵢ (P[i+n] − P[i]) characters of words plus n − 1 spaces each, with P the
 * prefix sums of the word lengths; Q (prefix sums of P) gives each order in O(1).
 */
export function tokenCharacters(words: readonly string[], ngrams: number): number {
  const T = words.length;
  const P = new Float64Array(T + 1);
  for (let i = 0; i < T; i++) P[i + 1] = P[i] + words[i].length;
  const Q = new Float64Array(T + 2);
  for (let i = 0; i <= T; i++) Q[i + 1] = Q[i] + P[i];
  let total = P[T];
  for (let n = 2; n <= Math.min(ngrams, T); n++) {
    const windows = T - n + 1;
    // Σ_{i=0}^{T−n} P[i+n] − Σ_{i=0}^{T−n} P[i]
    total += Q[T + 1] - Q[n] - Q[windows] + (n - 1) * windows;
  }
  return total;
}
