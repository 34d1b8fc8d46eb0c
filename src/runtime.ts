/**
 * Which kernels are available: the pure-JS backend always, the WebAssembly backend once
 * its module has been instantiated (automatically by the main entry, by `init` on edge
 * runtimes that forbid compiling WebAssembly from bytes).
 */
import { fail } from "./errors.js";
import { ArrayBufferStore, Heap } from "./memory.js";
import type { Backend } from "./kernels/kernels.js";
import { createJsKernels } from "./kernels/js.js";
import { createWasmBackend } from "./kernels/wasm.js";
import { ThreadPool } from "./threads/pool.js";
import { createThreadedBackend } from "./threads/threaded-kernels.js";
import type { BackendName } from "./options.js";

/** What `init` accepts: a compiled module, the bytes of softmax.wasm, or where to fetch them. */
export type WasmSource = WebAssembly.Module | BufferSource | URL | Response | PromiseLike<Response>;

let wasm: Backend | undefined;
let js: Backend | undefined;
/** Where the threads build comes from (the main entry provides it; edge entries do not). */
let threadsBytes: (() => Promise<Uint8Array>) | undefined;
const pools = new Map<number, Promise<{ backend: Backend; pool: ThreadPool } | string>>();

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
      js = { name: "js", heap, kernels: { float64: createJsKernels(heap), float32: createJsKernels(heap, "float32") } };
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

/** Register a loader of the threads build's bytes (shared memory); the main entry does. */
export function provideThreadsBuild(bytes: () => Promise<Uint8Array>): void {
  threadsBytes ??= bytes;
}

/**
 * The WASM backend running on `threads` threads (one of them the caller's), started on first
 * use and kept for later fits; or the reason it cannot run here.
 */
export function getThreadedBackend(threads: number): Promise<Backend | string> {
  let entry = pools.get(threads);
  if (!entry) {
    entry = (async () => {
      if (!threadsBytes) return "this entry has no threads build (use the main entry, softmax-regression)";
      const pool = await ThreadPool.create(threads, await WebAssembly.compile((await threadsBytes()) as BufferSource));
      if (typeof pool === "string") return pool;
      const backend = createThreadedBackend(pool);
      startedPools.set(threads, backend);
      return { backend, pool };
    })();
    pools.set(threads, entry);
  }
  return entry.then((e) => (typeof e === "string" ? e : e.backend));
}

/** A thread pool already started for `threads`, if any (for fitSync, which cannot wait for one). */
export function startedThreadedBackend(threads: number): Backend | undefined {
  return startedPools.get(threads);
}
const startedPools = new Map<number, Backend>();

/**
 * Stop every kernel worker. Node never waits for them (they are unref'd); in Deno, Bun and
 * browsers live workers keep the program running until this is called.
 */
export async function shutdownThreads(): Promise<void> {
  const entries = [...pools.values()];
  pools.clear();
  startedPools.clear();
  for (const entry of entries) {
    const e = await entry;
    if (typeof e !== "string") e.pool.close();
  }
}
