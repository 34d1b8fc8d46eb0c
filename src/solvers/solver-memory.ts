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
import { MAX_GRAM_PARAMETERS, gramRows, hessianSampleRows } from "./newton-cg.js";
import { BLOCK, HessianSample } from "../objective/hessian-sample.js";

export function solverBytes(solver: FittedSolver, shape: ProblemShape): number {
  const { n, d, K, dtype } = shape;
  switch (solver) {
    case "lbfgs":
      return CurvaturePairs.bytes(K * (d + 1), LBFGS_MEMORY);
    case "newton-cg": {
      const backend = getBackend(shape.backend);
      const kernels = backend.kernels[dtype];
      const sample = hessianSampleRows(n, K * (d + 1));
      // Whole blocks: up to BLOCK − 1 rows more than asked for.
      const sampleBytes = sample ? HessianSample.bytes(backend.kernels, sample + BLOCK, d, K) : 0;
      const factorBytes = d + 1 <= MAX_GRAM_PARAMETERS ? GramFactor.bytes(kernels, gramRows(sample ? sample + BLOCK : n, d), d, K, dtype) : 0;
      return sampleBytes + factorBytes;
    }
    default:
      return 0;
  }
}
