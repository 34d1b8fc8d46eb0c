// The real data sets of bench/defaults.bench.ts: the bundled CSVs (test/fixtures copies of
// ../shared/datasets, exported from scikit-learn's bundled data), raw and standardised, and
// Fashion-MNIST from Debian's dataset-fashion-mnist when it is installed.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

export interface RealSplit {
  X: Float64Array;
  y: Int32Array;
  rows: number;
}

export interface RealDataset {
  key: string;
  d: number;
  K: number;
  train: RealSplit;
  test?: RealSplit;
  description: string;
}

/** A bundled CSV (header row, label last), raw or standardised (population std; constant columns stay 0). */
export function csvDataset(file: string, standardised: boolean): RealDataset {
  const lines = readFileSync(new URL(`../../test/fixtures/${file}.csv`, import.meta.url), "utf8").trim().split("\n").slice(1);
  const rows = lines.map((l) => l.split(",").map(Number));
  const y = Int32Array.from(rows.map((r) => r.pop()!));
  const n = rows.length;
  const d = rows[0].length;
  const X = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    let mean = 0;
    let std = 1;
    if (standardised) {
      mean = rows.reduce((a, r) => a + r[j], 0) / n;
      std = Math.sqrt(rows.reduce((a, r) => a + (r[j] - mean) ** 2, 0) / n) || 1;
    }
    for (let i = 0; i < n; i++) X[i * d + j] = (rows[i][j] - mean) / std;
  }
  const K = Math.max(...y) + 1;
  const name = file.replace("_", "-");
  return {
    key: `${name}-${standardised ? "std" : "raw"}`,
    d,
    K,
    train: { X, y, rows: n },
    description: `${file}.csv (${n}×${d}, ${K} classes), ${standardised ? "standardised" : "raw features"}; all rows train`,
  };
}

export const FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

/** Fashion-MNIST (60 000 train / 10 000 test, 784 pixels / 255), or null when the apt package is not installed. */
export function fashionMnist(dir = FASHION_MNIST_DIR): RealDataset | null {
  const file = (name: string) => join(dir, `${name}-ubyte.gz`);
  if (!existsSync(file("train-images-idx3"))) return null;
  const split = (prefix: string): RealSplit => {
    const images = gunzipSync(readFileSync(file(`${prefix}-images-idx3`)));
    const labels = gunzipSync(readFileSync(file(`${prefix}-labels-idx1`)));
    const rows = images.readUInt32BE(4);
    const d = images.readUInt32BE(8) * images.readUInt32BE(12);
    const X = new Float64Array(rows * d);
    for (let i = 0; i < rows * d; i++) X[i] = images[16 + i] / 255;
    const y = Int32Array.from(labels.subarray(8, 8 + rows));
    return { X, y, rows };
  };
  return {
    key: "fashion-mnist",
    d: 784,
    K: 10,
    train: split("train"),
    test: split("t10k"),
    description: `Fashion-MNIST from Debian's dataset-fashion-mnist (${dir}): 60 000 train, 10 000 test (t10k), pixels / 255`,
  };
}
