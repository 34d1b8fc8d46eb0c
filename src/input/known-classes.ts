/**
 * Labels read against classes fixed in advance (partialFit: the first call's `classes`
 * option sets K and the order; later batches may lack classes but not add any).
 */
import { fail } from "../util/errors.js";
import { MAX_CLASSES, copyChecked, describe, isArrayLike } from "./checks.js";
import type { Label, Targets } from "./targets.js";

/** Validate a list of classes: at least two, distinct, all finite numbers or all strings (copied). */
export function classesOption(classes: unknown, what: string): Label[] {
  // The length once, checked before any class is read (a Proxy may claim 10⁹).
  const length = isArrayLike(classes) ? classes.length : -1;
  if (!Number.isSafeInteger(length) || length < 2) fail("INVALID_OPTION", `${what} must list at least two classes, got ${describe(classes)}`);
  if (length > MAX_CLASSES) fail("INVALID_OPTION", `${what} lists ${length} classes; at most ${MAX_CLASSES} (2²⁴) are supported`);
  let kind: string | undefined;
  const seen = new Set<unknown>();
  const copy = copyChecked(classes as ArrayLike<unknown>, length, (c, k) => {
    kind ??= typeof c;
    if ((typeof c !== "number" && typeof c !== "string") || typeof c !== kind) {
      fail("INVALID_OPTION", `${what}[${k}] is ${describe(c)}; classes must be all numbers or all strings`);
    }
    if (typeof c === "number" && !Number.isFinite(c)) fail("INVALID_OPTION", `${what}[${k}] is ${c}`);
    const key = c === 0 ? 0 : c; // -0 and 0 are one class
    if (seen.has(key)) fail("INVALID_OPTION", `${what}[${k}] (${describe(c)}) is a duplicate`);
    seen.add(key);
    return c;
  });
  return copy.map((c) => (c === 0 ? 0 : c)) as Label[];
}

/** Class indices of the labels `y` (one per row) into `classes`; a label outside them is INVALID_Y naming the row. */
export function labelsAgainst(y: unknown, classes: readonly Label[], rows: number): Targets {
  if (!isArrayLike(y)) fail("INVALID_Y", `y must be an array of labels, got ${describe(y)}`);
  if (y.length !== rows) fail("INVALID_Y", `y has ${y.length} labels but X has ${rows} rows`);
  const position = new Map<unknown, number>(classes.map((c, k) => [c, k]));
  const index = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const v = y[i];
    if (typeof v === "number" && !Number.isFinite(v)) fail("NON_FINITE", `y label at row ${i} is ${v}`);
    const k = position.get(v === 0 ? 0 : v);
    if (k === undefined) {
      fail("INVALID_Y", `y label at row ${i} is ${describe(v)}, which is not one of the classes [${classes.map((c) => describe(c)).join(", ")}]`);
    }
    index[i] = k;
  }
  return { kind: "labels", index, classes: [...classes] };
}
