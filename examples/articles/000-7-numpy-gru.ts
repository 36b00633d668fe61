// Port of article 000, lines 344–404 (program 000-7): a GRU from scratch in numpy (float64): on
// [h_{t−1}, x_t], z, r = σ(·W + b), h̃ = tanh([r⊙h_{t−1}, x_t]·Wh + bh), h_t = (1 − z)⊙h_{t−1} + z⊙h̃;
// weights N(0, 1)·√(2/(in + hidden)), zero biases. GRU(10, 20) on x = randn(15, 3, 10); prints the
// output and final hidden-state shapes. On the article's shared generator: the port first replays
// 000-1 … 000-6 (silently).
//   seqgrad demo 000-7 [--check]
import { parseArgs } from '../lib/args.js';
import { np, printCheck, type NDArray } from '../lib/numpy.js';
import { print, silently } from '../lib/output.js';
import { npShape } from '../lib/pyfmt.js';
import { program as program0006, replay as replay0006 } from './000-6-lstm-gate-values.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '000-7',
  name: 'numpy-gru',
  title: 'a numpy GRU(10, 20) from scratch (float64) on a (15, 3, 10) input: two shapes',
  options: { check: 'also run the check that the tests compare with PyTorch' },
  fixes: [],
};

/** A GRU with one (hidden + input, hidden) matrix per gate, multiplying [h, x_t] from the right. */
export class GRU {
  readonly hidden_size: number;
  readonly Wz: NDArray;
  readonly bz: NDArray;
  readonly Wr: NDArray;
  readonly br: NDArray;
  readonly Wh: NDArray;
  readonly bh: NDArray;

  constructor(input_size: number, hidden_size: number) {
    this.hidden_size = hidden_size;
    const scale = Math.sqrt(2.0 / (input_size + hidden_size));
    this.Wz = np.random.randn(input_size + hidden_size, hidden_size).mul(scale); // update gate
    this.bz = np.zeros(hidden_size);
    this.Wr = np.random.randn(input_size + hidden_size, hidden_size).mul(scale); // reset gate
    this.br = np.zeros(hidden_size);
    this.Wh = np.random.randn(input_size + hidden_size, hidden_size).mul(scale); // candidate state
    this.bh = np.zeros(hidden_size);
  }

  sigmoid(x: NDArray): NDArray {
    return np.divide(1, np.exp(np.clip(x, -500, 500).neg()).add(1));
  }

  /** X (seq_len, batch_size, input_size) → [outputs (seq_len, batch_size, hidden_size), h]. */
  forward(X: NDArray, h0: NDArray | null = null): [NDArray, NDArray] {
    const [seq_len, batch_size] = X.shape;
    let h = h0 ?? np.zeros([batch_size, this.hidden_size]);
    const outputs: NDArray[] = [];
    for (let t = 0; t < seq_len; t++) {
      const combined = np.concatenate([h, X.at(t)], 1);
      const z = this.sigmoid(combined.matmul(this.Wz).add(this.bz));
      const r = this.sigmoid(combined.matmul(this.Wr).add(this.br));
      const combined_reset = np.concatenate([r.mul(h), X.at(t)], 1);
      const h_tilde = np.tanh(combined_reset.matmul(this.Wh).add(this.bh));
      h = np.subtract(1, z).mul(h).add(z.mul(h_tilde));
      outputs.push(h);
    }
    return [np.array(outputs), h];
  }
}

/** The article's block (after the blocks before it); `check` prints a few computed values (--check). */
export function program(check = false): void {
  const gru = new GRU(10, 20);
  const x = np.random.randn(15, 3, 10);

  const [outputs, h_final] = gru.forward(x);

  print(`GRU输出形状: ${npShape(outputs.shape)}`);
  print(`最终隐藏状态: ${npShape(h_final.shape)}`);
  if (check) {
    printCheck('x[0, 0, :3]', x.at(0).at(0).toArray().slice(0, 3));
    printCheck('outputs[-1, 0, :3]', outputs.at(-1).at(0).toArray().slice(0, 3));
    printCheck('h_final[-1, -3:]', h_final.at(-1).toArray().slice(-3));
  }
}

/** Replays the article's earlier blocks (000-1 … 000-6) on the shared generator. */
export async function replay(): Promise<void> {
  await replay0006();
  await silently(() => program0006());
}

export async function main(argv: string[]): Promise<void> {
  await replay();
  program(parseArgs(argv).check === true);
}
