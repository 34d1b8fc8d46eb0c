/**
 * Where a fit starts: the fit option `init` ({ coef, intercept } in the model.coef and
 * model.intercept layout, or a fitted model), the model's own parameters with warmStart, or
 * zeros. The start is in original units (the fit maps it to standardised ones itself).
 */
import { describe, isArrayLike } from "../input/checks.js";
import type { Label, Targets } from "../input/targets.js";
import { fail } from "../util/errors.js";

/** The fit option init: parameters in the model.coef (K × d) / model.intercept (K) layout, or a fitted model. */
export type WarmStartInit =
  | { coef: ArrayLike<ArrayLike<number>>; intercept?: ArrayLike<number> }
  | { readonly classes: readonly Label[]; readonly coef: number[][]; readonly intercept: number[] };

/** A fitted model's side of a warm start. */
export interface CurrentParameters {
  classes: readonly Label[];
  theta: Float64Array;
}

/**
 * θ₀ (compact layout, original units) for a fit on `targets` with d features, or undefined
 * to start from zeros. Classes and feature counts that do not match are errors.
 */
export function startingPoint(
  init: unknown,
  current: CurrentParameters | undefined,
  warmStart: boolean,
  targets: Targets,
  d: number,
  fitIntercept: boolean,
): Float64Array | undefined {
  if (init !== undefined) return fromInit(init, targets, d, fitIntercept);
  if (!warmStart || !current) return undefined;
  matchClasses(current.classes, targets.classes, "warmStart: this model");
  const K = targets.classes.length;
  if (current.theta.length !== K * (d + 1)) {
    fail("FEATURE_MISMATCH", `warmStart: this model has ${current.theta.length / K - 1} features but X has ${d}`);
  }
  return Float64Array.from(current.theta);
}

function fromInit(init: unknown, targets: Targets, d: number, fitIntercept: boolean): Float64Array {
  // An array is the commonest slip (passing coef itself): say so instead of "coef is undefined".
  if (typeof init !== "object" || init === null || isArrayLike(init)) fail("INVALID_OPTION", `fit option init must be { coef, intercept } or a fitted model, got ${describe(init)}`);
  const source = init as Record<string, unknown>;
  // A fitted model: its classes must be the data's, in the same order.
  if ("classes" in source) matchClasses(source.classes, targets.classes, "fit option init: the model");
  const K = targets.classes.length;
  const coef = source.coef;
  if (!isArrayLike(coef) || coef.length !== K) {
    fail("INVALID_OPTION", `fit option init: coef must have ${K} rows (one per class of y), got ${describe(coef)}`);
  }
  const intercept = source.intercept;
  if (intercept !== undefined && (!isArrayLike(intercept) || intercept.length !== K)) {
    fail("INVALID_OPTION", `fit option init: intercept must have ${K} values (one per class of y), got ${describe(intercept)}`);
  }
  const m = d + 1;
  const theta = new Float64Array(K * m);
  for (let k = 0; k < K; k++) {
    const row = coef[k];
    if (!isArrayLike(row)) fail("INVALID_OPTION", `fit option init: coef row ${k} is ${describe(row)}, not an array`);
    if (row.length !== d) fail("FEATURE_MISMATCH", `fit option init: coef row ${k} has ${row.length} values but X has ${d} features`);
    for (let j = 0; j < d; j++) theta[k * m + 1 + j] = finite(row[j], `coef[${k}][${j}]`);
    // Without an intercept column the intercepts stay 0 whatever init says.
    if (intercept !== undefined && fitIntercept) theta[k * m] = finite((intercept as ArrayLike<unknown>)[k], `intercept[${k}]`);
  }
  return theta;
}

function matchClasses(given: unknown, expected: readonly Label[], who: string): void {
  const same = isArrayLike(given) && given.length === expected.length && expected.every((c, k) => given[k] === c);
  if (!same) {
    const list = (c: ArrayLike<unknown>) => Array.from(c, (v) => describe(v)).join(", ");
    fail("INVALID_Y", `${who} has classes [${isArrayLike(given) ? list(given) : describe(given)}] but y has [${list(expected)}]; a warm start needs the same classes in the same order`);
  }
}

function finite(v: unknown, where: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) fail("INVALID_OPTION", `fit option init: ${where} must be a finite number, got ${describe(v)}`);
  return v;
}
