/**
 * The few ONNX messages a linear classifier needs, encoded with the field numbers of
 * onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
 * ValueInfoProto and the type protos it nests). Only the fields used here are listed.
 */
import { float32LittleEndian, float64LittleEndian, int64LittleEndian, ProtoMessage } from "./protobuf.js";

/** TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, INT64: 7, STRING: 8, DOUBLE: 11 } as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** AttributeProto.AttributeType values used here. */
const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

/** A node attribute: an integer, a string, or a list of floats, integers or strings. */
export type Attribute =
  | { name: string; int: number }
  | { name: string; string: string }
  | { name: string; floats: ArrayLike<number> }
  | { name: string; ints: ArrayLike<number> }
  | { name: string; strings: readonly string[] };

export interface NodeSpec {
  opType: string;
  /** "" (or absent) for the default ai.onnx domain. */
  domain?: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes?: readonly Attribute[];
}

/** A constant tensor stored in the graph. */
export interface TensorSpec {
  name: string;
  dataType: DataTypeCode;
  dims: readonly number[];
  /** Numbers for FLOAT, DOUBLE and INT64 (safe integers), strings for STRING. */
  values: ArrayLike<number> | readonly string[];
}

/** A graph input or output: a tensor of one element type; a string dimension is symbolic ("N"). */
export interface ValueSpec {
  name: string;
  elemType: DataTypeCode;
  dims: readonly (number | string)[];
}

export interface ModelSpec {
  irVersion: number;
  opsets: readonly { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  docString: string;
  metadata: Readonly<Record<string, string>>;
  graph: {
    name: string;
    nodes: readonly NodeSpec[];
    initializers: readonly TensorSpec[];
    inputs: readonly ValueSpec[];
    outputs: readonly ValueSpec[];
  };
}

/** The bytes of a ModelProto. */
export function encodeModel(spec: ModelSpec): Uint8Array {
  const model = new ProtoMessage().int(1, spec.irVersion);
  model.string(2, spec.producerName).string(3, spec.producerVersion).string(6, spec.docString);
  model.message(7, graph(spec.graph));
  for (const { domain, version } of spec.opsets) model.message(8, new ProtoMessage().string(1, domain).int(2, version));
  for (const [key, value] of Object.entries(spec.metadata)) model.message(14, new ProtoMessage().string(1, key).string(2, value));
  return model.finish();
}

function graph(spec: ModelSpec["graph"]): ProtoMessage {
  const g = new ProtoMessage();
  for (const n of spec.nodes) g.message(1, node(n));
  g.string(2, spec.name);
  for (const t of spec.initializers) g.message(5, tensor(t));
  for (const v of spec.inputs) g.message(11, valueInfo(v));
  for (const v of spec.outputs) g.message(12, valueInfo(v));
  return g;
}

function node(spec: NodeSpec): ProtoMessage {
  const n = new ProtoMessage();
  for (const name of spec.inputs) n.string(1, name);
  for (const name of spec.outputs) n.string(2, name);
  n.string(3, spec.outputs[0]).string(4, spec.opType);
  for (const a of spec.attributes ?? []) n.message(5, attribute(a));
  if (spec.domain) n.string(7, spec.domain);
  return n;
}

function attribute(a: Attribute): ProtoMessage {
  const m = new ProtoMessage().string(1, a.name);
  if ("int" in a) m.int(3, a.int).int(20, AttributeType.INT);
  else if ("string" in a) m.string(4, a.string).int(20, AttributeType.STRING);
  else if ("floats" in a) m.packedFloats(7, a.floats).int(20, AttributeType.FLOATS);
  else if ("ints" in a) m.packedInts(8, Array.from(a.ints)).int(20, AttributeType.INTS);
  else {
    for (const s of a.strings) m.string(9, s);
    m.int(20, AttributeType.STRINGS);
  }
  return m;
}

function tensor(spec: TensorSpec): ProtoMessage {
  // Fields in field-number order (dims, data_type, string_data, name, raw_data), as
  // protobuf serialisers write them, so the bytes are canonical.
  const t = new ProtoMessage().packedInts(1, spec.dims).int(2, spec.dataType);
  if (spec.dataType === DataType.STRING) {
    for (const s of spec.values as readonly string[]) t.string(6, s);
    return t.string(8, spec.name);
  }
  const values = spec.values as ArrayLike<number>;
  const raw =
    spec.dataType === DataType.FLOAT ? float32LittleEndian(values)
    : spec.dataType === DataType.DOUBLE ? float64LittleEndian(values)
    : int64LittleEndian(values);
  return t.string(8, spec.name).bytes(9, raw);
}

function valueInfo(spec: ValueSpec): ProtoMessage {
  const shape = new ProtoMessage();
  for (const d of spec.dims) shape.message(1, typeof d === "string" ? new ProtoMessage().string(2, d) : new ProtoMessage().int(1, d));
  const tensorType = new ProtoMessage().int(1, spec.elemType).message(2, shape);
  return new ProtoMessage().string(1, spec.name).message(2, new ProtoMessage().message(1, tensorType));
}
