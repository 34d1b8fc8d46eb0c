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
  const words = (lowercase ? text.toLowerCase() : text).match(WORDS) ?? [];
  if (ngrams === 1) return words;
  const tokens = [...words];
  for (let n = 2; n <= Math.min(ngrams, words.length); n++) {
    for (let i = 0; i + n <= words.length; i++) tokens.push(words.slice(i, i + n).join(" "));
  }
  return tokens;
}
