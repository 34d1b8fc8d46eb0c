// Benchmark problems: a seeded synthetic tall problem and the bundled digits data.
import { readFileSync } from "node:fs";
import { seededRandom } from "../src/util/random.js";

export interface Dataset {
  name: string;
  X: { data: Float64Array; rows: number; cols: number };
  y: Int32Array;
  K: number;
}

/** Standard normals (Box–Muller) from the library's seeded generator, so data are reproducible. */
export function normals(seed: number): () => number {
  const uniform = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** N rows of d standard-normal features, labels from a random linear softmax model plus noise. */
export function synthetic(n: number, d: number, K: number, seed = 1): Dataset {
  const normal = normals(seed);
  const W = Float64Array.from({ length: K * d }, () => normal() / Math.sqrt(d));
  const data = Float64Array.from({ length: n * d }, normal);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestScore = -Infinity;
    for (let k = 0; k < K; k++) {
      let z = normal();
      for (let j = 0; j < d; j++) z += W[k * d + j] * data[i * d + j];
      if (z > bestScore) [best, bestScore] = [k, z];
    }
    y[i] = best;
  }
  return { name: `synthetic ${n}×${d}×${K}`, X: { data, rows: n, cols: d }, y, K };
}

/** digits (1797 × 64, 10 classes), standardised. */
export function digits(): Dataset {
  return standardisedCsv("digits", "digits 1797×64×10", 10);
}

/** digits with its raw pixel counts 0–16 (unscaled features: what "auto" must simply converge on). */
export function digitsRaw(): Dataset {
  return standardisedCsv("digits", "digits raw 1797×64×10", 10, false);
}

/** wine (178 × 13, 3 classes), standardised. */
export function wine(): Dataset {
  return standardisedCsv("wine", "wine 178×13×3", 3);
}

/** A bundled CSV (last column the label), each feature standardised (population std, 0 → 1) unless `scale` is false. */
function standardisedCsv(file: string, name: string, K: number, scale = true): Dataset {
  const lines = readFileSync(new URL(`../test/fixtures/${file}.csv`, import.meta.url), "utf8").trim().split("\n").slice(1);
  const rows = lines.map((l) => l.split(",").map(Number));
  const y = Int32Array.from(rows.map((r) => r.pop()!));
  const d = rows[0].length;
  const data = new Float64Array(rows.length * d);
  for (let j = 0; j < d; j++) {
    const mean = scale ? rows.reduce((a, r) => a + r[j], 0) / rows.length : 0;
    const std = scale ? Math.sqrt(rows.reduce((a, r) => a + (r[j] - mean) ** 2, 0) / rows.length) || 1 : 1;
    rows.forEach((r, i) => (data[i * d + j] = (r[j] - mean) / std));
  }
  return { name, X: { data, rows: rows.length, cols: d }, y, K };
}

/** The first `rows` rows of a dataset. */
export function head(ds: Dataset, rows: number): Dataset {
  const d = ds.X.cols;
  return { ...ds, name: `${ds.name} (first ${rows} rows)`, X: { data: ds.X.data.subarray(0, rows * d), rows, cols: d }, y: ds.y.subarray(0, rows) };
}
