// Port of article 000, lines 67–116 (program 000-2): a SimpleRNN from scratch in numpy (float64):
// h_t = tanh(x_t·Wxh + h_{t−1}·Whh + bh), y_t = h_t·Why + by, weights N(0, 1)·√(2/(in + hidden)),
// zero biases; SimpleRNN(10, 20, 5) on x = randn(15, 3, 10); prints the input, output and final
// hidden-state shapes. Numpy's generator is the article's shared one: 000-1 seeds it, so the port
// first replays 000-1 (silently) and then draws Wxh, Whh, Why and x in the article's order.
//   seqgrad demo 000-2 [--check]
import { parseArgs } from '../lib/args.js';
import { np, printCheck, type NDArray } from '../lib/numpy.js';
import { print, silently } from '../lib/output.js';
import { npShape } from '../lib/pyfmt.js';
import { program as program0001 } from './000-1-sequence-data.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '000-2',
  name: 'numpy-simple-rnn',
  title: 'a numpy SimpleRNN(10, 20, 5) from scratch (float64) on a (15, 3, 10) input: three shapes',
  options: { check: 'also run the check that the tests compare with PyTorch' },
  fixes: [],
};

/** A simple RNN: matrices are (in, out) and multiply from the right, the numpy convention. */
export class SimpleRNN {
  readonly hidden_size: number;
  readonly Wxh: NDArray;
  readonly Whh: NDArray;
  readonly Why: NDArray;
  readonly bh: NDArray;
  readonly by: NDArray;

  constructor(input_size: number, hidden_size: number, output_size: number) {
    this.hidden_size = hidden_size;
    const scale = Math.sqrt(2.0 / (input_size + hidden_size));
    this.Wxh = np.random.randn(input_size, hidden_size).mul(scale);
    this.Whh = np.random.randn(hidden_size, hidden_size).mul(scale);
    this.Why = np.random.randn(hidden_size, output_size).mul(scale);
    this.bh = np.zeros(hidden_size);
    this.by = np.zeros(output_size);
  }

  /** X (seq_len, batch_size, input_size) → [outputs (seq_len, batch_size, output_size), h (batch_size, hidden_size), every h]. */
  forward(X: NDArray, h0: NDArray | null = null): [NDArray, NDArray, NDArray[]] {
    const [seq_len, batch_size] = X.shape;
    let h = h0 ?? np.zeros([batch_size, this.hidden_size]);
    const outputs: NDArray[] = [];
    const hidden_states = [h];
    for (let t = 0; t < seq_len; t++) {
      h = np.tanh(X.at(t).matmul(this.Wxh).add(h.matmul(this.Whh)).add(this.bh));
      hidden_states.push(h);
      const y = h.matmul(this.Why).add(this.by);
      outputs.push(y);
    }
    return [np.array(outputs), h, hidden_states];
  }
}

/** The article's block (after the blocks before it); `check` prints a few computed values (--check). */
export function program(check = false): void {
  const rnn = new SimpleRNN(10, 20, 5);
  const x = np.random.randn(15, 3, 10); // 15 steps, 3 sequences, 10 features

  const [outputs, h_final] = rnn.forward(x);

  print(`输入形状: ${npShape(x.shape)}`);
  print(`输出形状: ${npShape(outputs.shape)}`);
  print(`最终隐藏状态形状: ${npShape(h_final.shape)}`);
  if (check) {
    printCheck('x[0, 0, :3]', x.at(0).at(0).toArray().slice(0, 3));
    printCheck('rnn.Why[-1, -3:]', rnn.Why.at(-1).toArray().slice(-3));
    printCheck('outputs[-1, 0, :3]', outputs.at(-1).at(0).toArray().slice(0, 3));
    printCheck('h_final[-1, -3:]', h_final.at(-1).toArray().slice(-3));
  }
}

/** Replays the article's earlier blocks (000-1), which seed and draw from the shared generator. */
export async function replay(): Promise<void> {
  await silently(() => program0001());
}

export async function main(argv: string[]): Promise<void> {
  await replay();
  program(parseArgs(argv).check === true);
}
