// Demo: forecasting a noisy sine with a GRU (the GRU article's example). 1,000 points of
// sin(t) + N(0, 0.1²) (numpy's RandomState(42)), MinMaxScaler to (−1, 1) fitted on the first 80%,
// windows of 20 → the next value, 2-layer GRU(32) + Linear, batches of 64, 100 epochs of Adam,
// then one-step-ahead predictions on the last 20% plotted against the data (SVG).
//   node dist/examples/gru-timeseries.js [--epochs N] [--out DIR]
import { data, manualSeed, nn, noGrad, optim, random, tensor, Tensor } from '../engine/index.js';
import { intArg, isMain, parseArgs, progress } from './lib/args.js';
import { printParameters, shapeStr } from './lib/report.js';
import { writeChart } from './lib/svg.js';

export const meta = {
  name: 'gru-timeseries',
  title: 'Noisy-sine forecasting with a 2-layer GRU(32): MinMaxScaler(−1,1), windows of 20, batches of 64 (SVG)',
};

export class GRUForecaster extends nn.Module {
  gru = this.registerModule('gru', new nn.GRU({ inputSize: 1, hiddenSize: 32, numLayers: 2, batchFirst: true }));
  fc = this.registerModule('fc', new nn.Linear({ inFeatures: 32, outFeatures: 1 }));
  /** x (B, T, 1) → the next value (B, 1), from the last step of the top layer. */
  forward(x: Tensor): Tensor {
    const [out] = this.gru.forward(x); // (B, T, 32)
    return this.fc.forward(out.select(1, -1));
  }
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const args = parseArgs(argv);
  const EPOCHS = intArg(args, 'epochs', 100);
  const OUT = typeof args.out === 'string' ? args.out : 'out';
  const N = 1000;
  const WINDOW = 20;
  const BATCH = 64;

  manualSeed(42);
  // data: t = linspace(0, 100, 1000), sin(t) + Gaussian noise of σ = 0.1
  const rs = new random.numpy.RandomState(42);
  const noise = rs.normal(0, 0.1, N) as number[];
  const t = Array.from({ length: N }, (_, i) => (i * 100) / (N - 1));
  const series = t.map((ti, i) => Math.sin(ti) + noise[i]);
  console.log(`series: ${N} points, first 3: ${series.slice(0, 3).map((v) => v.toFixed(6)).join(', ')}`);
  const nFit = Math.floor(0.8 * N);
  const scaler = new data.MinMaxScaler({ featureRange: [-1, 1] }).fit(series.slice(0, nFit));
  const scaled = scaler.transform(series);
  console.log(`MinMaxScaler(-1, 1) fitted on the first ${nFit} points: data min ${scaler.dataMin![0].toFixed(6)}, data max ${scaler.dataMax![0].toFixed(6)}`);
  console.log(`scaled, first 3: ${scaled.slice(0, 3).map((v) => v.toFixed(6)).join(', ')}`);
  // chronological split: train windows lie in the first 80%; test targets are the last 20%
  const train = data.slidingWindows(scaled.slice(0, nFit), WINDOW);
  const test = data.slidingWindows(scaled.slice(nFit - WINDOW), WINDOW);
  const Xtr = tensor(train.x.flat(), [train.x.length, WINDOW, 1]);
  const Ytr = tensor(train.y.flat(), [train.y.length, 1]);
  const Xte = tensor(test.x.flat(), [test.x.length, WINDOW, 1]);
  const Yte = tensor(test.y.flat(), [test.y.length, 1]);
  console.log(`train X ${shapeStr(Xtr.shape)}, y ${shapeStr(Ytr.shape)}; test X ${shapeStr(Xte.shape)}, y ${shapeStr(Yte.shape)}`);

  const model = new GRUForecaster();
  printParameters(model);
  noGrad(() => {
    const [out, hn] = model.gru.forward(Xtr.slice(0, 0, BATCH));
    console.log(`GRU on one batch: output ${shapeStr(out.shape)}, hn ${shapeStr(hn.shape)}`);
  });
  const criterion = new nn.MSELoss();
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const loader = new data.DataLoader(Array.from({ length: Xtr.shape[0] }, (_, i) => i), { batchSize: BATCH, shuffle: true, collate: (items: number[]) => items });
  console.log(`batches per epoch: ${loader.length}`);
  const testLoss = () => noGrad(() => {
    model.eval();
    const l = criterion.forward(model.forward(Xte), Yte).item();
    model.train();
    return l;
  });
  const t0 = Date.now();
  let step = 0;
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    let sum = 0;
    for (const idx of loader) {
      optimizer.zeroGrad();
      const loss = criterion.forward(model.forward(Xtr.indexSelect(0, idx)), Ytr.indexSelect(0, idx));
      loss.backward();
      optimizer.step();
      sum += loss.item() * idx.length;
      progress('training', ++step, EPOCHS * loader.length, `epoch ${epoch} loss ${loss.item().toFixed(6)}`, t0);
    }
    if (epoch % 10 === 0 || epoch === EPOCHS) {
      console.log(`Epoch [${epoch}/${EPOCHS}], train loss: ${(sum / Xtr.shape[0]).toFixed(6)}, test loss: ${testLoss().toFixed(6)}`);
    }
  }
  console.log(`training took ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // one-step-ahead predictions on the test windows, back in the data's units
  model.eval();
  const predScaled = Array.from(noGrad(() => model.forward(Xte)).data);
  const pred = scaler.inverseTransform(predScaled);
  const actual = series.slice(nFit);
  const tTest = t.slice(nFit);
  const clean = tTest.map(Math.sin);
  const rmse = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / a.length);
  console.log(`test RMSE vs the noisy data: ${rmse(pred, actual).toFixed(4)}; vs the clean sine: ${rmse(pred, clean).toFixed(4)} (noise σ = 0.1)`);
  const path = writeChart(`${OUT}/gru-timeseries.svg`, [
    { name: 'noisy data', x: tTest, y: actual, color: '#bbbbbb' },
    { name: 'clean sin(t)', x: tTest, y: clean, color: '#2ca02c' },
    { name: 'GRU prediction', x: tTest, y: pred, color: '#d62728', dashed: true },
  ], { title: 'Noisy sine: 2-layer GRU one-step-ahead predictions on the test set', xLabel: 't', yLabel: 'value', legendBox: true });
  console.log(`plot written to ${path}`);
}

if (isMain(import.meta.url)) await main();
