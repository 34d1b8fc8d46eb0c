/**
 * Mini-batches of the resident rows, for SGD: the listed rows are gathered into a block of
 * kernel memory (kept for the next batch) and evaluated there, so the kernels see the same
 * layout as for the whole set.
 */
import type { Resident, RowBlockHandle } from "./resident.js";

export class MiniBatches {
  private readonly data: Resident;
  private block?: RowBlockHandle;

  constructor(data: Resident) {
    this.data = data;
  }

  /** Σ w of the rows `rows[0..count)`. */
  weight(rows: Int32Array, count: number): number {
    const w = this.data.weights();
    let total = 0;
    for (let i = 0; i < count; i++) total += w[rows[i]];
    return total;
  }

  /** Σ w·CE over the rows `rows[0..count)`; `grad` receives Σ w (p − y) ⊗ x̂ (compact layout). */
  lossGradient(theta: Float64Array, grad: Float64Array, rows: Int32Array, count: number): number {
    if (!this.block || this.block.capacity < count) {
      if (this.block) this.data.freeBlock(this.block);
      this.block = this.data.allocateBlock(count);
    }
    this.data.gatherRows(rows, count, this.block);
    return this.data.lossGradientOfBlock(this.block, count, theta, grad);
  }
}
