// Port of article 000, lines 158–200 (program 000-4): how a gradient's norm grows or vanishes when
// it is multiplied back through the same recurrent matrix: for each weight scale 0.5, 1.0, 1.5,
// np.random.seed(42), W = randn(100, 100)·scale, g = 1, then 50 times g = Wᵀg·0.9 (0.9 standing
// for tanh's derivative) and its norm; the three curves on a log scale (000-4-gradient-norms.svg).
// float64 throughout, as numpy: the norms reach 1e58 (scale 1.5), far beyond float32.
// The article also defines gradient_flow_rnn (the same product without the 0.9, for W·0.5, and
// the largest |eigenvalue| of W), which it never calls; it is ported as written, and --check calls
// it once after the block and prints what it returns (checked against numpy's eigvals).
// It prints nothing; with --series, the 3 × 50 norms.
//   seqgrad demo 000-4 [--series] [--check] [--out DIR]
import { parseArgs } from '../lib/args.js';
import { floatStr, np, printCheck } from '../lib/numpy.js';
import { figure, printSeries, setOutDir, silently } from '../lib/output.js';
import { plt } from '../lib/pyplot.js';
import { program as program0002, replay as replay0002 } from './000-2-numpy-simple-rnn.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '000-4',
  name: 'gradient-norms',
  title: 'gradient norm over 50 steps of g = Wᵀg·0.9 for weight scales 0.5, 1.0, 1.5 (float64, log plot)',
  options: {
    series: 'also print the values the figures plot, as `name step=N value=V` lines',
    check: 'also run the check that the tests compare with PyTorch',
    out: 'DIR: where the SVG figures go (out/)',
  },
  fixes: [],
};

/** The norm of a gradient sent back seq_len steps through a random W·0.5, and W's spectral radius. */
export function gradient_flow_rnn(seq_len: number, hidden_size = 100): [number[], number] {
  const W = np.random.randn(hidden_size, hidden_size).mul(0.5);

  const eigenvalues = np.abs(np.linalg.eigvals(W));
  const max_eigenvalue = np.max(eigenvalues);

  const gradient_norms: number[] = [];
  let grad = np.ones(hidden_size);
  for (let t = 0; t < seq_len; t++) {
    grad = W.T.matmul(grad);
    gradient_norms.push(np.linalg.norm(grad));
  }
  return [gradient_norms, max_eigenvalue];
}

/** The article's block; `series` prints each scale's norms (--series). */
export function program(series = false): void {
  const [fig, ax] = plt.subplots({ figsize: [10, 6] });

  for (const scale of [0.5, 1.0, 1.5]) {
    np.random.seed(42);
    const W = np.random.randn(100, 100).mul(scale);

    let grad = np.ones(100);
    const norms: number[] = [];
    for (let t = 0; t < 50; t++) {
      grad = W.T.matmul(grad).mul(0.9); // tanh's derivative, taken as about 0.9
      norms.push(np.linalg.norm(grad));
    }
    if (series) printSeries(`norms[scale=${floatStr(scale)}]`, norms);

    ax.plot(norms, undefined, { label: `W scale=${floatStr(scale)}` });
  }

  ax.set_xlabel('时间步');
  ax.set_ylabel('梯度范数');
  ax.set_title('RNN梯度消失/爆炸');
  ax.legend();
  ax.set_yscale('log');
  ax.grid(true, { alpha: 0.3 });
  figure('000-4-gradient-norms.svg', fig.svg()); // plt.show()
}

/** Replays the article's earlier blocks (000-1, 000-2) on the shared generator. */
export async function replay(): Promise<void> {
  await replay0002();
  await silently(() => program0002());
}

export async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  if (typeof args.out === 'string') setOutDir(args.out);
  await replay();
  program(args.series === true);
  if (args.check === true) {
    const [gradient_norms, max_eigenvalue] = gradient_flow_rnn(50);
    printCheck('max_eigenvalue', [max_eigenvalue]);
    printCheck('gradient_norms[:3]', gradient_norms.slice(0, 3));
    printCheck('gradient_norms[-1]', gradient_norms.slice(-1));
  }
}
