/**
 * Where a problem's kernel memory lives. WebAssembly memory grows and never shrinks, so a
 * large problem placed in the main memory would keep the process at its peak for good. A
 * problem that would take the main memory's in-use total beyond SHARED_HEAP_LIMIT gets a
 * backend of its own instead (a new instance of the compiled module, cheap, or a new pure-JS
 * heap), sized once for what it needs and dropped when the problem ends, which gives its
 * memory back at the next garbage collection. Smaller problems share the main memory, which
 * therefore never grows much beyond SHARED_HEAP_LIMIT. Datasets always get their own.
 */
import type { Backend, BackendName } from "./backend.js";
import { MAX_BYTES, PAGE } from "./heap.js";
import { trackMemory, type KernelMemory } from "./registry.js";
import { createPrivateBackend, getBackend } from "./training-backends.js";

/** Problems share the main memory while its in-use total stays within this many bytes. */
export const SHARED_HEAP_LIMIT = 64 * 2 ** 20;

/** Bytes a memory of its own can hand out: 4 GiB less its first page (the module's, and pointer 0). */
export const PRIVATE_CAPACITY = MAX_BYTES - PAGE;

/** A backend for one problem (or Dataset), and how to give it up. */
export interface Placement {
  readonly backend: Backend;
  /** Whether the backend (and its memory) belongs to this placement alone. */
  readonly own: boolean;
  /** Stop reporting an own memory in kernelMemory(); the caller frees what it allocated first. Safe to call twice. */
  release(): void;
}

/**
 * A backend for a problem that needs `bytes` of kernel memory (the caller has checked that
 * they fit in PRIVATE_CAPACITY): the main one while it stays small, else one of its own with
 * `bytes` reserved up front.
 */
export function placeProblem(name: BackendName, bytes: number, kind: "problem" | "dataset" = "problem"): Placement {
  const main = getBackend(name);
  if (kind === "problem" && main.heap.bytesInUse + bytes <= SHARED_HEAP_LIMIT) return { backend: main, own: false, release() {} };
  const backend = createPrivateBackend(name);
  backend.heap.reserve(bytes);
  // A weak reference: a Dataset that is dropped without dispose() must not be kept alive here.
  const ref = typeof WeakRef === "function" ? new WeakRef(backend) : { deref: () => backend };
  const untrack = trackMemory((): KernelMemory | undefined => {
    const b = ref.deref();
    return b && { backend: name, kind, bufferBytes: b.heap.byteLength, bytesInUse: b.heap.bytesInUse };
  });
  return { backend, own: true, release: untrack };
}
