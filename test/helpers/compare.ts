// How close two vectors are, the one measure the tests state their tolerances in.

/**
 * max |a − b| / max(floor, max |b|): relative to b's scale, and absolute below `floor`
 * (default 1, so entries near zero do not inflate the error; 0 for a purely relative
 * error). Infinity when the lengths differ.
 */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1): number {
  if (a.length !== b.length) return Infinity;
  let err = 0;
  let norm = floor;
  for (let i = 0; i < b.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    norm = Math.max(norm, Math.abs(b[i]));
  }
  return err / norm;
}
