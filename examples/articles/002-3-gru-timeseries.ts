// Port of article 002's program 002-3 (L336-471): a 2-layer nn.GRU(1, 32) + Linear predicts the
// next value of sin(t/20) + 0.1·N(0, 1) (1,000 points, numpy's randn) scaled to (−1, 1) by a
// MinMaxScaler fitted on the whole series, from windows of 20; the first 80% of the 980 windows
// train (100 epochs of Adam over 12 unshuffled batches of 64, the loss every 10), the rest are
// predicted, scaled back and plotted against the data. Runs as written.
//   seqgrad demo 002-3 [--epochs N] [--series] [--out DIR]
import { manualSeed, nn, noGrad, optim, random, tensor, type Tensor, zeros, data } from '../../engine/index.js';
import { intArg, parseArgs } from '../lib/args.js';
import { figure, print, printSeries, setOutDir } from '../lib/output.js';
import { lineChart } from '../lib/svg.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '002-3',
  name: 'gru-timeseries',
  title: 'GRU time-series prediction on a noisy sine: losses every 10 epochs, test predictions (SVG)',
  options: {
    epochs: 'N: training epochs (100)',
    series: 'also print the values the figures plot, as `name step=N value=V` lines',
    out: 'DIR: where the SVG figures go (out/)',
  },
  fixes: [],
};

class GRUModel extends nn.Module {
  readonly hiddenDim: number;
  readonly numLayers: number;
  readonly gru: nn.GRU;
  readonly fc: nn.Linear;
  constructor(inputDim: number, hiddenDim: number, outputDim: number, numLayers: number) {
    super();
    this.hiddenDim = hiddenDim;
    this.numLayers = numLayers;
    this.gru = this.registerModule('gru', new nn.GRU({ inputSize: inputDim, hiddenSize: hiddenDim, numLayers, batchFirst: true }));
    this.fc = this.registerModule('fc', new nn.Linear({ inFeatures: hiddenDim, outFeatures: outputDim }));
  }
  /** x (B, T, 1) → the next value (B, 1), from the top layer's last step. */
  forward(x: Tensor): Tensor {
    const h0 = zeros([this.numLayers, x.shape[0], this.hiddenDim]);
    const [out] = this.gru.forward(x, h0);
    return this.fc.forward(out.select(1, -1));
  }
}

/** sin(time/20) + 0.1·randn over time = 0 … nSamples−1, in float64. */
function generateData(np: random.RandomState, nSamples = 1000): number[] {
  const noise = np.randn(nSamples);
  return noise.map((e, time) => Math.sin(time / 20) + 0.1 * e);
}

/** Windows of seqLength points (X) and the point after each (y). */
function createSequences(series: number[], seqLength: number): [number[][], number[]] {
  const xs: number[][] = [],
    ys: number[] = [];
  for (let i = 0; i < series.length - seqLength; i++) {
    xs.push(series.slice(i, i + seqLength));
    ys.push(series[i + seqLength]);
  }
  return [xs, ys];
}

/**
 * scaler.inverse_transform of a float32 array: sklearn keeps float32 and works in place
 * (X -= min_; X /= scale_), so each step is rounded to float32.
 */
function inverseTransformF32(scaler: data.MinMaxScaler, values: ArrayLike<number>): number[] {
  const fr = Math.fround;
  return Array.from(values, (v) => fr(fr(v - scaler.min![0]) / scaler.scale![0]));
}

export async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  if (typeof args.out === 'string') setOutDir(args.out);
  // the seeding convention: numpy's global generator and torch's, both 42 (the article seeds torch)
  const np = new random.RandomState(42);
  manualSeed(42);

  const series = generateData(np);
  const scaler = new data.MinMaxScaler({ featureRange: [-1, 1] });
  const dataNormalized = scaler.fitTransform(series);

  const seqLength = 20;
  const [X, y] = createSequences(dataNormalized, seqLength);
  const trainSize = Math.floor(X.length * 0.8);
  const XTrain = tensor(X.slice(0, trainSize).flat(), [trainSize, seqLength, 1]);
  const XTest = tensor(X.slice(trainSize).flat(), [X.length - trainSize, seqLength, 1]);
  const yTrain = tensor(y.slice(0, trainSize), [trainSize, 1]);
  const yTest = tensor(y.slice(trainSize), [X.length - trainSize, 1]);

  const inputDim = 1,
    hiddenDim = 32,
    outputDim = 1,
    numLayers = 2;
  const model = new GRUModel(inputDim, hiddenDim, outputDim, numLayers);
  const criterion = new nn.MSELoss();
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });

  const numEpochs = intArg(args, 'epochs', 100);
  const batchSize = 64;
  const nBatches = Math.floor(trainSize / batchSize);
  for (let epoch = 0; epoch < numEpochs; epoch++) {
    model.train();
    let epochLoss = 0;
    for (let i = 0; i < nBatches; i++) {
      const startIdx = i * batchSize;
      const endIdx = startIdx + batchSize;
      const outputs = model.forward(XTrain.slice(0, startIdx, endIdx));
      const loss = criterion.forward(outputs, yTrain.slice(0, startIdx, endIdx));
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      epochLoss += loss.item();
    }
    if ((epoch + 1) % 10 === 0) print(`Epoch [${epoch + 1}/${numEpochs}], Loss: ${(epochLoss / nBatches).toFixed(4)}`);
  }

  model.eval();
  const testPredictions = inverseTransformF32(scaler, noGrad(() => model.forward(XTest)).data);
  const yTestActual = inverseTransformF32(scaler, yTest.data);

  const steps = yTestActual.map((_, i) => i);
  figure(
    '002-3-gru-prediction.svg',
    lineChart(
      [
        { name: 'Actual', x: steps, y: yTestActual, color: '#1f77b4' },
        { name: 'Predicted', x: steps, y: testPredictions, color: '#ff7f0e' },
      ],
      { title: 'GRU Time Series Prediction', xLabel: '', yLabel: '', width: 1200, height: 600, legend: 'top-left', legendBox: true },
    ),
  );
  if (args.series) {
    printSeries('y_test_actual', yTestActual);
    printSeries('test_predictions', testPredictions);
  }
}
