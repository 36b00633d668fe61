// ONNX export by tracing, the way torch.onnx.export works: the forward pass runs once on example
// inputs with a tracer installed (engine/trace.ts); each traced op and each recurrent module adds
// standard ONNX nodes (opset 17) to a graph, parameters become initializers, and io/onnx.ts writes
// the protobuf. Dynamic axes become dim_param names; shapes inside the graph are derived from them.
import { noGrad } from '../autograd.js';
import { nodeFs, requireNode } from '../node-only.js';
import type { Module } from '../nn/module.js';
import { PackedSequence } from '../nn/packed-sequence.js';
import { GRU, GRUCell, LSTM, LSTMCell, RNN, RNNCell } from '../nn/rnn.js';
import { setTracer, type Tracer } from '../trace.js';
import { fmtShape, Parameter, Tensor } from '../tensor.js';
import { DataType, decodeModel, encodeModel, type ElemType, type OnnxAttribute, type OnnxModel, type OnnxNode, type OnnxTensor } from './onnx.js';

/** torch.onnx.export's keyword arguments, camelCase. */
export interface OnnxExportOptions {
  /** Graph input names, in the order of the example inputs (default input_0, input_1, …). */
  inputNames?: string[];
  /** Graph output names, in the order of the flattened outputs (default output_0, …). */
  outputNames?: string[];
  /**
   * Dynamic axes by input or output name: { tokens: { 0: 'batch', 1: 'seq' } } or { tokens: [0, 1] }.
   * NOTE: as in torch.onnx.export, the example sizes of dynamic axes must differ from each other and
   * from every fixed size the model uses, since the tracer tells a dynamic size by its value.
   */
  dynamicAxes?: Record<string, Record<number, string> | number[]>;
  /** ONNX opset (default 17; 14 … 21 are accepted). */
  opset?: number;
  /** Stored as the graph's name (default the module's class name). */
  graphName?: string;
}

/** An example input: a float tensor, or a plain array of integers (token ids, lengths) → an int64 input. */
export type ExampleInput = Tensor | number[];

type Dim = number | string;
interface Val {
  name: string;
  shape: Dim[];
  type: ElemType;
}

const INT64_MAX = 9223372036854775807n;
const ONNX_RNN = { rnn_tanh: 'RNN', rnn_relu: 'RNN', lstm: 'LSTM', gru: 'GRU' } as const;
/** Rows of PyTorch's gate blocks in ONNX's order: LSTM i,f,g,o → i,o,f,c; GRU r,z,n → z,r,h. */
const GATE_ORDER = { rnn_tanh: [0], rnn_relu: [0], lstm: [0, 3, 1, 2], gru: [1, 0, 2] } as const;
const TRACED =
  'add, sub, mul, div, tanh, sigmoid, relu, exp, log, abs, pow, sqrt, clamp, where/maskedFill, comparisons, reshape/view/flatten/squeeze/unsqueeze, expand, permute/transpose, slice/select/split/chunk, cat/stack, flip, matmul, sum, mean, softmax, logSoftmax, linear, embedding, dropout, pack/padPackedSequence, RNN/LSTM/GRU and their cells';

function fail(msg: string): never {
  throw new Error(`exportOnnx: ${msg}`);
}

/** Reorders the gate blocks (rows of H·cols) of a PyTorch weight or bias into ONNX's order. */
function reorderGates(src: Float32Array, order: readonly number[], block: number, into: Float32Array, at: number): void {
  order.forEach((g, i) => into.set(src.subarray(g * block, (g + 1) * block), at + i * block));
}

class OnnxTracer implements Tracer {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly vals = new Map<Tensor, Val>();
  private readonly arrays = new Map<unknown, Val>();
  private readonly packed = new Map<PackedSequence, { x: Val; lens: string }>();
  private readonly bornHere = new WeakSet<Tensor>();
  private readonly constants = new WeakSet<Tensor>();
  private readonly paramNames: Map<Parameter, string>;
  private readonly paramVals = new Map<Parameter, Val>();
  /** dynamic dim name → its size in the trace, and where a Shape op can read it */
  readonly symbols = new Map<string, { size: number; from: string; axis: number } | { size: number; factors: string[]; scale: number }>();
  /** graph inputs: Val, whether some float op read it, and its cast copies */
  private readonly inputs = new Map<string, { val: Val; readAsFloat: boolean; casts: Map<ElemType, string> }>();
  private readonly path: string[] = [];
  private count = 0;

  constructor(
    root: Module,
    readonly opset: number,
  ) {
    this.paramNames = new Map(root.namedParameters().map(([n, p]) => [p, n]));
  }

  // --- the Tracer interface ------------------------------------------------------------------

  call<A extends unknown[], R>(kind: string, fn: (...args: A) => R, ...args: A): R {
    const prev = setTracer(null);
    let out: R;
    try {
      out = fn(...args);
    } finally {
      setTracer(prev);
    }
    this.emit(kind, args, out);
    if (!args.includes(out)) this.markUnregistered(out);
    return out;
  }

  born(t: Tensor): void {
    this.bornHere.add(t);
  }

  constant(t: Tensor): void {
    this.constants.add(t);
  }

  /** Tensors that a paused op returned but its emitter did not map (PackedSequence.data, …) are not constants. */
  private markUnregistered(out: unknown): void {
    if (out instanceof Tensor) {
      if (!this.vals.has(out)) this.bornHere.add(out);
    } else if (out instanceof PackedSequence) this.bornHere.add(out.data);
    else if (Array.isArray(out)) for (const o of out) this.markUnregistered(o);
  }

  // --- modules -------------------------------------------------------------------------------

  /** Wraps every module's forward so errors name the module path and recurrent modules become ONNX nodes. */
  instrument(root: Module): () => void {
    const undo: (() => void)[] = [];
    for (const [path, m] of root.namedModules()) {
      const mod = m as Module & { forward?: (...a: unknown[]) => unknown };
      if (typeof mod.forward !== 'function') continue;
      const own = Object.hasOwn(mod, 'forward');
      const orig = mod.forward;
      const name = path || m.constructor.name;
      mod.forward = (...args: unknown[]) => this.moduleCall(name, m, orig, args);
      undo.push(() => {
        if (own) mod.forward = orig;
        else delete mod.forward;
      });
    }
    return () => undo.forEach((u) => u());
  }

  private moduleCall(path: string, m: Module, orig: (...a: unknown[]) => unknown, args: unknown[]): unknown {
    this.path.push(path);
    try {
      const recurrent = m instanceof RNN || m instanceof LSTM || m instanceof GRU;
      const cell = m instanceof RNNCell || m instanceof LSTMCell || m instanceof GRUCell;
      if (!recurrent && !cell) return orig.apply(m, args);
      if (m instanceof LSTM && m.projSize > 0) {
        fail(`module '${path}' (LSTM with projSize ${m.projSize}) is not expressible in ONNX: the ONNX LSTM operator has no output projection`);
      }
      const prev = setTracer(null);
      let out: unknown;
      try {
        out = orig.apply(m, args);
      } finally {
        setTracer(prev);
      }
      if (recurrent) this.emitRecurrent(path, m, args, out);
      else this.emitCell(path, m as RNNCell | LSTMCell | GRUCell, args, out);
      this.markUnregistered(out);
      return out;
    } finally {
      this.path.pop();
    }
  }

  private get where(): string {
    return this.path.length ? `module '${this.path[this.path.length - 1]}'` : 'the traced function';
  }

  // --- graph building ------------------------------------------------------------------------

  private fresh(hint: string): string {
    return `${hint}_${this.count++}`;
  }

  private node(opType: string, inputs: string[], nOut = 1, attributes: OnnxAttribute[] = []): string[] {
    const base = `${this.path[this.path.length - 1] ?? ''}/${opType}`;
    const outputs = Array.from({ length: nOut }, () => this.fresh(base));
    while (inputs.length && inputs[inputs.length - 1] === '') inputs.pop();
    this.nodes.push({ opType, inputs, outputs, name: this.fresh(`${base}_node`), attributes });
    return outputs;
  }

  private node1(opType: string, inputs: string[], attributes: OnnxAttribute[] = []): string {
    return this.node(opType, inputs, 1, attributes)[0];
  }

  private init(name: string, type: ElemType, dims: number[], data: OnnxTensor['data']): string {
    this.initializers.push({ name, type, dims, data });
    return name;
  }

  private constI64(values: (number | bigint)[], scalar = false): string {
    return this.init(this.fresh('const'), 'int64', scalar ? [] : [values.length], BigInt64Array.from(values.map((v) => BigInt(v))));
  }

  private constF32(v: number): string {
    return this.init(this.fresh('const'), 'float32', [], Float32Array.of(v));
  }

  /** The symbolic shape of a concrete one: sizes equal to a dynamic dim of the inputs take its name. */
  private symShape(shape: readonly number[], from: readonly Val[]): Dim[] {
    const bySize = new Map<number, string>();
    for (const v of from) for (const d of v.shape) if (typeof d === 'string' && !bySize.has(this.sizeOf(d))) bySize.set(this.sizeOf(d), d);
    return shape.map((n) => bySize.get(n) ?? n);
  }

  private sizeOf(sym: string): number {
    return this.symbols.get(sym)!.size;
  }

  private register(t: Tensor, name: string, from: readonly Val[], type: ElemType = 'float32'): Val {
    const v = { name, shape: this.symShape(t.shape, from), type };
    this.vals.set(t, v);
    return v;
  }

  /** The graph value of a tensor an op reads: traced, a graph input, a parameter, or a constant. */
  private val(t: unknown, what: string, as: ElemType = 'float32'): Val {
    if (!(t instanceof Tensor)) {
      const arr = this.arrays.get(t);
      if (arr) return this.asType(arr, as);
      if (Array.isArray(t) || ArrayBuffer.isView(t)) {
        const a = Array.from(t as ArrayLike<number>);
        const name =
          as === 'float32'
            ? this.init(this.fresh('const'), 'float32', [a.length], Float32Array.from(a))
            : as === 'int32'
              ? this.init(this.fresh('const'), 'int32', [a.length], Int32Array.from(a))
              : this.constI64(a);
        return { name, shape: [a.length], type: as };
      }
      fail(`${what} in ${this.where} is not a Tensor (got ${t === null ? 'null' : typeof t})`);
    }
    let v = this.vals.get(t);
    if (!v && t instanceof Parameter) {
      v = this.paramVals.get(t);
      if (!v) {
        const name = this.paramNames.get(t) ?? this.fresh('param');
        v = { name: this.init(name, 'float32', t.shape.slice(), t.toArray()), shape: t.shape.slice(), type: 'float32' };
        this.paramVals.set(t, v);
      }
    }
    if (!v) {
      if (this.bornHere.has(t) && !this.constants.has(t)) {
        fail(
          `${what} in ${this.where} reads a tensor of shape ${fmtShape(t.shape)} that an op the exporter does not trace made; ` +
            `the traced ops are: ${TRACED}`,
        );
      }
      v = { name: this.init(this.fresh('const'), 'float32', t.shape.slice(), t.toArray()), shape: t.shape.slice(), type: 'float32' };
      this.vals.set(t, v);
    }
    return this.asType(v, as);
  }

  /** v as `as`: a graph input read first as indices becomes int64 itself; otherwise a Cast (cached per input). */
  private asType(v: Val, as: ElemType): Val {
    if (v.type === as) {
      const inp = this.inputs.get(v.name);
      if (inp && as === 'float32') inp.readAsFloat = true;
      return v;
    }
    const inp = this.inputs.get(v.name);
    if (inp && v.type === 'float32' && !inp.readAsFloat && as === 'int64') {
      v.type = 'int64';
      return v;
    }
    const cached = inp?.casts.get(as);
    const name =
      cached ??
      this.node1(
        'Cast',
        [v.name],
        [{ name: 'to', type: 'int', value: DataType[as === 'float32' ? 'FLOAT' : as === 'int64' ? 'INT64' : as === 'int32' ? 'INT32' : 'BOOL'] }],
      );
    if (inp) inp.casts.set(as, name);
    return { name, shape: v.shape, type: as };
  }

  /**
   * A 1-D int64 shape tensor for `dims`: sizes stay constants, dynamic names are read from the graph
   * (Shape → Gather of the input that carries them; products multiply).
   */
  private shapeTensor(dims: Dim[]): string {
    if (dims.every((d) => typeof d === 'number')) return this.constI64(dims as number[]);
    const parts = dims.map((d) => (typeof d === 'number' ? this.constI64([d]) : this.dimTensor(d)));
    return this.node1('Concat', parts, [{ name: 'axis', type: 'int', value: 0 }]);
  }

  private dimTensor(sym: string): string {
    const s = this.symbols.get(sym)!;
    if ('factors' in s) {
      let d = s.factors.map((f) => this.dimTensor(f)).reduce((acc, t) => this.node1('Mul', [acc, t]));
      if (s.scale !== 1) d = this.node1('Mul', [d, this.constI64([s.scale])]);
      return d;
    }
    return this.node1('Gather', [this.node1('Shape', [s.from]), this.constI64([s.axis])], [{ name: 'axis', type: 'int', value: 0 }]);
  }

  // --- graph inputs and outputs ----------------------------------------------------------------

  addInput(x: ExampleInput, name: string, axes: Record<number, string>): Val {
    const shape = x instanceof Tensor ? x.shape : [x.length];
    const dims: Dim[] = shape.slice();
    for (const [k, sym] of Object.entries(axes)) {
      const axis = Number(k);
      if (!(axis >= 0 && axis < shape.length)) fail(`dynamicAxes of '${name}' names axis ${k}, but the example input has shape ${fmtShape(shape)}`);
      const size = shape[axis];
      const known = this.symbols.get(sym);
      if (known && known.size !== size) fail(`dynamic axis '${sym}' is ${known.size} in one example input and ${size} in '${name}' (shape ${fmtShape(shape)})`);
      for (const [other, s] of this.symbols) {
        if (other !== sym && s.size === size)
          fail(`dynamic axes '${other}' and '${sym}' have the same example size ${size}; give them different sizes so the tracer can tell them apart`);
      }
      if (size < 2) fail(`dynamic axis '${sym}' of '${name}' has example size ${size}; use an example of size ≥ 2 so the tracer can tell it from fixed sizes`);
      if (!known) this.symbols.set(sym, { size, from: name, axis });
      dims[axis] = sym;
    }
    const val: Val = { name, shape: dims, type: x instanceof Tensor ? 'float32' : 'int64' };
    this.inputs.set(name, { val, readAsFloat: false, casts: new Map() });
    if (x instanceof Tensor) this.vals.set(x, val);
    else this.arrays.set(x, val);
    return val;
  }

  output(t: Tensor, name: string): Val {
    const v = this.val(t, `graph output '${name}'`);
    this.nodes.push({ opType: 'Identity', inputs: [v.name], outputs: [name], name: `${name}_identity`, attributes: [] });
    return { name, shape: v.shape, type: v.type };
  }

  // --- op emitters ---------------------------------------------------------------------------

  private emit(kind: string, args: unknown[], out: unknown): void {
    const a = args as never[];
    switch (kind) {
      case 'binary':
        this.binary(a[0], a[1], a[2], out as Tensor);
        return;
      case 'unary': {
        const ops: Record<string, string> = { tanh: 'Tanh', sigmoid: 'Sigmoid', relu: 'Relu', exp: 'Exp', log: 'Log', abs: 'Abs' };
        const x = this.val(a[1], a[0]);
        this.register(out as Tensor, this.node1(ops[a[0]], [x.name]), [x]);
        return;
      }
      case 'pow': {
        const x = this.val(a[0], 'pow');
        const p = a[1] as number;
        this.register(out as Tensor, p === 0.5 ? this.node1('Sqrt', [x.name]) : this.node1('Pow', [x.name, this.constF32(p)]), [x]);
        return;
      }
      case 'clamp': {
        const x = this.val(a[0], 'clamp');
        const lo = a[1] as number | null | undefined;
        const hi = a[2] as number | null | undefined;
        const bound = (v: number | null | undefined) => (v === null || v === undefined ? '' : this.constF32(v));
        this.register(out as Tensor, this.node1('Clip', [x.name, bound(lo), bound(hi)]), [x]);
        return;
      }
      case 'where': {
        const op = a[3] as string;
        const cond = this.val(a[0], op, 'bool');
        const x = typeof a[1] === 'number' ? { name: this.constF32(a[1]), shape: [], type: 'float32' as const } : this.val(a[1], op);
        const y = typeof a[2] === 'number' ? { name: this.constF32(a[2]), shape: [], type: 'float32' as const } : this.val(a[2], op);
        this.register(out as Tensor, this.node1('Where', [cond.name, x.name, y.name]), [cond, x, y]);
        return;
      }
      case 'compare': {
        const op = a[0] as string;
        const x = this.val(a[1], op);
        const y = typeof a[2] === 'number' ? { name: this.constF32(a[2]), shape: [], type: 'float32' as const } : this.val(a[2], op);
        const onnx: Record<string, string> = { gt: 'Greater', lt: 'Less', ge: 'GreaterOrEqual', le: 'LessOrEqual', eq: 'Equal', ne: 'Equal' };
        let b = this.node1(onnx[op], [x.name, y.name]);
        if (op === 'ne') b = this.node1('Not', [b]);
        this.register(out as Tensor, this.node1('Cast', [b], [{ name: 'to', type: 'int', value: DataType.FLOAT }]), [x, y]);
        return;
      }
      case 'reshape':
        this.reshape(a[0], a[1], a[2], out as Tensor);
        return;
      case 'unsqueeze': {
        const x = this.val(a[0], 'unsqueeze');
        const d = a[1] as number;
        const axis = d < 0 ? d + x.shape.length + 1 : d;
        const name = this.node1('Unsqueeze', [x.name, this.constI64([axis])]);
        this.vals.set(out as Tensor, { name, shape: [...x.shape.slice(0, axis), 1, ...x.shape.slice(axis)], type: x.type });
        return;
      }
      case 'squeeze': {
        if (out === a[0]) return;
        const xt = a[0] as Tensor;
        const x = this.val(xt, 'squeeze');
        const d = a[1] as number | undefined;
        const axes = d === undefined ? x.shape.flatMap((n, i) => (n === 1 ? [i] : [])) : [d < 0 ? d + x.shape.length : d];
        const name = this.node1('Squeeze', [x.name, this.constI64(axes)]);
        this.vals.set(out as Tensor, { name, shape: x.shape.filter((_, i) => !axes.includes(i)), type: x.type });
        return;
      }
      case 'expand': {
        const xt = a[0] as Tensor;
        const x = this.val(xt, 'expand');
        const t = out as Tensor;
        const off = t.ndim - xt.ndim;
        // NOTE: dims the input already has stay (1 broadcasts them); new sizes come from the dynamic dims they match
        const bySize = new Map<number, string>();
        for (const [sym, s] of this.symbols) if (!bySize.has(s.size)) bySize.set(s.size, sym);
        const target: Dim[] = t.shape.map((n, i) => (i >= off && xt.shape[i - off] === n ? 1 : (bySize.get(n) ?? n)));
        const name = this.node1('Expand', [x.name, this.shapeTensor(target)]);
        this.vals.set(t, { name, shape: target.map((d, i) => (d === 1 && i >= off ? x.shape[i - off] : d)), type: x.type });
        return;
      }
      case 'permute': {
        const x = this.val(a[0], 'permute');
        const perm = (a[1] as number[]).map((d) => (d < 0 ? d + x.shape.length : d));
        this.register(out as Tensor, this.node1('Transpose', [x.name], [{ name: 'perm', type: 'ints', value: perm }]), [x]);
        return;
      }
      case 'slice': {
        const x = this.val(a[0], 'slice');
        const [, dim, start, end, step] = args as unknown as [Tensor, number, number | null | undefined, number | null | undefined, number];
        const s = this.constI64([start ?? 0]);
        const e = this.constI64([end ?? INT64_MAX]);
        this.register(out as Tensor, this.node1('Slice', [x.name, s, e, this.constI64([dim]), this.constI64([step ?? 1])]), [x]);
        return;
      }
      case 'select': {
        const x = this.val(a[0], 'select');
        const idx = this.constI64([a[2] as number], true);
        this.register(out as Tensor, this.node1('Gather', [x.name, idx], [{ name: 'axis', type: 'int', value: a[1] as number }]), [x]);
        return;
      }
      case 'cat': {
        const xs = (a[0] as Tensor[]).map((t, i) => this.val(t, `cat (tensor ${i})`));
        const dim = a[1] as number;
        this.register(
          out as Tensor,
          this.node1(
            'Concat',
            xs.map((x) => x.name),
            [{ name: 'axis', type: 'int', value: dim }],
          ),
          xs,
        );
        return;
      }
      case 'flip': {
        const x = this.val(a[0], 'flip');
        const dims = typeof a[1] === 'number' ? [a[1] as number] : (a[1] as number[]);
        const n = dims.length;
        const name = this.node1('Slice', [
          x.name,
          this.constI64(Array(n).fill(-1)),
          this.constI64(Array(n).fill(-INT64_MAX)),
          this.constI64(dims),
          this.constI64(Array(n).fill(-1)),
        ]);
        this.register(out as Tensor, name, [x]);
        return;
      }
      case 'matmul': {
        const x = this.val(a[0], 'matmul');
        const y = this.val(a[1], 'matmul');
        this.register(out as Tensor, this.node1('MatMul', [x.name, y.name]), [x, y]);
        return;
      }
      case 'sum':
      case 'mean': {
        const x = this.val(a[0], kind);
        const dim = a[1] as number | number[] | null | undefined;
        const keep = a[2] ? 1 : 0;
        const axes = dim === null || dim === undefined ? x.shape.map((_, i) => i) : typeof dim === 'number' ? [dim] : dim;
        const name =
          x.shape.length === 0
            ? this.node1('Identity', [x.name])
            : kind === 'sum' || this.opset >= 18
              ? this.node1(kind === 'sum' ? 'ReduceSum' : 'ReduceMean', [x.name, this.constI64(axes)], [{ name: 'keepdims', type: 'int', value: keep }])
              : this.node1(
                  'ReduceMean',
                  [x.name],
                  [
                    { name: 'axes', type: 'ints', value: axes },
                    { name: 'keepdims', type: 'int', value: keep },
                  ],
                );
        this.register(out as Tensor, name, [x]);
        return;
      }
      case 'softmax':
      case 'logSoftmax': {
        const x = this.val(a[0], kind);
        this.register(
          out as Tensor,
          this.node1(kind === 'softmax' ? 'Softmax' : 'LogSoftmax', [x.name], [{ name: 'axis', type: 'int', value: a[1] as number }]),
          [x],
        );
        return;
      }
      case 'linear': {
        const [xt, wt, bt] = args as unknown as [Tensor, Tensor, Tensor | null | undefined];
        const x = this.val(xt, 'linear');
        const w = this.val(wt, 'linear (weight)');
        const b = bt ? this.val(bt, 'linear (bias)') : null;
        let y: string;
        if (xt.ndim === 2) {
          y = this.node1('Gemm', b ? [x.name, w.name, b.name] : [x.name, w.name], [{ name: 'transB', type: 'int', value: 1 }]);
        } else {
          y = this.node1('MatMul', [x.name, this.node1('Transpose', [w.name], [{ name: 'perm', type: 'ints', value: [1, 0] }])]);
          if (b) y = this.node1('Add', [y, b.name]);
        }
        this.register(out as Tensor, y, [x]);
        return;
      }
      case 'embedding': {
        const idx = this.val(a[0], 'embedding (indices)', 'int64');
        const w = this.val(a[1], 'embedding (weight)');
        this.register(out as Tensor, this.node1('Gather', [w.name, idx.name], [{ name: 'axis', type: 'int', value: 0 }]), [idx]);
        return;
      }
      case 'dropout': {
        const [, p, training] = args as unknown as [Tensor, number, boolean];
        if (training && p > 0) fail(`dropout with p = ${p} in training mode in ${this.where}: export a model in eval() mode (dropout is the identity there)`);
        return;
      }
      case 'packPaddedSequence': {
        const [xt, lengths, opts] = args as unknown as [Tensor, ArrayLike<number> | Tensor, { batchFirst?: boolean }];
        let x = this.val(xt, 'packPaddedSequence');
        if (opts?.batchFirst) x = this.transpose01(x);
        const lens = this.val(lengths, 'packPaddedSequence (lengths)', 'int32');
        this.packed.set(out as PackedSequence, { x, lens: lens.name });
        return;
      }
      case 'padPackedSequence': {
        const [seq, opts] = args as unknown as [PackedSequence, { batchFirst?: boolean; totalLength?: number }];
        const p = this.packed.get(seq) ?? fail(`padPackedSequence in ${this.where} got a PackedSequence the exporter did not see being made`);
        const x = opts?.batchFirst ? this.transpose01(p.x) : p.x;
        this.vals.set((out as [Tensor])[0], { ...x });
        return;
      }
      default:
        fail(`no emitter for traced op '${kind}'`);
    }
  }

  private binary(op: string, at: Tensor, bt: Tensor | number, out: Tensor): void {
    const onnx: Record<string, string> = { add: 'Add', sub: 'Sub', mul: 'Mul', div: 'Div' };
    const x = this.val(at, op);
    const y = typeof bt === 'number' ? { name: this.constF32(bt), shape: [], type: 'float32' as const } : this.val(bt, op);
    this.register(out, this.node1(onnx[op], [x.name, y.name]), [x, y]);
  }

  private transpose01(x: Val): Val {
    const perm = x.shape.map((_, i) => i);
    perm[0] = 1;
    perm[1] = 0;
    const name = this.node1('Transpose', [x.name], [{ name: 'perm', type: 'ints', value: perm }]);
    return { name, shape: perm.map((p) => x.shape[p]), type: x.type };
  }

  private reshape(xt: Tensor, shapeArg: readonly number[], op: string, out: Tensor): void {
    const x = this.val(xt, op);
    const from = xt.shape;
    const to = out.shape;
    // each target dim: asked as -1 (inferred), copied from the same input dim (0), one or two of
    // the input's dynamic dims (read from the graph), or a fixed size
    const asked = shapeArg;
    const syms = x.shape.filter((d): d is string => typeof d === 'string');
    const named = new Map<number, string>();
    for (const s of syms) named.set(this.sizeOf(s), s);
    for (let i = 0; i < syms.length; i++) {
      for (let j = i + 1; j < syms.length; j++) {
        const size = this.sizeOf(syms[i]) * this.sizeOf(syms[j]);
        if (!named.has(size)) named.set(size, this.derived([syms[i], syms[j]], 1));
      }
    }
    const kinds = to.map((n, i): 'infer' | 'copy' | 'dyn' | 'fixed' =>
      asked[i] === -1 ? 'infer' : typeof x.shape[i] === 'string' && this.sizeOf(x.shape[i] as string) === n ? 'copy' : named.has(n) ? 'dyn' : 'fixed',
    );
    const shape: Dim[] = to.map((n, i) => (kinds[i] === 'copy' ? x.shape[i] : kinds[i] === 'dyn' ? named.get(n)! : n));
    // the input's dynamic dims that no target dim carries make one dim dynamic: the -1 asked, or the
    // first fixed-looking one they divide (flatten)
    const carried = new Set(shape.flatMap((d, i) => (kinds[i] === 'copy' || kinds[i] === 'dyn' ? this.factorsOf(d as string) : [])));
    const rest = syms.flatMap((d) => this.factorsOf(d)).filter((f) => !carried.has(f));
    const restSize = rest.reduce((acc, f) => acc * this.sizeOf(f), 1);
    if (rest.length && !kinds.includes('infer')) {
      const i = kinds.findIndex((k, j) => k === 'fixed' && to[j] % restSize === 0);
      if (i < 0)
        fail(
          `reshape in ${this.where}: cannot tell which dim of ${fmtShape(to)} carries the dynamic dims ${rest.join(', ')} (input shape ${fmtShape(from)}); pass -1 for it`,
        );
      kinds[i] = 'infer';
    }
    kinds.forEach((k, i) => {
      if (k === 'infer' && rest.length && to[i] % restSize === 0) shape[i] = this.derived(rest, to[i] / restSize);
    });
    const free = kinds.filter((k) => k === 'infer' || k === 'dyn').length;
    const target =
      free <= 1
        ? this.constI64(shape.map((d, i) => (kinds[i] === 'copy' ? 0 : kinds[i] === 'fixed' ? (d as number) : -1)))
        : this.shapeTensor(shape.map((d, i) => (kinds[i] === 'infer' ? -1 : d)));
    const name = this.node1('Reshape', [x.name, target]);
    this.vals.set(out, { name, shape, type: x.type });
  }

  /** The dynamic dims a dim name stands for (itself, or the factors of a derived one). */
  private factorsOf(sym: string): string[] {
    const s = this.symbols.get(sym)!;
    return 'factors' in s ? s.factors : [sym];
  }

  /** The name of scale·Π factors as a dynamic dim (registered on first use). */
  private derived(factors: string[], scale: number): string {
    let k = scale;
    const base: string[] = [];
    for (const f of factors) {
      const s = this.symbols.get(f)!;
      if ('factors' in s) {
        k *= s.scale;
        base.push(...s.factors);
      } else base.push(f);
    }
    const name = [...(k === 1 ? [] : [String(k)]), ...base].join('*');
    if (!this.symbols.has(name)) this.symbols.set(name, { size: k * base.reduce((acc, f) => acc * this.sizeOf(f), 1), factors: base, scale: k });
    return name;
  }

  // --- recurrent modules ---------------------------------------------------------------------

  /** W, R, B initializers of one layer (both directions) in ONNX's layout and gate order. */
  private rnnWeights(m: RNN | LSTM | GRU | RNNCell | LSTMCell | GRUCell, prefix: string, suffixes: string[]): [string, string, string] {
    const params = new Map(m.namedParameters());
    const get = (n: string) => params.get(n)!.toArray();
    const H = m.hiddenSize;
    const order = GATE_ORDER[m.kind];
    const G = order.length * H;
    const dirs = suffixes.length;
    const wih = suffixes.map((s) => get(`weight_ih${s}`));
    const In = wih[0].length / G;
    const W = new Float32Array(dirs * G * In);
    const R = new Float32Array(dirs * G * H);
    const B = new Float32Array(dirs * 2 * G);
    suffixes.forEach((s, d) => {
      reorderGates(wih[d], order, H * In, W, d * G * In);
      reorderGates(get(`weight_hh${s}`), order, H * H, R, d * G * H);
      if (m.bias) {
        reorderGates(get(`bias_ih${s}`), order, H, B, d * 2 * G);
        reorderGates(get(`bias_hh${s}`), order, H, B, d * 2 * G + G);
      }
    });
    const w = this.init(`${prefix}.W`, 'float32', [dirs, G, In], W);
    const r = this.init(`${prefix}.R`, 'float32', [dirs, G, H], R);
    const b = m.bias ? this.init(`${prefix}.B`, 'float32', [dirs, 2 * G], B) : '';
    return [w, r, b];
  }

  private rnnAttrs(m: RNN | LSTM | GRU | RNNCell | LSTMCell | GRUCell, dirs: number): OnnxAttribute[] {
    const attrs: OnnxAttribute[] = [
      { name: 'hidden_size', type: 'int', value: m.hiddenSize },
      { name: 'direction', type: 'string', value: dirs === 2 ? 'bidirectional' : 'forward' },
    ];
    if (m.kind === 'gru') attrs.push({ name: 'linear_before_reset', type: 'int', value: 1 });
    if (m.kind === 'rnn_relu') attrs.push({ name: 'activations', type: 'strings', value: Array(dirs).fill('Relu') });
    return attrs;
  }

  private emitRecurrent(path: string, m: RNN | LSTM | GRU, args: unknown[], out: unknown): void {
    const [input, state] = args as unknown as [Tensor | PackedSequence, Tensor | [Tensor, Tensor] | null | undefined];
    const lstm = m.kind === 'lstm';
    const dirs = m.bidirectional ? 2 : 1;
    const h0t = lstm ? ((state as [Tensor, Tensor] | null)?.[0] ?? null) : ((state as Tensor | null) ?? null);
    const c0t = lstm ? ((state as [Tensor, Tensor] | null)?.[1] ?? null) : null;
    let x: Val;
    let lens = '';
    const packed = input instanceof PackedSequence ? this.packed.get(input) : null;
    const unbatched = input instanceof Tensor && input.ndim === 2;
    if (input instanceof PackedSequence) {
      if (!packed) fail(`${this.where} got a PackedSequence the exporter did not see being made (pack it with packPaddedSequence inside the traced forward)`);
      x = packed.x;
      lens = packed.lens;
    } else {
      x = this.val(input, `${m.constructor.name} input`);
      if (unbatched) x = { name: this.node1('Unsqueeze', [x.name, this.constI64([1])]), shape: [x.shape[0], 1, x.shape[1]], type: 'float32' };
      else if (m.batchFirst) x = this.transpose01(x);
    }
    const prepState = (t: Tensor | null, what: string) => {
      if (!t) return null;
      const v = this.val(t, `${m.constructor.name} ${what}`);
      return unbatched ? { name: this.node1('Unsqueeze', [v.name, this.constI64([1])]), shape: [v.shape[0], 1, v.shape[1]], type: 'float32' as const } : v;
    };
    const h0 = prepState(h0t, 'h0');
    const c0 = prepState(c0t, 'c0');
    const hs: string[] = [];
    const cs: string[] = [];
    for (let l = 0; l < m.numLayers; l++) {
      const [w, r, b] = this.rnnWeights(m, `${path}.l${l}`, dirs === 2 ? [`_l${l}`, `_l${l}_reverse`] : [`_l${l}`]);
      const layerState = (v: Val | null) =>
        v ? this.node1('Slice', [v.name, this.constI64([l * dirs]), this.constI64([(l + 1) * dirs]), this.constI64([0])]) : '';
      const inputs = [x.name, w, r, b, lens, layerState(h0)];
      if (lstm) inputs.push(layerState(c0));
      const outs = this.node(ONNX_RNN[m.kind], inputs, lstm ? 3 : 2, this.rnnAttrs(m, dirs));
      hs.push(outs[1]);
      if (lstm) cs.push(outs[2]);
      // Y (T, dirs, B, H) → (T, B, dirs·H)
      const y = this.node1('Transpose', [outs[0]], [{ name: 'perm', type: 'ints', value: [0, 2, 1, 3] }]);
      x = { name: this.node1('Reshape', [y, this.constI64([0, 0, -1])]), shape: [x.shape[0], x.shape[1], dirs * m.hiddenSize], type: 'float32' };
    }
    const join = (names: string[]) => (names.length === 1 ? names[0] : this.node1('Concat', names, [{ name: 'axis', type: 'int', value: 0 }]));
    let hn = join(hs);
    let cn = lstm ? join(cs) : '';
    const [output, hState] = out as [Tensor | PackedSequence, Tensor | [Tensor, Tensor]];
    const [hnT, cnT] = lstm ? (hState as [Tensor, Tensor]) : [hState as Tensor, null];
    const from = [x, ...(h0 ? [h0] : [])];
    if (output instanceof PackedSequence) {
      this.packed.set(output, { x, lens });
    } else if (unbatched) {
      this.register(output, this.node1('Squeeze', [x.name, this.constI64([1])]), from);
      hn = this.node1('Squeeze', [hn, this.constI64([1])]);
      if (lstm) cn = this.node1('Squeeze', [cn, this.constI64([1])]);
    } else {
      this.register(output, m.batchFirst ? this.transpose01(x).name : x.name, from);
    }
    this.register(hnT, hn, from);
    if (cnT) this.register(cnT, cn, from);
  }

  private emitCell(path: string, m: RNNCell | LSTMCell | GRUCell, args: unknown[], out: unknown): void {
    const [xt, state] = args as unknown as [Tensor, Tensor | [Tensor, Tensor] | null | undefined];
    const lstm = m.kind === 'lstm';
    const axes = xt.ndim === 1 ? [0, 1] : [0];
    const lift = (t: Tensor | null, what: string) =>
      t ? this.node1('Unsqueeze', [this.val(t, `${m.constructor.name} ${what}`).name, this.constI64(axes)]) : '';
    const x = this.val(xt, `${m.constructor.name} input`);
    const h = lstm ? ((state as [Tensor, Tensor] | null)?.[0] ?? null) : ((state as Tensor | null) ?? null);
    const c = lstm ? ((state as [Tensor, Tensor] | null)?.[1] ?? null) : null;
    const [w, r, b] = this.rnnWeights(m, path, ['']);
    const inputs = [this.node1('Unsqueeze', [x.name, this.constI64(axes)]), w, r, b, '', lift(h, 'hidden state')];
    if (lstm) inputs.push(lift(c, 'cell state'));
    const outs = this.node(ONNX_RNN[m.kind], inputs, lstm ? 3 : 2, this.rnnAttrs(m, 1));
    const [h1, c1] = lstm ? (out as [Tensor, Tensor]) : [out as Tensor, null];
    this.register(h1, this.node1('Squeeze', [outs[1], this.constI64(axes)]), [x]);
    if (c1) this.register(c1, this.node1('Squeeze', [outs[2], this.constI64(axes)]), [x]);
  }
}

/** The tensors of a forward's result, in order: a Tensor, arrays and plain objects of them (nulls skipped). */
function flattenOutputs(out: unknown, into: Tensor[] = []): Tensor[] {
  if (out instanceof Tensor) into.push(out);
  else if (Array.isArray(out)) for (const o of out) flattenOutputs(o, into);
  else if (out instanceof PackedSequence) fail('the forward pass returns a PackedSequence; return padPackedSequence(…)[0] instead');
  else if (out !== null && typeof out === 'object') for (const v of Object.values(out)) flattenOutputs(v, into);
  return into;
}

/**
 * Traces `module.forward(...exampleInputs)` (in eval mode, without gradients) and returns the ONNX
 * model as bytes. Recurrent layers become ONNX RNN / LSTM / GRU nodes (stacked per layer,
 * direction "bidirectional"), Linear a Gemm or MatMul + Add, Embedding a Gather, dropout the
 * identity. Inputs given as integer arrays (and tensors read only as embedding indices) are int64.
 * An op or module the exporter cannot express is an Error naming it and the module path.
 */
export function exportOnnx(module: Module, exampleInputs: ExampleInput[], opts: OnnxExportOptions = {}): Uint8Array {
  return encodeModel(traceOnnx(module, exampleInputs, opts));
}

/** exportOnnx's model before encoding (for inspection). */
export function traceOnnx(module: Module, exampleInputs: ExampleInput[], opts: OnnxExportOptions = {}): OnnxModel {
  const opset = opts.opset ?? 17;
  if (!Number.isInteger(opset) || opset < 14 || opset > 21) fail(`opset ${opset} is not supported (14 … 21)`);
  if (!Array.isArray(exampleInputs)) fail('exampleInputs must be an array of Tensors or integer arrays');
  const forward = (module as Module & { forward?: (...a: unknown[]) => unknown }).forward;
  if (typeof forward !== 'function') fail(`${module.constructor.name} has no forward()`);
  const tracer = new OnnxTracer(module, opset);
  const inputNames = exampleInputs.map((_, i) => opts.inputNames?.[i] ?? `input_${i}`);
  const axesOf = (name: string): Record<number, string> => {
    const ax = opts.dynamicAxes?.[name];
    if (!ax) return {};
    if (Array.isArray(ax)) return Object.fromEntries(ax.map((a) => [a, `${name}_dim${a}`]));
    return ax;
  };
  const inputs = exampleInputs.map((x, i) => {
    if (!(x instanceof Tensor) && !(Array.isArray(x) && x.every((v) => Number.isInteger(v))))
      fail(`example input ${i} must be a Tensor or an array of integers`);
    return tracer.addInput(x, inputNames[i], axesOf(inputNames[i]));
  });
  const modes = module.namedModules().map(([, m]) => [m, m.training] as const);
  module.eval();
  const undo = tracer.instrument(module);
  const prev = setTracer(tracer);
  let result: unknown;
  try {
    result = noGrad(() => (module as Module & { forward: (...a: unknown[]) => unknown }).forward(...exampleInputs));
  } finally {
    setTracer(prev);
    undo();
    for (const [m, t] of modes) m.training = t;
  }
  const outs = flattenOutputs(result);
  if (outs.length === 0) fail(`${module.constructor.name}.forward returned no tensors`);
  const outputs = outs.map((t, i) => {
    const name = opts.outputNames?.[i] ?? `output_${i}`;
    const v = tracer.output(t, name);
    const ax = axesOf(name);
    for (const [k, sym] of Object.entries(ax)) if (Number(k) < v.shape.length) v.shape[Number(k)] = sym;
    return v;
  });
  return {
    irVersion: 8,
    opsetImports: [{ domain: '', version: opset }],
    producerName: 'seqgrad',
    producerVersion: '0.1.0',
    docString: '',
    metadata: {},
    graph: { name: opts.graphName ?? module.constructor.name, nodes: tracer.nodes, initializers: tracer.initializers, inputs, outputs },
  };
}

/** exportOnnx, written to `path` (Node). */
export async function saveOnnx(module: Module, exampleInputs: ExampleInput[], path: string, opts: OnnxExportOptions = {}): Promise<void> {
  requireNode('io.saveOnnx', 'use io.exportOnnx(module, exampleInputs), which returns the bytes');
  const bytes = exportOnnx(module, exampleInputs, opts);
  await (await nodeFs()).writeFile(path, bytes);
}

/** Parses and validates an .onnx file's bytes (see io/onnx.ts decodeModel); throws with the reason when malformed. */
export function readOnnx(bytes: Uint8Array): OnnxModel {
  return decodeModel(bytes);
}
