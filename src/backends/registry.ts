/**
 * The backend registry: which kernels are available. The pure-JS backend always, the
 * WebAssembly backend once its module has been instantiated (automatically by the main
 * entry, by `init` on edge runtimes that forbid compiling WebAssembly from bytes).
 * Backends on worker threads are in threads/pools.ts.
 */
import { fail } from "../util/errors.js";
import type { Backend, BackendName } from "./backend.js";
import { ArrayBufferStore, Heap } from "./heap.js";
import { createJsKernels } from "./js.js";
import { createJsSparseKernels } from "./js-sparse.js";
import { createWasmBackend } from "./wasm.js";

/** What `init` accepts: a compiled module, the bytes of softmax.wasm, or where to fetch them. */
export type WasmSource = WebAssembly.Module | BufferSource | URL | Response | PromiseLike<Response>;

let wasm: Backend | undefined;
let js: Backend | undefined;

/**
 * Instantiate the WebAssembly kernels. Idempotent: later calls keep the first instance.
 * Pass a precompiled `WebAssembly.Module` on runtimes that forbid compiling from bytes
 * (Cloudflare Workers, Vercel Edge).
 */
export async function init(source: WasmSource): Promise<void> {
  if (wasm) return;
  let module: WebAssembly.Module;
  if (isModule(source)) module = source as WebAssembly.Module;
  else if (source instanceof URL) module = await WebAssembly.compile(await (await fetch(source)).arrayBuffer());
  else if (isBufferSource(source)) module = await WebAssembly.compile(source);
  else module = await WebAssembly.compile(await (await (source as PromiseLike<Response>)).arrayBuffer());
  const instance = await WebAssembly.instantiate(module, {});
  wasm ??= createWasmBackend(instance);
}

/** Synchronous `init` from a compiled module or bytes (small module, allowed on every main thread). */
export function initSync(source: WebAssembly.Module | BufferSource): void {
  if (wasm) return;
  const module = isModule(source) ? (source as WebAssembly.Module) : new WebAssembly.Module(source as BufferSource);
  wasm = createWasmBackend(new WebAssembly.Instance(module, {}));
}

/** True once the WebAssembly kernels are ready. */
export function isInitialized(): boolean {
  return wasm !== undefined;
}

/**
 * A compiled module, also one from another realm (Vercel's edge-runtime hands the worker
 * modules compiled outside its VM context, where `instanceof` fails).
 */
function isModule(v: unknown): boolean {
  return Object.prototype.toString.call(v) === "[object WebAssembly.Module]";
}

function isBufferSource(v: unknown): v is BufferSource {
  return v instanceof ArrayBuffer || ArrayBuffer.isView(v);
}

/** The backend of that name; the WASM one must have been initialised. */
export function getBackend(name: BackendName): Backend {
  if (name === "js") {
    if (!js) {
      const heap = new Heap(new ArrayBufferStore());
      js = {
        name: "js",
        heap,
        kernels: { float64: createJsKernels(heap), float32: createJsKernels(heap, "float32") },
        sparse: { float64: createJsSparseKernels(heap), float32: createJsSparseKernels(heap, "float32") },
      };
    }
    return js;
  }
  return (
    wasm ??
    fail(
      "NOT_INITIALIZED",
      'the WebAssembly kernels are not initialised: call `await init(wasmModule)` from "softmax-regression/edge" first ' +
        '(or pass backend: "js")',
    )
  );
}

/** One backend's kernel memory. */
export interface KernelMemory {
  /** "wasm" or "js". */
  backend: BackendName;
  /** Size of the WebAssembly memory (or ArrayBuffer): it grows, never shrinks. */
  bufferBytes: number;
  /** Bytes currently allocated to problems and predictors. */
  bytesInUse: number;
}

/** Kernel memory of each initialised backend: the buffer's size and the bytes handed out. */
export function kernelMemory(): KernelMemory[] {
  const backends = [wasm, js].filter((b): b is Backend => b !== undefined);
  return backends.map((b) => ({ backend: b.name, bufferBytes: b.heap.byteLength, bytesInUse: b.heap.bytesInUse }));
}
