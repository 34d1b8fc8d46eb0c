/**
 * The WebAssembly SIMD backend: the module's exports are the kernels, its linear memory
 * is the heap. The module has no imports, so it instantiates the same way everywhere.
 */
import { Heap } from "../memory.js";
import type { Backend, Kernels } from "./kernels.js";

interface KernelExports extends Kernels {
  memory: WebAssembly.Memory;
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
  const kernels: Kernels = {
    lossGradient: e.lossGradient,
    probabilities: e.probabilities,
    hessian: e.hessian,
    hessianVector: e.hessianVector,
    scratchBytes: e.scratchBytes,
  };
  return { name: "wasm", heap, kernels };
}
