/**
 * The kernel memory a solver keeps beside the problem's own buffers, counted before the fit
 * allocates anything (kernel-bytes.ts): L-BFGS's curvature pairs, Newton-CG's preconditioner
 * and Hessian sample.
 */
import { getBackend } from "../backends/training-backends.js";
import type { FittedSolver } from "../input/options.js";
import { GramFactor } from "../objective/gram-factor.js";
import type { ProblemShape } from "../objective/kernel-bytes.js";
import { CurvaturePairs } from "./curvature-pairs.js";
import { LBFGS_MEMORY } from "./lbfgs.js";
import { MAX_GRAM_PARAMETERS, gramRows, productRows } from "./newton-cg.js";
import { BLOCK, HessianSample } from "../objective/hessian-sample.js";
import type { Dtype } from "../backends/backend.js";

export function solverBytes(solver: FittedSolver, shape: ProblemShape): number {
  const { n, d, K, dtype } = shape;
  switch (solver) {
    case "lbfgs":
      return CurvaturePairs.bytes(K * (d + 1), LBFGS_MEMORY);
    case "newton-cg": {
      const backend = getBackend(shape.backend);
      const sample = productRows(n, d, K, dtype);
      // Whole blocks: up to BLOCK − 1 rows more than asked for.
      const sampleBytes = sample ? HessianSample.bytes(backend.kernels, Math.min(n, sample + BLOCK), d, K) : 0;
      // Over a copy of rows the factor reads the copy, float32 or the fit's dtype. With products
      // on every row its sample may grow to all n rows (gramRowsFor; 12 bytes a row).
      const factorRows = sample && sample < n ? gramRows(Math.min(n, sample + BLOCK), d) : n;
      const factorOf = (dt: Dtype) => GramFactor.bytes(backend.kernels[dt], factorRows, d, K, dt);
      const factorBytes = d + 1 <= MAX_GRAM_PARAMETERS ? (sample ? Math.max(factorOf("float32"), factorOf(dtype)) : factorOf(dtype)) : 0;
      return sampleBytes + factorBytes;
    }
    default:
      return 0;
  }
}
