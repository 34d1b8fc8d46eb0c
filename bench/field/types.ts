import type { DatasetFiles } from "./data.js";

export type Library = "softmax-regression" | "tfjs" | "ml-logistic-regression" | "scikit-learn";

export interface ContenderSpec {
  id: string;
  label: string;
  library: Library;
  dataset: DatasetFiles;
  lambda: number;
  resultPath: string;
  ours?: { solver: string; backend: "wasm" | "js"; tol: number; maxIter?: number; dtype?: string; threads?: number };
  tfjs?: { optimizer: "adam" | "sgd"; learningRate: number; epochs: number; maxSeconds: number; evalEvery: number };
  ml?: { learningRate: number; maxSteps: number; maxSeconds: number };
  sklearn?: { solver: "lbfgs" | "newton-cg"; tol: number; maxIter: number };
}

export interface ContenderResult {
  id: string;
  label: string;
  library: Library;
  dataset: string;
  status: "ok" | "skipped" | "error";
  /** Seconds from the start of the fit call (data conversion included) to its end, checkpoint evaluations excluded. */
  fitSeconds: number;
  iterations: number;
  iterationUnit: "iteration" | "epoch" | "step";
  /** [seconds since fit start, the package's objective] at the start and after iterations. */
  trace: [number, number][];
  /** A library's own loss per epoch (tfjs, float32). */
  ownLoss?: number[];
  theta: number[] | null;
  baselineRss: number;
  peakRss: number;
  /** Peak RSS during the fit minus RSS just before it (VmHWM reset through /proc/self/clear_refs). */
  peakRssDelta: number | null;
  converged?: boolean;
  stopReason?: string;
  resolvedOptions?: Record<string, unknown>;
  versions?: Record<string, string>;
  notes: string[];
}
