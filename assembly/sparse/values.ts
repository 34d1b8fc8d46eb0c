// The one place the sparse drivers look at the element type of the values: they take its
// size (8: f64, 4: f32) at run time and call the tile loop compiled for it, so each driver
// exists once in the module while the inner loops stay specialised.

import { sparseLogitsTile } from "./logits";
import { scatterResidualsTile } from "./scatter";

/** sparseLogitsTile for f64 (valueBytes 8) or f32 values. */
// @ts-ignore: decorator
@inline export function logitsTile(valueBytes: i32, indptr: usize, indices: usize, values: usize, rows: i32, kpb: usize, theta: usize, Z: usize): void {
  if (valueBytes == 8) sparseLogitsTile<f64>(indptr, indices, values, rows, kpb, theta, Z);
  else sparseLogitsTile<f32>(indptr, indices, values, rows, kpb, theta, Z);
}

/** scatterResidualsTile for f64 (valueBytes 8) or f32 values. */
// @ts-ignore: decorator
@inline export function scatterTile(valueBytes: i32, indptr: usize, indices: usize, values: usize, rows: i32, kpb: usize, R: usize, G: usize): void {
  if (valueBytes == 8) scatterResidualsTile<f64>(indptr, indices, values, rows, kpb, R, G);
  else scatterResidualsTile<f32>(indptr, indices, values, rows, kpb, R, G);
}

/** Value e as f64. */
// @ts-ignore: decorator
@inline export function valueAt(valueBytes: i32, values: usize, e: usize): f64 {
  return valueBytes == 8 ? load<f64>(values + (e << 3)) : <f64>load<f32>(values + (e << 2));
}
