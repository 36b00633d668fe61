// Port of article 001's program 001-5 (lines 380-440): a GRU cell written by hand (update gate z,
// reset gate r, candidate h̃ from [x; r⊙h]; weights randn·0.1, biases zero), then the parameter
// counts of nn.LSTMCell(100, 256) and nn.GRUCell(100, 256) (366,592 and 274,944: 25.0% fewer).
// The article's program defines the cell without running it; --check runs it three steps on
// randn(4, 10) from zeros and prints a few values that the test compares with PyTorch.
// Fixes: the program takes torch.nn from 001-1 (imported here as in every port); it ends by
// printing a comparison table that is the article's prose (lines 428-439): the port prints a
// pointer to those lines instead.
//   seqgrad demo 001-5 [--check]
import { cat, manualSeed, nn, randn, zeros, type Parameter, type Tensor } from '../../engine/index.js';
import { parseArgs } from '../lib/args.js';
import { print } from '../lib/output.js';
import { randnParameter, zerosParameter } from '../lib/params.js';
import { pyFixed, pyFixedRow } from '../lib/pyfixed.js';
import { commas, torchSize } from '../lib/pyfmt.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '001-5',
  name: 'gru-cell',
  title: 'a hand-written GRU cell; nn.LSTMCell vs nn.GRUCell(100, 256) parameter counts',
  options: { check: 'also run the check that the tests compare with PyTorch' },
  fixes: [
    'imports torch.nn, which the program takes from 001-1',
    "prints a pointer to the article's lines 428-439 instead of printing that prose (a LSTM vs GRU comparison table)",
  ],
};

/** One GRU step: z = σ([x, h]·W_z + b_z), r = σ([x, h]·W_r + b_r), h̃ = tanh([x, r⊙h]·W_h + b_h), h' = (1 − z)⊙h + z⊙h̃. */
export class GRUCell extends nn.Module {
  readonly hiddenSize: number;
  readonly W_z: Parameter;
  readonly W_r: Parameter;
  readonly W_h: Parameter;
  readonly b_z: Parameter;
  readonly b_r: Parameter;
  readonly b_h: Parameter;

  constructor(inputSize: number, hiddenSize: number) {
    super();
    this.hiddenSize = hiddenSize;
    this.W_z = this.registerParameter('W_z', randnParameter([inputSize + hiddenSize, hiddenSize], 0.1));
    this.W_r = this.registerParameter('W_r', randnParameter([inputSize + hiddenSize, hiddenSize], 0.1));
    this.W_h = this.registerParameter('W_h', randnParameter([inputSize + hiddenSize, hiddenSize], 0.1));
    this.b_z = this.registerParameter('b_z', zerosParameter([hiddenSize]));
    this.b_r = this.registerParameter('b_r', zerosParameter([hiddenSize]));
    this.b_h = this.registerParameter('b_h', zerosParameter([hiddenSize]));
  }

  /** x (batch, input), hPrev (batch, hidden) → h' (batch, hidden). */
  forward(x: Tensor, hPrev: Tensor): Tensor {
    const combined = cat([x, hPrev], 1);
    const z = combined.matmul(this.W_z).add(this.b_z).sigmoid();
    const r = combined.matmul(this.W_r).add(this.b_r).sigmoid();
    const hTilde = cat([x, r.mul(hPrev)], 1)
      .matmul(this.W_h)
      .add(this.b_h)
      .tanh();
    return z.neg().add(1).mul(hPrev).add(z.mul(hTilde));
  }
}

export async function main(argv: string[] = []): Promise<void> {
  const args = parseArgs(argv);
  manualSeed(42);

  print('='.repeat(60));
  print('LSTM vs GRU 对比');
  print('='.repeat(60));

  const lstm = new nn.LSTMCell({ inputSize: 100, hiddenSize: 256 });
  const gru = new nn.GRUCell({ inputSize: 100, hiddenSize: 256 });
  const lstmParams = lstm.numParameters();
  const gruParams = gru.numParameters();
  print(`LSTM Cell 参数量: ${commas(lstmParams)}`);
  print(`GRU Cell 参数量: ${commas(gruParams)}`);
  print(`参数量减少: ${pyFixed(((lstmParams - gruParams) / lstmParams) * 100, 1)}%`);

  print('[prose: 001_9700ed81899b3ed4.txt lines 428-439]');

  if (args.check) {
    const row = (t: Tensor) => print(pyFixedRow(t.toArray()));
    const cell = new GRUCell(10, 20);
    const x = randn([4, 10]);
    let h = zeros([4, 20]);
    for (let k = 0; k < 3; k++) h = cell.forward(x, h);
    print(torchSize(h.shape));
    row(h.select(0, 0).slice(0, 0, 6));
    row(h.select(0, 3).slice(0, -6));
    cell.dispose();
  }
  lstm.dispose();
  gru.dispose();
}
