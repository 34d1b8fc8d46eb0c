// The scikit-learn fixtures of issue 11 (test/fixtures/workflow, scripts/fixtures/workflow.py).
import { loadCsv, loadJson, standardize } from "./fixtures.js";

export { loadCsv, loadJson, standardize };

/** An optimum stored by the workflow fixtures: coef K × d (scikit-learn's coef_ layout). */
export interface WorkflowOptimum {
  lambda: number;
  objective: number;
  coef: number[][];
  intercept: number[];
}

/** θ (compact class-major layout) of a K × d optimum. */
export function thetaOf(o: { coef: number[][]; intercept: number[] }): Float64Array {
  return Float64Array.from(o.coef.flatMap((row, k) => [o.intercept[k], ...row]));
}

/** A workflow fixture by file name. */
export function workflowFixture<T>(name: string): T {
  return loadJson<T>(`workflow/${name}`);
}
