/**
 * The one owner of kernel memory. Both backends address their data by byte offsets
 * ("pointers") into a single growable buffer: WebAssembly linear memory for the WASM
 * backend, a plain ArrayBuffer for the pure-JS backend. A first-fit free list hands out
 * regions, so buffers freed by one fit are reused by the next and memory stays flat.
 *
 * Growing the buffer detaches every typed-array view over it: always read `heap.f64`
 * (and friends) after the last allocation, never keep a view across one.
 */
import { fail } from "../util/errors.js";

/** The storage under a Heap: WebAssembly.Memory, or an ArrayBuffer that is copied to grow. */
export interface GrowableStore {
  readonly buffer: ArrayBuffer;
  /** Grow by `pages` × 64 KiB; throws RangeError when the host refuses. */
  grow(pages: number): void;
}

/** WebAssembly page size. */
export const PAGE = 65536;
/** WebAssembly (wasm32) addresses at most 65 536 pages = 4 GiB. */
export const MAX_BYTES = 65536 * PAGE;
const ALIGN = 16;

interface Block {
  start: number;
  size: number;
}

export class Heap {
  private readonly store: GrowableStore;
  /** Free regions, sorted by start, never adjacent (merged on free). */
  private readonly freeList: Block[] = [];
  private readonly used = new Map<number, number>();
  private inUse = 0;
  /** Memory at and above this address has never been handed out: it is still zero. */
  private untouched: number;
  private views?: { buffer: ArrayBuffer; f64: Float64Array; f32: Float32Array; i32: Int32Array };

  /** Whatever the store already holds is left alone: a WebAssembly module's static data lives there. */
  constructor(store: GrowableStore) {
    this.store = store;
    const top = store.buffer.byteLength;
    this.freeList.push({ start: top, size: 0 });
    this.untouched = top;
  }

  /** Current f64 view of the whole heap (index = pointer / 8). */
  get f64(): Float64Array {
    return this.currentViews().f64;
  }
  /** Current f32 view of the whole heap (index = pointer / 4). */
  get f32(): Float32Array {
    return this.currentViews().f32;
  }
  /** Current i32 view of the whole heap (index = pointer / 4). */
  get i32(): Int32Array {
    return this.currentViews().i32;
  }
  /** Bytes of the underlying buffer (grows, never shrinks). */
  get byteLength(): number {
    return this.store.buffer.byteLength;
  }
  /** Bytes currently handed out. */
  get bytesInUse(): number {
    return this.inUse;
  }

  /**
   * Grow once so that `bytes` more can be allocated without further growth (a growth of the
   * pure-JS store copies everything, and one large growth is cheaper than many small ones).
   * Throws TOO_LARGE, leaving the heap unchanged, when that would pass 4 GiB.
   */
  reserve(bytes: number): void {
    const last = this.freeList[this.freeList.length - 1];
    const top = this.store.buffer.byteLength;
    const available = last && last.start + last.size === top ? last.size : 0;
    if (bytes > available) this.growFor(Math.ceil(bytes / ALIGN) * ALIGN);
  }

  private currentViews() {
    const buffer = this.store.buffer;
    // A resizable buffer grows in place: the same object with a new length.
    if (this.views?.buffer !== buffer || this.views.f64.byteLength !== buffer.byteLength) {
      const bytes = buffer.byteLength;
      this.views = {
        buffer,
        // Lengths by division: a full 4 GiB memory has 2³² bytes, which `>>>` would wrap to 0.
        f64: new Float64Array(buffer, 0, Math.floor(bytes / 8)),
        f32: new Float32Array(buffer, 0, bytes / 4),
        i32: new Int32Array(buffer, 0, bytes / 4),
      };
    }
    return this.views;
  }

  /** Allocate `bytes` (rounded up to 16) and return the pointer; throws TOO_LARGE beyond 4 GiB. */
  alloc(bytes: number): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    if (!Number.isFinite(size) || size > MAX_BYTES) tooLarge(bytes);
    let block = this.freeList.find((b) => b.size >= size);
    if (!block) block = this.growFor(size);
    const ptr = block.start;
    block.start += size;
    block.size -= size;
    if (block.size === 0 && block !== this.freeList[this.freeList.length - 1]) {
      this.freeList.splice(this.freeList.indexOf(block), 1);
    }
    this.used.set(ptr, size);
    this.inUse += size;
    this.untouched = Math.max(this.untouched, ptr + size);
    return ptr;
  }

  /**
   * Allocate like alloc, with the region zeroed: only the part that was handed out before
   * is cleared (fresh memory is zero already, and not touching it keeps it off the RSS).
   */
  allocZeroed(bytes: number): number {
    const untouched = this.untouched;
    const ptr = this.alloc(bytes);
    const dirtyEnd = Math.min(ptr + Math.ceil(bytes / 8) * 8, untouched);
    if (dirtyEnd > ptr) this.f64.fill(0, ptr / 8, dirtyEnd / 8);
    return ptr;
  }

  /**
   * Keep the first `bytes` (rounded up to 16) of the allocated region at ptr and return the
   * rest to the free list (a no-op when nothing is left over).
   */
  shrink(ptr: number, bytes: number): void {
    const size = this.used.get(ptr);
    if (size === undefined) return;
    const kept = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    if (kept >= size) return;
    this.used.set(ptr, kept);
    // The tail as an allocation of its own (inUse still counts it), then freed: merged with its free neighbours.
    this.used.set(ptr + kept, size - kept);
    this.free(ptr + kept);
  }

  /** Return a region to the free list, merging it with free neighbours. Freeing 0 or twice is a no-op. */
  free(ptr: number): void {
    const size = this.used.get(ptr);
    if (size === undefined) return;
    this.used.delete(ptr);
    this.inUse -= size;
    const list = this.freeList;
    let i = 0;
    while (i < list.length && list[i].start < ptr) i++;
    list.splice(i, 0, { start: ptr, size });
    // Merge with the next, then with the previous block.
    if (i + 1 < list.length && ptr + size === list[i + 1].start) {
      list[i].size += list[i + 1].size;
      list.splice(i + 1, 1);
    }
    if (i > 0 && list[i - 1].start + list[i - 1].size === ptr) {
      list[i - 1].size += list[i].size;
      list.splice(i, 1);
    }
  }

  /** Grow the store so that the last free block (which ends at the top) holds `size` bytes. */
  private growFor(size: number): Block {
    const top = this.store.buffer.byteLength;
    let last = this.freeList[this.freeList.length - 1];
    if (!last || last.start + last.size !== top) {
      last = { start: top, size: 0 };
      this.freeList.push(last);
    }
    const missing = size - last.size;
    const pages = Math.ceil(missing / PAGE);
    if (top + pages * PAGE > MAX_BYTES) tooLarge(size, this.inUse);
    try {
      this.store.grow(pages);
    } catch {
      tooLarge(size, this.inUse);
    }
    last.size += pages * PAGE;
    return last;
  }
}

function tooLarge(bytes: number, inUse = 0): never {
  const gib = (b: number) => (b / 2 ** 30).toFixed(2);
  return fail(
    "TOO_LARGE",
    `the problem needs ${gib(bytes)} GiB more kernel memory (${gib(inUse)} GiB already in use); ` +
      `WebAssembly memory is limited to 4 GiB. Use fewer rows or features.`,
  );
}

/**
 * A growable ArrayBuffer for the pure-JS backend: a resizable one where the runtime has
 * them (it grows in place, like WebAssembly memory), else a plain one copied on growth.
 */
/** One buffer of each size, all or nothing: if one does not fit, those before it are freed. */
export function allocateAll(heap: Heap, sizes: readonly number[]): number[] {
  const allocations = new Allocations(heap);
  try {
    return sizes.map((bytes) => allocations.alloc(bytes));
  } catch (e) {
    allocations.freeAll();
    throw e;
  }
}

/**
 * Buffers allocated together for one owner: if a later one does not fit, `freeAll` gives the
 * earlier ones back, so a failed constructor leaves nothing allocated.
 */
export class Allocations {
  private readonly pointers: number[] = [];
  constructor(private readonly heap: Heap) {}

  alloc(bytes: number): number {
    const p = this.heap.alloc(bytes);
    this.pointers.push(p);
    return p;
  }

  freeAll(): void {
    for (const p of this.pointers) this.heap.free(p);
    this.pointers.length = 0;
  }
}

export class ArrayBufferStore implements GrowableStore {
  buffer: ArrayBuffer;
  constructor(initialPages = 1) {
    const Resizable = ArrayBuffer as unknown as new (bytes: number, options: { maxByteLength: number }) => ArrayBuffer;
    try {
      this.buffer = new Resizable(initialPages * PAGE, { maxByteLength: MAX_BYTES });
      if (typeof (this.buffer as { resize?: unknown }).resize !== "function") this.buffer = new ArrayBuffer(initialPages * PAGE);
    } catch {
      this.buffer = new ArrayBuffer(initialPages * PAGE);
    }
  }
  grow(pages: number): void {
    const bytes = this.buffer.byteLength + pages * PAGE;
    const resizable = this.buffer as { resize?: (bytes: number) => void };
    if (typeof resizable.resize === "function") {
      resizable.resize(bytes);
      return;
    }
    const next = new ArrayBuffer(bytes);
    new Uint8Array(next).set(new Uint8Array(this.buffer));
    this.buffer = next;
  }
}
