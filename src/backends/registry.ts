/**
 * The backend registry: which kernels are available. The pure-JS backend always, the
 * WebAssembly backend once its module has been compiled and instantiated (automatically by
 * the main entry, by `init` on edge runtimes that forbid compiling WebAssembly from bytes).
 * The compiled module is kept, so that a large problem can get an instance (and a memory)
 * of its own cheaply (placement.ts). Backends on worker threads are in threads/pools.ts.
 * Predictions need only the prediction kernels (the predict-only entries load
 * softmax-predict.wasm); fits get their backends through training-backends.ts, which insists
 * on the full module and adds the pure-JS solver kernels.
 */
import { fail } from "../util/errors.js";
import { SOLVER_KERNELS, type Backend, type BackendName, type Dtype, type Kernels, type SolverKernels } from "./backend.js";
import { ArrayBufferStore, Heap } from "./heap.js";
import { createJsKernels } from "./js.js";
import { createJsSparseKernels } from "./js-sparse.js";
import { SPARSE_SOLVER_KERNELS, type SparseKernels, type SparseSolverKernels } from "./sparse-kernels.js";
import { createWasmBackend, isFullModule, type ModuleKind } from "./wasm.js";

/** What `init` accepts: a compiled module, the bytes of softmax.wasm (softmax-predict.wasm for the predict-only entries), or where to fetch them. */
export type WasmSource = WebAssembly.Module | BufferSource | URL | Response | PromiseLike<Response>;

/** The instance the main memory belongs to; `full`: the full module, not the prediction-only one. */
let wasm: { backend: Backend; module: WebAssembly.Module; full: boolean } | undefined;
let js: Backend | undefined;

/**
 * Instantiate the WebAssembly kernels (softmax.wasm, "softmax-regression/wasm"). Idempotent:
 * later calls keep the first instance. Pass a precompiled `WebAssembly.Module` on runtimes
 * that forbid compiling from bytes (Cloudflare Workers, Vercel Edge). A source that is not
 * one of these, or bytes that are not this package's full module, reject with INVALID_ARGUMENT.
 */
export async function init(source: WasmSource): Promise<void> {
  await load(source, "full");
}

/** Synchronous `init` from a compiled module or bytes (small module, allowed on every main thread). */
export function initSync(source: WebAssembly.Module | BufferSource): void {
  loadSync(source, "full");
}

/**
 * `init` of the predict-only entries: takes the prediction-only module (softmax-predict.wasm,
 * "softmax-regression/wasm/predict") or the full one (softmax.wasm, "softmax-regression/wasm");
 * anything else rejects with INVALID_ARGUMENT. Idempotent.
 */
export async function initPrediction(source: WasmSource): Promise<void> {
  await load(source, "predict");
}

/** Synchronous `initPrediction` from a compiled module or bytes. */
export function initPredictionSync(source: WebAssembly.Module | BufferSource): void {
  loadSync(source, "predict");
}

/** Whether the kernels already there serve `kind` (the full module serves predictions too). */
function ready(kind: ModuleKind): boolean {
  return wasm !== undefined && (kind === "predict" || wasm.full);
}

async function load(source: WasmSource, kind: ModuleKind): Promise<void> {
  // The argument is checked also when the kernels are ready already: a wrong one is a bug.
  const from = sourceKind(source, kind);
  if (ready(kind)) return;
  try {
    let module: WebAssembly.Module;
    if (from === "module") module = checkedModule(source as WebAssembly.Module, kind);
    else if (from === "bytes") module = checkedModule(await WebAssembly.compile(source as BufferSource), kind);
    else if (source instanceof URL) module = checkedModule(await WebAssembly.compile(await (await fetch(source)).arrayBuffer()), kind);
    else module = checkedModule(await WebAssembly.compile(await (await (source as PromiseLike<Response>)).arrayBuffer()), kind);
    install(await WebAssembly.instantiate(module, {}), module, kind);
  } catch (e) {
    notOurModule(e);
  }
}

function loadSync(source: WebAssembly.Module | BufferSource, kind: ModuleKind): void {
  const from = sourceKind(source, kind);
  if (from !== "module" && from !== "bytes") invalidSource(source);
  if (ready(kind)) return;
  try {
    const module = checkedModule(from === "module" ? (source as WebAssembly.Module) : new WebAssembly.Module(source as BufferSource), kind);
    install(new WebAssembly.Instance(module, {}), module, kind);
  } catch (e) {
    notOurModule(e);
  }
}

/**
 * Keep the instance unless the one there already serves as much: a full module replaces a
 * prediction-only one (an app that imports a predict-only and a full entry), never the reverse.
 * Throws if the instance lacks a kernel `kind` needs.
 */
function install(instance: WebAssembly.Instance, module: WebAssembly.Module, kind: ModuleKind): void {
  const backend = createWasmBackend(instance, kind);
  const full = kind === "full" || isFullModule(instance);
  if (!ready(full ? "full" : "predict")) wasm = { backend, module, full };
}

/** What kind of source init was given; throws INVALID_ARGUMENT for anything else, for bytes that are not WebAssembly and for modules that are not ours. */
function sourceKind(source: unknown, kind: ModuleKind): "module" | "bytes" | "fetch" {
  if (isModule(source)) {
    checkedModule(source as WebAssembly.Module, kind);
    return "module";
  }
  if (isBufferSource(source)) {
    if (!WebAssembly.validate(source)) fail("INVALID_ARGUMENT", `init was given bytes that are not a WebAssembly module (${moduleName(kind)})`);
    return "bytes";
  }
  if (source instanceof URL || typeof (source as { then?: unknown })?.then === "function" || typeof (source as { arrayBuffer?: unknown })?.arrayBuffer === "function") return "fetch";
  return invalidSource(source);
}

/** Exports every module of `kind` has (the full module has the prediction ones too). */
const NEEDED: Record<ModuleKind, readonly string[]> = {
  full: ["memory", "lossGradient", "probabilities", "hessian", "hessianVector", "scratchBytes"],
  predict: ["memory", "probabilities", "logProbabilities", "logits", "scratchBytes", "sparseProbabilities", "sparseLogits"],
};

/** The module, if it exports the kernels and a memory (an empty or foreign module does not). */
function checkedModule(module: WebAssembly.Module, kind: ModuleKind): WebAssembly.Module {
  const names = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
  for (const needed of NEEDED[kind]) {
    if (!names.has(needed)) fail("INVALID_ARGUMENT", `init was given a WebAssembly module that is not ${moduleName(kind)} (it exports no ${needed})`);
  }
  return module;
}

/** What init of that kind takes, for messages. */
function moduleName(kind: ModuleKind): string {
  return kind === "full"
    ? 'softmax.wasm from "softmax-regression/wasm"'
    : 'softmax-predict.wasm from "softmax-regression/wasm/predict" or softmax.wasm from "softmax-regression/wasm"';
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

/** True once the WebAssembly kernels of the full API are ready. */
export function isInitialized(): boolean {
  return ready("full");
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

/**
 * The main backend of that name, for predictions (`kind` "predict": the pure-JS one without
 * the solver kernels, any WebAssembly module) or for training ("full", through
 * training-backends.ts, which adds the JS solver kernels). The WASM one must have been initialised.
 */
export function backendFor(name: BackendName, kind: ModuleKind): Backend {
  if (name === "js") {
    js ??= createJsBackend(1);
    return js;
  }
  return ready(kind) ? wasm!.backend : notInitialized(kind);
}

/**
 * A backend with a memory of its own, for one large problem or one Dataset: a new instance of
 * the compiled module (cheap), or a new pure-JS heap. Dropping it gives the memory back.
 */
export function newBackendFor(name: BackendName, kind: ModuleKind): Backend {
  if (name === "js") return createJsBackend(1);
  if (!ready(kind)) notInitialized(kind);
  return createWasmBackend(new WebAssembly.Instance(wasm!.module, {}), kind);
}

/** A pure-JS backend; its solver kernels fail until training-backends.ts puts the real ones in. */
function createJsBackend(pages: number): Backend {
  const heap = new Heap(new ArrayBufferStore(pages));
  /** Kernels that fail until training-backends.ts replaces them. */
  const missing = <T>(names: readonly string[]): T => {
    const stubs: Record<string, () => never> = {};
    for (const name of names) stubs[name] = () => fail("NOT_INITIALIZED", `the pure-JS kernel ${name} is a training kernel: use the backends of training-backends.ts`);
    return stubs as unknown as T;
  };
  const kernels = (dtype: Dtype): Kernels => ({ ...createJsKernels(heap, dtype), ...missing<SolverKernels>(SOLVER_KERNELS) });
  const sparse = (dtype: Dtype): SparseKernels => ({ ...createJsSparseKernels(heap, dtype), ...missing<SparseSolverKernels>(SPARSE_SOLVER_KERNELS) });
  return {
    name: "js",
    heap,
    kernels: { float64: kernels("float64"), float32: kernels("float32") },
    sparse: { float64: sparse("float64"), float32: sparse("float32") },
  };
}

function notInitialized(kind: ModuleKind): never {
  if (wasm) {
    return fail(
      "NOT_INITIALIZED",
      'init was given the prediction-only WebAssembly module ("softmax-regression/wasm/predict"); training needs the full one: ' +
        'call `await init(wasmModule)` from "softmax-regression/edge" with "softmax-regression/wasm" (or pass backend: "js")',
    );
  }
  return fail(
    "NOT_INITIALIZED",
    `the WebAssembly kernels are not initialised: call \`await init(wasmModule)\` from "softmax-regression/${kind === "full" ? "edge" : "predict/edge"}" first ` +
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
