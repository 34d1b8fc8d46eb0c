/**
 * Every class needs some weight in the data. A class whose rows all weigh zero (through
 * sampleWeight or classWeight), or a soft-target column that is 0 in every row, pulls the loss
 * down without end as that class's intercept goes to −∞: no optimum exists, and a solver stops
 * only when the gradient underflows, at an arbitrary intercept it would call converged. A fit
 * refuses such data before anything is allocated, naming the class and the cause; a
 * cross-validation fold refuses a training fold without the class (selection/search.ts).
 */
import type { ClassWeight } from "../input/class-weight.js";
import type { Targets } from "../input/targets.js";
import { describeLabel } from "../objective/row-weights.js";
import { fail } from "../util/errors.js";

/** Σ_n w_n·y_nk for each class k: the weight each class carries in the objective. */
export function classMasses(targets: Targets, weights: ArrayLike<number>): Float64Array {
  const K = targets.classes.length;
  const mass = new Float64Array(K);
  for (let i = 0; i < weights.length; i++) {
    if (targets.kind === "labels") mass[targets.index[i]] += weights[i];
    else for (let k = 0; k < K; k++) mass[k] += weights[i] * targets.probabilities[i * K + k];
  }
  return mass;
}

/**
 * Refuse a fit with an intercept in which some class carries no weight. Without an intercept
 * the penalty keeps W finite (and without a penalty the separation check speaks afterwards).
 */
export function requireWeightedClasses(targets: Targets, sampleWeights: Float64Array, classWeight: ClassWeight | null, fitIntercept: boolean): void {
  if (!fitIntercept) return;
  const mass = classMasses(targets, sampleWeights);
  const consequence = "so its intercept has no finite optimum (the loss keeps falling as that class's probability goes to 0)";
  const remedy = "remove the class, give its rows weight, or fit with fitIntercept: false";
  targets.classes.forEach((c, k) => {
    const byLabel = targets.kind === "labels" && classWeight !== null && classWeight !== "balanced" ? classWeight[String(c)] : undefined;
    if (mass[k] > 0 && byLabel !== 0) return;
    const label = describeLabel(c);
    if (targets.kind === "soft" && columnIsZero(targets, k)) fail("INVALID_Y", `soft target column ${k} (class ${label}) is 0 in every row, ${consequence}; ${remedy}`);
    if (byLabel === 0) fail("INVALID_WEIGHTS", `option classWeight gives class ${label} weight 0, ${consequence}; ${remedy}`);
    const rows = targets.kind === "labels" ? `every row of class ${label}` : `every row where class ${label} has a probability above 0`;
    fail("INVALID_WEIGHTS", `sampleWeight is 0 on ${rows}, ${consequence}; ${remedy}`);
  });
}

function columnIsZero(targets: Extract<Targets, { kind: "soft" }>, k: number): boolean {
  const K = targets.classes.length;
  for (let i = k; i < targets.probabilities.length; i += K) if (targets.probabilities[i] !== 0) return false;
  return true;
}
