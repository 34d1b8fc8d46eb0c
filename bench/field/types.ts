import type { DatasetFiles } from "./data.js";

export type Library = "softmax-regression" | "tfjs" | "ml-logistic-regression" | "scikit-learn";

export interface ContenderSpec {
  id: string;
  label: string;
  library: Library;
  dataset: DatasetFiles;
  lambda: number;
  resultPath: string;
  /**
   * Test accuracy to reach (scikit-learn lbfgs's final test accuracy at its default tol), for
   * datasets with a test split. The child then records an accuracy trace, outside the clock.
   */
  accuracyTarget?: number;
  ours?: { solver: string; backend: "wasm" | "js"; tol: number; maxIter?: number; dtype?: string; threads?: number };
  tfjs?: { optimizer: "adam" | "sgd"; learningRate: number; epochs: number; maxSeconds: number; evalEvery: number };
  ml?: { learningRate: number; maxSteps: number; maxSeconds: number };
  /** recordAccuracy: keep every iterate and score it on the test split after the fit. */
  sklearn?: { solver: "lbfgs" | "newton-cg"; tol: number; maxIter: number; recordAccuracy: boolean; reference?: boolean };
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
  /**
   * [seconds since fit start, test accuracy] of iterates, scored after the fit (or outside the
   * clock, for tfjs). Every iterate up to the first that reaches spec.accuracyTarget is
   * present, so the first entry at or above the target is the exact first time; after it the
   * trace may be thinned (accuracyTraceNote says how).
   */
  accuracyTrace?: [number, number][];
  accuracyTraceNote?: string;
  /** A library's own loss per epoch (tfjs, float32). */
  ownLoss?: number[];
  theta: number[] | null;
  baselineRss: number;
  peakRss: number;
  /** Peak RSS during the fit minus RSS just before it (VmHWM reset through /proc/self/clear_refs). */
  peakRssDelta: number | null;
  converged?: boolean;
  /**
   * The run ended on a benchmark cap or budget (max_iter, maxIter, epochs, seconds, steps), not on
   * its own stopping rule: had it not reached a target, it might have later.
   */
  capped?: boolean;
  stopReason?: string;
  /** softmax-regression: the solver that ran (model.solver; "auto" resolves to one). */
  solver?: string;
  resolvedOptions?: Record<string, unknown>;
  versions?: Record<string, string>;
  notes: string[];
}
