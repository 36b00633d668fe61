// The ONNX file format, hand-written: a protobuf encoder and a validating decoder for the subset of
// onnx.proto an exported seqgrad model uses (ModelProto, GraphProto, NodeProto, AttributeProto,
// TensorProto with raw_data, ValueInfoProto with dim_value / dim_param, OperatorSetIdProto).
// No dependency: the wire format needs only varints and length-delimited fields.

/** TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, INT32: 6, INT64: 7, BOOL: 9 } as const;
export type ElemType = 'float32' | 'int32' | 'int64' | 'bool';
const ELEM_CODE: Record<ElemType, number> = { float32: DataType.FLOAT, int32: DataType.INT32, int64: DataType.INT64, bool: DataType.BOOL };
const ELEM_BYTES: Record<ElemType, number> = { float32: 4, int32: 4, int64: 8, bool: 1 };
const CODE_ELEM = new Map<number, ElemType>(Object.entries(ELEM_CODE).map(([k, v]) => [v, k as ElemType]));

/** A TensorProto: an initializer or a tensor attribute, its data raw (little-endian). */
export interface OnnxTensor {
  /** The name nodes refer to it by. */
  name: string;
  /** The element type. */
  type: ElemType;
  /** The shape. */
  dims: number[];
  /** float32: Float32Array; int64: BigInt64Array; int32: Int32Array; bool: Uint8Array */
  data: Float32Array | BigInt64Array | Int32Array | Uint8Array;
}

/** A node attribute (AttributeProto): its name, type tag and value. */
export type OnnxAttribute =
  | { name: string; type: 'int'; value: number }
  | { name: string; type: 'float'; value: number }
  | { name: string; type: 'string'; value: string }
  | { name: string; type: 'ints'; value: number[] }
  | { name: string; type: 'floats'; value: number[] }
  | { name: string; type: 'strings'; value: string[] }
  | { name: string; type: 'tensor'; value: OnnxTensor };

/** One operator of the graph (NodeProto). */
export interface OnnxNode {
  /** The ONNX operator, e.g. 'Gemm', 'LSTM', 'Softmax'. */
  opType: string;
  /** Names of its input values ('' for an omitted optional input). */
  inputs: string[];
  /** Names of its output values. */
  outputs: string[];
  /** The node's own name. */
  name: string;
  /** Its attributes. */
  attributes: OnnxAttribute[];
  /** The operator set's domain ('' or absent: the default ai.onnx). */
  domain?: string;
}

/** A typed graph input or output; a dim is a size or a dim_param name (dynamic). */
export interface OnnxValueInfo {
  /** The value's name. */
  name: string;
  /** Its element type. */
  type: ElemType;
  /** Its shape: sizes, or names of dynamic dimensions ('batch'). */
  shape: (number | string)[];
}

/** A GraphProto: nodes in topological order, the weights as initializers, typed inputs and outputs. */
export interface OnnxGraph {
  /** The graph's name. */
  name: string;
  /** The operators, in topological order. */
  nodes: OnnxNode[];
  /** The constant tensors (weights). */
  initializers: OnnxTensor[];
  /** The graph's inputs. */
  inputs: OnnxValueInfo[];
  /** The graph's outputs. */
  outputs: OnnxValueInfo[];
}

/** A ModelProto: what encodeModel writes and decodeModel reads. */
export interface OnnxModel {
  /** The ONNX IR version. */
  irVersion: number;
  /** The operator sets used, by domain and version. */
  opsetImports: { domain: string; version: number }[];
  /** The producer ('seqgrad'). */
  producerName: string;
  /** The producer's version. */
  producerVersion: string;
  /** Free text. */
  docString: string;
  /** metadata_props: key → value. */
  metadata: Record<string, string>;
  /** The graph. */
  graph: OnnxGraph;
}

// ---------------------------------------------------------------------------------------------
// Wire format. Field numbers are onnx.proto's.

enum Wire {
  Varint = 0,
  I64 = 1,
  Len = 2,
  I32 = 5,
}
const utf8 = new TextEncoder();
const utf8Dec = new TextDecoder('utf-8', { fatal: true });

/** An append-only byte buffer with protobuf field writers. */
class Writer {
  private buf = new Uint8Array(256);
  length = 0;
  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.length));
    this.buf = b;
  }
  /** Unsigned varint of a non-negative safe integer, or a negative int64 as ten bytes of two's complement. */
  varint(v: number | bigint): void {
    let x = BigInt.asUintN(64, BigInt(v));
    this.ensure(10);
    while (x >= 0x80n) {
      this.buf[this.length++] = Number(x & 0x7fn) | 0x80;
      x >>= 7n;
    }
    this.buf[this.length++] = Number(x);
  }
  tag(field: number, wire: Wire): void {
    this.varint((field << 3) | wire);
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  int(field: number, v: number | bigint): void {
    this.tag(field, Wire.Varint);
    this.varint(v);
  }
  float(field: number, v: number): void {
    this.tag(field, Wire.I32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.bytes(b);
  }
  lenDelimited(field: number, b: Uint8Array): void {
    this.tag(field, Wire.Len);
    this.varint(b.length);
    this.bytes(b);
  }
  string(field: number, s: string): void {
    this.lenDelimited(field, utf8.encode(s));
  }
  message(field: number, fill: (w: Writer) => void): void {
    const w = new Writer();
    fill(w);
    this.lenDelimited(field, w.finish());
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

function writeTensor(w: Writer, t: OnnxTensor): void {
  for (const d of t.dims) w.int(1, d);
  w.int(2, ELEM_CODE[t.type]);
  w.string(8, t.name);
  // raw_data is little-endian, which is every typed array's byte order on the platforms seqgrad runs on
  w.lenDelimited(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
}

const ATTR_CODE = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7, strings: 8 } as const;

function writeAttribute(w: Writer, a: OnnxAttribute): void {
  w.string(1, a.name);
  w.int(20, ATTR_CODE[a.type]);
  switch (a.type) {
    case 'float':
      w.float(2, a.value);
      break;
    case 'int':
      w.int(3, a.value);
      break;
    case 'string':
      w.string(4, a.value);
      break;
    case 'tensor':
      w.message(5, (m) => writeTensor(m, a.value));
      break;
    case 'floats':
      for (const v of a.value) w.float(7, v);
      break;
    case 'ints':
      for (const v of a.value) w.int(8, v);
      break;
    case 'strings':
      for (const v of a.value) w.string(9, v);
      break;
  }
}

function writeValueInfo(w: Writer, v: OnnxValueInfo): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tt) => {
      tt.int(1, ELEM_CODE[v.type]);
      tt.message(2, (shape) => {
        for (const d of v.shape) shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      });
    }),
  );
}

/** The protobuf bytes of a model (an .onnx file). */
export function encodeModel(m: OnnxModel): Uint8Array {
  const w = new Writer();
  w.int(1, m.irVersion);
  w.string(2, m.producerName);
  w.string(3, m.producerVersion);
  if (m.docString) w.string(6, m.docString);
  w.message(7, (g) => {
    for (const n of m.graph.nodes) {
      g.message(1, (nw) => {
        for (const i of n.inputs) nw.string(1, i);
        for (const o of n.outputs) nw.string(2, o);
        nw.string(3, n.name);
        nw.string(4, n.opType);
        for (const a of n.attributes) nw.message(5, (aw) => writeAttribute(aw, a));
        if (n.domain) nw.string(7, n.domain);
      });
    }
    g.string(2, m.graph.name);
    for (const t of m.graph.initializers) g.message(5, (tw) => writeTensor(tw, t));
    for (const v of m.graph.inputs) g.message(11, (vw) => writeValueInfo(vw, v));
    for (const v of m.graph.outputs) g.message(12, (vw) => writeValueInfo(vw, v));
  });
  for (const o of m.opsetImports)
    w.message(8, (ow) => {
      ow.string(1, o.domain);
      ow.int(2, o.version);
    });
  for (const [key, value] of Object.entries(m.metadata))
    w.message(14, (e) => {
      e.string(1, key);
      e.string(2, value);
    });
  return w.finish();
}

// ---------------------------------------------------------------------------------------------
// Decoder: every length and count is checked against the buffer, so a truncated or corrupt file
// is an Error naming the message and the byte offset, never an out-of-bounds read.

class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start: number,
    readonly end: number,
    readonly what: string,
  ) {
    this.pos = start;
  }
  fail(msg: string): never {
    throw new Error(`readOnnx: malformed ${this.what} at byte ${this.pos}: ${msg}`);
  }
  get done(): boolean {
    return this.pos >= this.end;
  }
  varint(): bigint {
    let x = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.end) this.fail('truncated varint');
      const b = this.buf[this.pos++];
      x |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, x);
    }
    this.fail('varint longer than 10 bytes');
  }
  /** A varint that must fit a non-negative JS integer. */
  uint(what: string): number {
    const v = this.varint();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`${what} ${v} is too large`);
    return Number(v);
  }
  int64(): number {
    return Number(BigInt.asIntN(64, this.varint()));
  }
  tag(): [number, number] {
    const t = this.uint('tag');
    const field = t >>> 3;
    if (field === 0) this.fail('field number 0');
    return [field, t & 7];
  }
  bytes(): Uint8Array {
    const n = this.uint('length');
    if (n > this.end - this.pos) this.fail(`a field of ${n} bytes runs past the end (${this.end - this.pos} bytes left)`);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  sub(what: string): Reader {
    const n = this.uint('length');
    if (n > this.end - this.pos) this.fail(`a ${what} of ${n} bytes runs past the end (${this.end - this.pos} bytes left)`);
    const r = new Reader(this.buf, this.pos, this.pos + n, what);
    this.pos += n;
    return r;
  }
  string(): string {
    try {
      return utf8Dec.decode(this.bytes());
    } catch {
      this.fail('a string field is not valid UTF-8');
    }
  }
  float(): number {
    if (this.end - this.pos < 4) this.fail('truncated float');
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 4).getFloat32(0, true);
    this.pos += 4;
    return v;
  }
  skip(wire: number): void {
    if (wire === Wire.Varint) this.varint();
    else if (wire === Wire.I64) {
      if (this.end - this.pos < 8) this.fail('truncated fixed64');
      this.pos += 8;
    } else if (wire === Wire.Len) this.bytes();
    else if (wire === Wire.I32) {
      if (this.end - this.pos < 4) this.fail('truncated fixed32');
      this.pos += 4;
    } else this.fail(`unsupported wire type ${wire}`);
  }
  expect(wire: number, want: Wire, field: number): void {
    if (wire !== want) this.fail(`field ${field} has wire type ${wire}, expected ${want}`);
  }
  /** Repeated varints, packed or not. */
  varints(wire: number, into: number[]): void {
    if (wire === Wire.Len) {
      const r = this.sub('packed varints');
      while (!r.done) into.push(r.int64());
    } else {
      this.expect(wire, Wire.Varint, 0);
      into.push(this.int64());
    }
  }
}

function readTensor(r: Reader): OnnxTensor {
  const dims: number[] = [];
  let code = 0;
  let name = '';
  let raw: Uint8Array | null = null;
  const floats: number[] = [];
  const ints: number[] = [];
  while (!r.done) {
    const [f, wire] = r.tag();
    if (f === 1) r.varints(wire, dims);
    else if (f === 2) {
      r.expect(wire, Wire.Varint, f);
      code = r.uint('data_type');
    } else if (f === 8) {
      r.expect(wire, Wire.Len, f);
      name = r.string();
    } else if (f === 9) {
      r.expect(wire, Wire.Len, f);
      raw = r.bytes();
    } else if (f === 4) {
      if (wire === Wire.Len) {
        const s = r.sub('float_data');
        while (!s.done) floats.push(s.float());
      } else {
        r.expect(wire, Wire.I32, f);
        floats.push(r.float());
      }
    } else if (f === 5 || f === 7) r.varints(wire, ints);
    else if (f === 13 || f === 14) r.fail(`tensor '${name}' uses external data, which this reader does not load`);
    else r.skip(wire);
  }
  const type = CODE_ELEM.get(code) ?? r.fail(`tensor '${name}' has data_type ${code}; this reader handles float32, int32, int64 and bool`);
  for (const d of dims) if (!Number.isInteger(d) || d < 0) r.fail(`tensor '${name}' has a negative dimension in [${dims.join(', ')}]`);
  const n = dims.reduce((a, b) => a * b, 1);
  const elem = ELEM_BYTES[type];
  let bytes: Uint8Array;
  if (raw) {
    if (raw.length !== n * elem) r.fail(`tensor '${name}' of shape [${dims.join(', ')}] (${type}) needs ${n * elem} bytes of raw_data, got ${raw.length}`);
    bytes = raw.slice();
  } else {
    const vals = type === 'float32' ? floats : ints;
    if (vals.length !== n) r.fail(`tensor '${name}' of shape [${dims.join(', ')}] has ${vals.length} values, expected ${n}`);
    const data =
      type === 'float32'
        ? Float32Array.from(vals)
        : type === 'int64'
          ? BigInt64Array.from(vals.map(BigInt))
          : type === 'int32'
            ? Int32Array.from(vals)
            : Uint8Array.from(vals);
    return { name, type, dims, data };
  }
  const buf = bytes.buffer as ArrayBuffer;
  const data =
    type === 'float32' ? new Float32Array(buf) : type === 'int64' ? new BigInt64Array(buf) : type === 'int32' ? new Int32Array(buf) : new Uint8Array(buf);
  return { name, type, dims, data };
}

const ATTR_TYPE = new Map<number, OnnxAttribute['type']>(Object.entries(ATTR_CODE).map(([k, v]) => [v, k as OnnxAttribute['type']]));

function readAttribute(r: Reader): OnnxAttribute {
  let name = '';
  let code = 0;
  let f32 = 0;
  let i64 = 0;
  let s = '';
  let t: OnnxTensor | null = null;
  const floats: number[] = [];
  const ints: number[] = [];
  const strings: string[] = [];
  while (!r.done) {
    const [f, wire] = r.tag();
    if (f === 1) {
      r.expect(wire, Wire.Len, f);
      name = r.string();
    } else if (f === 20) {
      r.expect(wire, Wire.Varint, f);
      code = r.uint('attribute type');
    } else if (f === 2) {
      r.expect(wire, Wire.I32, f);
      f32 = r.float();
    } else if (f === 3) {
      r.expect(wire, Wire.Varint, f);
      i64 = r.int64();
    } else if (f === 4) {
      r.expect(wire, Wire.Len, f);
      s = r.string();
    } else if (f === 5) {
      r.expect(wire, Wire.Len, f);
      t = readTensor(r.sub('TensorProto'));
    } else if (f === 7) {
      if (wire === Wire.Len) {
        const p = r.sub('floats');
        while (!p.done) floats.push(p.float());
      } else {
        r.expect(wire, Wire.I32, f);
        floats.push(r.float());
      }
    } else if (f === 8) r.varints(wire, ints);
    else if (f === 9) {
      r.expect(wire, Wire.Len, f);
      strings.push(r.string());
    } else r.skip(wire);
  }
  if (!name) r.fail('an attribute has no name');
  const type = ATTR_TYPE.get(code);
  switch (type) {
    case 'float':
      return { name, type, value: f32 };
    case 'int':
      return { name, type, value: i64 };
    case 'string':
      return { name, type, value: s };
    case 'tensor':
      if (!t) r.fail(`attribute '${name}' of type TENSOR has no tensor`);
      return { name, type, value: t };
    case 'floats':
      return { name, type, value: floats };
    case 'ints':
      return { name, type, value: ints };
    case 'strings':
      return { name, type, value: strings };
    default:
      r.fail(`attribute '${name}' has type ${code}, which this reader does not handle`);
  }
}

function readNode(r: Reader): OnnxNode {
  const n: OnnxNode = { opType: '', inputs: [], outputs: [], name: '', attributes: [] };
  while (!r.done) {
    const [f, wire] = r.tag();
    if (f === 1) {
      r.expect(wire, Wire.Len, f);
      n.inputs.push(r.string());
    } else if (f === 2) {
      r.expect(wire, Wire.Len, f);
      n.outputs.push(r.string());
    } else if (f === 3) {
      r.expect(wire, Wire.Len, f);
      n.name = r.string();
    } else if (f === 4) {
      r.expect(wire, Wire.Len, f);
      n.opType = r.string();
    } else if (f === 5) {
      r.expect(wire, Wire.Len, f);
      n.attributes.push(readAttribute(r.sub('AttributeProto')));
    } else if (f === 7) {
      r.expect(wire, Wire.Len, f);
      n.domain = r.string();
    } else r.skip(wire);
  }
  if (!n.opType) r.fail(`node '${n.name}' has no op_type`);
  return n;
}

function readValueInfo(r: Reader): OnnxValueInfo {
  const v: OnnxValueInfo = { name: '', type: 'float32', shape: [] };
  while (!r.done) {
    const [f, wire] = r.tag();
    if (f === 1) {
      r.expect(wire, Wire.Len, f);
      v.name = r.string();
    } else if (f === 2) {
      r.expect(wire, Wire.Len, f);
      const type = r.sub('TypeProto');
      while (!type.done) {
        const [tf, tw] = type.tag();
        if (tf !== 1) {
          type.skip(tw);
          continue;
        }
        type.expect(tw, Wire.Len, tf);
        const tt = type.sub('TypeProto.Tensor');
        while (!tt.done) {
          const [ef, ew] = tt.tag();
          if (ef === 1) {
            tt.expect(ew, Wire.Varint, ef);
            const code = tt.uint('elem_type');
            v.type = CODE_ELEM.get(code) ?? tt.fail(`value '${v.name}' has elem_type ${code}; this reader handles float32, int32, int64 and bool`);
          } else if (ef === 2) {
            tt.expect(ew, Wire.Len, ef);
            const shape = tt.sub('TensorShapeProto');
            while (!shape.done) {
              const [sf, sw] = shape.tag();
              if (sf !== 1) {
                shape.skip(sw);
                continue;
              }
              shape.expect(sw, Wire.Len, sf);
              const dim = shape.sub('Dimension');
              let d: number | string = '?';
              while (!dim.done) {
                const [df, dw] = dim.tag();
                if (df === 1) {
                  dim.expect(dw, Wire.Varint, df);
                  d = dim.int64();
                } else if (df === 2) {
                  dim.expect(dw, Wire.Len, df);
                  d = dim.string();
                } else dim.skip(dw);
              }
              v.shape.push(d);
            }
          } else tt.skip(ew);
        }
      }
    } else r.skip(wire);
  }
  if (!v.name) r.fail('a graph input or output has no name');
  return v;
}

function readGraph(r: Reader): OnnxGraph {
  const g: OnnxGraph = { name: '', nodes: [], initializers: [], inputs: [], outputs: [] };
  while (!r.done) {
    const [f, wire] = r.tag();
    if (f === 1) {
      r.expect(wire, Wire.Len, f);
      g.nodes.push(readNode(r.sub('NodeProto')));
    } else if (f === 2) {
      r.expect(wire, Wire.Len, f);
      g.name = r.string();
    } else if (f === 5) {
      r.expect(wire, Wire.Len, f);
      g.initializers.push(readTensor(r.sub('TensorProto')));
    } else if (f === 11) {
      r.expect(wire, Wire.Len, f);
      g.inputs.push(readValueInfo(r.sub('ValueInfoProto')));
    } else if (f === 12) {
      r.expect(wire, Wire.Len, f);
      g.outputs.push(readValueInfo(r.sub('ValueInfoProto')));
    } else r.skip(wire);
  }
  return g;
}

/**
 * Parses and validates an ONNX model: the wire format, then the graph (every node input is a graph
 * input, an initializer or an earlier node's output; every graph output is produced; names are
 * unique). Throws an Error with the reason for anything malformed.
 */
export function decodeModel(bytes: Uint8Array): OnnxModel {
  if (!(bytes instanceof Uint8Array))
    throw new Error(`readOnnx: expected the bytes of an .onnx file (a Uint8Array), got ${bytes === null ? 'null' : typeof bytes}`);
  if (bytes.length === 0) throw new Error('readOnnx: the file is empty');
  const r = new Reader(bytes, 0, bytes.length, 'ModelProto');
  const m: OnnxModel = {
    irVersion: 0,
    opsetImports: [],
    producerName: '',
    producerVersion: '',
    docString: '',
    metadata: {},
    graph: null as unknown as OnnxGraph,
  };
  let hasGraph = false;
  while (!r.done) {
    const [f, wire] = r.tag();
    if (f === 1) {
      r.expect(wire, Wire.Varint, f);
      m.irVersion = r.int64();
    } else if (f === 2) {
      r.expect(wire, Wire.Len, f);
      m.producerName = r.string();
    } else if (f === 3) {
      r.expect(wire, Wire.Len, f);
      m.producerVersion = r.string();
    } else if (f === 6) {
      r.expect(wire, Wire.Len, f);
      m.docString = r.string();
    } else if (f === 7) {
      r.expect(wire, Wire.Len, f);
      m.graph = readGraph(r.sub('GraphProto'));
      hasGraph = true;
    } else if (f === 8) {
      r.expect(wire, Wire.Len, f);
      const o = r.sub('OperatorSetIdProto');
      const op = { domain: '', version: 0 };
      while (!o.done) {
        const [of, ow] = o.tag();
        if (of === 1) {
          o.expect(ow, Wire.Len, of);
          op.domain = o.string();
        } else if (of === 2) {
          o.expect(ow, Wire.Varint, of);
          op.version = o.int64();
        } else o.skip(ow);
      }
      m.opsetImports.push(op);
    } else if (f === 14) {
      r.expect(wire, Wire.Len, f);
      const e = r.sub('StringStringEntryProto');
      let key = '';
      let value = '';
      while (!e.done) {
        const [ef, ew] = e.tag();
        if (ef === 1) {
          e.expect(ew, Wire.Len, ef);
          key = e.string();
        } else if (ef === 2) {
          e.expect(ew, Wire.Len, ef);
          value = e.string();
        } else e.skip(ew);
      }
      m.metadata[key] = value;
    } else r.skip(wire);
  }
  if (m.irVersion <= 0) throw new Error(`readOnnx: ir_version is ${m.irVersion}; a model must set it (not an ONNX file?)`);
  if (!hasGraph) throw new Error('readOnnx: the model has no graph');
  if (!m.opsetImports.some((o) => o.domain === '' || o.domain === 'ai.onnx'))
    throw new Error('readOnnx: the model imports no version of the default operator set');
  validateGraph(m.graph);
  return m;
}

function validateGraph(g: OnnxGraph): void {
  const defined = new Set<string>();
  const define = (name: string, what: string) => {
    if (!name) throw new Error(`readOnnx: ${what} has an empty name`);
    if (defined.has(name)) throw new Error(`readOnnx: '${name}' (${what}) is defined twice`);
    defined.add(name);
  };
  for (const t of g.initializers) define(t.name, 'an initializer');
  for (const v of g.inputs) if (!defined.has(v.name)) define(v.name, 'a graph input');
  for (const n of g.nodes) {
    for (const i of n.inputs) {
      if (i !== '' && !defined.has(i))
        throw new Error(`readOnnx: node '${n.name}' (${n.opType}) reads '${i}', which no graph input, initializer or earlier node defines`);
    }
    for (const o of n.outputs) if (o !== '') define(o, `an output of node '${n.name}' (${n.opType})`);
  }
  if (g.outputs.length === 0) throw new Error('readOnnx: the graph has no outputs');
  for (const o of g.outputs) if (!defined.has(o.name)) throw new Error(`readOnnx: graph output '${o.name}' is not produced by any node`);
}
