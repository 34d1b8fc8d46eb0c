// Bad CSR input: a SoftmaxRegressionError with a stable code whose message names the row and
// the entry (or the field) at fault, before any state changes.
import { describe, expect, it } from "vitest";
import { LogisticRegression, SoftmaxRegressionError, createObjective } from "../src/index.js";

/** Run fn and return the SoftmaxRegressionError it throws (failing the test otherwise). */
function caught(fn: () => unknown): SoftmaxRegressionError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SoftmaxRegressionError);
    return e as SoftmaxRegressionError;
  }
  throw new Error("expected an error, none was thrown");
}

// 3 rows × 4 columns: [[1, 0, 2, 0], [0, 0, 0, 3], [4, 5, 0, 0]].
const good = () => ({
  indptr: [0, 2, 3, 5] as ArrayLike<unknown>,
  indices: [0, 2, 3, 0, 1] as ArrayLike<unknown>,
  data: [1, 2, 3, 4, 5] as ArrayLike<unknown>,
  rows: 3 as unknown,
  cols: 4 as unknown,
});
const y = [0, 1, 1];
const fitWith = (changes: Record<string, unknown>, options = {}) => () =>
  new LogisticRegression(options).fitSync({ ...good(), ...changes } as never, y);

const cases: Array<[string, () => unknown, string, RegExp]> = [
  ["rows missing", fitWith({ rows: undefined }), "INVALID_X", /X\.rows must be a positive integer, got undefined/],
  ["zero cols", fitWith({ cols: 0 }), "INVALID_X", /X\.cols must be a positive integer/],
  ["indptr not an array", fitWith({ indptr: "0,2,3,5" }), "INVALID_X", /X\.indptr must be an array/],
  ["data missing", fitWith({ data: undefined }), "INVALID_X", /X\.data must be an array/],
  ["indptr of the wrong length", fitWith({ indptr: [0, 2, 5] }), "INVALID_X", /X\.indptr has length 3 but rows \+ 1 = 4/],
  ["indptr not starting at 0", fitWith({ indptr: [1, 2, 3, 5] }), "INVALID_X", /X\.indptr\[0\] is 1; it must be 0/],
  ["indptr decreasing", fitWith({ indptr: [0, 3, 2, 5] }), "INVALID_X", /decreases at row 1: indptr\[1\] = 3 > indptr\[2\] = 2/],
  ["indptr not an integer", fitWith({ indptr: [0, 2.5, 3, 5] }), "INVALID_X", /X\.indptr\[1\] is 2\.5, not an integer/],
  ["indptr as BigInt64Array", fitWith({ indptr: BigInt64Array.of(0n, 2n, 3n, 5n) }), "INVALID_X", /X\.indptr is a BigInt64Array of bigints/],
  ["too few entries", fitWith({ indices: [0, 2, 3, 0], data: [1, 2, 3, 4] }), "INVALID_X", /indptr\[3\] = 5 entries, but X\.indices has 4 and X\.data 4/],
  ["indices and data disagree", fitWith({ data: [1, 2, 3, 4, 5, 6] }), "INVALID_X", /X\.indices has 5 and X\.data 6/],
  ["column out of range", fitWith({ indices: [0, 2, 4, 0, 1] }), "INVALID_X", /row 1, entry 0 \(indices\[2\]\): column index 4 is out of range \(cols = 4\)/],
  ["negative column", fitWith({ indices: [0, 2, 3, -1, 1] }), "INVALID_X", /row 2, entry 0 \(indices\[3\]\): column index -1 is out of range/],
  ["fractional column", fitWith({ indices: [0, 1.5, 3, 0, 1] }), "INVALID_X", /row 0, entry 1 \(indices\[1\]\): column index 1\.5 is not an integer/],
  ["string column", fitWith({ indices: [0, "2", 3, 0, 1] }), "INVALID_X", /row 0, entry 1 \(indices\[1\]\): column index "2" is not an integer/],
  ["NaN value", fitWith({ data: [1, 2, 3, NaN, 5] }), "NON_FINITE", /X row 2, column 0 \(data\[3\]\) is NaN/],
  ["Infinity value", fitWith({ data: Float64Array.of(1, -Infinity, 3, 4, 5) }), "NON_FINITE", /X row 0, column 2 \(data\[1\]\) is -Infinity/],
  ["string value", fitWith({ data: [1, 2, "3", 4, 5] }), "INVALID_X", /X row 1, column 3 \(data\[2\]\) is "3", not a number/],
  ["repeated entries overflowing", fitWith({ indices: [2, 2, 3, 0, 1], data: [1e308, 1e308, 3, 4, 5] }), "NON_FINITE", /row 0, column 2: its repeated entries sum to Infinity/],
  ["a value beyond float32", fitWith({ data: [1, 2, 1e300, 4, 5] }, { dtype: "float32" }), "NON_FINITE", /X row 1, column 3 \(data\[2\]\) is 1e\+300, beyond the float32 range/],
  ["labels of the wrong length", () => new LogisticRegression().fitSync(good() as never, [0, 1]), "INVALID_Y", /2 labels but X has 3 rows/],
  ["soft targets as CSR", () => new LogisticRegression().fitSync(good() as never, good() as never), "INVALID_Y", /y is a CSR matrix/],
];

describe("CSR validation errors", () => {
  it.each(cases)("%s", (_, fn, code, message) => {
    const e = caught(fn);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });

  it("the same checks in createObjective and in predictions, and a feature count checked against the model", () => {
    expect(caught(() => createObjective({ ...good(), indices: [0, 2, 9, 0, 1] } as never, y)).message).toMatch(/row 1, entry 0/);
    const m = new LogisticRegression().fitSync(good() as never, y);
    expect(caught(() => m.predict({ ...good(), data: [1, NaN, 3, 4, 5] } as never)).code).toBe("NON_FINITE");
    const wide = caught(() => m.predict({ ...good(), cols: 5 } as never));
    expect(wide.code).toBe("FEATURE_MISMATCH");
    expect(wide.message).toMatch(/X has 5 features \(columns\) but the model was fitted with 4/);
  });

  it("a failed fit leaves the fitted model as it was", () => {
    const m = new LogisticRegression().fitSync(good() as never, y);
    const before = JSON.stringify(m);
    expect(caught(() => m.fitSync({ ...good(), indices: [0, 2, 7, 0, 1] } as never, y)).code).toBe("INVALID_X");
    expect(caught(() => m.fitSync({ ...good(), indptr: [0, 1] } as never, y)).code).toBe("INVALID_X");
    expect(JSON.stringify(m)).toBe(before);
  });

  it("accepts Int32Array, Uint32Array and number[] indices and indptr, Float32Array and number[] data, empty rows", () => {
    const base = new LogisticRegression().fitSync(good() as never, y).theta;
    const g = good();
    for (const [indptr, indices, data] of [
      [Int32Array.from(g.indptr as number[]), Int32Array.from(g.indices as number[]), Float64Array.from(g.data as number[])],
      [Uint32Array.from(g.indptr as number[]), Uint32Array.from(g.indices as number[]), Float32Array.from(g.data as number[])],
    ]) {
      expect(new LogisticRegression().fitSync({ ...g, indptr, indices, data } as never, y).theta).toEqual(base);
    }
    // A row with no entries at all, and an all-empty matrix column.
    const empty = { indptr: [0, 2, 2, 3], indices: [0, 2, 0], data: [1, 2, 4], rows: 3, cols: 4 };
    const m = new LogisticRegression().fitSync(empty, y);
    expect(m.predictProba(empty).every((row) => Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-15)).toBe(true);
  });
});
