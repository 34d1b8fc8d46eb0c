/**
 * The generic checks every input and option goes through, and the wording of their errors:
 * a short description of an offending value, unknown keys with a suggestion for typos, and
 * the number/integer/boolean/one-of validators of options.
 */
import { fail } from "../util/errors.js";

/**
 * Arrays and typed arrays: the containers rows, labels and weights may come in. A DataView
 * is a view without elements, so it is not one.
 */
export function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/** BigInt64Array and BigUint64Array: typed arrays whose elements are bigints, not numbers. */
export function isBigIntArray(v: unknown): boolean {
  return (
    (typeof BigInt64Array === "function" && v instanceof BigInt64Array) ||
    (typeof BigUint64Array === "function" && v instanceof BigUint64Array)
  );
}

const typedArrayLength = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Int8Array.prototype), "length")!.get as (this: ArrayBufferView) => number;

/**
 * The elements a typed array holds now, by the intrinsic %TypedArray%.prototype.length (0 once
 * its buffer is detached or shrunk below it): not an own `length` of the caller's, which may lie.
 */
export function typedLength(values: ArrayBufferView): number {
  return typedArrayLength.call(values);
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value);
  if (typeof value === "number" || typeof value === "boolean" || value == null) return String(value);
  if (typeof value === "bigint") return `${value}n (a bigint)`;
  if (typeof value === "symbol") return "a symbol";
  if (typeof value === "function") return "a function";
  // A hostile getter must not replace the error being reported with its own.
  try {
    if (Array.isArray(value)) return `an array of length ${value.length}`;
    const constructorName = (value as { constructor?: { name?: unknown } }).constructor?.name;
    const name = typeof constructorName === "string" && constructorName ? constructorName : "object";
    // "an Object", "an Int32Array", "an object"; "a Uint8Array", "a Float64Array".
    return `${/^[AEIOaeio]/.test(name) ? "an" : "a"} ${name}`;
  } catch {
    return "an object";
  }
}

/** Reject keys not in `allowed`, suggesting the nearest allowed name for typos like `maxIters`. */
export function rejectUnknownKeys(o: Record<string, unknown>, allowed: readonly string[], what: string): void {
  // An array where options go is a positional argument (fit(X, y, weights) as in scikit-learn):
  // say so, instead of calling its index "0" an unknown option.
  if (Array.isArray(o) || ArrayBuffer.isView(o)) {
    const named = [["classes", "the classes go in { classes: [...] }"], ["sampleWeight", "sample weights go in { sampleWeight: w }"]];
    const hint = named.filter(([key]) => allowed.includes(key)).map(([, text]) => `; ${text}`).join("");
    fail("INVALID_OPTION", `${what}s must be an object of named options (${allowed.join(", ")}), got ${describe(o)}${hint}`);
  }
  for (const key of Object.keys(o)) {
    if (allowed.includes(key)) continue;
    const guess = nearest(key, allowed);
    fail(
      "INVALID_OPTION",
      `unknown ${what} "${key}"` + (guess ? ` (did you mean "${guess}"?)` : "") + `; allowed: ${allowed.join(", ")}`,
    );
  }
}

/** Option `name`: one of `allowed`, or `fallback` when absent. */
export function oneOf<T extends string>(value: unknown, name: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  return fail("INVALID_OPTION", `option ${name} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${describe(value)}`);
}

/** Option `name`: a finite number in range, or `fallback` when absent. */
export function number(
  value: unknown,
  name: string,
  fallback: number,
  range: { min: number; exclusiveMin?: boolean; orAuto?: boolean },
): number {
  if (value === undefined) return fallback;
  const auto = range.orAuto ? ' or "auto"' : "";
  if (typeof value !== "number" || !Number.isFinite(value)) {
    fail("INVALID_OPTION", `option ${name} must be a finite number${auto}, got ${describe(value)}`);
  }
  if (value < range.min || (range.exclusiveMin && value === range.min)) {
    fail("INVALID_OPTION", `option ${name} must be ${range.exclusiveMin ? ">" : "≥"} ${range.min}${auto}, got ${value}`);
  }
  return value;
}

/**
 * Option `name`: a safe integer in [min, max], or `fallback` when absent; `bound` is how the
 * message writes max besides its digits ("10⁷").
 */
export function integer(value: unknown, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER, bound?: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in ${min} … ${max}${bound ? ` (${bound})` : ""}`;
    fail("INVALID_OPTION", `option ${name} must be an integer ${range}, got ${describe(value)}`);
  }
  return value;
}

/** Option `name`: true or false, or `fallback` when absent. */
export function boolean(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") fail("INVALID_OPTION", `option ${name} must be true or false, got ${describe(value)}`);
  return value;
}

/** The allowed name closest to `key` by edit distance, if it is close enough to be a typo. */
export function nearest(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of allowed) {
    const d = editDistance(key.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** An AbortSignal, also one from another realm or a compatible implementation: a boolean `aborted` and addEventListener. */
export function isAbortSignal(v: unknown): v is AbortSignal {
  return typeof v === "object" && v !== null && typeof (v as AbortSignal).aborted === "boolean" && typeof (v as AbortSignal).addEventListener === "function";
}

/**
 * The caller's list, each element read once and checked as it is read (`check` returns the
 * value kept, or throws); its length read once, by the caller, and nothing allocated from it
 * up front: a Proxy claiming 10⁹ elements fails at the first bad one rather than allocating
 * (a raw RangeError) or iterating for minutes before the check.
 */
export function copyChecked<T>(list: ArrayLike<unknown>, length: number, check: (v: unknown, i: number) => T): T[] {
  const out: T[] = [];
  for (let i = 0; i < length; i++) out.push(check(list[i], i));
  return out;
}

/** The most classes a list of classes may name (a model holds K·(d+1) parameters, several copies during a fit). */
export const MAX_CLASSES = 2 ** 24;

/**
 * The `length` of the caller's array, read once, as a count: a Proxy or getter may answer NaN,
 * −1, 2.5, "60" or 10⁹ (a count that is too large is left to the size checks that follow).
 */
export function countOf(list: ArrayLike<unknown>, code: "INVALID_X" | "INVALID_Y" | "INVALID_ARGUMENT" | "INVALID_OPTION" | "INVALID_MODEL", what: string, of?: string): number {
  const n: unknown = list.length;
  if (!Number.isSafeInteger(n) || (n as number) < 0) fail(code, `${what} has length ${describe(n)}, not a count${of ? ` of ${of}` : ""}`);
  return n as number;
}

/**
 * The caller's options split into `names` and the rest, each own enumerable key read once
 * (`const { a, ...rest } = o` reads a getter of `a` twice in V8: once for `a`, once while
 * copying the rest).
 */
export function splitOptions<K extends string>(o: object, names: readonly K[]): { picked: Partial<Record<K, unknown>>; rest: Record<string, unknown> } {
  // Without a prototype: an option the caller did not give is not read from Object.prototype.
  const picked = Object.create(null) as Partial<Record<K, unknown>>;
  const rest = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    const value = (o as Record<string, unknown>)[key];
    Object.defineProperty((names as readonly string[]).includes(key) ? picked : rest, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return { picked, rest };
}

/**
 * The caller's options as their own enumerable properties only, each read once, in an object
 * without a prototype: an option absent from them is absent, not read from Object.prototype
 * (a polluted `Object.prototype.maxIter = 1` would otherwise set every model's maxIter).
 */
export function ownOptions<T extends object>(options: T): T {
  return Object.assign(Object.create(null) as T, options);
}
