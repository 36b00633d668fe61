// Port of article 002's program 002-1 (L41-144): an nn.RNN(1, 32) + Linear predicts the next value
// of 0.5·sin over np.linspace(0, 50, 1000) from windows of 20; 100 full-batch Adam epochs (loss
// every 10), then a 50-step forecast fed back into the window, plotted over the series.
//
// Fixes (the reference run has them too): the article turns its lists of window and label tensors
// into tensors with torch.FloatTensor(list). For the (20, 1) windows torch 1.13 refuses ("only one
// element tensors can be converted to Python scalars"): stacked instead, (980, 20, 1). For the
// one-element labels it runs but gives (980,), which nn.MSELoss broadcasts against the (980, 1)
// outputs to (980, 980) with a warning: every output is then pulled to the labels' mean and the
// forecast is flat. The labels are stacked to (980, 1), the evident intent; --broadcast-labels
// keeps them (980,) and computes the broadcast loss as PyTorch does.
//   seqgrad demo 002-1 [--epochs N] [--series] [--out DIR] [--broadcast-labels]
import { cat, manualSeed, nn, noGrad, optim, stack, tensor, type Tensor, zeros } from '../../engine/index.js';
import { intArg, parseArgs } from '../lib/args.js';
import { figure, print, printSeries, setOutDir } from '../lib/output.js';
import { lineChart } from '../lib/svg.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '002-1',
  name: 'sine-rnn',
  title: 'sine-wave prediction with nn.RNN(1, 32): losses every 10 epochs, a 50-step forecast (SVG)',
  options: {
    epochs: 'N: training epochs (100)',
    series: 'also print the values the figures plot, as `name step=N value=V` lines',
    out: 'DIR: where the SVG figures go (out/)',
    'broadcast-labels': "keep the article's (980,) labels, which MSELoss broadcasts to (980, 980)",
  },
  fixes: [
    'the windows are stacked (torch.stack) where the article calls torch.FloatTensor on a list of (20, 1) tensors, which torch 1.13 rejects',
    'the labels are stacked to (980, 1): torch.FloatTensor makes them (980,), and nn.MSELoss broadcasts them against the (980, 1) outputs ' +
      'to (980, 980), which only learns their mean (--broadcast-labels keeps that)',
  ],
};

class SimpleRNN extends nn.Module {
  readonly hiddenSize: number;
  readonly rnn: nn.RNN;
  readonly fc: nn.Linear;
  constructor(inputSize: number, hiddenSize: number, outputSize: number) {
    super();
    this.hiddenSize = hiddenSize;
    this.rnn = this.registerModule('rnn', new nn.RNN({ inputSize, hiddenSize, batchFirst: true }));
    this.fc = this.registerModule('fc', new nn.Linear({ inFeatures: hiddenSize, outFeatures: outputSize }));
  }
  /** x (B, T, 1) → the next value (B, 1) from the last step, and hn (1, B, H). */
  forward(x: Tensor, hidden: Tensor | null = null): [Tensor, Tensor] {
    if (hidden === null) hidden = zeros([1, x.shape[0], this.hiddenSize]);
    const [out, hn] = this.rnn.forward(x, hidden);
    return [this.fc.forward(out.select(1, -1)), hn];
  }
}

/** np.linspace(0, 50, 1000) and 0.5·np.sin of it, in float64. */
function generateSineWave(): [number[], number[]] {
  const n = 1000,
    step = 50 / (n - 1);
  const x = Array.from({ length: n }, (_, i) => (i === n - 1 ? 50 : i * step));
  return [x, x.map((v) => Math.sin(v) * 0.5)];
}

/**
 * nn.MSELoss on a (B, 1) input and a (B,) target, as the article's program computes it when its
 * labels are left (B,): PyTorch broadcasts both to (B, B) and averages (outputs[i] − labels[j])²
 * over all pairs (the engine's MSELoss wants equal shapes, so the broadcast is written out).
 */
function mseBroadcast(outputs: Tensor, labels: Tensor): Tensor {
  const d = outputs.sub(labels);
  return d.mul(d).mean();
}

export async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  if (typeof args.out === 'string') setOutDir(args.out);
  manualSeed(42);

  const [, y] = generateSineWave();
  const data = tensor(y, [y.length, 1]); // float32, as torch.FloatTensor(y).view(-1, 1)

  const sequenceLength = 20;
  const windows: Tensor[] = [];
  const labelValues: number[] = [];
  for (let i = 0; i < data.shape[0] - sequenceLength; i++) {
    windows.push(data.slice(0, i, i + sequenceLength));
    labelValues.push(data.data[i + sequenceLength]);
  }
  const sequences = stack(windows); // (980, 20, 1)
  const broadcastLabels = args['broadcast-labels'] === true;
  const labels = tensor(labelValues, broadcastLabels ? [labelValues.length] : [labelValues.length, 1]); // (980, 1) stacked, or (980,)

  const inputSize = 1,
    hiddenSize = 32,
    outputSize = 1;
  const model = new SimpleRNN(inputSize, hiddenSize, outputSize);
  const criterion = broadcastLabels ? { forward: mseBroadcast } : new nn.MSELoss();
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });

  const numEpochs = intArg(args, 'epochs', 100);
  for (let epoch = 0; epoch < numEpochs; epoch++) {
    const [outputs] = model.forward(sequences);
    const loss = criterion.forward(outputs, labels);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    if ((epoch + 1) % 10 === 0) print(`Epoch [${epoch + 1}/${numEpochs}], Loss: ${loss.item().toFixed(4)}`);
  }

  model.eval();
  let testSequence = sequences.select(0, -1); // (20, 1)
  const predictions: number[] = [];
  for (let k = 0; k < 50; k++) {
    noGrad(() => {
      const [pred] = model.forward(testSequence.unsqueeze(0)); // (1, 1)
      testSequence = cat([testSequence.slice(0, 1, sequenceLength), pred], 0);
      predictions.push(pred.item());
    });
  }

  const steps = y.map((_, i) => i);
  figure(
    '002-1-forecast.svg',
    lineChart(
      [
        { name: 'Actual', x: steps, y, color: '#1f77b4' },
        { name: 'Predicted', x: steps.slice(y.length - 50), y: predictions, color: '#ff7f0e' },
      ],
      { title: '', xLabel: '', yLabel: '', width: 1200, height: 600, legend: 'top-left', legendBox: true },
    ),
  );
  if (args.series) {
    printSeries('y', y);
    printSeries('predictions', predictions);
  }
}
