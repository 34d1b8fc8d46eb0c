/**
 * The WebAssembly SIMD backend: the module's exports are the kernels, its linear memory
 * is the heap. The module has no imports, so it instantiates the same way everywhere.
 */
import { Heap } from "./heap.js";
import type { Backend, Kernels } from "./backend.js";

type KernelFunction = (...args: number[]) => number;

/** The module's exports: the f64 kernels, their f32 twins (suffix 32) and the memory. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  [name: string]: KernelFunction | WebAssembly.Memory;
}

/** Both kernel sets of an instance (its own, or one sharing a thread pool's memory). */
export function kernelsOf(exports: KernelExports): Record<"float64" | "float32", Kernels> {
  const set = (suffix: "" | "32"): Kernels => {
    const k = (name: string) => exports[name + suffix] as KernelFunction;
    return {
      lossGradient: k("lossGradient"),
      probabilities: k("probabilities") as Kernels["probabilities"],
      hessian: k("hessian") as Kernels["hessian"],
      hessianVector: k("hessianVector") as Kernels["hessianVector"],
      scratchBytes: suffix ? (K, s) => k("scratchBytes")(K, s) : (K) => k("scratchBytes")(K),
    };
  };
  return { float64: set(""), float32: set("32") };
}

export function createWasmBackend(instance: WebAssembly.Instance): Backend {
  const e = instance.exports as unknown as KernelExports;
  const memory = e.memory;
  const heap = new Heap({
    get buffer() {
      return memory.buffer;
    },
    grow: (pages) => void memory.grow(pages),
  });
  return { name: "wasm", heap, kernels: kernelsOf(e) };
}
