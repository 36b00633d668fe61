// Port of article 001's program 001-3 (lines 199-324): an LSTM cell written by hand (one weight
// matrix over [x; h] for the four gates i, f, g, o, randn·0.1; bias zero), a multi-layer LSTM
// stacked from it, and the parameter count of nn.LSTMCell(10, 20): 2,560.
// The article's program defines the hand-written modules without running them; --check runs them
// (ManualLSTM(10, 20, 2 layers) on randn(3, 7, 10), and nn.LSTMCell on its first step) and prints
// a few values that the test compares with PyTorch.
// Fixes: the program takes torch.nn from 001-1 (imported here as in every port). Its last part
// draws a figure of text only (the gates' formulas and captions, lines 291-324): that is the
// article's prose, not redrawn (a note points to the lines).
//   seqgrad demo 001-3 [--check]
import { cat, manualSeed, nn, randn, stack, zeros, type Parameter, type Tensor } from '../../engine/index.js';
import { parseArgs } from '../lib/args.js';
import { note, print } from '../lib/output.js';
import { randnParameter, zerosParameter } from '../lib/params.js';
import { pyFixedRow } from '../lib/pyfixed.js';
import { commas, torchSize } from '../lib/pyfmt.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '001-3',
  name: 'lstm-cell',
  title: 'a hand-written LSTM cell and a stacked LSTM; the nn.LSTMCell(10, 20) parameter count',
  options: { check: 'also run the check that the tests compare with PyTorch' },
  fixes: [
    'imports torch.nn, which the program takes from 001-1',
    "the figure of the gates' formulas and captions (text only, lines 291-324) is not redrawn: a note points to it",
  ],
};

/** One LSTM step: gates = [x, h]·W + b split into i, f, g, o; c' = f⊙c + i⊙g; h' = o⊙tanh(c'). */
export class LSTMCell extends nn.Module {
  readonly hiddenSize: number;
  readonly W: Parameter;
  readonly b: Parameter;

  constructor(inputSize: number, hiddenSize: number) {
    super();
    this.hiddenSize = hiddenSize;
    this.W = this.registerParameter('W', randnParameter([inputSize + hiddenSize, 4 * hiddenSize], 0.1));
    this.b = this.registerParameter('b', zerosParameter([4 * hiddenSize]));
  }

  /** x (batch, input), state [h, c] each (batch, hidden) → [h', c']. */
  forward(x: Tensor, state: [Tensor, Tensor]): [Tensor, Tensor] {
    const [h, c] = state;
    const combined = cat([x, h], 1);
    const gates = combined.matmul(this.W).add(this.b);
    let [i, f, g, o] = gates.chunk(4, 1);
    i = i.sigmoid();
    f = f.sigmoid();
    o = o.sigmoid();
    g = g.tanh();
    const cNew = f.mul(c).add(i.mul(g));
    const hNew = o.mul(cNew.tanh());
    return [hNew, cNew];
  }
}

/** numLayers hand-written cells over (batch, seq, input) → [output (batch, seq, hidden), [h, c] (layers, batch, hidden)]. */
export class ManualLSTM extends nn.Module {
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly cells: nn.ModuleList<LSTMCell>;

  constructor(inputSize: number, hiddenSize: number, numLayers = 1) {
    super();
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.cells = this.registerModule(
      'cells',
      new nn.ModuleList(Array.from({ length: numLayers }, (_, i) => new LSTMCell(i === 0 ? inputSize : hiddenSize, hiddenSize))),
    );
  }

  forward(x: Tensor, state: [Tensor[], Tensor[]] | null = null): [Tensor, [Tensor, Tensor]] {
    const [batch, seqLen] = x.shape;
    let h: Tensor[], c: Tensor[];
    if (state === null) {
      h = Array.from({ length: this.numLayers }, () => zeros([batch, this.hiddenSize]));
      c = Array.from({ length: this.numLayers }, () => zeros([batch, this.hiddenSize]));
    } else {
      [h, c] = state;
    }
    const outputs: Tensor[] = [];
    for (let t = 0; t < seqLen; t++) {
      const xT = x.select(1, t);
      for (let layer = 0; layer < this.numLayers; layer++) {
        [h[layer], c[layer]] = this.cells.at(layer).forward(layer === 0 ? xT : h[layer - 1], [h[layer], c[layer]]);
      }
      outputs.push(h[h.length - 1]);
    }
    const output = stack(outputs, 1);
    return [output, [stack(h, 0), stack(c, 0)]];
  }
}

export async function main(argv: string[] = []): Promise<void> {
  const args = parseArgs(argv);
  manualSeed(42);

  print('='.repeat(60));
  print('LSTM 门控机制演示');
  print('='.repeat(60));

  const lstmCell = new nn.LSTMCell({ inputSize: 10, hiddenSize: 20 });
  print(`LSTMCell 参数量: ${commas(lstmCell.numParameters())}`);

  note('001-3: the figure of the LSTM gates is text only (formulas and captions): read 001_9700ed81899b3ed4.txt lines 291-324');

  if (args.check) {
    const row = (t: Tensor) => print(pyFixedRow(t.toArray()));
    const manual = new ManualLSTM(10, 20, 2);
    const x = randn([3, 7, 10]);
    const [output, [hN, cN]] = manual.forward(x);
    print(torchSize(output.shape), torchSize(hN.shape), torchSize(cN.shape));
    row(output.select(0, 0).select(0, -1).slice(0, 0, 6));
    row(cN.select(0, 1).select(0, 2).slice(0, 0, 6));
    const [h1] = lstmCell.forward(x.select(1, 0));
    row(h1.select(0, 0).slice(0, 0, 6));
    manual.dispose();
  }
  lstmCell.dispose();
}
