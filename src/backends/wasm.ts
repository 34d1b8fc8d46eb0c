/**
 * The WebAssembly SIMD backend: the module's exports are the kernels, its linear memory
 * is the heap. The module has no imports, so it instantiates the same way everywhere.
 */
import { Heap } from "./heap.js";
import { kernelExport, type Backend, type DTYPE_FREE_KERNELS, type Dtype, type Kernels } from "./backend.js";
import { sparseKernelsOf } from "./wasm-sparse.js";

type KernelFunction = (...args: number[]) => number;

/** The module's exports: the kernels of every dtype (named by kernelExport) and the memory. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  [name: string]: KernelFunction | WebAssembly.Memory;
}

/** Both kernel sets of an instance (its own, or one sharing a thread pool's memory). */
export function kernelsOf(exports: KernelExports): Record<Dtype, Kernels> {
  const set = (dtype: Dtype): Kernels => {
    const k = (name: keyof Kernels) => {
      const f = exports[kernelExport(name, dtype)];
      if (typeof f !== "function") throw new TypeError(`the module has no kernel ${kernelExport(name, dtype)}`);
      return f as KernelFunction;
    };
    /** The dense linear algebra kernels have one export for every dtype. */
    const free = (name: (typeof DTYPE_FREE_KERNELS)[number]) => {
      const f = exports[name];
      if (typeof f !== "function") throw new TypeError(`the module has no kernel ${name}`);
      return f as KernelFunction;
    };
    return {
      lossGradient: k("lossGradient"),
      probabilities: k("probabilities") as Kernels["probabilities"],
      logProbabilities: k("logProbabilities") as Kernels["logProbabilities"],
      logits: k("logits") as Kernels["logits"],
      hessian: k("hessian") as Kernels["hessian"],
      hessianVector: k("hessianVector") as Kernels["hessianVector"],
      weightedGramOfRows: k("weightedGramOfRows") as Kernels["weightedGramOfRows"],
      gramRowsScratchBytes: k("gramRowsScratchBytes"),
      cholesky: free("cholesky"),
      solveClasses: free("solveClasses") as Kernels["solveClasses"],
      twoLoop: free("twoLoop"),
      scratchBytes: k("scratchBytes"),
    };
  };
  return { float64: set("float64"), float32: set("float32") };
}

/** The backend of an instance of the kernels module; throws if the instance is not one. */
export function createWasmBackend(instance: WebAssembly.Instance): Backend {
  const e = instance.exports as unknown as KernelExports;
  const memory = e.memory;
  // By tag, not instanceof: the instance may come from another realm (edge-runtime).
  if (Object.prototype.toString.call(memory) !== "[object WebAssembly.Memory]") throw new TypeError("the module exports no memory");
  const heap = new Heap({
    get buffer() {
      return memory.buffer;
    },
    grow: (pages) => void memory.grow(pages),
  });
  return { name: "wasm", heap, kernels: kernelsOf(e), sparse: sparseKernelsOf(e) };
}
