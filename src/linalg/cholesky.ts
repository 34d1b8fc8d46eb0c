/**
 * Dense Cholesky factorisation A = LLᵀ of a symmetric positive-definite matrix, in place
 * (row-major m×m, the lower triangle receives L), and the matching solve.
 */

/**
 * Factorise in place; returns false when A is not numerically positive definite: a pivot at
 * or below `relativePivot` × its own diagonal entry. A singular matrix usually leaves a tiny
 * positive pivot made of rounding error, not an exact zero, and solving with it would give a
 * meaningless huge step; the threshold catches that. Measuring each pivot against its own
 * diagonal (not the largest) keeps the test blind to the scale of the features: a column in
 * the millions beside columns near 1 is badly scaled, not singular, and Cholesky is as
 * accurate on it as on the rescaled matrix.
 */
export function cholesky(a: Float64Array, m: number, relativePivot = 1e-13): boolean {
  for (let j = 0; j < m; j++) {
    const rowJ = j * m;
    let diag = a[rowJ + j];
    const minPivot = relativePivot * diag;
    for (let k = 0; k < j; k++) diag -= a[rowJ + k] * a[rowJ + k];
    if (!(diag > minPivot)) return false;
    const ljj = Math.sqrt(diag);
    a[rowJ + j] = ljj;
    const inv = 1 / ljj;
    for (let i = j + 1; i < m; i++) {
      const rowI = i * m;
      let v = a[rowI + j];
      for (let k = 0; k < j; k++) v -= a[rowI + k] * a[rowJ + k];
      a[rowI + j] = v * inv;
    }
  }
  return true;
}

/** Solve LLᵀx = b in place (b becomes x), with L from {@link cholesky}. */
export function choleskySolve(l: Float64Array, m: number, b: Float64Array): void {
  for (let i = 0; i < m; i++) {
    let v = b[i];
    const row = i * m;
    for (let k = 0; k < i; k++) v -= l[row + k] * b[k];
    b[i] = v / l[row + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let v = b[i];
    for (let k = i + 1; k < m; k++) v -= l[k * m + i] * b[k];
    b[i] = v / l[i * m + i];
  }
}
