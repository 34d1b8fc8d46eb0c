/**
 * The kernels return the Hessian of the summed loss as K(K+1)/2 blocks: block b, for the
 * class pair k ≤ l in row order, is the upper triangle of the s × s matrix
 * Σ w p_k(δ_kl − p_l) x̂x̂ᵀ. This unpacks them into the full symmetric P × P matrix of the
 * compact parameter layout (P = K(d+1), index k(d+1) + j).
 */
export function unpackHessianBlocks(blocks: Float64Array, K: number, d: number, s: number, out: Float64Array): void {
  const m = d + 1;
  const P = K * m;
  let b = 0;
  for (let k = 0; k < K; k++) {
    for (let l = k; l < K; l++, b++) {
      const block = b * s * s;
      for (let i = 0; i < m; i++) {
        for (let j = i; j < m; j++) {
          const v = blocks[block + i * s + j];
          // Each block is symmetric, and block (l, k) is the transpose of block (k, l).
          out[(k * m + i) * P + l * m + j] = v;
          out[(k * m + j) * P + l * m + i] = v;
          out[(l * m + j) * P + k * m + i] = v;
          out[(l * m + i) * P + k * m + j] = v;
        }
      }
    }
  }
}
