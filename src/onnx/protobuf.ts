/**
 * A minimal Protocol Buffers writer: just the wire types an ONNX model needs (varint,
 * 32-bit, length-delimited). Written here instead of taking protobufjs and generated ONNX
 * classes because those add ~100 kB to the onnx entry for what is ~60 lines of encoding
 * (measured by `npm run bench:onnx-encoder`; see the README's Interchange section).
 *
 * Repeated numbers are written packed: proto3 packs by default, and the proto2 rules that
 * onnx.proto follows require every parser to accept packed and unpacked forms alike.
 */

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const utf8 = new TextEncoder();

/**
 * One message under construction; fields are appended in the order they are written.
 * Tags, lengths and small values collect in a plain byte list (typed-array allocations
 * dominated the cost of small models); large payloads are kept as chunks, not copied.
 */
export class ProtoMessage {
  private readonly chunks: Uint8Array[] = [];
  private pending: number[] = [];
  private length = 0;

  /** An integer field (int32, int64, enum, bool). Negative values take the 10-byte two's complement form. */
  int(field: number, value: number | bigint): this {
    this.tag(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  /** A float field (wire type fixed32). */
  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    return this.chunk(float32LittleEndian([value]));
  }

  /** A string field, UTF-8 encoded. */
  string(field: number, value: string): this {
    // ASCII names (nearly every string of a model) go straight into the byte list:
    // TextEncoder's call costs more than the copy for short strings.
    if (!/^[\x00-\x7f]*$/.test(value)) return this.bytes(field, utf8.encode(value));
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(value.length);
    for (let i = 0; i < value.length; i++) this.pending.push(value.charCodeAt(i));
    this.length += value.length;
    return this;
  }

  /** A bytes field. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(value.length);
    return this.chunk(value);
  }

  /** An embedded message; its chunks are shared, not copied, until the outermost finish. */
  message(field: number, value: ProtoMessage): this {
    value.flush();
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(value.length);
    this.flush();
    this.chunks.push(...value.chunks);
    this.length += value.length;
    return this;
  }

  /** A packed repeated float field. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    return this.bytes(field, float32LittleEndian(values));
  }

  /** A packed repeated integer field (int32 or int64). */
  packedInts(field: number, values: ArrayLike<number | bigint>): this {
    const packed = new ProtoMessage();
    for (let i = 0; i < values.length; i++) packed.varint(values[i]);
    return this.bytes(field, packed.finish());
  }

  /** The encoded message. */
  finish(): Uint8Array {
    this.flush();
    if (this.chunks.length === 1) return this.chunks[0];
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  private tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  /** Base-128 varint; negatives as their 64-bit two's complement, as protobuf's int64 does. */
  private varint(value: number | bigint): void {
    if (typeof value === "number" && value >= 0 && value <= 0x7fffffff) {
      // Tags, lengths and small integers: plain number arithmetic, no BigInt.
      let v = value;
      for (; v >= 0x80; v >>>= 7) this.pending.push((v & 0x7f) | 0x80);
      this.pending.push(v);
      this.length += varintLength(value);
      return;
    }
    let v = BigInt.asUintN(64, BigInt(value));
    for (; v >= 0x80n; v >>= 7n, this.length++) this.pending.push(Number(v & 0x7fn) | 0x80);
    this.pending.push(Number(v));
    this.length++;
  }

  private chunk(bytes: Uint8Array): this {
    this.flush();
    this.chunks.push(bytes);
    this.length += bytes.length;
    return this;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.chunks.push(Uint8Array.from(this.pending));
    this.pending = [];
  }
}

function varintLength(v: number): number {
  let n = 1;
  for (; v >= 0x80; v >>>= 7) n++;
  return n;
}

/** Values as little-endian float32 bytes (rounded to nearest, as Math.fround does). */
export function float32LittleEndian(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(4 * values.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i], true);
  return bytes;
}

/** Values as little-endian float64 bytes. */
export function float64LittleEndian(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(8 * values.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(8 * i, values[i], true);
  return bytes;
}

/** Values as little-endian int64 bytes (safe integers). */
export function int64LittleEndian(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(8 * values.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setBigInt64(8 * i, BigInt(values[i]), true);
  return bytes;
}
