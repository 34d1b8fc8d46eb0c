/**
 * The kernel memory a solver keeps beside the problem's own buffers, counted before the fit
 * allocates anything (kernel-bytes.ts): L-BFGS's curvature pairs, Newton-CG's preconditioner
 * and Hessian sample (also the one a long solve switches to).
 */
import { getBackend } from "../backends/training-backends.js";
import type { FittedSolver } from "../input/options.js";
import { GramFactor } from "../objective/gram-factor.js";
import type { ProblemShape } from "../objective/kernel-bytes.js";
import { CurvaturePairs } from "./curvature-pairs.js";
import { LBFGS_MEMORY } from "./lbfgs.js";
import { MAX_GRAM_PARAMETERS, correctedSampleRows, gramRows, productRows } from "./newton-cg.js";
import { BLOCK, HessianSample } from "../objective/hessian-sample.js";
import type { Dtype } from "../backends/backend.js";

export function solverBytes(solver: FittedSolver, shape: ProblemShape): number {
  const { n, d, K, dtype } = shape;
  switch (solver) {
    case "lbfgs":
      return CurvaturePairs.bytes(K * (d + 1), LBFGS_MEMORY);
    case "newton-cg": {
      const backend = getBackend(shape.backend);
      // A sample from the start (tall or small data), or one a long solve may switch to.
      const initial = productRows(n, d, K, dtype);
      const gram = d + 1 <= MAX_GRAM_PARAMETERS;
      const sample = initial || (gram ? correctedSampleRows(n, d, K, dtype) : 0);
      // Whole blocks: up to BLOCK − 1 rows more than asked for.
      const sampled = Math.min(n, sample + BLOCK);
      const sampleBytes = sample ? HessianSample.bytes(backend.kernels, sampled, d, K) : 0;
      // Over a copy of rows the factor reads the copy, float32 or the fit's dtype; before a
      // switch it reads X̂ (the factor is replaced, not kept beside the new one).
      const factorOf = (dt: Dtype, rows: number) => GramFactor.bytes(backend.kernels[dt], gramRows(rows, d), d, K, dt);
      const onSample = sample ? Math.max(factorOf("float32", sampled), factorOf(dtype, sampled)) : 0;
      const factorBytes = gram ? Math.max(onSample, initial ? 0 : factorOf(dtype, n)) : 0;
      return sampleBytes + factorBytes;
    }
    default:
      return 0;
  }
}
