// Demo: the articles' from-scratch numpy SimpleRNN / LSTM / GRU / BidirectionalRNN forward passes,
// redone with seqgrad tensor ops on the same numbers: np.random.seed(42) is RandomState(42), drawn
// in the same order (x, then each model's weights), so every output equals the numpy code's
// (scripts/demos-a.py; tests/examples/numpy-rnn.test.ts checks it to 1e-6 relative).
//   node dist/examples/numpy-rnn.js [--out DIR]
import { cat, random, stack, tensor, zeros, type Tensor } from '../engine/index.js';
import { isMain, parseArgs } from './lib/args.js';
import { npArray, npShape } from './lib/pyfmt.js';
import { writeChart } from './lib/svg.js';

export const meta = {
  name: 'numpy-rnn',
  title: 'From-scratch SimpleRNN / LSTM / GRU / bidirectional RNN forward passes (the numpy code, same numbers)',
};

type RandomState = InstanceType<typeof random.numpy.RandomState>;

/** np.random.randn(...shape) * scale: drawn and scaled in float64 like numpy, then stored as float32. */
function randn(rs: RandomState, shape: number[], scale = 1): Tensor {
  const v = rs.randn(...shape);
  return tensor(v.map((x) => x * scale), shape);
}

// NOTE: weights ~ N(0, 1)·0.01 and zero biases, as the articles initialise them; the matrices are
// (in, out) and multiply from the right (x_t·W), the numpy convention, not PyTorch's (out, in).

/** h_t = tanh(x_t·W_xh + h_{t−1}·W_hh + b_h). */
export class SimpleRNN {
  readonly W_xh: Tensor;
  readonly W_hh: Tensor;
  readonly b_h: Tensor;
  constructor(rs: RandomState, inputSize: number, readonly hiddenSize: number) {
    this.W_xh = randn(rs, [inputSize, hiddenSize], 0.01);
    this.W_hh = randn(rs, [hiddenSize, hiddenSize], 0.01);
    this.b_h = zeros([1, hiddenSize]);
  }
  /** x (T, B, I) → [outputs (T, B, H), h_T (B, H)]. */
  forward(x: Tensor): [Tensor, Tensor] {
    const [T, B] = x.shape;
    let h = zeros([B, this.hiddenSize]);
    const outputs: Tensor[] = [];
    for (let t = 0; t < T; t++) {
      h = x.select(0, t).matmul(this.W_xh).add(h.matmul(this.W_hh)).add(this.b_h).tanh();
      outputs.push(h);
    }
    return [stack(outputs), h];
  }
}

/** Gates on [h_{t−1}, x_t]: f, i, o = σ(·), c̃ = tanh(·); c_t = f⊙c_{t−1} + i⊙c̃, h_t = o⊙tanh(c_t). */
export class LSTM {
  readonly W_f: Tensor; readonly W_i: Tensor; readonly W_c: Tensor; readonly W_o: Tensor;
  readonly b_f: Tensor; readonly b_i: Tensor; readonly b_c: Tensor; readonly b_o: Tensor;
  constructor(rs: RandomState, inputSize: number, readonly hiddenSize: number) {
    const concat = hiddenSize + inputSize;
    this.W_f = randn(rs, [concat, hiddenSize], 0.01);
    this.W_i = randn(rs, [concat, hiddenSize], 0.01);
    this.W_c = randn(rs, [concat, hiddenSize], 0.01);
    this.W_o = randn(rs, [concat, hiddenSize], 0.01);
    this.b_f = zeros([1, hiddenSize]);
    this.b_i = zeros([1, hiddenSize]);
    this.b_c = zeros([1, hiddenSize]);
    this.b_o = zeros([1, hiddenSize]);
  }
  /** x (T, B, I) → [outputs (T, B, H), [h_T, c_T] (B, H)]. */
  forward(x: Tensor): [Tensor, [Tensor, Tensor]] {
    const [T, B] = x.shape;
    let h = zeros([B, this.hiddenSize]);
    let c = zeros([B, this.hiddenSize]);
    const outputs: Tensor[] = [];
    for (let t = 0; t < T; t++) {
      const combined = cat([h, x.select(0, t)], 1);
      const f = combined.matmul(this.W_f).add(this.b_f).sigmoid(); // forget gate
      const i = combined.matmul(this.W_i).add(this.b_i).sigmoid(); // input gate
      const cTilde = combined.matmul(this.W_c).add(this.b_c).tanh(); // candidate cell state
      const o = combined.matmul(this.W_o).add(this.b_o).sigmoid(); // output gate
      c = f.mul(c).add(i.mul(cTilde));
      h = o.mul(c.tanh());
      outputs.push(h);
    }
    return [stack(outputs), [h, c]];
  }
}

/** z, r = σ([h, x]·W + b), h̃ = tanh([r⊙h, x]·W_h + b_h), h_t = (1 − z)⊙h_{t−1} + z⊙h̃. */
export class GRU {
  readonly W_z: Tensor; readonly W_r: Tensor; readonly W_h: Tensor;
  readonly b_z: Tensor; readonly b_r: Tensor; readonly b_h: Tensor;
  constructor(rs: RandomState, inputSize: number, readonly hiddenSize: number) {
    const concat = hiddenSize + inputSize;
    this.W_z = randn(rs, [concat, hiddenSize], 0.01);
    this.W_r = randn(rs, [concat, hiddenSize], 0.01);
    this.W_h = randn(rs, [concat, hiddenSize], 0.01);
    this.b_z = zeros([1, hiddenSize]);
    this.b_r = zeros([1, hiddenSize]);
    this.b_h = zeros([1, hiddenSize]);
  }
  forward(x: Tensor): [Tensor, Tensor] {
    const [T, B] = x.shape;
    let h = zeros([B, this.hiddenSize]);
    const outputs: Tensor[] = [];
    for (let t = 0; t < T; t++) {
      const xt = x.select(0, t);
      const combined = cat([h, xt], 1);
      const z = combined.matmul(this.W_z).add(this.b_z).sigmoid(); // update gate
      const r = combined.matmul(this.W_r).add(this.b_r).sigmoid(); // reset gate
      const hTilde = cat([r.mul(h), xt], 1).matmul(this.W_h).add(this.b_h).tanh();
      h = z.neg().add(1).mul(h).add(z.mul(hTilde));
      outputs.push(h);
    }
    return [stack(outputs), h];
  }
}

/** A forward SimpleRNN over x and a backward one over x reversed, outputs concatenated: (T, B, 2H). */
export class BidirectionalRNN {
  readonly forwardRnn: SimpleRNN;
  readonly backwardRnn: SimpleRNN;
  constructor(rs: RandomState, inputSize: number, hiddenSize: number) {
    this.forwardRnn = new SimpleRNN(rs, inputSize, hiddenSize);
    this.backwardRnn = new SimpleRNN(rs, inputSize, hiddenSize);
  }
  forward(x: Tensor): [Tensor, [Tensor, Tensor]] {
    const T = x.shape[0];
    const reversed = Array.from({ length: T }, (_, t) => T - 1 - t); // x[::-1]
    const [outF, hF] = this.forwardRnn.forward(x);
    const [outBRev, hB] = this.backwardRnn.forward(x.indexSelect(0, reversed));
    const outB = outBRev.indexSelect(0, reversed);
    return [cat([outF, outB], 2), [hF, hB]];
  }
}

export interface NumpyRnnResults {
  x: Tensor;
  rnn: { output: Tensor; h: Tensor };
  lstm: { output: Tensor; h: Tensor; c: Tensor };
  gru: { output: Tensor; h: Tensor };
  birnn: { output: Tensor; hForward: Tensor; hBackward: Tensor };
}

/** The article's script: seed 42, x = randn(15, 3, 10), then each model (hidden 20) in turn. */
export function runAll(): NumpyRnnResults {
  const rs = new random.numpy.RandomState(42); // np.random.seed(42)
  const seqLen = 15, batchSize = 3, inputSize = 10, hiddenSize = 20;
  const x = randn(rs, [seqLen, batchSize, inputSize]);
  const rnn = new SimpleRNN(rs, inputSize, hiddenSize);
  const [rnnOut, rnnH] = rnn.forward(x);
  const lstm = new LSTM(rs, inputSize, hiddenSize);
  const [lstmOut, [lstmH, lstmC]] = lstm.forward(x);
  const gru = new GRU(rs, inputSize, hiddenSize);
  const [gruOut, gruH] = gru.forward(x);
  const birnn = new BidirectionalRNN(rs, inputSize, hiddenSize);
  const [biOut, [biHF, biHB]] = birnn.forward(x);
  return {
    x,
    rnn: { output: rnnOut, h: rnnH },
    lstm: { output: lstmOut, h: lstmH, c: lstmC },
    gru: { output: gruOut, h: gruH },
    birnn: { output: biOut, hForward: biHF, hBackward: biHB },
  };
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const args = parseArgs(argv);
  const OUT = typeof args.out === 'string' ? args.out : 'out';
  const r = runAll();
  const last = (t: Tensor) => t.select(0, -1).select(0, 0).slice(0, 0, 5).toArray(); // output[-1, 0, :5]

  console.log(`input x shape: ${npShape(r.x.shape)}  (seq_len, batch_size, input_size)`);
  console.log('\n--- SimpleRNN ---');
  console.log(`output shape: ${npShape(r.rnn.output.shape)}`);
  console.log(`final hidden state shape: ${npShape(r.rnn.h.shape)}`);
  console.log(`output[-1, 0, :5] = ${npArray(last(r.rnn.output))}`);
  console.log('\n--- LSTM ---');
  console.log(`output shape: ${npShape(r.lstm.output.shape)}`);
  console.log(`h shape: ${npShape(r.lstm.h.shape)}, c shape: ${npShape(r.lstm.c.shape)}`);
  console.log(`output[-1, 0, :5] = ${npArray(last(r.lstm.output))}`);
  console.log(`c[0, :5] = ${npArray(r.lstm.c.select(0, 0).slice(0, 0, 5).toArray())}`);
  console.log('\n--- GRU ---');
  console.log(`output shape: ${npShape(r.gru.output.shape)}`);
  console.log(`final hidden state shape: ${npShape(r.gru.h.shape)}`);
  console.log(`output[-1, 0, :5] = ${npArray(last(r.gru.output))}`);
  console.log('\n--- BidirectionalRNN ---');
  console.log(`output shape: ${npShape(r.birnn.output.shape)}  (forward ${r.birnn.hForward.shape[1]} + backward ${r.birnn.hBackward.shape[1]})`);
  console.log(`forward h shape: ${npShape(r.birnn.hForward.shape)}, backward h shape: ${npShape(r.birnn.hBackward.shape)}`);
  console.log(`output[-1, 0, :5] = ${npArray(last(r.birnn.output))}`);

  // hidden unit 0 of batch element 0 over time, per model
  const T = r.x.shape[0];
  const steps = Array.from({ length: T }, (_, t) => t);
  const unit0 = (out: Tensor, offset = 0) => steps.map((t) => out.data[(t * out.shape[1]) * out.shape[2] + offset]);
  const path = writeChart(`${OUT}/numpy-rnn.svg`, [
    { name: 'SimpleRNN', x: steps, y: unit0(r.rnn.output) },
    { name: 'LSTM', x: steps, y: unit0(r.lstm.output) },
    { name: 'GRU', x: steps, y: unit0(r.gru.output) },
    { name: 'BiRNN (backward half)', x: steps, y: unit0(r.birnn.output, r.birnn.hForward.shape[1]), dashed: true },
  ], { title: 'From-scratch forward passes: hidden unit 0 of sequence 0 (weights N(0, 1)·0.01)', xLabel: 'time step t', yLabel: 'h_t[0]', legendBox: true });
  console.log(`\nplot written to ${path}`);
}

if (isMain(import.meta.url)) await main();
