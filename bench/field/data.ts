// The five field-benchmark datasets, generated deterministically, and their binary file
// format (shared with sklearn_run.py): X as little-endian float64 row-major, y as int32.
import { closeSync, mkdirSync, openSync, readSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { seededRandom } from "../../src/util/random.js";
import { digits, digitsRaw, normals, synthetic } from "../problems.js";

export interface Split {
  X: Float64Array;
  y: Int32Array;
  rows: number;
}

export interface FieldDataset {
  /** Short key used in file names and JSON. */
  key: "digits" | "digits-raw" | "tall" | "wide" | "wide-raw";
  name: string;
  d: number;
  K: number;
  train: Split;
  test?: Split;
  description: string;
}

/** Uniform [0, 1) numbers from the library's seeded generator (the one problems.ts's normals use). */
const uniforms = seededRandom;

/** The bundled UCI digits, all 1797 rows train (no held-out split): standardised, or raw pixel counts 0–16. */
function bundledDigits(raw: boolean): FieldDataset {
  const ds = raw ? digitsRaw() : digits();
  return {
    key: raw ? "digits-raw" : "digits",
    name: `digits${raw ? " raw" : ""} 1797×64×10`,
    d: ds.X.cols,
    K: ds.K,
    train: { X: ds.X.data, y: ds.y, rows: ds.X.rows },
    description: `bundled UCI digits, ${raw ? "raw pixel counts 0–16 (unscaled)" : "standardised"}; all 1797 rows train (no held-out split)`,
  };
}

export const digitsDataset = () => bundledDigits(false);
/** Unscaled features, where the Gram preconditioner matters (issue 10 target 1 lists both). */
export const digitsRawDataset = () => bundledDigits(true);

/**
 * bench/problems.ts synthetic(100 000, 100, 10) exactly, plus a 20 000-row test set drawn
 * from the same linear softmax model: problems.ts draws the K·d weights first from
 * normals(seed), so the same first K·d draws of normals(1) give the same model.
 */
export function tallDataset(n = 100_000, d = 100, K = 10, nTest = 20_000): FieldDataset {
  const ds = synthetic(n, d, K);
  const modelNormal = normals(1);
  const W = Float64Array.from({ length: K * d }, () => modelNormal() / Math.sqrt(d));
  const normal = normals(20_240_601);
  const X = Float64Array.from({ length: nTest * d }, normal);
  const y = new Int32Array(nTest);
  for (let i = 0; i < nTest; i++) {
    let best = 0;
    let bestScore = -Infinity;
    for (let k = 0; k < K; k++) {
      let z = normal();
      for (let j = 0; j < d; j++) z += W[k * d + j] * X[i * d + j];
      if (z > bestScore) [best, bestScore] = [k, z];
    }
    y[i] = best;
  }
  return {
    key: "tall",
    name: `synthetic ${n}×${d}×${K}`,
    d,
    K,
    train: { X: ds.X.data, y: ds.y, rows: n },
    test: { X, y, rows: nTest },
    description: "bench/problems.ts synthetic(100 000, 100, 10): N(0,1) features, labels from a random linear softmax model + N(0,1) noise; 20 000 test rows from the same model",
  };
}

/**
 * "Images-like" 28×28 data: each class has a smooth template (a sum of 6 random Gaussian
 * blobs inside the central 20×20, rescaled to [0, 1]); a sample is its class template shifted
 * by up to ±2 pixels, scaled by a random contrast in [0.6, 1], mixed with 25% of another
 * random class's template and N(0, 0.2²) noise, clipped to [0, 1]. The 2-pixel border is
 * near-constant (uniform in [0, 0.002)). Seeded; about 1 s for 70 000 rows.
 */
export function wideDataset(n = 60_000, nTest = 10_000, K = 10, side = 28, seed = 7): FieldDataset {
  const d = side * side;
  const u = uniforms(seed);
  const templates = new Float64Array(K * d);
  for (let k = 0; k < K; k++) {
    const t = templates.subarray(k * d, (k + 1) * d);
    for (let b = 0; b < 6; b++) {
      const cx = 6 + 16 * u();
      const cy = 6 + 16 * u();
      const s = 1.5 + 2.5 * u();
      const a = 0.5 + 0.5 * u();
      for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) t[r * side + c] += a * Math.exp(-((r - cy) ** 2 + (c - cx) ** 2) / (2 * s * s));
    }
    let max = 0;
    for (let j = 0; j < d; j++) max = Math.max(max, t[j]);
    for (let j = 0; j < d; j++) t[j] /= max;
  }
  const normal = normals(seed * 1000 + 1);
  const make = (rows: number): Split => {
    const X = new Float64Array(rows * d);
    const y = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const k = Math.floor(u() * K);
      const other = Math.floor(u() * K);
      const dr = Math.floor(u() * 5) - 2;
      const dc = Math.floor(u() * 5) - 2;
      const contrast = 0.6 + 0.4 * u();
      y[i] = k;
      const row = X.subarray(i * d, (i + 1) * d);
      for (let r = 0; r < side; r++) {
        for (let c = 0; c < side; c++) {
          const j = r * side + c;
          if (r < 2 || c < 2 || r >= side - 2 || c >= side - 2) {
            row[j] = 0.002 * u();
            continue;
          }
          const sr = Math.min(side - 1, Math.max(0, r - dr));
          const sc = Math.min(side - 1, Math.max(0, c - dc));
          const v = contrast * templates[k * d + sr * side + sc] + 0.25 * templates[other * d + sr * side + sc] + 0.2 * normal();
          row[j] = v < 0 ? 0 : v > 1 ? 1 : v;
        }
      }
    }
    return { X, y, rows };
  };
  const train = make(n);
  const test = make(nTest);
  return {
    key: "wide",
    name: `images-like ${n}×${d}×${K}`,
    d,
    K,
    train,
    test,
    description:
      "seeded 28×28 'images': smooth random class templates (6 Gaussian blobs), ±2 px shifts, contrast 0.6–1, 25% of a random other template, N(0,0.2²) noise, clipped to [0,1]; 2-px border near-constant in [0,0.002); 10 000 test rows",
  };
}

/**
 * The images-like set on a raw-pixel scale: wideDataset()'s every value (train and test) × 255,
 * so pixels lie on [0, 255] (not rounded to integers) and the near-constant border on
 * [0, 0.51). The labels are the same; with λ on the same ‖W‖² the optimum is a different one.
 */
export function wideRawDataset(): FieldDataset {
  const ds = wideDataset();
  const scale = (s: Split): Split => ({ ...s, X: s.X.map((v) => 255 * v) });
  return {
    ...ds,
    key: "wide-raw",
    name: `images-like raw ${ds.train.rows}×${ds.d}×${ds.K}`,
    train: scale(ds.train),
    test: ds.test && scale(ds.test),
    description: `the images-like set with every pixel × 255 (raw-pixel scale [0, 255], not rounded; border near-constant in [0, 0.51)); ${ds.description}`,
  };
}

/** Every field dataset, in running order. */
export const DATASETS: [FieldDataset["key"], () => FieldDataset][] = [
  ["digits", digitsDataset],
  ["digits-raw", digitsRawDataset],
  ["tall", () => tallDataset()],
  ["wide", () => wideDataset()],
  ["wide-raw", wideRawDataset],
];

export interface DatasetFiles {
  key: FieldDataset["key"];
  name: string;
  d: number;
  K: number;
  trainRows: number;
  testRows: number;
  dir: string;
}

/** Write X/y (and the test split) as raw binary files; returns the manifest children read. */
export function writeDataset(ds: FieldDataset, root: string): DatasetFiles {
  const dir = join(root, ds.key);
  mkdirSync(dir, { recursive: true });
  const put = (name: string, a: Float64Array | Int32Array) => writeFileSync(join(dir, name), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  put("X.f64", ds.train.X);
  put("y.i32", ds.train.y);
  if (ds.test) {
    put("Xtest.f64", ds.test.X);
    put("ytest.i32", ds.test.y);
  }
  return { key: ds.key, name: ds.name, d: ds.d, K: ds.K, trainRows: ds.train.rows, testRows: ds.test?.rows ?? 0, dir };
}

export function readSplit(files: DatasetFiles, which: "train" | "test"): Split | undefined {
  const rows = which === "train" ? files.trainRows : files.testRows;
  if (rows === 0) return undefined;
  const prefix = which === "train" ? "" : "test";
  // Read straight into the typed arrays: no intermediate Buffer left for the GC, so the RSS
  // a child measures before its fit is not inflated by freed-but-kept file buffers.
  const X = new Float64Array(rows * files.d);
  const y = new Int32Array(rows);
  readInto(join(files.dir, `X${prefix}.f64`), new Uint8Array(X.buffer));
  readInto(join(files.dir, `y${prefix}.i32`), new Uint8Array(y.buffer));
  return { X, y, rows };
}

function readInto(path: string, target: Uint8Array): void {
  const fd = openSync(path, "r");
  try {
    let offset = 0;
    while (offset < target.length) {
      const n = readSync(fd, target, offset, Math.min(target.length - offset, 1 << 26), offset);
      if (n <= 0) throw new Error(`${path}: short read at ${offset} of ${target.length} bytes`);
      offset += n;
    }
  } finally {
    closeSync(fd);
  }
}
