/**
 * The backends fits, objectives and Datasets run on: every kernel, the solvers' included. The
 * registry serves the predict-only entries too, so it has no pure-JS solver kernels (they are
 * added here, which only training code imports) and accepts the prediction-only WebAssembly
 * module; these functions insist on the full one (NOT_INITIALIZED otherwise).
 */
import type { Backend, BackendName } from "./backend.js";
import { createJsSolverKernels } from "./js-solver-kernels.js";
import { createJsSparseCgKernels } from "./js-sparse-cg.js";
import { backendFor, newBackendFor } from "./registry.js";

/** The registry's pure-JS backends with their solver kernels, one per backend (same heap). */
const completed = new WeakMap<Backend, Backend>();

/** The main backend of that name; the WASM one must have been initialised with the full module. */
export function getBackend(name: BackendName): Backend {
  return withSolverKernels(backendFor(name, "full"));
}

/** A backend with a memory of its own (see registry.ts), with every kernel. */
export function createPrivateBackend(name: BackendName): Backend {
  return withSolverKernels(newBackendFor(name, "full"));
}

function withSolverKernels(backend: Backend): Backend {
  if (backend.name !== "js") return backend;
  let full = completed.get(backend);
  if (!full) {
    const { heap, kernels } = backend;
    full = {
      ...backend,
      kernels: {
        float64: { ...kernels.float64, ...createJsSolverKernels(heap, "float64") },
        float32: { ...kernels.float32, ...createJsSolverKernels(heap, "float32") },
      },
      sparse: {
        float64: { ...backend.sparse.float64, ...createJsSparseCgKernels(heap) },
        float32: { ...backend.sparse.float32, ...createJsSparseCgKernels(heap) },
      },
    };
    completed.set(backend, full);
  }
  return full;
}
