/**
 * Whose array a solver's start is. A solver leaves the caller's θ0 alone and iterates in a
 * copy (iterate.ts), since callers reuse their starts (warm starts, paths, folds). A fit that
 * builds its start only for the solver hands it over instead, and the iterates live in that
 * array: one parameter-sized array fewer for the whole fit (on text, 1.6 MB of 10 such).
 */
const handedOver = new WeakSet<Float64Array>();

/** Mark `theta` as the solver's to overwrite; returns it. */
export function handOver(theta: Float64Array): Float64Array {
  handedOver.add(theta);
  return theta;
}

/** The array to iterate in from the start θ0: θ0 itself when it was handed over (once), else a copy. */
export function takeStart(theta0: Float64Array): Float64Array {
  return handedOver.delete(theta0) ? theta0 : Float64Array.from(theta0);
}
