// Port of program 004-2 (../shared/seeds/004_f0894e9dca8cd21e.txt, lines 146–175): an interactive
// session with nn.LSTM(5, 6, 2): input (1, 3, 5), h0 and c0 (2, 3, 6) from randn, then `output`,
// `hn` and `cn` typed at the prompt, which shows each tensor's repr. The article does not seed:
// the port runs under the seeding convention (torch.manual_seed(42) first), as its reference does,
// so its numbers are those of the seeded run, not of the article's copy; the grad_fn is torch
// 1.13's name, StackBackward0 (the article's older torch printed StackBackward).
//   seqgrad demo 004-2
import { manualSeed, nn, randn, type Tensor } from '../../engine/index.js';
import { print } from '../lib/output.js';
import { tensorRepr } from '../lib/torch-print.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '004-2',
  name: 'nn-lstm-session',
  title: 'nn.LSTM(5, 6, 2) on randn (1, 3, 5) with h0, c0: the session shows output, hn and cn as tensors with their grad_fn',
  options: {},
  fixes: [],
};

/** What the prompt shows for a tensor typed alone: its repr (torch's LSTM stacks its steps and layers: StackBackward0). */
function display(t: Tensor): void {
  print(tensorRepr(t, { gradFn: 'StackBackward0' }));
}

export async function main(_argv: string[] = []): Promise<void> {
  manualSeed(42);
  const rnn = new nn.LSTM({ inputSize: 5, hiddenSize: 6, numLayers: 2 });
  const input = randn([1, 3, 5]);
  const h0 = randn([2, 3, 6]);
  const c0 = randn([2, 3, 6]);
  const [output, [hn, cn]] = rnn.forward(input, [h0, c0]);
  display(output);
  display(hn);
  display(cn);
}
