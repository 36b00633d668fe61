// Port of article 001's program 001-2 (lines 113-181): backpropagation through time simulated as
// a repeated product grad ← grad·Wᵀ from the identity, 50 steps, for W = randn(10, 10)·0.1
// (vanishing), ·1.5 (exploding) and the exploding one with its norm clipped to 5 after every step
// (torch.manual_seed(42), as the article seeds). Float32 as torch: the exploding norm overflows to
// inf at step 28 and the vanishing one underflows to 0 at step 36, as in the article's run.
// Figure: the article's two panels (norms; log10 of the norms) → 001-2-gradient_flow.svg.
// Fix: the program ends by printing a multi-line text on gradient clipping in training (the
// article's prose, lines 172-181): the port prints a pointer to those lines instead.
//   seqgrad demo 001-2 [--series] [--out DIR]
import { manualSeed, randn, tensor, type Tensor } from '../../engine/index.js';
import { parseArgs } from '../lib/args.js';
import { figure, print, printSeries, setOutDir } from '../lib/output.js';
import { figureSvg } from '../lib/svg.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '001-2',
  name: 'gradient-clipping',
  title: 'simulated gradient flow through 50 steps: stable, unstable and clipped (two-panel figure)',
  options: {
    series: 'also print the values the figures plot, as `name step=N value=V` lines',
    out: 'DIR: where the SVG figures go (out/)',
  },
  fixes: ["prints a pointer to the article's lines 172-181 instead of printing that prose (a text on clipping in training)"],
};

/** The identity matrix, torch.eye(n). */
function eye(n: number): Tensor {
  const values = new Float32Array(n * n);
  for (let i = 0; i < n; i++) values[i * n + i] = 1;
  return tensor(values, [n, n]);
}

/** ‖grad‖ after each of `steps` products grad ← grad·Wᵀ (from the identity), optionally clipped to clipValue. */
export function simulateGradientFlow(W: Tensor, steps = 50, useClip = false, clipValue = 5.0): number[] {
  const gradients: number[] = [];
  let grad = eye(W.shape[0]);
  for (let s = 0; s < steps; s++) {
    grad = grad.matmul(W.transpose(0, 1));
    if (useClip) {
      const gradNorm = grad.norm();
      // grad * (clip_value / grad_norm): a float scalar over a float32 tensor is torch's reciprocal(t)·scalar
      if (gradNorm.item() > clipValue) grad = grad.mul(gradNorm.pow(-1).mul(clipValue));
    }
    gradients.push(grad.norm().item());
  }
  return gradients;
}

export async function main(argv: string[] = []): Promise<void> {
  const args = parseArgs(argv);
  if (typeof args.out === 'string') setOutDir(args.out);

  print('='.repeat(60));
  print('梯度消失与梯度爆炸');
  print('='.repeat(60));

  manualSeed(42); // the article's np.random.seed(42) seeds a generator it does not use here
  const W_stable = randn([10, 10]).mul(0.1);
  const W_unstable = randn([10, 10]).mul(1.5);

  const gradStable = simulateGradientFlow(W_stable);
  const gradUnstable = simulateGradientFlow(W_unstable);
  const gradClipped = simulateGradientFlow(W_unstable, 50, true);
  const log10Stable = gradStable.map(Math.log10);
  const log10Unstable = gradUnstable.map(Math.log10);

  const steps = gradStable.map((_, i) => i); // plt.plot(list): x = 0 … 49
  figure(
    '001-2-gradient_flow.svg',
    figureSvg(
      [
        {
          series: [
            { name: 'Stable (small weights)', x: steps, y: gradStable, color: 'green' },
            { name: 'Unstable (large weights)', x: steps, y: gradUnstable, color: 'red' },
            { name: 'Clipped', x: steps, y: gradClipped, color: 'blue' },
          ],
          options: { title: 'Gradient Magnitude Over Time', xLabel: 'Time Step', yLabel: 'Gradient Norm' },
        },
        {
          series: [
            { name: 'Stable', x: steps, y: log10Stable, color: 'green' },
            { name: 'Unstable', x: steps, y: log10Unstable, color: 'red' },
          ],
          options: { title: 'Log Scale - Gradient Magnitude', xLabel: 'Time Step', yLabel: 'Log10(Gradient Norm)' },
        },
      ],
      { cols: 2, panelWidth: 600, panelHeight: 400 },
    ),
  );

  print('[prose: 001_9700ed81899b3ed4.txt lines 172-181]');

  if (args.series) {
    printSeries('grad_stable', gradStable);
    printSeries('grad_unstable', gradUnstable);
    printSeries('grad_clipped', gradClipped);
    printSeries('log10_grad_stable', log10Stable);
    printSeries('log10_grad_unstable', log10Unstable);
  }
}
