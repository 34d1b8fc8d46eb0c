/**
 * The WebAssembly SIMD backend: the module's exports are the kernels, its linear memory
 * is the heap. The module has no imports, so it instantiates the same way everywhere.
 */
import { Heap } from "./heap.js";
import { kernelExport, type Backend, type DTYPE_FREE_KERNELS, type Dtype, type Kernels } from "./backend.js";
import { sparseKernelsOf } from "./wasm-sparse.js";
import { fail } from "../util/errors.js";

type KernelFunction = (...args: number[]) => number;

/** The module's exports: the kernels of every dtype (named by kernelExport) and the memory. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  [name: string]: KernelFunction | WebAssembly.Memory;
}

/**
 * What an instance must provide: every kernel ("full": softmax.wasm, for the full API) or the
 * f64 prediction kernels the Predictor runs ("predict": softmax-predict.wasm, assembly/predict.ts).
 */
export type ModuleKind = "full" | "predict";

/** The dense kernels of a "predict" module (f64 only; the Predictor never runs f32 kernels). */
const PREDICTION_KERNELS: readonly string[] = ["probabilities", "logProbabilities", "logits", "scratchBytes"];

/**
 * The export `name` of the instance; a kernel that `kind` does not require may be absent: it is
 * then a function that fails with NOT_INITIALIZED (unreachable in practice: training asks the
 * registry for a "full" module first). Any other missing export means this is not our module.
 */
export function bindKernel(exports: KernelExports, name: string, kind: ModuleKind, required: boolean): KernelFunction {
  const f = exports[name];
  if (typeof f === "function") return f as KernelFunction;
  if (kind === "full" || required) throw new TypeError(`the module has no kernel ${name}`);
  return () => fail("NOT_INITIALIZED", `kernel ${name} is not in the prediction-only WebAssembly module: training needs "softmax-regression/wasm" (init from "softmax-regression/edge")`);
}

/** Both kernel sets of an instance (its own, or one sharing a thread pool's memory). */
export function kernelsOf(exports: KernelExports, kind: ModuleKind = "full"): Record<Dtype, Kernels> {
  const set = (dtype: Dtype): Kernels => {
    const k = (name: keyof Kernels) => bindKernel(exports, kernelExport(name, dtype), kind, dtype === "float64" && PREDICTION_KERNELS.includes(name));
    /** The dense linear algebra kernels have one export for every dtype. */
    const free = (name: (typeof DTYPE_FREE_KERNELS)[number]) => bindKernel(exports, name, kind, false);
    return {
      lossGradient: k("lossGradient"),
      probabilities: k("probabilities") as Kernels["probabilities"],
      logProbabilities: k("logProbabilities") as Kernels["logProbabilities"],
      logits: k("logits") as Kernels["logits"],
      hessian: k("hessian") as Kernels["hessian"],
      hessianVector: k("hessianVector") as Kernels["hessianVector"],
      weightedGramOfRows: k("weightedGramOfRows") as Kernels["weightedGramOfRows"],
      gramRowsScratchBytes: k("gramRowsScratchBytes"),
      curvatureWeights: free("curvatureWeights") as Kernels["curvatureWeights"],
      cholesky: free("cholesky"),
      solveClasses: free("solveClasses") as Kernels["solveClasses"],
      twoLoop: free("twoLoop"),
      scratchBytes: k("scratchBytes"),
    };
  };
  return { float64: set("float64"), float32: set("float32") };
}

/** Whether the instance has every kernel (the full module), not only the prediction ones. */
export function isFullModule(instance: WebAssembly.Instance): boolean {
  try {
    createWasmBackend(instance, "full");
    return true;
  } catch {
    return false;
  }
}

/** The backend of an instance of the kernels module; throws if the instance lacks what `kind` needs. */
export function createWasmBackend(instance: WebAssembly.Instance, kind: ModuleKind = "full"): Backend {
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
  return { name: "wasm", heap, kernels: kernelsOf(e, kind), sparse: sparseKernelsOf(e, kind) };
}
