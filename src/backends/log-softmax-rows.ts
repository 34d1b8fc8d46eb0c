/**
 * Log-probabilities from row-major n×K logits, in place: z − logsumexp(z) with the row's
 * maximum taken out first, so an underflowing probability still has a finite log. The CSR
 * predictions use it (their kernels give logits); the dense path has its own kernel.
 */
export function logSoftmaxRows(logits: Float64Array, K: number): Float64Array {
  for (let at = 0; at < logits.length; at += K) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, logits[at + k]);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp(logits[at + k] - max);
    const lse = max + Math.log(sum);
    for (let k = 0; k < K; k++) logits[at + k] -= lse;
  }
  return logits;
}
