/** The active features of a parameter vector: the ones an L1 penalty has not set to zero. */

/** Indices j (ascending) of the features with a non-zero weight in some class; θ in the compact layout θ[k(d+1) + 1 + j]. */
export function nonZeroFeatures(theta: Float64Array, K: number, d: number): number[] {
  const m = d + 1;
  const features: number[] = [];
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < K; k++) {
      if (theta[k * m + 1 + j] !== 0) {
        features.push(j);
        break;
      }
    }
  }
  return features;
}
