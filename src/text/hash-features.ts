/**
 * hashFeatures: texts to a CSR matrix of hashed word and n-gram counts, equal entry for entry
 * (on ASCII text, and on Unicode within the limits in tokens.ts) to scikit-learn's
 * HashingVectorizer(n_features=nFeatures, ngram_range=(1, ngrams), lowercase=lowercase,
 * norm=None, alternate_sign=True). A model trained in Python on those features can then be
 * served here. Dependency-free and small: it is meant for edge workers.
 *
 * Each token's UTF-8 bytes are hashed with MurmurHash3 (seed 0) to a signed 32-bit h; the
 * token adds sign(h) (+1 for h ≥ 0) at column |h| mod nFeatures. Entries of a row with the
 * same column are summed; a +1 and a −1 that meet stay stored as an explicit 0, as
 * scikit-learn's do. Columns ascend within each row.
 */
import { countOf, describe, isArrayLike, ownOptions, rejectUnknownKeys } from "../input/checks.js";
import type { CsrInput } from "../input/csr-matrix.js";
import { fail } from "../util/errors.js";
import { murmurhash3, utf8 } from "./murmurhash3.js";
import { eachToken, tokenCharacters, wordsOf } from "./tokens.js";

/** Options of hashFeatures. */
export interface HashFeaturesOptions {
  /** Number of columns (default 2²⁰, scikit-learn's default). */
  nFeatures?: number;
  /** Longest word n-gram: 1 words only (default), 2 also pairs of neighbouring words, … */
  ngrams?: number;
  /** Lowercase the text before tokenising (default true). */
  lowercase?: boolean;
  /** Scale each row to unit Euclidean norm ("l2"), or not (null, the default). */
  norm?: "l2" | null;
}

/** The CSR matrix hashFeatures returns (accepted as X by fit and every predict method). */
export interface HashedFeatures extends CsrInput {
  indptr: Int32Array;
  indices: Int32Array;
  data: Float64Array;
  rows: number;
  cols: number;
}

const OPTIONS = ["nFeatures", "ngrams", "lowercase", "norm"] as const;
/** The n-gram characters one text may make (2³⁰: seconds of hashing, no string kept). */
const MAX_HASHED_CHARACTERS = 2 ** 30;
/** The most rows and entries a CSR matrix with Int32 offsets holds. */
const MAX_ROWS = 2 ** 31 - 2;
const MAX_ENTRIES = 2 ** 31 - 1;

/** Hash `texts` into a rows × nFeatures CSR matrix (see the module comment for the exact rule). */
export function hashFeatures(texts: ArrayLike<string>, options: HashFeaturesOptions = {}): HashedFeatures {
  if (options === null || typeof options !== "object") fail("INVALID_OPTION", `hashFeatures options must be an object, got ${describe(options)}`);
  rejectUnknownKeys(options as Record<string, unknown>, OPTIONS, "hashFeatures option");
  options = ownOptions(options);
  const { nFeatures = 2 ** 20, ngrams = 1, lowercase = true, norm = null } = options;
  if (!Number.isSafeInteger(nFeatures) || nFeatures < 1 || nFeatures > 2 ** 31 - 1) {
    fail("INVALID_OPTION", `option nFeatures must be an integer from 1 to 2³¹ − 1, got ${describe(nFeatures)}`);
  }
  // Beyond 2³¹ − 1 an n-gram would have more words than any string holds.
  if (!Number.isSafeInteger(ngrams) || ngrams < 1 || ngrams > 2 ** 31 - 1) fail("INVALID_OPTION", `option ngrams must be an integer from 1 to 2³¹ − 1, got ${describe(ngrams)}`);
  if (typeof lowercase !== "boolean") fail("INVALID_OPTION", `option lowercase must be true or false, got ${describe(lowercase)}`);
  if (norm !== null && norm !== "l2") fail("INVALID_OPTION", `option norm must be "l2" or null, got ${describe(norm)}`);
  if (!isArrayLike(texts) || typeof texts === "string") fail("INVALID_X", `texts must be an array of strings, got ${describe(texts)}`);

  // The length once, as a count the CSR's Int32 offsets can index; the arrays then grow with
  // the texts actually read (a Proxy claiming 10⁹ texts allocates nothing up front).
  const rows = countOf(texts, "INVALID_X", "texts", "texts");
  if (rows > MAX_ROWS) fail("TOO_LARGE", `texts holds ${rows} texts; hashFeatures takes at most ${MAX_ROWS} (2³¹ − 2) in one call: hash them in batches`);
  let indptr = new Int32Array(Math.min(rows + 1, 1024));
  let indices = new Int32Array(16);
  let data = new Float64Array(indices.length);
  let nnz = 0;
  let buffer: Uint8Array = new Uint8Array(256);
  const sums = new Map<number, number>();
  for (let i = 0; i < rows; i++) {
    const text = texts[i];
    if (typeof text !== "string") fail("INVALID_X", `texts[${i}] is ${describe(text)}, not a string`);
    sums.clear();
    const words = wordsOf(text, lowercase);
    // Every n-gram is hashed from its own string: Θ(words · ngrams²) characters for a long text
    // and a large ngrams, which would exhaust the heap or run for hours; refuse it up front.
    const characters = tokenCharacters(words, ngrams);
    if (characters > MAX_HASHED_CHARACTERS) {
      fail("TOO_LARGE", `texts[${i}]: its ${words.length} words with ngrams ${ngrams} make n-grams of ${characters.toExponential(2)} characters in all, above the ${MAX_HASHED_CHARACTERS.toExponential(2)} hashFeatures takes per text; lower ngrams`);
    }
    for (const token of eachToken(words, ngrams)) {
      const encoded = utf8(token, buffer);
      buffer = encoded.bytes;
      const h = murmurhash3(buffer, encoded.length);
      // |h| as a double: |−2³¹| = 2³¹ is exact, where 32-bit arithmetic would overflow.
      const column = Math.abs(h) % nFeatures;
      sums.set(column, (sums.get(column) ?? 0) + (h >= 0 ? 1 : -1));
    }
    if (nnz + sums.size > MAX_ENTRIES) {
      fail("TOO_LARGE", `texts[0 … ${i}] hash to more than ${MAX_ENTRIES} (2³¹ − 1) entries, the most a CSR matrix with Int32 offsets holds: hash them in batches`);
    }
    if (nnz + sums.size > indices.length) {
      const grown = Math.min(MAX_ENTRIES, Math.max(nnz + sums.size, indices.length * 2));
      indices = grow(allocate(Int32Array, grown), indices);
      data = grow(allocate(Float64Array, grown), data);
    }
    if (i + 2 > indptr.length) indptr = grow(allocate(Int32Array, Math.min(rows + 1, indptr.length * 2)), indptr);
    const columns = Int32Array.from(sums.keys()).sort();
    // scikit-learn's l2 normalisation: divide by √(Σ x²) summed in column order; empty rows stay.
    let squares = 0;
    for (const column of columns) squares += sums.get(column)! ** 2;
    const divisor = norm === "l2" && squares > 0 ? Math.sqrt(squares) : 1;
    for (const column of columns) {
      indices[nnz] = column;
      data[nnz++] = sums.get(column)! / divisor;
    }
    indptr[i + 1] = nnz;
  }
  return { indptr, indices: indices.slice(0, nnz), data: data.slice(0, nnz), rows, cols: nFeatures };
}

/** A typed array of `length` zeros, or TOO_LARGE where the engine cannot allocate one (a raw RangeError otherwise). */
function allocate<T extends Int32Array | Float64Array>(type: new (length: number) => T, length: number): T {
  try {
    return new type(length);
  } catch (e) {
    if (e instanceof RangeError) fail("TOO_LARGE", `hashFeatures cannot allocate ${length} ${type.name === "Int32Array" ? "offsets or column indices" : "values"} (${e.message}): hash the texts in batches`);
    throw e;
  }
}

function grow<T extends Int32Array | Float64Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
