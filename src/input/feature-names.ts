/**
 * Lists of feature names: a saved model's (checked against its nFeatures) and a fit's
 * featureNames option, which is taken in two steps: its length read once, at once, and its
 * names copied only after that length has been checked against what X holds. A Proxy or
 * getter claiming 10⁹ names for three features is refused from its length, never iterated.
 */
import { fail } from "../util/errors.js";
import { countOf, describe } from "./checks.js";

type Code = "INVALID_MODEL" | "INVALID_OPTION";

/** The `length` of a caller's list of names, read once: a count, or the typed error. */
function nameCount(names: unknown, what: string, code: Code): number {
  if (!Array.isArray(names)) fail(code, `${what} must be an array of names (strings), got ${describe(names)}`);
  return countOf(names, code, what, "names");
}

/** The first `n` entries of `names`, each read once: distinct strings, copied. */
function copyNames(names: ArrayLike<unknown>, n: number, what: string, code: Code): string[] {
  const copy: string[] = new Array(n);
  const seen = new Set<string>();
  for (let j = 0; j < n; j++) {
    const name = names[j];
    if (typeof name !== "string") fail(code, `${what}[${j}] is ${describe(name)}, not a string`);
    if (seen.has(name)) fail(code, `${what}[${j}] (${describe(name)}) is a duplicate`);
    seen.add(name);
    copy[j] = name;
  }
  return copy;
}

/** d distinct strings, copied (the code says whose fault a bad list is). */
export function checkFeatureNames(names: unknown, d: number, what: string, code: Code): string[] {
  const n = Array.isArray(names) ? nameCount(names, what, code) : -1;
  if (n !== d) fail(code, `${what} must list ${d} names (one per feature), got ${describe(names)}`);
  return copyNames(names as unknown[], n, what, code);
}

/** A fit's featureNames, its length read (once) and checked as a count; its names not yet read. */
export class PendingNames {
  readonly length: number;
  readonly #given: ArrayLike<unknown>;
  #names?: string[];

  constructor(given: unknown) {
    this.length = nameCount(given, "fit option featureNames", "INVALID_OPTION");
    this.#given = given as ArrayLike<unknown>;
  }

  /**
   * The names, copied and checked once `length` is known to fit X: equal to `count` (`exact`),
   * or at most `count` (names picking columns or keys out of `count`); `what` says what X has.
   */
  take(count: number, exact: boolean, what: string): string[] {
    if (exact ? this.length !== count : this.length > count) {
      fail("INVALID_OPTION", `fit option featureNames lists ${this.length} names but ${what}`);
    }
    return (this.#names ??= copyNames(this.#given, this.length, "fit option featureNames", "INVALID_OPTION"));
  }
}

/** Names given to a reader: a model's (already checked) or a fit's, still pending. */
export type NameList = readonly string[] | PendingNames;

/** The names of `names`, checked against X's `count` as PendingNames.take; a model's as they are. */
export function namesWithin(names: NameList, count: number, exact: boolean, what: string): readonly string[] {
  return names instanceof PendingNames ? names.take(count, exact, what) : names;
}
