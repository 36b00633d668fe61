// Recurrent modules with PyTorch's options, parameter names, init and return shapes: RNN, LSTM,
// GRU (multi-layer, bidirectional, packed variable-length input, LSTM projection) and the cells.
// The modules hold no math: they validate shapes and call the fused layer op (ops/rnn.ts).
import { cat, select, stack } from '../ops/shape.js';
import { dropout } from '../ops/nn.js';
import { rnnLayer, rnnStackInference, type RnnKind } from '../ops/rnn.js';
import { needsGraph } from '../autograd.js';
import { fmtShape, Parameter, Tensor } from '../tensor.js';
import { zeros } from '../creation.js';
import { uniform_ } from './init.js';
import { Module } from './module.js';
import { checkOptions, describeNonTensor } from '../options.js';
import { PackedSequence } from './packed.js';

export interface RNNOptions {
  inputSize: number;
  hiddenSize: number;
  numLayers?: number;
  nonlinearity?: 'tanh' | 'relu';
  bias?: boolean;
  batchFirst?: boolean;
  dropout?: number;
  bidirectional?: boolean;
}
export interface LSTMOptions extends Omit<RNNOptions, 'nonlinearity'> { projSize?: number }
export type GRUOptions = Omit<RNNOptions, 'nonlinearity'>;

function checkInt(where: string, name: string, v: unknown, min: number): number {
  if (!Number.isInteger(v) || (v as number) < min) throw new Error(`${where}: ${name} must be an integer ≥ ${min}, got ${String(v)}`);
  return v as number;
}

interface LayerParams { wIh: Parameter; wHh: Parameter; bIh: Parameter | null; bHh: Parameter | null; wHr: Parameter | null }

/**
 * Shared base of RNN, LSTM and GRU. Input (T, B, I) — (B, T, I) with batchFirst — or (T, I)
 * unbatched, or a PackedSequence; h0 (numLayers·dirs, B, P) whatever batchFirst.
 */
abstract class RNNBase extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  readonly projSize: number;
  readonly kind: RnnKind;
  protected readonly layers: LayerParams[][] = [];
  private readonly name: string;
  /** The parameters, listed once (the set is fixed after construction). */
  private paramList: Parameter[] | null = null;

  constructor(name: string, kind: RnnKind, opts: RNNOptions & { projSize?: number }) {
    super();
    this.name = name;
    this.kind = kind;
    this.inputSize = checkInt(name, 'inputSize', opts.inputSize, 1);
    this.hiddenSize = checkInt(name, 'hiddenSize', opts.hiddenSize, 1);
    this.numLayers = checkInt(name, 'numLayers', opts.numLayers ?? 1, 1);
    this.bias = opts.bias ?? true;
    this.batchFirst = opts.batchFirst ?? false;
    this.dropout = opts.dropout ?? 0;
    this.bidirectional = opts.bidirectional ?? false;
    this.projSize = checkInt(name, 'projSize', opts.projSize ?? 0, 0);
    if (!(this.dropout >= 0 && this.dropout <= 1)) throw new Error(`${name}: dropout should be a number in range [0, 1], got ${this.dropout}`);
    if (this.projSize >= this.hiddenSize) throw new Error(`${name}: projSize (${this.projSize}) has to be smaller than hiddenSize (${this.hiddenSize})`);
    const H = this.hiddenSize;
    const P = this.projSize || H;
    const Gr = kind === 'lstm' ? 4 * H : kind === 'gru' ? 3 * H : H;
    const dirs = this.bidirectional ? 2 : 1;
    for (let l = 0; l < this.numLayers; l++) {
      const row: LayerParams[] = [];
      for (let d = 0; d < dirs; d++) {
        const sfx = `_l${l}${d === 1 ? '_reverse' : ''}`;
        const inF = l === 0 ? this.inputSize : P * dirs;
        row.push({
          wIh: this.registerParameter(`weight_ih${sfx}`, new Parameter([Gr, inF])),
          wHh: this.registerParameter(`weight_hh${sfx}`, new Parameter([Gr, P])),
          bIh: this.bias ? this.registerParameter(`bias_ih${sfx}`, new Parameter([Gr])) : null,
          bHh: this.bias ? this.registerParameter(`bias_hh${sfx}`, new Parameter([Gr])) : null,
          wHr: this.projSize ? this.registerParameter(`weight_hr${sfx}`, new Parameter([P, H])) : null,
        });
      }
      this.layers.push(row);
    }
    this.resetParameters();
  }

  /** U(−1/√H, 1/√H) for every parameter, in registration order (PyTorch's reset_parameters). */
  resetParameters(): void {
    const stdv = 1.0 / Math.sqrt(this.hiddenSize);
    for (const p of this.parameters()) uniform_(p, -stdv, stdv);
  }

  /** Runs the stack; returns output (same form as the input), hn and cn (LSTM). */
  protected run(input: Tensor | PackedSequence, hx: Tensor | null, cx: Tensor | null): [Tensor | PackedSequence, Tensor, Tensor | null] {
    const where = `${this.name}.forward`;
    const H = this.hiddenSize;
    const P = this.projSize || H;
    const dirs = this.bidirectional ? 2 : 1;
    const lstm = this.kind === 'lstm';
    let x: Tensor;
    let batchSizes: readonly number[];
    let B: number;
    let T: number;
    let unbatched = false;
    const packed = input instanceof PackedSequence ? input : null;
    if (packed) {
      x = packed.data;
      batchSizes = packed.batchSizes;
      B = batchSizes[0] ?? 0;
      T = batchSizes.length;
      if (x.ndim !== 2 || x.shape[1] !== this.inputSize) {
        throw new Error(`${where}: input has ${x.shape[1]} features, expected ${this.inputSize} (packed data shape ${fmtShape(x.shape)})`);
      }
    } else {
      if (!(input instanceof Tensor)) throw new Error(`${where}: input must be a Tensor or a PackedSequence, got ${describeNonTensor(input)}`);
      if (input.ndim !== 2 && input.ndim !== 3) {
        throw new Error(`${where}: expected input to be 2-D (unbatched) or 3-D, got ${input.ndim}-D tensor of shape ${fmtShape(input.shape)}`);
      }
      if (input.shape[input.ndim - 1] !== this.inputSize) {
        throw new Error(`${where}: input has ${input.shape[input.ndim - 1]} features, expected ${this.inputSize} (input shape ${fmtShape(input.shape)})`);
      }
      let seq = input;
      if (input.ndim === 2) { unbatched = true; seq = input.unsqueeze(1); } else if (this.batchFirst) seq = input.transpose(0, 1);
      [T, B] = seq.shape;
      if (T === 0) throw new Error(`${where}: input has zero time steps (input shape ${fmtShape(input.shape)})`);
      x = seq.reshape([T * B, this.inputSize]);
      batchSizes = new Array(T).fill(B);
    }
    // initial states, in the packed (sorted) batch order
    const expectH = [this.numLayers * dirs, B, P];
    const expectC = [this.numLayers * dirs, B, H];
    const prep = (h: Tensor | null, expect: number[], what: string): Tensor | null => {
      if (h === null) return null;
      if (!(h instanceof Tensor)) throw new Error(`${where}: ${what} must be a Tensor, got ${describeNonTensor(h)}`);
      const hh = unbatched && h.ndim === 2 ? h.unsqueeze(1) : h;
      if (hh.ndim !== 3 || hh.shape.some((d, i) => d !== expect[i])) {
        throw new Error(`${where}: expected ${what} size ${fmtShape(unbatched ? [expect[0], expect[2]] : expect)}, got ${fmtShape(h.shape)}`);
      }
      return packed?.sortedIndices ? hh.indexSelect(1, packed.sortedIndices) : hh;
    };
    const h0 = prep(hx, expectH, 'hidden state h0');
    const c0 = lstm ? prep(cx, expectC, 'cell state c0') : null;

    const N = x.shape[0];
    let hn: Tensor;
    let cn: Tensor | null = null;
    let layerIn = x;
    const dropping = this.dropout > 0 && this.training && this.numLayers > 1;
    this.paramList ??= this.parameters();
    if (!dropping && !needsGraph(this.paramList) && !needsGraph([x, h0, c0])) {
      // inference: the whole stack in one kernel scope, no intermediate tensors
      const r = rnnStackInference(this.kind, x, batchSizes, h0, c0, this.layers, H);
      layerIn = new Tensor(r.out, [N, dirs * P]);
      hn = new Tensor(r.hn, [this.numLayers * dirs, B, P]);
      if (r.cn) cn = new Tensor(r.cn, [this.numLayers * dirs, B, H]);
    } else {
      const hns: Tensor[] = [];
      const cns: Tensor[] = [];
      for (let l = 0; l < this.numLayers; l++) {
        const outs: Tensor[] = [];
        for (let d = 0; d < dirs; d++) {
          const idx = l * dirs + d;
          const h0d = h0 ? select(h0, 0, idx) : zeros([B, P]);
          const c0d = lstm ? (c0 ? select(c0, 0, idx) : zeros([B, H])) : null;
          const flat = rnnLayer(this.kind, layerIn, batchSizes, h0d, c0d, this.layers[l][d], H, d === 1);
          outs.push(flat.slice(0, 0, N * P).reshape([N, P]));
          hns.push(flat.slice(0, N * P, N * P + B * P).reshape([B, P]));
          if (lstm) cns.push(flat.slice(0, N * P + B * P, N * P + B * P + B * H).reshape([B, H]));
        }
        layerIn = dirs === 2 ? cat(outs, 1) : outs[0];
        if (l < this.numLayers - 1 && this.dropout > 0 && this.training) layerIn = dropout(layerIn, this.dropout, true);
      }
      hn = stack(hns, 0);
      cn = lstm ? stack(cns, 0) : null;
    }
    if (packed?.unsortedIndices) {
      hn = hn.indexSelect(1, packed.unsortedIndices);
      if (cn) cn = cn.indexSelect(1, packed.unsortedIndices);
    }
    let output: Tensor | PackedSequence;
    if (packed) {
      output = new PackedSequence(layerIn, batchSizes, packed.sortedIndices, packed.unsortedIndices);
    } else {
      let out = layerIn.reshape([T, B, dirs * P]);
      if (unbatched) {
        out = out.squeeze(1);
        hn = hn.squeeze(1);
        if (cn) cn = cn.squeeze(1);
      } else if (this.batchFirst) out = out.transpose(0, 1);
      output = out;
    }
    return [output, hn, cn];
  }
}

/** Elman RNN: h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh) (or relu). Returns [output, hn]. */
export class RNN extends RNNBase {
  constructor(opts: RNNOptions) {
    checkOptions('RNN', opts, { inputSize: 'int', hiddenSize: 'int', numLayers: 'int', bias: 'boolean', batchFirst: 'boolean', dropout: 'number', bidirectional: 'boolean', nonlinearity: 'string' }, true);
    const nl = opts.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new Error(`RNN: unknown nonlinearity '${String(nl)}' (expected 'tanh' or 'relu')`);
    super('RNN', nl === 'tanh' ? 'rnn_tanh' : 'rnn_relu', opts);
  }
  forward<X extends Tensor | PackedSequence>(input: X, h0: Tensor | null = null): [X, Tensor] {
    const [out, hn] = this.run(input, h0, null);
    return [out as X, hn];
  }
}

/**
 * LSTM (gates i, f, g, o): c_t = f⊙c_{t−1} + i⊙g, h_t = o⊙tanh(c_t) (then W_hr h_t with projSize).
 * Returns [output, [hn, cn]].
 */
export class LSTM extends RNNBase {
  constructor(opts: LSTMOptions) {
    checkOptions('LSTM', opts, { inputSize: 'int', hiddenSize: 'int', numLayers: 'int', bias: 'boolean', batchFirst: 'boolean', dropout: 'number', bidirectional: 'boolean', projSize: 'int' }, true);
    super('LSTM', 'lstm', opts);
  }
  forward<X extends Tensor | PackedSequence>(input: X, state: [Tensor, Tensor] | null = null): [X, [Tensor, Tensor]] {
    if (state !== null && (!Array.isArray(state) || state.length !== 2)) throw new Error('LSTM.forward: state must be [h0, c0]');
    const [out, hn, cn] = this.run(input, state ? state[0] : null, state ? state[1] : null);
    return [out as X, [hn, cn!]];
  }
}

/** GRU (gates r, z, n): n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn)), h_t = (1−z)⊙n + z⊙h_{t−1}. Returns [output, hn]. */
export class GRU extends RNNBase {
  constructor(opts: GRUOptions) {
    checkOptions('GRU', opts, { inputSize: 'int', hiddenSize: 'int', numLayers: 'int', bias: 'boolean', batchFirst: 'boolean', dropout: 'number', bidirectional: 'boolean' }, true);
    super('GRU', 'gru', opts);
  }
  forward<X extends Tensor | PackedSequence>(input: X, h0: Tensor | null = null): [X, Tensor] {
    const [out, hn] = this.run(input, h0, null);
    return [out as X, hn];
  }
}

export interface CellOptions { inputSize: number; hiddenSize: number; bias?: boolean; nonlinearity?: 'tanh' | 'relu' }

/** One step of a cell: input (B, I) or (I), state (B, H) or (H). */
abstract class CellBase extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly bias: boolean;
  readonly weight_ih: Parameter;
  readonly weight_hh: Parameter;
  readonly bias_ih: Parameter | null;
  readonly bias_hh: Parameter | null;
  readonly kind: RnnKind;
  private readonly name: string;

  constructor(name: string, kind: RnnKind, opts: CellOptions) {
    super();
    this.name = name;
    this.kind = kind;
    this.inputSize = checkInt(name, 'inputSize', opts.inputSize, 1);
    this.hiddenSize = checkInt(name, 'hiddenSize', opts.hiddenSize, 1);
    this.bias = opts.bias ?? true;
    const H = this.hiddenSize;
    const Gr = kind === 'lstm' ? 4 * H : kind === 'gru' ? 3 * H : H;
    this.weight_ih = this.registerParameter('weight_ih', new Parameter([Gr, this.inputSize]));
    this.weight_hh = this.registerParameter('weight_hh', new Parameter([Gr, H]));
    this.bias_ih = this.bias ? this.registerParameter('bias_ih', new Parameter([Gr])) : null;
    this.bias_hh = this.bias ? this.registerParameter('bias_hh', new Parameter([Gr])) : null;
    const stdv = 1.0 / Math.sqrt(H);
    for (const p of this.parameters()) uniform_(p, -stdv, stdv);
  }

  protected step(x: Tensor, h: Tensor | null, c: Tensor | null): [Tensor, Tensor | null] {
    const where = `${this.name}.forward`;
    if (!(x instanceof Tensor) || (x.ndim !== 1 && x.ndim !== 2)) {
      throw new Error(`${where}: expected input to be 1-D or 2-D, got ${x instanceof Tensor ? `shape ${fmtShape(x.shape)}` : typeof x}`);
    }
    if (x.shape[x.ndim - 1] !== this.inputSize) {
      throw new Error(`${where}: input has ${x.shape[x.ndim - 1]} features, expected ${this.inputSize} (input shape ${fmtShape(x.shape)})`);
    }
    const unbatched = x.ndim === 1;
    const xb = unbatched ? x.unsqueeze(0) : x;
    const B = xb.shape[0];
    const H = this.hiddenSize;
    const prep = (s: Tensor | null, what: string): Tensor => {
      if (s === null) return zeros([B, H]);
      const expect = unbatched ? [H] : [B, H];
      if (!(s instanceof Tensor) || s.ndim !== expect.length || s.shape.some((d, i) => d !== expect[i])) {
        throw new Error(`${where}: expected ${what} of shape ${fmtShape(expect)}, got ${s instanceof Tensor ? fmtShape(s.shape) : typeof s} (input shape ${fmtShape(x.shape)})`);
      }
      return unbatched ? s.unsqueeze(0) : s;
    };
    const h0 = prep(h, 'hidden state');
    const c0 = this.kind === 'lstm' ? prep(c, 'cell state') : null;
    const w = { wIh: this.weight_ih, wHh: this.weight_hh, bIh: this.bias_ih, bHh: this.bias_hh, wHr: null };
    const flat = rnnLayer(this.kind, xb, [B], h0, c0, w, H, false);
    let h1 = flat.slice(0, 0, B * H).reshape([B, H]);
    let c1 = c0 ? flat.slice(0, 2 * B * H, 3 * B * H).reshape([B, H]) : null;
    if (unbatched) {
      h1 = h1.squeeze(0);
      if (c1) c1 = c1.squeeze(0);
    }
    return [h1, c1];
  }
}

/** h' = tanh(W_ih x + b_ih + W_hh h + b_hh) (or relu). */
export class RNNCell extends CellBase {
  constructor(opts: CellOptions) {
    checkOptions('RNNCell', opts, { inputSize: 'int', hiddenSize: 'int', bias: 'boolean', nonlinearity: 'string' }, true);
    const nl = opts.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new Error(`RNNCell: unknown nonlinearity '${String(nl)}'`);
    super('RNNCell', nl === 'tanh' ? 'rnn_tanh' : 'rnn_relu', opts);
  }
  forward(x: Tensor, h: Tensor | null = null): Tensor {
    return this.step(x, h, null)[0];
  }
}

/** One LSTM step: returns [h', c']. */
export class LSTMCell extends CellBase {
  constructor(opts: Omit<CellOptions, 'nonlinearity'>) {
    checkOptions('LSTMCell', opts, { inputSize: 'int', hiddenSize: 'int', bias: 'boolean' }, true);
    super('LSTMCell', 'lstm', opts);
  }
  forward(x: Tensor, state: [Tensor, Tensor] | null = null): [Tensor, Tensor] {
    const [h, c] = this.step(x, state ? state[0] : null, state ? state[1] : null);
    return [h, c!];
  }
}

/** One GRU step: returns h'. */
export class GRUCell extends CellBase {
  constructor(opts: Omit<CellOptions, 'nonlinearity'>) {
    checkOptions('GRUCell', opts, { inputSize: 'int', hiddenSize: 'int', bias: 'boolean' }, true);
    super('GRUCell', 'gru', opts);
  }
  forward(x: Tensor, h: Tensor | null = null): Tensor {
    return this.step(x, h, null)[0];
  }
}
