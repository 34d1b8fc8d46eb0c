/**
 * The classWeight option as given: "balanced" or an object of weights by label. Only its form
 * is checked here; which labels are classes is known only with y (objective/row-weights.ts).
 */
import { fail } from "../util/errors.js";
import { setOwnProperty } from "../util/own-property.js";
import { describe } from "./checks.js";

/** Class weights: "balanced", or weights by label (object keys are the labels as strings). */
export type ClassWeight = "balanced" | Readonly<Record<string, number>>;

/** Validate the option and return a frozen copy (each value read once), or null for none. */
export function classWeightOption(value: unknown): ClassWeight | null {
  if (value === undefined || value === null) return null;
  if (value === "balanced") return value;
  if (typeof value !== "object" || Array.isArray(value) || ArrayBuffer.isView(value)) {
    fail("INVALID_OPTION", `option classWeight must be "balanced" or an object of weights by label, got ${describe(value)}`);
  }
  // A Map, a class instance or an object inheriting its weights would have its entries missed
  // by Object.keys: refuse it rather than fit without the weights.
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    const kind = value instanceof Map ? "a Map (use Object.fromEntries(map))" : "an object with a prototype of its own";
    fail("INVALID_OPTION", `option classWeight must be a plain object of weights by label, got ${kind}`);
  }
  const copy: Record<string, number> = {};
  for (const label of Object.keys(value)) {
    const w = (value as Record<string, unknown>)[label];
    if (typeof w !== "number" || !Number.isFinite(w) || w < 0) {
      fail("INVALID_OPTION", `option classWeight: the weight of label ${JSON.stringify(label)} must be a finite number ≥ 0, got ${describe(w)}`);
    }
    setOwnProperty(copy, label, w);
  }
  return Object.freeze(copy);
}
