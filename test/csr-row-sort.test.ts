// The canonical form of CSR rows (src/input/csr-row-sort.ts): each path of the sorter (insertion
// sort for short rows, numeric keys for longer ones, the comparator sort for rows of 2²² entries
// or more) against a plain reference, bit for bit: a stable sort by column, then repeated columns
// summed left to right, as scipy's sum_duplicates does. Through the public API, a fit on unsorted
// rows with repeats equals the fit on the same rows already canonical.
import { describe, expect, it } from "vitest";
import { LogisticRegression } from "../src/index.js";
import { CsrRowSorter } from "../src/input/csr-row-sort.js";
import { rng } from "./helpers/random.js";

function reference(columns: number[], values: number[]): { columns: number[]; values: number[] } {
  const order = columns.map((_, q) => q).sort((a, b) => columns[a] - columns[b] || a - b);
  const outColumns: number[] = [];
  const outValues: number[] = [];
  for (const q of order) {
    if (outColumns.length > 0 && outColumns[outColumns.length - 1] === columns[q]) outValues[outValues.length - 1] += values[q];
    else {
      outColumns.push(columns[q]);
      outValues.push(values[q]);
    }
  }
  return { columns: outColumns, values: outValues };
}

function randomRow(random: () => number, length: number, cols: number) {
  const columns = Array.from({ length }, () => Math.floor(random() * cols));
  // Values of mixed magnitude, so that a different summation order would change bits.
  const values = Array.from({ length }, () => (random() - 0.5) * 10 ** Math.floor(random() * 12 - 6));
  return { columns, values };
}

function sorted(sorter: CsrRowSorter, row: { columns: number[]; values: number[] }) {
  const columns = Int32Array.from(row.columns);
  const values = Float64Array.from(row.values);
  const length = sorter.canonical(columns, values, row.columns.length);
  return { columns: Array.from(columns.subarray(0, length)), values: Array.from(values.subarray(0, length)) };
}

describe("CsrRowSorter", () => {
  it("rows of 0 to 300 entries, with repeats, in the caller's order or reversed: the reference's columns and sums bit for bit", () => {
    const random = rng(11);
    const sorter = new CsrRowSorter();
    for (let length = 0; length <= 300; length++) {
      for (const cols of [3, 50, 2 ** 31 - 1]) {
        const row = randomRow(random, length, cols);
        expect(sorted(sorter, row)).toEqual(reference(row.columns, row.values));
        const reversed = { columns: [...row.columns].reverse(), values: [...row.values].reverse() };
        expect(sorted(sorter, reversed)).toEqual(reference(reversed.columns, reversed.values));
      }
    }
  });

  it("one sorter reused on rows of shrinking and growing lengths keeps no state between rows", () => {
    const random = rng(12);
    const sorter = new CsrRowSorter();
    for (const length of [200, 40, 1000, 33, 64, 5, 500]) {
      const row = randomRow(random, length, 97);
      expect(sorted(sorter, row)).toEqual(reference(row.columns, row.values));
    }
  });

  it("a row of 2²² entries (past exact keys) is sorted and merged the same way", () => {
    // Columns descending in pairs (each repeated once) with a few out of place: far from
    // sorted, yet cheap for the reference's merge sort, which finds the runs.
    const random = rng(13);
    const length = 2 ** 22;
    const row = randomRow(random, length, 1);
    row.columns = row.columns.map((_, q) => 2 ** 31 - 1 - (q >> 1));
    for (let swap = 0; swap < 20; swap++) row.columns[Math.floor(random() * length)] = Math.floor(random() * 2 ** 31);
    const got = sorted(new CsrRowSorter(), row);
    const want = reference(row.columns, row.values);
    expect(got.columns.length).toBe(want.columns.length);
    let mismatches = 0;
    for (let q = 0; q < want.columns.length; q++) {
      if (got.columns[q] !== want.columns[q] || !Object.is(got.values[q], want.values[q])) mismatches++;
    }
    expect(mismatches).toBe(0);
  }, 60_000);
});

describe("a fit on unsorted CSR rows with repeats", () => {
  it("equals the fit on the canonical rows, bit for bit", async () => {
    const random = rng(14);
    const rows = 300, cols = 400, K = 3;
    const raw = { indptr: [0], indices: [] as number[], data: [] as number[] };
    const canonical = { indptr: [0], indices: [] as number[], data: [] as number[] };
    const y: number[] = [];
    for (let i = 0; i < rows; i++) {
      const row = randomRow(random, 20 + Math.floor(random() * 80), cols);
      row.values = row.values.map((v) => Math.sign(v) * (0.5 + Math.abs(v) % 1));
      raw.indices.push(...row.columns);
      raw.data.push(...row.values);
      raw.indptr.push(raw.indices.length);
      const c = reference(row.columns, row.values);
      canonical.indices.push(...c.columns);
      canonical.data.push(...c.values);
      canonical.indptr.push(canonical.indices.length);
      y.push(c.columns[0] % K);
    }
    const fit = (X: typeof raw) => new LogisticRegression({ l2: 1e-2 }).fit({ ...X, rows, cols }, y);
    const [a, b] = [await fit(raw), await fit(canonical)];
    expect(a.converged).toBe(true);
    expect(a.theta).toEqual(b.theta);
    expect(a.lossHistory).toEqual(b.lossHistory);
  });
});
