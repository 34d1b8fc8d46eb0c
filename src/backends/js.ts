/**
 * Pure-JavaScript kernels: the same ABI and the same arithmetic as the WebAssembly module,
 * written plainly. They are the yardstick in benchmarks, the reference in tests and the
 * fallback where WebAssembly is unavailable. Math.exp differs between engines in the last
 * bit, so unlike the WASM backend this one is not bit-identical across runtimes.
 */
import type { Heap } from "./heap.js";
import type { Kernels, SolverKernels } from "./backend.js";

/** Rows per tile: the logits of a tile live in scratch while it is in cache. */
const TILE = 64;

/**
 * The kernels over `heap`, but the solver kernels (js-solver-kernels.ts, which
 * training-backends.ts adds, so that predict-only bundles leave them out). With dtype
 * "float32" X̂ is read as f32 (the same layout as the WASM f32 kernels) and everything else,
 * arithmetic included, stays f64.
 */
export function createJsKernels(heap: Heap, dtype: "float64" | "float32" = "float64"): Omit<Kernels, keyof SolverKernels> {
  /** X̂ is addressed through this view: x pointers become indices by `>>> xShift`. */
  const xShift = dtype === "float32" ? 2 : 3;
  const xView = (): Float64Array | Float32Array => (dtype === "float32" ? heap.f32 : heap.f64);

  /**
   * The prediction kernels' common loop: the logits of TILE rows at a time into scratch, then
   * `finish` turns that tile's logits (f64 index Z) into its rows of `out` (f64 index O).
   */
  function eachLogitTile(
    x: number, n: number, s: number, K: number, theta: number, out: number, scratch: number,
    finish: (f: Float64Array, Z: number, O: number, rows: number) => void,
  ): void {
    const f = heap.f64;
    const xv = xView();
    const [X, T, O, Z] = [x >>> xShift, theta >>> 3, out >>> 3, scratch >>> 3];
    for (let start = 0; start < n; start += TILE) {
      const rows = Math.min(TILE, n - start);
      logits(f, xv, X + start * s, rows, s, K, T, Z);
      finish(f, Z, O + start * K, rows);
    }
  }

  /** z (tile×K at scratch) = X̂_tile θᵀ. */
  function logits(f: Float64Array, xv: Float64Array | Float32Array, x: number, rows: number, s: number, K: number, theta: number, z: number): void {
    for (let r = 0; r < rows; r++) {
      const xr = x + r * s;
      for (let k = 0; k < K; k++) {
        const t = theta + k * s;
        let acc = 0;
        for (let j = 0; j < s; j++) acc += xv[xr + j] * f[t + j];
        f[z + r * K + k] = acc;
      }
    }
  }

  /** Turn row r of z into probabilities in place; returns the row's log-sum-exp. */
  function softmaxRow(f: Float64Array, z: number, K: number): number {
    let max = -Infinity;
    for (let k = 0; k < K; k++) if (f[z + k] > max) max = f[z + k];
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(f[z + k] - max);
      f[z + k] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let k = 0; k < K; k++) f[z + k] *= inv;
    return max + Math.log(sum);
  }

  /** out (K×s) += Rᵀ X̂_tile with R the tile's residuals (rows×K at r). */
  function accumulate(f: Float64Array, xv: Float64Array | Float32Array, x: number, rows: number, s: number, K: number, r: number, out: number): void {
    for (let i = 0; i < rows; i++) {
      const xr = x + i * s;
      for (let k = 0; k < K; k++) {
        const c = f[r + i * K + k];
        if (c === 0) continue;
        const o = out + k * s;
        for (let j = 0; j < s; j++) f[o + j] += c * xv[xr + j];
      }
    }
  }

  return {
    scratchBytes: (K) => 2 * TILE * K * 8,

    lossGradient(x, n, s, K, theta, y, soft, w, grad, probOut, scratch) {
      const f = heap.f64;
      const xv = xView();
      const labels = heap.i32;
      const [X, T, Y, W, G, Pout, Z] = [x >>> xShift, theta >>> 3, y >>> 3, w >>> 3, grad >>> 3, probOut >>> 3, scratch >>> 3];
      if (grad) f.fill(0, G, G + K * s);
      let loss = 0;
      for (let start = 0; start < n; start += TILE) {
        const rows = Math.min(TILE, n - start);
        const xt = X + start * s;
        logits(f, xv, xt, rows, s, K, T, Z);
        for (let i = 0; i < rows; i++) {
          const row = start + i;
          const z = Z + i * K;
          // Cross-entropy as lse − z_y, never log(p), so it stays finite when p underflows.
          let zy = 0;
          if (soft) for (let k = 0; k < K; k++) zy += f[Y + row * K + k] * f[z + k];
          else zy = f[z + labels[(y >>> 2) + row]];
          const lse = softmaxRow(f, z, K);
          const wi = f[W + row];
          loss += wi * (lse - zy);
          if (probOut) for (let k = 0; k < K; k++) f[Pout + row * K + k] = f[z + k];
          // Residual w (p − y), in place.
          for (let k = 0; k < K; k++) f[z + k] *= wi;
          if (soft) for (let k = 0; k < K; k++) f[z + k] -= wi * f[Y + row * K + k];
          else f[z + labels[(y >>> 2) + row]] -= wi;
        }
        if (grad) accumulate(f, xv, xt, rows, s, K, Z, G);
      }
      return loss;
    },

    probabilities(x, n, s, K, theta, out, scratch) {
      eachLogitTile(x, n, s, K, theta, out, scratch, (f, Z, O, rows) => {
        for (let i = 0; i < rows; i++) {
          softmaxRow(f, Z + i * K, K);
          for (let k = 0; k < K; k++) f[O + i * K + k] = f[Z + i * K + k];
        }
      });
    },

    logProbabilities(x, n, s, K, theta, out, scratch) {
      eachLogitTile(x, n, s, K, theta, out, scratch, (f, Z, O, rows) => {
        for (let i = 0; i < rows; i++) {
          const z = Z + i * K;
          const o = O + i * K;
          for (let k = 0; k < K; k++) f[o + k] = f[z + k];
          // z − lse from the logits: an underflowing probability still has a finite log.
          const lse = softmaxRow(f, z, K);
          for (let k = 0; k < K; k++) f[o + k] -= lse;
        }
      });
    },

    logits(x, n, s, K, theta, out, scratch) {
      eachLogitTile(x, n, s, K, theta, out, scratch, (f, Z, O, rows) => f.copyWithin(O, Z, Z + rows * K));
    },

    hessian(x, n, s, K, p, w, out, _scratch) {
      const f = heap.f64;
      const xv = xView();
      const [X, P, W, O] = [x >>> xShift, p >>> 3, w >>> 3, out >>> 3];
      const blocks = (K * (K + 1)) / 2;
      f.fill(0, O, O + blocks * s * s);
      for (let r = 0; r < n; r++) {
        const xr = X + r * s;
        const pr = P + r * K;
        let b = 0;
        for (let k = 0; k < K; k++) {
          for (let l = k; l < K; l++, b++) {
            const a = f[W + r] * f[pr + k] * ((k === l ? 1 : 0) - f[pr + l]);
            if (a === 0) continue;
            const ob = O + b * s * s;
            for (let i = 0; i < s; i++) {
              const ai = a * xv[xr + i];
              const oi = ob + i * s;
              for (let j = i; j < s; j++) f[oi + j] += ai * xv[xr + j];
            }
          }
        }
      }
    },

    hessianVector(x, n, s, K, p, w, v, out, scratch) {
      const f = heap.f64;
      const xv = xView();
      const [X, P, W, V, O, Z] = [x >>> xShift, p >>> 3, w >>> 3, v >>> 3, out >>> 3, scratch >>> 3];
      f.fill(0, O, O + K * s);
      for (let start = 0; start < n; start += TILE) {
        const rows = Math.min(TILE, n - start);
        const xt = X + start * s;
        logits(f, xv, xt, rows, s, K, V, Z);
        for (let i = 0; i < rows; i++) {
          const z = Z + i * K;
          const pr = P + (start + i) * K;
          let pu = 0;
          for (let k = 0; k < K; k++) pu += f[pr + k] * f[z + k];
          const wi = f[W + start + i];
          for (let k = 0; k < K; k++) f[z + k] = wi * f[pr + k] * (f[z + k] - pu);
        }
        accumulate(f, xv, xt, rows, s, K, Z, O);
      }
    },
  };
}
