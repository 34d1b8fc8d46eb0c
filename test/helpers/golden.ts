// The golden fits: a matrix of fits and objective evaluations whose exact bits are recorded
// in test/fixtures/golden-fits.json (as sha256 of the Float64Array bytes), so that a
// refactoring that must not change any number can prove it did not. Written by
// scripts/fixtures/golden-fits.ts, checked by test/golden-fits.test.ts.
//
// The pure-JS backend's bits depend on the engine's Math.exp: the fixture holds Node 20's.
import { createHash } from "node:crypto";
import { LogisticRegression, createObjective } from "../../src/index.js";
import type { LogisticRegressionOptions, SolverName } from "../../src/index.js";
import { referenceProblem } from "./fixtures.js";
import { randomProblem, randomVector, rng } from "./random.js";

export interface GoldenFit {
  solver: string;
  nIter: number;
  converged: boolean;
  stopReason: string;
  warnings: string[];
  /** sha256 of θ (compact class-major layout) as Float64Array bytes. */
  theta: string;
  /** sha256 of lossHistory as Float64Array bytes. */
  lossHistory: string;
}

export interface GoldenObjective {
  value: string;
  gradient: string;
  hessian: string;
  hessianVectorProduct: string;
}

export function sha256(values: ArrayLike<number>): string {
  const a = Float64Array.from(values);
  return createHash("sha256").update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest("hex");
}

type DatasetKey = "iris-raw" | "iris-std" | "wine-std" | "digits-std-300" | "breast-cancer-std" | "collinear";

const FILES: Record<Exclude<DatasetKey, "collinear">, { file: string; rows?: number }> = {
  "iris-raw": { file: "iris_raw_lambda1e-2.json" },
  "iris-std": { file: "iris_std_lambda1e-2.json" },
  "wine-std": { file: "wine_std_lambda1e-2.json" },
  "digits-std-300": { file: "digits_std_lambda1e-2.json", rows: 300 },
  "breast-cancer-std": { file: "breast_cancer_std_lambda1e-2.json" },
};

function dataset(key: DatasetKey): { X: number[][]; y: number[]; l2: number } {
  if (key === "collinear") {
    // The third feature is a combination of the first two: Newton must damp its Hessian.
    const { X, y } = randomProblem(3, 60, 3, 3);
    return { X: X.map((r) => [r[0], r[1], r[0] + 2 * r[1]]), y, l2: 1e-4 };
  }
  const { ref, X, y } = referenceProblem(FILES[key].file);
  const rows = FILES[key].rows ?? X.length;
  return { X: X.slice(0, rows), y: y.slice(0, rows), l2: ref.lambda };
}

/** Per-row weights 1, 2, 3, 1, 2, 3, … */
const weightsFor = (n: number) => Array.from({ length: n }, (_, i) => 1 + (i % 3));

/** Genuinely soft targets: each row's own class gets most of the mass, varying by row. */
function softTargets(y: number[], K: number): number[][] {
  return y.map((k, i) => {
    const t = new Array<number>(K).fill(0.1);
    t[k] += 0.5 + 0.2 * Math.sin(i);
    const s = t.reduce((a, b) => a + b);
    return t.map((v) => v / s);
  });
}

export interface FitCase {
  name: string;
  data: DatasetKey;
  options: LogisticRegressionOptions & { solver: SolverName };
  weighted?: boolean;
  soft?: boolean;
}

const SOLVERS: { solver: SolverName; maxIter?: number }[] = [
  { solver: "auto" },
  { solver: "newton" },
  { solver: "lbfgs" },
  { solver: "gd", maxIter: 25 },
  { solver: "sgd", maxIter: 4 },
  { solver: "newton-cg" },
];

export function fitCases(): FitCase[] {
  const cases: FitCase[] = [];
  const add = (c: Omit<FitCase, "name">) => {
    const o = c.options;
    const parts: string[] = [c.data, o.solver, o.backend ?? "wasm", o.dtype ?? "float64"];
    if (o.maxIter !== undefined) parts.push(`maxIter=${o.maxIter}`);
    if (c.weighted) parts.push("weighted");
    if (c.soft) parts.push("soft");
    if (o.fitIntercept === false) parts.push("no-intercept");
    if (o.l2 === 0) parts.push("l2=0");
    if (o.threads) parts.push(`threads=${o.threads}`);
    cases.push({ name: parts.join(" "), ...c });
  };
  for (const data of Object.keys(FILES) as (keyof typeof FILES)[]) {
    for (const { solver, maxIter } of SOLVERS) {
      for (const backend of ["wasm", "js"] as const) {
        for (const dtype of ["float64", "float32"] as const) add({ data, options: { solver, maxIter, backend, dtype } });
      }
    }
  }
  for (const backend of ["wasm", "js"] as const) {
    for (const { solver, maxIter } of SOLVERS) {
      add({ data: "iris-std", options: { solver, maxIter, backend }, weighted: true });
      add({ data: "iris-std", options: { solver, maxIter, backend }, soft: true });
      add({ data: "wine-std", options: { solver, maxIter, backend, fitIntercept: false } });
    }
    for (const solver of ["auto", "newton", "lbfgs"] as const) {
      add({ data: "collinear", options: { solver, backend, l2: 0 } });
    }
    // Separable without a penalty: the diagnosis runs after every solver.
    const separable: { solver: SolverName; maxIter?: number }[] = [{ solver: "auto" }, { solver: "newton" }, { solver: "lbfgs", maxIter: 200 }, { solver: "gd", maxIter: 50 }, { solver: "sgd", maxIter: 4 }];
    for (const { solver, maxIter } of separable) {
      add({ data: "iris-std", options: { solver, maxIter, backend, l2: 0 } });
    }
  }
  for (const { solver, maxIter } of SOLVERS) {
    add({ data: "digits-std-300", options: { solver, maxIter, threads: 2 } });
    add({ data: "iris-std", options: { solver, maxIter, threads: 2, dtype: "float32" } });
  }
  return cases;
}

/** Fit one case through the public API and record its bits. */
export async function runFit(c: FitCase): Promise<GoldenFit> {
  const { X, y, l2 } = dataset(c.data);
  const options = { l2, ...c.options } as LogisticRegressionOptions;
  const K = new Set(y).size;
  const target = c.soft ? softTargets(y, K) : y;
  const model = await new LogisticRegression(options).fit(X, target, c.weighted ? { sampleWeight: weightsFor(X.length) } : {});
  return record(model);
}

function record(model: LogisticRegression): GoldenFit {
  const result = {
    solver: model.solver ?? "(not recorded)",
    nIter: model.nIter,
    converged: model.converged,
    stopReason: model.stopReason,
    warnings: model.warnings,
    theta: sha256(model.theta),
    lossHistory: sha256(model.lossHistory),
  };
  model.dispose();
  return result;
}

export interface ObjectiveCase {
  name: string;
  data: DatasetKey;
  backend: "wasm" | "js";
  dtype: "float64" | "float32";
  weighted?: boolean;
  soft?: boolean;
  fitIntercept?: boolean;
}

export function objectiveCases(): ObjectiveCase[] {
  const cases: ObjectiveCase[] = [];
  for (const data of Object.keys(FILES) as (keyof typeof FILES)[]) {
    for (const backend of ["wasm", "js"] as const) {
      for (const dtype of ["float64", "float32"] as const) {
        cases.push({ name: `${data} ${backend} ${dtype}`, data, backend, dtype });
      }
    }
  }
  for (const backend of ["wasm", "js"] as const) {
    cases.push({ name: `iris-std ${backend} weighted`, data: "iris-std", backend, dtype: "float64", weighted: true });
    cases.push({ name: `iris-std ${backend} soft`, data: "iris-std", backend, dtype: "float64", soft: true });
    cases.push({ name: `wine-std ${backend} no-intercept`, data: "wine-std", backend, dtype: "float64", fitIntercept: false });
  }
  return cases;
}

/** value, gradient, Hessian and a Hessian-vector product at a seeded point. */
export function runObjective(c: ObjectiveCase): GoldenObjective {
  const { X, y, l2 } = dataset(c.data);
  const K = new Set(y).size;
  const objective = createObjective(X, c.soft ? softTargets(y, K) : y, {
    l2,
    backend: c.backend,
    dtype: c.dtype,
    ...(c.weighted ? { sampleWeight: weightsFor(X.length) } : {}),
    ...(c.fitIntercept === false ? { fitIntercept: false } : {}),
  });
  const random = rng(2024);
  const theta = randomVector(random, objective.size, 0.1);
  const v = randomVector(random, objective.size);
  const result = {
    value: sha256([objective.value(theta)]),
    gradient: sha256(objective.gradient(theta)),
    hessian: sha256(objective.hessian(theta)),
    hessianVectorProduct: sha256(objective.hessianVectorProduct(theta, v)),
  };
  objective.dispose();
  return result;
}
