// The one place the sparse drivers look at the element type of the values: they take its
// size (8: f64, 4: f32) at run time and call the tile loop compiled for it, so each driver
// exists once in the module while the inner loops stay specialised.

import { sparseLogitsTile, sparseLogitsPairedTile } from "./logits";
import { scatterResidualsTile } from "./scatter";
import { zeroDoubles } from "../simd";
import { tileRows } from "../layout";

/**
 * Rows per tile of the sparse drivers: the gradient rows a tile's scatter updates sit next to
 * the θ rows its logits pass has just read, so a tile small enough for those rows to stay in L1
 * makes the scatter hit L1 (measured on the 100 000 × 50 000 bag of words, K = 10).
 */
// @ts-ignore: decorator
@inline export const SPARSE_TILE: i32 = 32;

/** The sparse drivers' rows per tile (at most the dense tile, whose scratch arrays they use). */
// @ts-ignore: decorator
@inline export function sparseTileRows(): i32 {
  return min(SPARSE_TILE, tileRows<f64>());
}

/** sparseLogitsTile for f64 (valueBytes 8) or f32 values. */
// @ts-ignore: decorator
@inline export function logitsTile(valueBytes: i32, indptr: usize, indices: usize, values: usize, rows: i32, kpb: usize, theta: usize, rowBytes: usize, Z: usize): void {
  if (valueBytes == 8) sparseLogitsTile<f64>(indptr, indices, values, rows, kpb, theta, rowBytes, Z);
  else sparseLogitsTile<f32>(indptr, indices, values, rows, kpb, theta, rowBytes, Z);
}

/**
 * The logits of a tile whose scatter goes next into `out`: with `out` interleaved with θ
 * (θ's lanes then out's in every row), the paired tile loop, which fetches out's rows with
 * θ's (its sink: the first 16 bytes of scratch, unused otherwise); else logitsTile.
 */
// @ts-ignore: decorator
@inline export function logitsBeforeScatterTile(valueBytes: i32, indptr: usize, indices: usize, values: usize, rows: i32, kpb: usize, theta: usize, rowBytes: usize, Z: usize, out: usize, scratch: usize): void {
  if (out != theta + kpb || rowBytes != kpb << 1) logitsTile(valueBytes, indptr, indices, values, rows, kpb, theta, rowBytes, Z);
  else if (valueBytes == 8) sparseLogitsPairedTile<f64>(indptr, indices, values, rows, kpb, theta, rowBytes, Z, scratch);
  else sparseLogitsPairedTile<f32>(indptr, indices, values, rows, kpb, theta, rowBytes, Z, scratch);
}

/** scatterResidualsTile for f64 (valueBytes 8) or f32 values. */
// @ts-ignore: decorator
@inline export function scatterTile(valueBytes: i32, indptr: usize, indices: usize, values: usize, rows: i32, kpb: usize, R: usize, G: usize, rowBytes: usize): void {
  if (valueBytes == 8) scatterResidualsTile<f64>(indptr, indices, values, rows, kpb, R, G, rowBytes);
  else scatterResidualsTile<f32>(indptr, indices, values, rows, kpb, R, G, rowBytes);
}

/** Value e as f64. */
// @ts-ignore: decorator
@inline export function valueAt(valueBytes: i32, values: usize, e: usize): f64 {
  return valueBytes == 8 ? load<f64>(values + (e << 3)) : <f64>load<f32>(values + (e << 2));
}

/** Zeroes m rows of KP doubles at a stride of rowBytes (a gradient interleaved with θ keeps θ). */
// @ts-ignore: decorator
@inline export function zeroRows(p: usize, m: i32, KP: i32, rowBytes: usize): void {
  if (rowBytes == <usize>KP << 3) zeroDoubles(p, <usize>m * <usize>KP);
  else for (let j: usize = 0; j < <usize>m; j++) zeroDoubles(p + j * rowBytes, <usize>KP);
}
