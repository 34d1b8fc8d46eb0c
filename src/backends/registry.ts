/**
 * The backend registry: which kernels are available. The pure-JS backend always, the
 * WebAssembly backend once its module has been compiled and instantiated (automatically by
 * the main entry, by `init` on edge runtimes that forbid compiling WebAssembly from bytes).
 * The compiled module is kept, so that a large problem can get an instance (and a memory)
 * of its own cheaply (placement.ts). Backends on worker threads are in threads/pools.ts.
 */
import { fail } from "../util/errors.js";
import type { Backend, BackendName } from "./backend.js";
import { ArrayBufferStore, Heap } from "./heap.js";
import { createJsKernels } from "./js.js";
import { createJsSparseKernels } from "./js-sparse.js";
import { createWasmBackend } from "./wasm.js";

/** What `init` accepts: a compiled module, the bytes of softmax.wasm, or where to fetch them. */
export type WasmSource = WebAssembly.Module | BufferSource | URL | Response | PromiseLike<Response>;

let wasm: { backend: Backend; module: WebAssembly.Module } | undefined;
let js: Backend | undefined;

/**
 * Instantiate the WebAssembly kernels. Idempotent: later calls keep the first instance.
 * Pass a precompiled `WebAssembly.Module` on runtimes that forbid compiling from bytes
 * (Cloudflare Workers, Vercel Edge). A source that is not one of these, or bytes that are
 * not this package's module, reject with INVALID_ARGUMENT.
 */
export async function init(source: WasmSource): Promise<void> {
  if (wasm) return;
  try {
    let module: WebAssembly.Module;
    if (isModule(source)) module = source as WebAssembly.Module;
    else if (source instanceof URL) module = await WebAssembly.compile(await (await fetch(source)).arrayBuffer());
    else if (isBufferSource(source)) module = await WebAssembly.compile(source);
    else if (typeof (source as { then?: unknown })?.then === "function" || typeof (source as { arrayBuffer?: unknown })?.arrayBuffer === "function") {
      module = await WebAssembly.compile(await (await (source as PromiseLike<Response>)).arrayBuffer());
    } else return invalidSource(source);
    const instance = await WebAssembly.instantiate(module, {});
    wasm ??= { backend: createWasmBackend(instance), module };
  } catch (e) {
    notOurModule(e);
  }
}

/** Synchronous `init` from a compiled module or bytes (small module, allowed on every main thread). */
export function initSync(source: WebAssembly.Module | BufferSource): void {
  if (wasm) return;
  if (!isModule(source) && !isBufferSource(source)) invalidSource(source);
  try {
    const module = isModule(source) ? (source as WebAssembly.Module) : new WebAssembly.Module(source as BufferSource);
    wasm = { backend: createWasmBackend(new WebAssembly.Instance(module, {})), module };
  } catch (e) {
    notOurModule(e);
  }
}

function invalidSource(source: unknown): never {
  return fail(
    "INVALID_ARGUMENT",
    `init needs the softmax-regression WebAssembly module: a WebAssembly.Module, its bytes, a URL or a Response; got ${source === null ? "null" : typeof source}`,
  );
}

/** Anything that went wrong compiling or instantiating the source: it is not our module. */
function notOurModule(e: unknown): never {
  if ((e as { code?: unknown })?.code !== undefined && e instanceof Error && e.name === "SoftmaxRegressionError") throw e;
  return fail("INVALID_ARGUMENT", `init was given something that is not the softmax-regression WebAssembly module: ${(e as Error)?.message ?? String(e)}`);
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

/** Bytes: an ArrayBuffer (also another realm's) or any view of one. */
function isBufferSource(v: unknown): v is BufferSource {
  return ArrayBuffer.isView(v) || Object.prototype.toString.call(v) === "[object ArrayBuffer]";
}

/** The backend of that name; the WASM one must have been initialised. */
export function getBackend(name: BackendName): Backend {
  if (name === "js") {
    js ??= createJsBackend(1);
    return js;
  }
  return wasm?.backend ?? notInitialized();
}

/**
 * A backend with a memory of its own, for one large problem or one Dataset: a new instance of
 * the compiled module (cheap), or a new pure-JS heap. Dropping it gives the memory back.
 */
export function createPrivateBackend(name: BackendName): Backend {
  if (name === "js") return createJsBackend(1);
  const compiled = wasm?.module ?? notInitialized();
  return createWasmBackend(new WebAssembly.Instance(compiled, {}));
}

function createJsBackend(pages: number): Backend {
  const heap = new Heap(new ArrayBufferStore(pages));
  return {
    name: "js",
    heap,
    kernels: { float64: createJsKernels(heap), float32: createJsKernels(heap, "float32") },
    sparse: { float64: createJsSparseKernels(heap), float32: createJsSparseKernels(heap, "float32") },
  };
}

function notInitialized(): never {
  return fail(
    "NOT_INITIALIZED",
    'the WebAssembly kernels are not initialised: call `await init(wasmModule)` from "softmax-regression/edge" first ' +
      '(or pass backend: "js")',
  );
}

/** One block of kernel memory the library holds. */
export interface KernelMemory {
  /** "wasm" or "js". */
  backend: BackendName;
  /**
   * Which memory: "main" (shared by small problems and predictions; it grows, never
   * shrinks), "problem" (a large fit's or objective's own, dropped when it ends), "dataset"
   * (a Dataset's own, dropped by dispose), "threads" (the thread pool's shared memory).
   */
  kind: "main" | "problem" | "dataset" | "threads";
  /** Size of the WebAssembly memory (or ArrayBuffer). */
  bufferBytes: number;
  /** Bytes currently allocated in it. */
  bytesInUse: number;
}

/** Memories other than the two main ones, registered while they are in use. */
const extraMemories = new Map<object, () => KernelMemory | undefined>();

/** Report `describe()` in kernelMemory() until the returned function is called. */
export function trackMemory(describeMemory: () => KernelMemory | undefined): () => void {
  const key = {};
  extraMemories.set(key, describeMemory);
  return () => void extraMemories.delete(key);
}

/** Every memory the library holds: its size and the bytes handed out in it. The main WASM memory comes first. */
export function kernelMemory(): KernelMemory[] {
  const main = [wasm?.backend, js]
    .filter((b): b is Backend => b !== undefined)
    .map((b): KernelMemory => ({ backend: b.name, kind: "main", bufferBytes: b.heap.byteLength, bytesInUse: b.heap.bytesInUse }));
  const extra: KernelMemory[] = [];
  for (const [key, describeMemory] of extraMemories) {
    const m = describeMemory();
    // Undefined: a memory that was garbage-collected (a Dataset dropped without dispose()).
    if (m) extra.push(m);
    else extraMemories.delete(key);
  }
  return [...main, ...extra];
}
