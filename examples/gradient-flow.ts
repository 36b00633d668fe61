// Demo: vanishing and exploding gradients (the RNN article's illustration). First the numpy
// version — backprop through time as a repeated product g ← Wᵀg·0.9 for 50 steps, W with scale
// 0.5 / 1.0 / 1.5 — then a real nn.RNN: ‖∂loss/∂x_t‖ through 50 steps with small (×0.1) and large
// (×1.5) weights, and clipGradNorm(·, 5) on the exploding one. Same seeds as the Python
// (np.random.seed(42) → RandomState(42), torch.manual_seed(42) → manualSeed(42)): same numbers.
//   node dist/examples/gradient-flow.js [--out DIR]
import { manualSeed, nn, random, randn, tensor, type Tensor } from '../engine/index.js';
import { isMain, parseArgs } from './lib/args.js';
import { pyExp, textTable } from './lib/pyfmt.js';
import { writeChart } from './lib/svg.js';

export const meta = {
  name: 'gradient-flow',
  title: 'Vanishing / exploding gradients: the numpy product demo and a real RNN, with gradient clipping (log-scale SVG)',
};

const l2 = (t: Tensor): number => t.pow(2).sum().sqrt().item();

export interface NumpyRun { scale: number; norms: number[] }

/**
 * np.random.seed(42); per scale: W = randn(100, 100)·scale/√100, g = randn(100), then 50 × g = Wᵀg·0.9.
 * NOTE: the 1/√n makes ‖Wᵀg‖ ≈ scale·‖g‖ (scale 0.5 vanishes, 1.0 decays by the 0.9 alone, 1.5
 * explodes); with W = randn·scale alone every scale explodes (×10·scale per step) and float32 overflows.
 * Returns ‖g‖ before the first step and after each of the 50.
 */
export function numpyProducts(scales = [0.5, 1.0, 1.5], hiddenSize = 100, steps = 50): NumpyRun[] {
  const rs = new random.numpy.RandomState(42);
  const runs: NumpyRun[] = [];
  for (const scale of scales) {
    const w = rs.randn(hiddenSize, hiddenSize).map((v) => (v * scale) / Math.sqrt(hiddenSize)); // float64, like numpy
    const W = tensor(w, [hiddenSize, hiddenSize]);
    let g = tensor(rs.randn(hiddenSize), [hiddenSize]);
    const norms = [l2(g)];
    for (let t = 0; t < steps; t++) {
      g = W.transpose(0, 1).matmul(g).mul(0.9); // 0.9 ≈ an average tanh'
      norms.push(l2(g));
    }
    runs.push({ scale, norms });
  }
  return runs;
}

export interface RnnRun { label: string; scale: number; loss: number; stepNorms: number[]; normBefore: number; normAfter: number }

/**
 * manualSeed(42); nn.RNN(10 → 16) with every weight matrix redrawn U(−scale, scale) (biases keep
 * PyTorch's init); x = randn(1, 50, 10); loss = sum of the last step's output; ‖∂loss/∂x_t‖ per
 * step; then clipGradNorm(params, maxNorm) and the parameters' gradient norm before / after.
 */
export function rnnGradients(label: string, scale: number, T = 50, maxNorm = 5): RnnRun {
  manualSeed(42);
  const inputSize = 10;
  const rnn = new nn.RNN({ inputSize, hiddenSize: 16, batchFirst: true });
  for (const [name, p] of rnn.namedParameters()) if (name.startsWith('weight')) nn.init.uniform_(p, -scale, scale);
  const x = randn([1, T, inputSize], { requiresGrad: true });
  const [out] = rnn.forward(x);
  const loss = out.select(1, -1).sum(); // out[:, -1, :].sum()
  loss.backward();
  const g = x.grad!.data; // (1, T, I)
  const stepNorms: number[] = [];
  for (let t = 0; t < T; t++) {
    let s = 0;
    for (let i = 0; i < inputSize; i++) s += g[t * inputSize + i] ** 2;
    stepNorms.push(Math.sqrt(s));
  }
  const normBefore = nn.utils.clipGradNorm(rnn.parameters(), maxNorm);
  let s = 0;
  for (const p of rnn.parameters()) for (const v of p.grad!.data) s += v * v;
  rnn.dispose();
  return { label, scale, loss: loss.item(), stepNorms, normBefore, normAfter: Math.sqrt(s) };
}

const sci = (v: number) => pyExp(v, 3);

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const args = parseArgs(argv);
  const OUT = typeof args.out === 'string' ? args.out : 'out';

  console.log('1) numpy: g = W.T @ g * 0.9 for 50 steps (np.random.seed(42), W = randn(100, 100) * scale / sqrt(100))');
  const runs = numpyProducts();
  const every = [0, 10, 20, 30, 40, 50];
  console.log(textTable(['step', ...runs.map((r) => `scale ${r.scale.toFixed(1)}`)], every.map((t) => [t, ...runs.map((r) => sci(r.norms[t]))])));
  for (const r of runs) {
    const ratio = r.norms[50] / r.norms[0];
    console.log(`scale ${r.scale.toFixed(1)}: ‖g‖ ${sci(r.norms[0])} → ${sci(r.norms[50])} (×${sci(ratio)}): ${ratio < 1e-3 ? 'vanishing' : ratio > 1e3 ? 'exploding' : 'slowly decaying'}`);
  }
  const steps = Array.from({ length: 51 }, (_, t) => t);
  const p1 = writeChart(`${OUT}/gradient-flow-numpy.svg`, runs.map((r) => ({ name: `scale ${r.scale.toFixed(1)}`, x: steps, y: r.norms })), {
    title: 'Gradient norm through 50 steps of g ← Wᵀg·0.9 (numpy demo)', xLabel: 'backprop step', yLabel: '‖g‖', logY: true, legend: 'bottom-left', legendBox: true,
  });

  console.log('\n2) PyTorch-style: nn.RNN(10, 16), 50 steps, loss = output[:, -1].sum(), ‖∂loss/∂x_t‖ (torch.manual_seed(42))');
  const stable = rnnGradients('stable', 0.1);
  const unstable = rnnGradients('unstable', 1.5);
  const rnnRuns = [stable, unstable];
  const ts = [0, 10, 20, 30, 40, 49];
  console.log(textTable(['t', 'weights U(±0.1)', 'weights U(±1.5)'], ts.map((t) => [t, sci(stable.stepNorms[t]), sci(unstable.stepNorms[t])])));
  for (const r of rnnRuns) {
    console.log(`weights ×${r.scale} (${r.label}): ‖∂loss/∂x_0‖ / ‖∂loss/∂x_49‖ = ${sci(r.stepNorms[0] / r.stepNorms[49])}`);
  }
  console.log('\n3) gradient clipping: nn.utils.clipGradNorm(rnn.parameters(), 5)');
  for (const r of rnnRuns) {
    console.log(`${r.label.padEnd(8)} (×${r.scale}): total gradient norm before clipping ${r.normBefore.toFixed(4)}, after ${r.normAfter.toFixed(4)}`);
  }
  const t50 = Array.from({ length: 50 }, (_, t) => t);
  const p2 = writeChart(`${OUT}/gradient-flow-rnn.svg`, [
    { name: `weights U(±0.1): ×${pyExp(stable.stepNorms[0] / stable.stepNorms[49], 0)} back to t = 0 (vanishing)`, x: t50, y: stable.stepNorms },
    { name: `weights U(±1.5): ×${(unstable.stepNorms[0] / unstable.stepNorms[49]).toFixed(0)} back to t = 0 (exploding)`, x: t50, y: unstable.stepNorms, color: '#d62728' },
  ], { title: 'nn.RNN(10, 16): ‖∂loss/∂x_t‖ for loss = sum of the output at t = 49', xLabel: 'time step t', yLabel: '‖∂loss/∂x_t‖', logY: true, legend: 'bottom-right', legendBox: true });
  console.log(`\nplots written to ${p1} and ${p2}`);
}

if (isMain(import.meta.url)) await main();
