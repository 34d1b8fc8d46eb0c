/** The CSR kernels of a WebAssembly instance (its own, or one on a thread pool's shared memory). */
import type { Dtype } from "./backend.js";
import { sparseKernelExport, type SparseKernels } from "./sparse-kernels.js";
import type { KernelExports } from "./wasm.js";

type KernelFunction = (...args: number[]) => number;

export function sparseKernelsOf(exports: KernelExports): Record<Dtype, SparseKernels> {
  const set = (dtype: Dtype): SparseKernels => {
    const k = (name: keyof SparseKernels) => exports[sparseKernelExport(name, dtype)] as KernelFunction;
    return {
      lossGradient: k("lossGradient"),
      probabilities: k("probabilities") as SparseKernels["probabilities"],
      logits: k("logits") as SparseKernels["logits"],
      hessianVector: k("hessianVector") as SparseKernels["hessianVector"],
      hessian: k("hessian") as SparseKernels["hessian"],
      scratchBytes: k("scratchBytes"),
    };
  };
  return { float64: set("float64"), float32: set("float32") };
}
