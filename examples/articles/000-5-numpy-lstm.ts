// Port of article 000, lines 213–286 (program 000-5): an LSTM from scratch in numpy (float64): on
// [x_t, h_{t−1}], f, i, o = σ(·W + b) and c̃ = tanh(·Wc + bc); c_t = f⊙c_{t−1} + i⊙c̃,
// h_t = o⊙tanh(c_t); weights N(0, 1)·√(2/(in + hidden)), zero biases, σ on inputs clipped to
// ±500. LSTM(10, 20) on x = randn(15, 3, 10); prints the output, final h and final c shapes.
// On the article's shared generator: the port first replays 000-1, 000-2 and 000-4 (silently).
//   seqgrad demo 000-5 [--check]
import { parseArgs } from '../lib/args.js';
import { np, printCheck, type NDArray } from '../lib/numpy.js';
import { print, silently } from '../lib/output.js';
import { npShape } from '../lib/pyfmt.js';
import { program as program0004, replay as replay0004 } from './000-4-gradient-norms.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '000-5',
  name: 'numpy-lstm',
  title: 'a numpy LSTM(10, 20) from scratch (float64) on a (15, 3, 10) input: three shapes',
  options: { check: 'also run the check that the tests compare with PyTorch' },
  fixes: [],
};

/** An LSTM with one (input + hidden, hidden) matrix per gate, multiplying [x_t, h] from the right. */
export class LSTM {
  readonly hidden_size: number;
  readonly Wf: NDArray;
  readonly Wi: NDArray;
  readonly Wc: NDArray;
  readonly Wo: NDArray;
  readonly bf: NDArray;
  readonly bi: NDArray;
  readonly bc: NDArray;
  readonly bo: NDArray;

  constructor(input_size: number, hidden_size: number) {
    this.hidden_size = hidden_size;
    const scale = Math.sqrt(2.0 / (input_size + hidden_size));
    this.Wf = np.random.randn(input_size + hidden_size, hidden_size).mul(scale);
    this.Wi = np.random.randn(input_size + hidden_size, hidden_size).mul(scale);
    this.Wc = np.random.randn(input_size + hidden_size, hidden_size).mul(scale);
    this.Wo = np.random.randn(input_size + hidden_size, hidden_size).mul(scale);
    this.bf = np.zeros(hidden_size);
    this.bi = np.zeros(hidden_size);
    this.bc = np.zeros(hidden_size);
    this.bo = np.zeros(hidden_size);
  }

  sigmoid(x: NDArray): NDArray {
    return np.divide(1, np.exp(np.clip(x, -500, 500).neg()).add(1));
  }

  /** X (seq_len, batch_size, input_size) → [outputs (seq_len, batch_size, hidden_size), h, c]. */
  forward(X: NDArray, h0: NDArray | null = null, c0: NDArray | null = null): [NDArray, NDArray, NDArray] {
    const [seq_len, batch_size] = X.shape;
    let h = h0 ?? np.zeros([batch_size, this.hidden_size]);
    let c = c0 ?? np.zeros([batch_size, this.hidden_size]);
    const outputs: NDArray[] = [];
    for (let t = 0; t < seq_len; t++) {
      const combined = np.concatenate([X.at(t), h], 1);
      const f = this.sigmoid(combined.matmul(this.Wf).add(this.bf)); // forget gate
      const i = this.sigmoid(combined.matmul(this.Wi).add(this.bi)); // input gate
      const c_tilde = np.tanh(combined.matmul(this.Wc).add(this.bc)); // candidate cell state
      const o = this.sigmoid(combined.matmul(this.Wo).add(this.bo)); // output gate
      c = f.mul(c).add(i.mul(c_tilde));
      h = o.mul(np.tanh(c));
      outputs.push(h);
    }
    return [np.array(outputs), h, c];
  }
}

/** The article's block (after the blocks before it); `check` prints a few computed values (--check). */
export function program(check = false): void {
  const lstm = new LSTM(10, 20);
  const x = np.random.randn(15, 3, 10);

  const [outputs, h_final, c_final] = lstm.forward(x);

  print(`LSTM输出形状: ${npShape(outputs.shape)}`);
  print(`最终隐藏状态: ${npShape(h_final.shape)}`);
  print(`最终细胞状态: ${npShape(c_final.shape)}`);
  if (check) {
    printCheck('x[0, 0, :3]', x.at(0).at(0).toArray().slice(0, 3));
    printCheck('outputs[-1, 0, :3]', outputs.at(-1).at(0).toArray().slice(0, 3));
    printCheck('h_final[-1, -3:]', h_final.at(-1).toArray().slice(-3));
    printCheck('c_final[-1, -3:]', c_final.at(-1).toArray().slice(-3));
  }
}

/** Replays the article's earlier blocks (000-1, 000-2, 000-4) on the shared generator. */
export async function replay(): Promise<void> {
  await replay0004();
  await silently(() => program0004());
}

export async function main(argv: string[]): Promise<void> {
  await replay();
  program(parseArgs(argv).check === true);
}
