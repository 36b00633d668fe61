// Port of article 001's program 001-1 (lines 17-88): an Elman RNN written by hand as a torch
// module (weights randn·0.1, biases zero), run on one step (2, 10) with a given h_prev and on a
// sequence (2, 5, 10) from zeros, then nn.RNN(10, 20, batch_first) on the same sequence; prints
// the nine shapes. Runs as written (seeding convention: torch.manual_seed(42) at the top; the
// draws are the three weights, x_single, h_prev, x_seq, then nn.RNN's init).
// --check also prints a few values of each result (4 decimals) that the test compares with PyTorch.
//   seqgrad demo 001-1 [--check]
import { manualSeed, nn, randn, stack, zeros, type Parameter, type Tensor } from '../../engine/index.js';
import { parseArgs } from '../lib/args.js';
import { randnParameter, zerosParameter } from '../lib/params.js';
import { print } from '../lib/output.js';
import { pyFixedRow } from '../lib/pyfixed.js';
import { torchSize } from '../lib/pyfmt.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '001-1',
  name: 'simple-rnn-torch',
  title: 'a hand-written RNN in torch (one step, a sequence) and nn.RNN: nine shapes',
  options: { check: 'also run the check that the tests compare with PyTorch' },
  fixes: [],
};

/** The hand-written RNN: h = tanh(x·W_xh + h_prev·W_hh + b_h); one step also returns y = h·W_hy + b_y. */
export class SimpleRNN extends nn.Module {
  readonly hiddenSize: number;
  readonly W_xh: Parameter;
  readonly W_hh: Parameter;
  readonly W_hy: Parameter;
  readonly b_h: Parameter;
  readonly b_y: Parameter;
  readonly tanh = new nn.Tanh();

  constructor(inputSize: number, hiddenSize: number, outputSize: number) {
    super();
    this.hiddenSize = hiddenSize;
    this.W_xh = this.registerParameter('W_xh', randnParameter([inputSize, hiddenSize], 0.1));
    this.W_hh = this.registerParameter('W_hh', randnParameter([hiddenSize, hiddenSize], 0.1));
    this.W_hy = this.registerParameter('W_hy', randnParameter([hiddenSize, outputSize], 0.1));
    this.b_h = this.registerParameter('b_h', zerosParameter([hiddenSize]));
    this.b_y = this.registerParameter('b_y', zerosParameter([outputSize]));
    this.registerModule('tanh', this.tanh);
  }

  /**
   * x (batch, input) → [y (batch, output), h (batch, hidden)]; x (batch, seq, input) →
   * [output (batch, seq, hidden), the last h].
   */
  forward(x: Tensor, hPrev: Tensor | null = null): [Tensor, Tensor] {
    let h = hPrev ?? zeros([x.shape[0], this.hiddenSize]);
    if (x.ndim === 3) {
      const outputs: Tensor[] = [];
      for (let t = 0; t < x.shape[1]; t++) {
        h = this.tanh.forward(x.select(1, t).matmul(this.W_xh).add(h.matmul(this.W_hh)).add(this.b_h));
        outputs.push(h);
      }
      return [stack(outputs, 1), h];
    }
    h = this.tanh.forward(x.matmul(this.W_xh).add(h.matmul(this.W_hh)).add(this.b_h));
    const y = h.matmul(this.W_hy).add(this.b_y);
    return [y, h];
  }
}

export async function main(argv: string[] = []): Promise<void> {
  const args = parseArgs(argv);
  manualSeed(42);

  print('='.repeat(60));
  print('RNN 前向传播演示');
  print('='.repeat(60));

  const rnn = new SimpleRNN(10, 20, 5);

  const xSingle = randn([2, 10]);
  const hPrev = randn([2, 20]);
  const [y, h] = rnn.forward(xSingle, hPrev);
  print(`单步输入: ${torchSize(xSingle.shape)}`);
  print(`隐藏状态输入: ${torchSize(hPrev.shape)}`);
  print(`输出: ${torchSize(y.shape)}`);
  print(`隐藏状态输出: ${torchSize(h.shape)}`);

  const xSeq = randn([2, 5, 10]);
  const [outputSeq, finalH] = rnn.forward(xSeq);
  print(`\n序列输入: ${torchSize(xSeq.shape)}`);
  print(`序列输出: ${torchSize(outputSeq.shape)}`);
  print(`最终隐藏状态: ${torchSize(finalH.shape)}`);

  const rnnPytorch = new nn.RNN({ inputSize: 10, hiddenSize: 20, numLayers: 1, batchFirst: true });
  const [outputPytorch, hPytorch] = rnnPytorch.forward(xSeq);
  print(`\nPyTorch RNN输出: ${torchSize(outputPytorch.shape)}`);
  print(`PyTorch 隐藏状态: ${torchSize(hPytorch.shape)}`);

  if (args.check) {
    const row = (t: Tensor) => print(pyFixedRow(t.toArray()));
    row(y.select(0, 0));
    row(h.select(0, 1).slice(0, 0, 5));
    row(outputSeq.select(0, 1).select(0, 2).slice(0, 0, 5));
    row(finalH.select(0, 0).slice(0, 0, 5));
    row(outputPytorch.select(0, 1).select(0, -1).slice(0, 0, 5));
    row(hPytorch.select(0, 0).select(0, 0).slice(0, 0, 5));
  }
  rnn.dispose();
  rnnPytorch.dispose();
}
