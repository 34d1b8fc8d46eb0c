// Datasets and reference optima copied from ../shared (see test/fixtures/README.md).
import { readFileSync } from "node:fs";

const dir = new URL("../fixtures/", import.meta.url);

export interface Dataset {
  X: number[][];
  y: number[];
}

export function loadCsv(name: string): Dataset {
  const lines = readFileSync(new URL(`${name}.csv`, dir), "utf8").trim().split("\n").slice(1);
  const X: number[][] = [];
  const y: number[] = [];
  for (const line of lines) {
    const values = line.split(",").map(Number);
    y.push(values.pop()!);
    X.push(values);
  }
  return { X, y };
}

export interface Reference {
  dataset: string;
  lambda: number;
  objective: number;
  /** d × K */
  coef: number[][];
  intercept: number[];
  standardization?: { mean: number[]; std_used?: number[]; std_ddof0: number[] };
}

export function loadJson<T = Reference>(file: string): T {
  return JSON.parse(readFileSync(new URL(file, dir), "utf8")) as T;
}

/** The reference's own standardisation: x_std = (x − mean)/std_used (std_used = std with 0 → 1). */
export function standardize(X: number[][], s: { mean: number[]; std_used?: number[]; std_ddof0: number[] }): number[][] {
  const std = s.std_used ?? s.std_ddof0.map((v) => (v === 0 ? 1 : v));
  return X.map((row) => row.map((v, j) => (v - s.mean[j]) / std[j]));
}

/** The dataset a reference file was computed on, standardised as it was. */
export function referenceProblem(file: string): { ref: Reference; X: number[][]; y: number[] } {
  const ref = loadJson(file);
  const { X, y } = loadCsv(ref.dataset);
  return { ref, X: ref.standardization ? standardize(X, ref.standardization) : X, y };
}

/** Reference parameters in the compact class-major layout θ[k(d+1) + j]. */
export function referenceTheta(ref: { coef: number[][]; intercept: number[] }): Float64Array {
  const d = ref.coef.length;
  const K = ref.intercept.length;
  const theta = new Float64Array(K * (d + 1));
  for (let k = 0; k < K; k++) {
    theta[k * (d + 1)] = ref.intercept[k];
    for (let j = 0; j < d; j++) theta[k * (d + 1) + 1 + j] = ref.coef[j][k];
  }
  return theta;
}
