/** The CSR kernels of a WebAssembly instance (its own, or one on a thread pool's shared memory). */
import type { Dtype } from "./backend.js";
import { SPARSE_SOLVER_KERNELS, sparseKernelExport, type SparseKernels, type SparseSolverKernels } from "./sparse-kernels.js";
import { bindKernel, type KernelExports, type ModuleKind } from "./wasm.js";

/** The sparse kernels of a "predict" module (f64 values only, as the Predictor runs). */
const PREDICTION_KERNELS: readonly string[] = ["probabilities", "logits", "scratchBytes"];

export function sparseKernelsOf(exports: KernelExports, kind: ModuleKind = "full"): Record<Dtype, SparseKernels> {
  const set = (dtype: Dtype): SparseKernels => {
    const k = (name: keyof SparseKernels) =>
      bindKernel(exports, sparseKernelExport(name, dtype), kind, dtype === "float64" && PREDICTION_KERNELS.includes(name));
    return {
      lossGradient: k("lossGradient"),
      probabilities: k("probabilities") as SparseKernels["probabilities"],
      logits: k("logits") as SparseKernels["logits"],
      hessianVector: k("hessianVector") as SparseKernels["hessianVector"],
      hessian: k("hessian") as SparseKernels["hessian"],
      scratchBytes: k("scratchBytes"),
      ...(Object.fromEntries(SPARSE_SOLVER_KERNELS.map((name) => [name, k(name)])) as unknown as SparseSolverKernels),
    };
  };
  return { float64: set("float64"), float32: set("float32") };
}
