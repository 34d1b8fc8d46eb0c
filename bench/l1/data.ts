// The L1 benchmark's data sets, generated deterministically. The bag-of-words set follows the
// issue's recipe (Zipf vocabulary, ~80 words per document, classes from a few hundred
// informative words); it is made dense here because fit takes dense input only so far (the
// CSR form replaces it once sparse input lands). Binary format shared with saga.py:
// X little-endian float64 row-major, y int32.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { seededRandom } from "../../src/util/random.js";
import { normals, synthetic } from "../problems.js";

export interface L1Dataset {
  key: string;
  name: string;
  X: { data: Float64Array; rows: number; cols: number };
  y: Int32Array;
  K: number;
  description: string;
}

/**
 * n documents over a vocabulary of d words with word probabilities ∝ 1/(rank + 2.7)^1.07
 * (Zipf–Mandelbrot), each of 40–120 word draws (mean 80) stored as counts; `informative`
 * words, spread over the ranks, carry class weights N(0, 1.5²); a document's class is drawn
 * from the softmax of its informative counts times the weights.
 */
export function bagOfWords(n: number, d: number, K: number, informative = 300, seed = 12): L1Dataset {
  const uniform = seededRandom(seed);
  const normal = normals(seed + 1);
  const cumulative = new Float64Array(d);
  let total = 0;
  for (let r = 0; r < d; r++) cumulative[r] = total += 1 / Math.pow(r + 2.7, 1.07);
  const weights = new Float64Array(d * K);
  for (let c = 0; c < informative; c++) {
    const word = Math.floor(uniform() * d);
    for (let k = 0; k < K; k++) weights[word * K + k] = 1.5 * normal();
  }
  const data = new Float64Array(n * d);
  const y = new Int32Array(n);
  const z = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    const length = 40 + Math.floor(uniform() * 81);
    z.fill(0);
    for (let t = 0; t < length; t++) {
      const word = upperBound(cumulative, uniform() * total);
      data[i * d + word] += 1;
      for (let k = 0; k < K; k++) z[k] += weights[word * K + k];
    }
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, z[k]);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += z[k] = Math.exp(z[k] - max);
    let u = uniform() * sum;
    let label = K - 1;
    for (let k = 0; k < K; k++) if ((u -= z[k]) < 0) { label = k; break; }
    y[i] = label;
  }
  let nnz = 0;
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) nnz++;
  return {
    key: `bow-${n}x${d}`,
    name: `bag-of-words ${n}×${d}×${K}`,
    X: { data, rows: n, cols: d },
    y,
    K,
    description: `Zipf bag-of-words counts, ${(100 * nnz / (n * d)).toFixed(2)}% non-zero (dense storage), ${informative} informative words`,
  };
}

/** The dense set: bench/problems.ts's synthetic Gaussian problem. */
export function denseSet(n: number, d: number, K: number, seed: number): L1Dataset {
  const ds = synthetic(n, d, K, seed);
  return { key: `dense-${n}x${d}`, name: ds.name, X: ds.X, y: ds.y, K, description: "standard-normal features, labels from a random linear softmax model plus noise" };
}

/** The first index whose cumulative weight exceeds u. */
function upperBound(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Write X.f64 and y.i32 for saga.py; returns the directory. */
export function writeDataset(ds: L1Dataset, root: string): string {
  const dir = join(root, ds.key);
  mkdirSync(dir, { recursive: true });
  const x = ds.X.data;
  writeFileSync(join(dir, "X.f64"), new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
  writeFileSync(join(dir, "y.i32"), new Uint8Array(ds.y.buffer, ds.y.byteOffset, ds.y.byteLength));
  return dir;
}
