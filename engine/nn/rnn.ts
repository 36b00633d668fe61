// Recurrent modules with PyTorch's options, parameter names, init and return shapes: RNN, LSTM,
// GRU (multi-layer, bidirectional, packed variable-length input, LSTM projection) and the cells.
// The modules hold no math: they validate shapes (PyTorch's checkInput, expectedHiddenSize,
// checkHiddenSize, permuteHidden) and call the fused recurrent op (ops/rnn/op.ts).
import { gateRows, rnn, rnnCell, type RnnKind } from '../ops/rnn/op.js';
import { indexSelect } from '../ops/gather-scatter.js';
import { reshape, squeeze, transpose, unsqueeze } from '../ops/shape.js';
import { fmtShape, Parameter, Tensor } from '../tensor.js';
import { uniform_ } from './init.js';
import { Module, pyRepr } from './module.js';
import { checkOptions, describeNonTensor } from '../options.js';
import { PackedSequence } from './packed-sequence.js';

/** The options of nn.RNN (PyTorch's keyword arguments in camelCase); LSTM and GRU take the same but nonlinearity. */
export interface RNNOptions {
  /** I: the features of each input step (input_size). */
  inputSize: number;
  /** H: the features of the hidden state (hidden_size). */
  hiddenSize: number;
  /** L: stacked layers, each fed the previous one's output (num_layers); default 1. */
  numLayers?: number;
  /** 'tanh' (default) or 'relu'; RNN only. */
  nonlinearity?: 'tanh' | 'relu';
  /** Whether the layers have bias_ih and bias_hh; default true. */
  bias?: boolean;
  /** Input and output as (B, T, ·) instead of (T, B, ·) (batch_first); h0 and hn stay (L·D, B, H); default false. */
  batchFirst?: boolean;
  /** Dropout probability on the outputs of every layer but the last, in training; default 0. */
  dropout?: number;
  /** Run a reverse direction too (D = 2), its outputs concatenated after the forward ones; default false. */
  bidirectional?: boolean;
}
/** The options of nn.LSTM: RNNOptions without nonlinearity, plus projSize. */
export interface LSTMOptions extends Omit<RNNOptions, 'nonlinearity'> {
  /** P: project h_t to P < H features with weight_hr [P, H] (proj_size); default 0 (none). */
  projSize?: number;
}
/** The options of nn.GRU: RNNOptions without nonlinearity. */
export type GRUOptions = Omit<RNNOptions, 'nonlinearity'>;

function checkInt(where: string, name: string, v: unknown, min: number): number {
  if (!Number.isInteger(v) || (v as number) < min) throw new Error(`${where}: ${name} must be an integer ≥ ${min}, got ${String(v)}`);
  return v as number;
}

interface LayerParams {
  wIh: Parameter;
  wHh: Parameter;
  bIh: Parameter | null;
  bHh: Parameter | null;
  wHr: Parameter | null;
}

/** A recurrent module's input as the op takes it: packed rows x [N, I] and how to shape the output back. */
interface SequenceInput {
  x: Tensor; //                 [N, I] packed time-major rows
  batchSizes: readonly number[]; // [T] rows of each step
  B: number;
  T: number;
  unbatched: boolean; //        the input was (T, I)
  packed: PackedSequence | null;
}

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
    const Gr = gateRows(kind, H);
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

  /**
   * PyTorch's check_input: the input as packed rows x [N, I] with its batch sizes; a tensor
   * (T, B, I), (B, T, I) with batchFirst, or (T, I) unbatched, or a PackedSequence.
   */
  protected checkInput(input: Tensor | PackedSequence): SequenceInput {
    const where = `${this.name}.forward`;
    if (input instanceof PackedSequence) {
      const x = input.data;
      if (x.ndim !== 2 || x.shape[1] !== this.inputSize) {
        throw new Error(`${where}: input has ${x.shape[1]} features, expected ${this.inputSize} (packed data shape ${fmtShape(x.shape)})`);
      }
      return { x, batchSizes: input.batchSizes, B: input.batchSizes[0] ?? 0, T: input.batchSizes.length, unbatched: false, packed: input };
    }
    if (!(input instanceof Tensor)) throw new Error(`${where}: input must be a Tensor or a PackedSequence, got ${describeNonTensor(input)}`);
    if (input.ndim !== 2 && input.ndim !== 3) {
      throw new Error(`${where}: expected input to be 2-D (unbatched) or 3-D, got ${input.ndim}-D tensor of shape ${fmtShape(input.shape)}`);
    }
    if (input.shape[input.ndim - 1] !== this.inputSize) {
      throw new Error(`${where}: input has ${input.shape[input.ndim - 1]} features, expected ${this.inputSize} (input shape ${fmtShape(input.shape)})`);
    }
    const unbatched = input.ndim === 2;
    const seq = unbatched ? unsqueeze(input, 1) : this.batchFirst ? transpose(input, 0, 1) : input;
    const [T, B] = seq.shape;
    if (T === 0) throw new Error(`${where}: input has zero time steps (input shape ${fmtShape(input.shape)})`);
    return { x: reshape(seq, [T * B, this.inputSize]), batchSizes: new Array<number>(T).fill(B), B, T, unbatched, packed: null };
  }

  /** PyTorch's get_expected_hidden_size: (numLayers·dirs, B, P) for h0 (width H for c0). */
  protected expectedHiddenSize(seq: SequenceInput, width = this.projSize || this.hiddenSize): number[] {
    return [this.numLayers * (this.bidirectional ? 2 : 1), seq.B, width];
  }

  /** PyTorch's check_hidden_size: h (null: zeros) has the expected size (unbatched: without B); returns it 3-D. */
  protected checkHiddenSize(h: Tensor | null, expected: number[], seq: SequenceInput, what: string): Tensor | null {
    if (h === null) return null;
    if (!(h instanceof Tensor)) throw new Error(`${this.name}.forward: ${what} must be a Tensor, got ${describeNonTensor(h)}`);
    const hh = seq.unbatched && h.ndim === 2 ? unsqueeze(h, 1) : h;
    if (hh.ndim !== 3 || hh.shape.some((d, i) => d !== expected[i])) {
      throw new Error(
        `${this.name}.forward: expected ${what} size ${fmtShape(seq.unbatched ? [expected[0], expected[2]] : expected)}, got ${fmtShape(h.shape)}`,
      );
    }
    return hh;
  }

  /** PyTorch's permute_hidden: the batch dim of a state (L·D, B, ·) reordered by a packed sequence's permutation. */
  protected permuteHidden<S extends Tensor | null>(h: S, permutation: Int32Array | readonly number[] | null | undefined): S {
    return (h && permutation ? indexSelect(h, 1, permutation) : h) as S;
  }

  /** Runs the stack; returns output (same form as the input), hn and cn (LSTM). */
  protected run(input: Tensor | PackedSequence, hx: Tensor | null, cx: Tensor | null): [Tensor | PackedSequence, Tensor, Tensor | null] {
    const seq = this.checkInput(input);
    const sorted = seq.packed?.sortedIndices;
    const h0 = this.permuteHidden(this.checkHiddenSize(hx, this.expectedHiddenSize(seq), seq, 'hidden state h0'), sorted);
    const c0 =
      this.kind === 'lstm' ? this.permuteHidden(this.checkHiddenSize(cx, this.expectedHiddenSize(seq, this.hiddenSize), seq, 'cell state c0'), sorted) : null;
    const dropoutP = this.training && this.numLayers > 1 ? this.dropout : 0;
    const r = rnn(this.kind, seq.x, seq.batchSizes, h0, c0, this.layers, this.hiddenSize, dropoutP);
    const unsorted = seq.packed?.unsortedIndices;
    let hn = this.permuteHidden(r.hn, unsorted);
    let cn = this.permuteHidden(r.cn, unsorted);
    if (seq.packed) return [new PackedSequence(r.out, seq.batchSizes, seq.packed.sortedIndices, unsorted), hn, cn];
    let out = reshape(r.out, [seq.T, seq.B, r.out.shape[1]]);
    if (seq.unbatched) {
      out = squeeze(out, 1);
      hn = squeeze(hn, 1);
      if (cn) cn = squeeze(cn, 1);
    } else if (this.batchFirst) out = transpose(out, 0, 1);
    return [out, hn, cn];
  }

  /** PyTorch's extra_repr: `10, 20, num_layers=2, batch_first=True, bidirectional=True`. */
  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.projSize !== 0) s += `, proj_size=${this.projSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (!this.bias) s += ', bias=False';
    if (this.batchFirst) s += ', batch_first=True';
    if (this.dropout !== 0) s += `, dropout=${pyRepr(this.dropout, true)}`;
    if (this.bidirectional) s += ', bidirectional=True';
    return s;
  }
}

/** Elman RNN: h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh) (or relu). Returns [output, hn]. */
export class RNN extends RNNBase {
  constructor(opts: RNNOptions) {
    checkOptions(
      'RNN',
      opts,
      {
        inputSize: 'int',
        hiddenSize: 'int',
        numLayers: 'int',
        bias: 'boolean',
        batchFirst: 'boolean',
        dropout: 'number',
        bidirectional: 'boolean',
        nonlinearity: 'string',
      },
      true,
    );
    const nl = opts.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new Error(`RNN: unknown nonlinearity '${String(nl)}' (expected 'tanh' or 'relu')`);
    super('RNN', nl === 'tanh' ? 'rnn_tanh' : 'rnn_relu', opts);
  }
  /**
   * input (T, B, I) — (B, T, I) with batchFirst — or unbatched (T, I), or a PackedSequence; h0
   * (L·D, B, H) or (L·D, H), zeros when null. Returns [output (T, B, D·H) (batchFirst: (B, T, D·H);
   * a PackedSequence for one), hn (L·D, B, H)], L = numLayers, D = 2 if bidirectional else 1.
   */
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
    checkOptions(
      'LSTM',
      opts,
      {
        inputSize: 'int',
        hiddenSize: 'int',
        numLayers: 'int',
        bias: 'boolean',
        batchFirst: 'boolean',
        dropout: 'number',
        bidirectional: 'boolean',
        projSize: 'int',
      },
      true,
    );
    super('LSTM', 'lstm', opts);
  }
  /**
   * input (T, B, I) — (B, T, I) with batchFirst — or unbatched (T, I), or a PackedSequence; state
   * [h0 (L·D, B, P), c0 (L·D, B, H)], zeros when null. Returns [output (T, B, D·P) (batchFirst:
   * (B, T, D·P); a PackedSequence for one), [hn (L·D, B, P), cn (L·D, B, H)]], P = projSize || H.
   */
  forward<X extends Tensor | PackedSequence>(input: X, state: [Tensor, Tensor] | null = null): [X, [Tensor, Tensor]] {
    if (state !== null && (!Array.isArray(state) || state.length !== 2)) throw new Error('LSTM.forward: state must be [h0, c0]');
    const [out, hn, cn] = this.run(input, state ? state[0] : null, state ? state[1] : null);
    return [out as X, [hn, cn!]];
  }
}

/** GRU (gates r, z, n): n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn)), h_t = (1−z)⊙n + z⊙h_{t−1}. Returns [output, hn]. */
export class GRU extends RNNBase {
  constructor(opts: GRUOptions) {
    checkOptions(
      'GRU',
      opts,
      { inputSize: 'int', hiddenSize: 'int', numLayers: 'int', bias: 'boolean', batchFirst: 'boolean', dropout: 'number', bidirectional: 'boolean' },
      true,
    );
    super('GRU', 'gru', opts);
  }
  /**
   * input (T, B, I) — (B, T, I) with batchFirst — or unbatched (T, I), or a PackedSequence; h0
   * (L·D, B, H) or (L·D, H), zeros when null. Returns [output (T, B, D·H) (batchFirst: (B, T, D·H);
   * a PackedSequence for one), hn (L·D, B, H)], L = numLayers, D = 2 if bidirectional else 1.
   */
  forward<X extends Tensor | PackedSequence>(input: X, h0: Tensor | null = null): [X, Tensor] {
    const [out, hn] = this.run(input, h0, null);
    return [out as X, hn];
  }
}

/** The options of the cells (RNNCell, LSTMCell, GRUCell). */
export interface CellOptions {
  /** I: the input features (input_size). */
  inputSize: number;
  /** H: the hidden features (hidden_size). */
  hiddenSize: number;
  /** Whether the cell has bias_ih and bias_hh; default true. */
  bias?: boolean;
  /** 'tanh' (default) or 'relu'; RNNCell only. */
  nonlinearity?: 'tanh' | 'relu';
}

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
    const Gr = gateRows(kind, H);
    this.weight_ih = this.registerParameter('weight_ih', new Parameter([Gr, this.inputSize]));
    this.weight_hh = this.registerParameter('weight_hh', new Parameter([Gr, H]));
    this.bias_ih = this.bias ? this.registerParameter('bias_ih', new Parameter([Gr])) : null;
    this.bias_hh = this.bias ? this.registerParameter('bias_hh', new Parameter([Gr])) : null;
    const stdv = 1.0 / Math.sqrt(H);
    for (const p of this.parameters()) uniform_(p, -stdv, stdv);
  }

  /** The input as (B, I): 1-D (I) is a batch of one (unbatched). */
  protected checkInput(x: Tensor): { xb: Tensor; unbatched: boolean } {
    const where = `${this.name}.forward`;
    if (!(x instanceof Tensor) || (x.ndim !== 1 && x.ndim !== 2)) {
      throw new Error(`${where}: expected input to be 1-D or 2-D, got ${x instanceof Tensor ? `shape ${fmtShape(x.shape)}` : typeof x}`);
    }
    if (x.shape[x.ndim - 1] !== this.inputSize) {
      throw new Error(`${where}: input has ${x.shape[x.ndim - 1]} features, expected ${this.inputSize} (input shape ${fmtShape(x.shape)})`);
    }
    return x.ndim === 1 ? { xb: unsqueeze(x, 0), unbatched: true } : { xb: x, unbatched: false };
  }

  /** A state (null: zeros) of shape (B, H), or (H) with an unbatched input; returns it as (B, H). */
  protected checkHiddenSize(h: Tensor | null, x: Tensor, unbatched: boolean, what: string): Tensor | null {
    if (h === null) return null;
    const B = unbatched ? 1 : x.shape[0];
    const expect = unbatched ? [this.hiddenSize] : [B, this.hiddenSize];
    if (!(h instanceof Tensor) || h.ndim !== expect.length || h.shape.some((d, i) => d !== expect[i])) {
      throw new Error(
        `${this.name}.forward: expected ${what} of shape ${fmtShape(expect)}, got ${h instanceof Tensor ? fmtShape(h.shape) : typeof h} (input shape ${fmtShape(x.shape)})`,
      );
    }
    return unbatched ? unsqueeze(h, 0) : h;
  }

  protected step(x: Tensor, h: Tensor | null, c: Tensor | null): [Tensor, Tensor | null] {
    const { xb, unbatched } = this.checkInput(x);
    const h0 = this.checkHiddenSize(h, x, unbatched, 'hidden state');
    const c0 = this.kind === 'lstm' ? this.checkHiddenSize(c, x, unbatched, 'cell state') : null;
    const w = { wIh: this.weight_ih, wHh: this.weight_hh, bIh: this.bias_ih, bHh: this.bias_hh, wHr: null };
    const r = rnnCell(this.kind, xb, h0, c0, w, this.hiddenSize);
    const h1 = r.out; // [B, H]
    const c1 = r.cn ? reshape(r.cn, [xb.shape[0], this.hiddenSize]) : null;
    if (unbatched) return [squeeze(h1, 0), c1 && squeeze(c1, 0)];
    return [h1, c1];
  }

  /** PyTorch's extra_repr: `4, 6, bias=False, nonlinearity=relu`. */
  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (!this.bias) s += ', bias=False';
    if (this.kind === 'rnn_relu') s += ', nonlinearity=relu';
    return s;
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
  /** x (B, I) or (I), h (B, H) or (H) (zeros when null) → h' of h's shape. */
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
  /** x (B, I) or (I), state [h, c] each (B, H) or (H) (zeros when null) → [h', c'] of the same shapes. */
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
  /** x (B, I) or (I), h (B, H) or (H) (zeros when null) → h' of h's shape. */
  forward(x: Tensor, h: Tensor | null = null): Tensor {
    return this.step(x, h, null)[0];
  }
}
