/**
 * The stop reasons a solver reports (and a saved model records) for convergence and for
 * reaching maxIter: the solvers give them, and the saved-model reader checks a model's
 * `training.reason` against its options with them. Here rather than in solvers/, so that the
 * prediction-only entries, which run that reader, carry no solver module.
 */
export const CONVERGED = "converged: max |gradient| ≤ tol";
export const MAX_ITER = "reached maxIter before max |gradient| ≤ tol";
/** The same stops with an L1 term, whose test is on the KKT residual (the minimum-norm subgradient). */
export const CONVERGED_KKT = "converged: KKT residual ≤ tol";
export const MAX_ITER_KKT = "reached maxIter before KKT residual ≤ tol";
