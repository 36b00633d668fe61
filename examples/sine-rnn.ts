// Demo: sine-wave prediction with an RNN (the RNN article's example). 1,000 points of sin(t),
// windows of 20 steps predict the next value; RNN(1→32) + Linear(32→1), 100 full-batch epochs
// of Adam, the loss every 10 epochs, then a 50-step autoregressive forecast plotted as SVG.
//   node dist/examples/sine-rnn.js [--epochs N] [--out DIR]
import { manualSeed, nn, noGrad, optim, tensor, Tensor } from '../engine/index.js';
import { intArg, isMain, parseArgs, progress } from './lib/args.js';
import { printParameters } from './lib/report.js';
import { writeChart } from './lib/svg.js';

export const meta = {
  name: 'sine-rnn',
  title: 'Sine-wave prediction with an RNN: windows of 20 → next value, 50-step autoregressive forecast (SVG)',
};

class SineRNN extends nn.Module {
  rnn = this.registerModule('rnn', new nn.RNN({ inputSize: 1, hiddenSize: 32, batchFirst: true }));
  fc = this.registerModule('fc', new nn.Linear({ inFeatures: 32, outFeatures: 1 }));
  forward(x: Tensor): Tensor {
    const [out] = this.rnn.forward(x); // (B, T, 32)
    return this.fc.forward(out.select(1, -1)); // last step → (B, 1)
  }
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const args = parseArgs(argv);
  const EPOCHS = intArg(args, 'epochs', 100);
  const OUT = typeof args.out === 'string' ? args.out : 'out';
  const WINDOW = 20;
  const FORECAST = 50;

  manualSeed(42);
  // data: sin over [0, 100), 1,000 points; windows of 20 → the next point
  const N = 1000;
  const series = new Float32Array(N);
  for (let i = 0; i < N; i++) series[i] = Math.sin((i * 100) / (N - 1));
  const count = N - WINDOW;
  const xs = new Float32Array(count * WINDOW);
  const ys = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    xs.set(series.subarray(i, i + WINDOW), i * WINDOW);
    ys[i] = series[i + WINDOW];
  }
  const X = tensor(xs, [count, WINDOW, 1]);
  const Y = tensor(ys, [count, 1]);
  console.log(`X shape: [${X.shape.join(', ')}], y shape: [${Y.shape.join(', ')}]`);

  const model = new SineRNN();
  printParameters(model);
  const criterion = new nn.MSELoss();
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
  const t0 = Date.now();
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    optimizer.zeroGrad();
    const loss = criterion.forward(model.forward(X), Y);
    loss.backward();
    optimizer.step();
    progress('training', epoch, EPOCHS, `loss ${loss.item().toFixed(6)}`, t0);
    // the first epoch's loss is the untrained model's (manualSeed(42), built as in PyTorch: same init)
    if (epoch === 1) console.log(`initial loss (untrained model, ${count} windows): ${loss.item().toFixed(6)}`);
    if (epoch % 10 === 0 || epoch === EPOCHS) console.log(`Epoch [${epoch}/${EPOCHS}], Loss: ${loss.item().toFixed(6)}`);
  }
  console.log(`training took ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // autoregressive forecast from the last window
  model.eval();
  const window = Array.from(series.subarray(N - WINDOW));
  const predicted: number[] = [];
  noGrad(() => {
    for (let k = 0; k < FORECAST; k++) {
      const next = model.forward(tensor(window, [1, WINDOW, 1])).item();
      predicted.push(next);
      window.shift();
      window.push(next);
    }
  });
  const step = 100 / (N - 1);
  const actual = Array.from({ length: FORECAST }, (_, k) => Math.sin((N + k) * step));
  let mse = 0;
  for (let k = 0; k < FORECAST; k++) mse += (predicted[k] - actual[k]) ** 2 / FORECAST;
  console.log(`forecast of ${FORECAST} steps: MSE vs the true sine ${mse.toFixed(6)}`);
  console.log(`first 5 predicted: ${predicted.slice(0, 5).map((v) => v.toFixed(4)).join(', ')}`);
  console.log(`first 5 actual:    ${actual.slice(0, 5).map((v) => v.toFixed(4)).join(', ')}`);

  const histX = Array.from({ length: 200 }, (_, i) => (N - 200 + i) * step);
  const histY = histX.map((_, i) => series[N - 200 + i]);
  const futX = Array.from({ length: FORECAST }, (_, k) => (N + k) * step);
  const path = writeChart(`${OUT}/sine-rnn.svg`, [
    { name: 'history', x: histX, y: histY },
    { name: 'actual', x: futX, y: actual, color: '#2ca02c' },
    { name: 'predicted', x: futX, y: predicted, color: '#d62728', dashed: true },
  ], { title: 'Sine-wave prediction with an RNN (50-step autoregressive forecast)', xLabel: 't', yLabel: 'sin(t)', legend: 'bottom-left', legendBox: true });
  console.log(`plot written to ${path}`);
}

if (isMain(import.meta.url)) await main();
