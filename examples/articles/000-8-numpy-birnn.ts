// Port of article 000, lines 415–441 (program 000-8): a bidirectional RNN from two of 000-2's
// SimpleRNNs (output size = hidden size): one reads x, the other x reversed in time; the second's
// outputs are reversed back and the two are concatenated on the last axis. BidirectionalRNN(10, 20)
// on x = randn(15, 3, 10); prints the output shape (15, 3, 40). On the article's shared generator:
// the port first replays 000-1 … 000-7 (silently).
//   seqgrad demo 000-8 [--check]
import { parseArgs } from '../lib/args.js';
import { np, printCheck, type NDArray } from '../lib/numpy.js';
import { print, silently } from '../lib/output.js';
import { npShape } from '../lib/pyfmt.js';
import { SimpleRNN } from './000-2-numpy-simple-rnn.js';
import { program as program0007, replay as replay0007 } from './000-7-numpy-gru.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '000-8',
  name: 'numpy-birnn',
  title: 'a numpy bidirectional RNN from two SimpleRNNs (float64) on a (15, 3, 10) input: one shape',
  options: { check: 'also run the check that the tests compare with PyTorch' },
  fixes: [],
};

export class BidirectionalRNN {
  readonly forward_rnn: SimpleRNN;
  readonly backward_rnn: SimpleRNN;

  constructor(input_size: number, hidden_size: number) {
    this.forward_rnn = new SimpleRNN(input_size, hidden_size, hidden_size);
    this.backward_rnn = new SimpleRNN(input_size, hidden_size, hidden_size);
  }

  /** X (seq_len, batch_size, input_size) → (seq_len, batch_size, 2·hidden_size). */
  forward(X: NDArray): NDArray {
    const [forward_out] = this.forward_rnn.forward(X);

    const X_reversed = X.flip(); // X[::-1]
    let [backward_out] = this.backward_rnn.forward(X_reversed);
    backward_out = backward_out.flip(); // back in time order

    return np.concatenate([forward_out, backward_out], -1);
  }
}

/** The article's block (after the blocks before it); `check` prints a few computed values (--check). */
export function program(check = false): void {
  const bi_rnn = new BidirectionalRNN(10, 20);
  const x = np.random.randn(15, 3, 10);

  const output = bi_rnn.forward(x);
  print(`双向RNN输出形状: ${npShape(output.shape)}`);
  if (check) {
    printCheck('x[0, 0, :3]', x.at(0).at(0).toArray().slice(0, 3));
    printCheck('output[-1, 0, :3]', output.at(-1).at(0).toArray().slice(0, 3));
    printCheck('output[0, 0, -3:]', output.at(0).at(0).toArray().slice(-3));
  }
}

/** Replays the article's earlier blocks (000-1 … 000-7) on the shared generator. */
export async function replay(): Promise<void> {
  await replay0007();
  await silently(() => program0007());
}

export async function main(argv: string[]): Promise<void> {
  await replay();
  program(parseArgs(argv).check === true);
}
