// The synthetic bag-of-words sets of the sparse benchmarks (and of the L1 benchmark, which
// imports bagOfWords): seeded, so every run and every tool sees the same matrix.
//
// A document is a class (uniform over K) and word counts. Words are drawn one token at a time
// until the document holds its target number of distinct words (uniform in
// [perRow/2, 3·perRow/2], so about perRow non-zeros a row): with probability `signal` the token
// is one of the informative words (K × informativePerClass words of mid frequency, ranks 100 and
// beyond, each belonging to one class; 70 % of those tokens come from the document's own class,
// the rest from a random class), otherwise the vocabulary's Zipf law (p(rank r) ∝ 1/(r + 1)^zipf).
// Values are the counts (a word seen twice has 2). Rows are sorted by column, as scipy's are.
import { seededRandom } from "../../src/util/random.js";

export interface BagOfWordsOptions {
  rows: number;
  cols: number;
  /** Mean distinct words (non-zeros) per row. */
  perRow: number;
  K: number;
  /** Informative words per class (default 30: 300 for K = 10). */
  informativePerClass?: number;
  /** Share of tokens drawn from the informative words (default 0.06). */
  signal?: number;
  /** Zipf exponent of the background vocabulary (default 1.05). */
  zipf?: number;
  seed?: number;
}

export interface BagOfWords {
  /** CSR with scipy's names; indices sorted within each row. */
  X: { indptr: Int32Array; indices: Int32Array; data: Float64Array; rows: number; cols: number };
  y: Int32Array;
  K: number;
  /** Bytes of the CSR arrays (indptr, indices, data). */
  csrBytes: number;
  description: string;
}

/** The large set: 100 000 documents, 50 000 words, ~80 words a document, 10 classes. */
export const LARGE: BagOfWordsOptions = { rows: 100_000, cols: 50_000, perRow: 80, K: 10, seed: 12 };
/** The 2000 × 20 000 shape of the report (0.39 % non-zero: ~78 words a document). */
export const SMALL: BagOfWordsOptions = { rows: 2000, cols: 20_000, perRow: 78, K: 10, seed: 13 };

export function bagOfWords(options: BagOfWordsOptions): BagOfWords {
  const { rows, cols, perRow, K, informativePerClass = 30, signal = 0.06, zipf = 1.05, seed = 1 } = options;
  const random = seededRandom(seed);
  // Cumulative Zipf weights over the vocabulary, for sampling by binary search.
  const cdf = new Float64Array(cols);
  let total = 0;
  for (let r = 0; r < cols; r++) cdf[r] = total += 1 / Math.pow(r + 1, zipf);
  const zipfWord = () => {
    const u = random() * total;
    let lo = 0;
    let hi = cols - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // Informative words: distinct ranks from 100 up, spread over the vocabulary's middle.
  if (cols < 100 + 2 * K * informativePerClass) {
    throw new Error(`bagOfWords: ${cols} columns leave no room for ${K * informativePerClass} informative words of rank ≥ 100 (need ≥ ${100 + 2 * K * informativePerClass})`);
  }
  const informative = new Int32Array(K * informativePerClass);
  const taken = new Set<number>();
  const span = Math.max(K * informativePerClass * 4, Math.min(cols - 100, 5000));
  for (let i = 0; i < informative.length; i++) {
    let w: number;
    do w = 100 + Math.floor(random() * Math.min(span, cols - 100));
    while (taken.has(w));
    taken.add(w);
    informative[i] = w;
  }
  const indptr = new Int32Array(rows + 1);
  const y = new Int32Array(rows);
  let indices = new Int32Array(rows * perRow * 1.2 + 16);
  let data = new Float64Array(indices.length);
  let nnz = 0;
  // Word counts of the current document: `stamp` marks the words it holds, `words` lists them.
  const stamp = new Int32Array(cols).fill(-1);
  const count = new Float64Array(cols);
  const words = new Int32Array(cols);
  for (let i = 0; i < rows; i++) {
    const c = Math.floor(random() * K);
    y[i] = c;
    const target = Math.max(1, Math.round(perRow * (0.5 + random())));
    let distinct = 0;
    while (distinct < Math.min(target, cols)) {
      let word: number;
      if (random() < signal) {
        const cls = random() < 0.7 ? c : Math.floor(random() * K);
        word = informative[cls * informativePerClass + Math.floor(random() * informativePerClass)];
      } else word = zipfWord();
      if (stamp[word] !== i) {
        stamp[word] = i;
        count[word] = 0;
        words[distinct++] = word;
      }
      count[word]++;
    }
    if (nnz + distinct > indices.length) {
      const grown = Math.ceil((nnz + distinct) * 1.5);
      indices = copyInto(new Int32Array(grown), indices);
      data = copyInto(new Float64Array(grown), data);
    }
    const sorted = words.subarray(0, distinct).sort();
    for (let e = 0; e < distinct; e++) {
      indices[nnz] = sorted[e];
      data[nnz++] = count[sorted[e]];
    }
    indptr[i + 1] = nnz;
  }
  const X = { indptr, indices: indices.slice(0, nnz), data: data.slice(0, nnz), rows, cols };
  return {
    X,
    y,
    K,
    csrBytes: X.indptr.byteLength + X.indices.byteLength + X.data.byteLength,
    description:
      `${rows} × ${cols}, ${(nnz / rows).toFixed(1)} non-zeros a row (${((100 * nnz) / (rows * cols)).toFixed(2)} %), K = ${K}: ` +
      `Zipf(${zipf}) vocabulary, ${K * informativePerClass} informative words (${signal * 100} % of tokens), word counts, seed ${seed}`,
  };
}

function copyInto<T extends Int32Array | Float64Array>(target: T, source: T): T {
  target.set(source);
  return target;
}

/**
 * The same set with its columns in a seeded random order (rows re-sorted, as scipy's are): a
 * vocabulary in no frequency order, as hashed features or an alphabetical vocabulary come
 * (bagOfWords numbers words by frequency rank).
 */
export function shuffleColumns(set: BagOfWords, seed = 1): BagOfWords {
  const { X } = set;
  const random = seededRandom(seed);
  const position = Int32Array.from({ length: X.cols }, (_, j) => j);
  for (let j = X.cols - 1; j > 0; j--) {
    const i = Math.floor(random() * (j + 1));
    [position[i], position[j]] = [position[j], position[i]];
  }
  const indices = new Int32Array(X.indices.length);
  const data = new Float64Array(X.data.length);
  for (let r = 0; r < X.rows; r++) {
    const start = X.indptr[r];
    const row = Array.from({ length: X.indptr[r + 1] - start }, (_, q) => start + q).sort((a, b) => position[X.indices[a]] - position[X.indices[b]]);
    row.forEach((e, q) => {
      indices[start + q] = position[X.indices[e]];
      data[start + q] = X.data[e];
    });
  }
  return { ...set, X: { ...X, indices, data }, description: `${set.description}, columns shuffled (seed ${seed})` };
}
