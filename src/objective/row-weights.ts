/**
 * The weight each row carries in the objective: its sample weight times the weight of its
 * class. This is the one place class weights become row weights; the objective then
 * normalises by the sum of these effective weights, so scikit-learn's C = 1/(λ·Σ w_eff).
 */
import type { ClassWeight } from "../input/class-weight.js";
import type { Label, Targets } from "../input/targets.js";
import { powerOfTwoBelow } from "../input/weights.js";
import { fail } from "../util/errors.js";

/**
 * The weight of each class (in `classes` order), or null without class weights.
 * "balanced" is n/(K·n_k) from the unweighted counts of `labels` (scikit-learn's rule: sample
 * weights do not enter); an object gives weights by label, 1 for labels it does not list.
 */
export function classWeights(classWeight: ClassWeight | null, targets: Targets): Float64Array | null {
  if (classWeight === null) return null;
  if (targets.kind === "soft") fail("INVALID_OPTION", "option classWeight needs class labels as y, not soft targets (weigh the rows with sampleWeight)");
  const { classes } = targets;
  const K = classes.length;
  if (classWeight === "balanced") {
    const labels = targets.index;
    const counts = new Float64Array(K);
    for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
    return counts.map((c, k) => {
      if (c === 0) fail("INVALID_OPTION", `classWeight "balanced": class ${describeLabel(classes[k])} has no rows`);
      return labels.length / (K * c);
    });
  }
  const byKey = new Map<string, number>(classes.map((c, k) => [String(c), k]));
  for (const key of Object.keys(classWeight)) {
    if (!byKey.has(key)) {
      fail("INVALID_OPTION", `option classWeight lists label ${JSON.stringify(key)}, which is not a class of y (classes: ${classes.map(describeLabel).join(", ")})`);
    }
  }
  return Float64Array.from(classes, (c) => classWeight[String(c)] ?? 1);
}

/**
 * sampleWeight[n]·classWeight[y[n]] (a new array), or the sample weights themselves without
 * class weights or with class weights all equal (the same weighted mean). The class weights
 * are divided by the power of two that brings the largest into [1, 2) first: exact, so the
 * model is the one the caller's weights give, and weights of 1e308 or 5e-324 neither overflow
 * nor underflow the products and sums (the sample weights are scaled the same way).
 */
export function effectiveWeights(sampleWeight: Float64Array, targets: Targets, perClass: Float64Array | null): Float64Array {
  if (!perClass || targets.kind === "soft") return sampleWeight;
  let largest = 0;
  for (const c of perClass) largest = Math.max(largest, c);
  if (largest > 0 && perClass.every((c) => c === largest)) return sampleWeight;
  const scale = largest > 0 ? powerOfTwoBelow(largest) : 1;
  const w = new Float64Array(sampleWeight.length);
  let total = 0;
  for (let i = 0; i < w.length; i++) {
    w[i] = sampleWeight[i] * (perClass[targets.index[i]] / scale);
    total += w[i];
  }
  if (!(total > 0)) fail("INVALID_WEIGHTS", "with these class weights every row weighs zero; at least one row must count");
  return w;
}

/** A label as messages quote it: strings in quotes, numbers as they are. */
export function describeLabel(label: Label): string {
  return typeof label === "string" ? JSON.stringify(label) : String(label);
}
