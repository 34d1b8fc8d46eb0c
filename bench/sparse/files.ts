// A bag-of-words set as files the Python contenders read (and the L1 benchmark may reuse):
// indptr.i32, indices.i32 (little-endian int32), data.f64 (float64), y.i32, meta.json.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BagOfWords } from "./bag-of-words.js";

export function writeBagOfWords(dir: string, set: BagOfWords): void {
  mkdirSync(dir, { recursive: true });
  const { X, y, K } = set;
  writeFileSync(join(dir, "indptr.i32"), new Uint8Array(X.indptr.buffer, X.indptr.byteOffset, X.indptr.byteLength));
  writeFileSync(join(dir, "indices.i32"), new Uint8Array(X.indices.buffer, X.indices.byteOffset, X.indices.byteLength));
  writeFileSync(join(dir, "data.f64"), new Uint8Array(X.data.buffer, X.data.byteOffset, X.data.byteLength));
  writeFileSync(join(dir, "y.i32"), new Uint8Array(y.buffer, y.byteOffset, y.byteLength));
  writeFileSync(join(dir, "meta.json"), JSON.stringify({ rows: X.rows, cols: X.cols, K, nnz: X.indptr[X.rows], description: set.description }));
}

export function readBagOfWords(dir: string): BagOfWords {
  const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8"));
  const int32 = (file: string) => {
    const b = readFileSync(join(dir, file));
    return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  };
  const b = readFileSync(join(dir, "data.f64"));
  const data = new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  const X = { indptr: int32("indptr.i32"), indices: int32("indices.i32"), data, rows: meta.rows, cols: meta.cols };
  return { X, y: int32("y.i32"), K: meta.K, csrBytes: X.indptr.byteLength + X.indices.byteLength + data.byteLength, description: meta.description };
}
