/**
 * Puts one CSR row into canonical form in place: entries sorted by column, stably (entries of
 * one column keep the caller's order), then each repeated column merged into one entry holding
 * the sum of its values, added in that order — the same sums scipy's sum_duplicates forms.
 *
 * Short rows use an insertion sort. Longer rows sort numeric keys column·length + position
 * with the engine's native typed-array sort (no comparator callback, which made unsorted input
 * about ten times slower to read than sorted input); the keys are exact integers while
 * column·length < 2⁵³, which holds for any row shorter than 2²² entries (columns are below 2³¹).
 */

/** Rows up to this length are insertion sorted (quadratic, but fastest for few entries). */
const INSERTION_LIMIT = 32;
/** Columns are below 2³¹, so column·length + position is an exact double below this length. */
const KEY_LIMIT = 2 ** 22;

export class CsrRowSorter {
  private keys = new Float64Array(0);
  private columnsCopy = new Int32Array(0);
  private valuesCopy = new Float64Array(0);

  /** Sorts and merges columns[0, length) and values[0, length); returns the merged length. */
  canonical(columns: Int32Array, values: Float64Array, length: number): number {
    if (length <= INSERTION_LIMIT) insertionSort(columns, values, length);
    else this.keySort(columns, values, length);
    let out = 0;
    for (let q = 0; q < length; q++) {
      if (out > 0 && columns[out - 1] === columns[q]) values[out - 1] += values[q];
      else {
        columns[out] = columns[q];
        values[out++] = values[q];
      }
    }
    return out;
  }

  private keySort(columns: Int32Array, values: Float64Array, length: number): void {
    if (length >= KEY_LIMIT) {
      stableComparatorSort(columns, values, length);
      return;
    }
    if (this.keys.length < length) {
      this.keys = new Float64Array(length);
      this.columnsCopy = new Int32Array(length);
      this.valuesCopy = new Float64Array(length);
    }
    const keys = this.keys.subarray(0, length);
    for (let q = 0; q < length; q++) keys[q] = columns[q] * length + q;
    keys.sort();
    this.columnsCopy.set(columns.subarray(0, length));
    this.valuesCopy.set(values.subarray(0, length));
    for (let q = 0; q < length; q++) {
      const from = keys[q] % length;
      columns[q] = this.columnsCopy[from];
      values[q] = this.valuesCopy[from];
    }
  }
}

function insertionSort(columns: Int32Array, values: Float64Array, length: number): void {
  for (let q = 1; q < length; q++) {
    const j = columns[q];
    if (j >= columns[q - 1]) continue;
    const v = values[q];
    let p = q - 1;
    while (p >= 0 && columns[p] > j) {
      columns[p + 1] = columns[p];
      values[p + 1] = values[p];
      p--;
    }
    columns[p + 1] = j;
    values[p + 1] = v;
  }
}

/** For rows too long for exact keys (2²² entries or more): a comparator sort of positions. */
function stableComparatorSort(columns: Int32Array, values: Float64Array, length: number): void {
  const order = Array.from({ length }, (_, q) => q);
  order.sort((a, b) => columns[a] - columns[b] || a - b);
  const sortedColumns = order.map((q) => columns[q]);
  const sortedValues = order.map((q) => values[q]);
  for (let q = 0; q < length; q++) {
    columns[q] = sortedColumns[q];
    values[q] = sortedValues[q];
  }
}
