// Port of program 004-1 (../shared/seeds/004_f0894e9dca8cd21e.txt, lines 74–90): an interactive
// session with nn.RNN(5, 6, 1): input (1, 3, 5) and h0 (1, 3, 6) from randn, then `output` and
// `hn` typed at the prompt, which shows each tensor's repr. The article does not seed: the port
// runs under the seeding convention (torch.manual_seed(42) first), as its reference does, so its
// numbers are those of the seeded run, not of the article's copy; the grad_fn is torch 1.13's
// name, StackBackward0 (the article's older torch printed StackBackward).
//   seqgrad demo 004-1
import { manualSeed, nn, randn, type Tensor } from '../../engine/index.js';
import { print } from '../lib/output.js';
import { tensorRepr } from '../lib/torch-print.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '004-1',
  name: 'nn-rnn-session',
  title: 'nn.RNN(5, 6, 1) on randn (1, 3, 5) with h0: the session shows output and hn as tensors with their grad_fn',
  options: {},
  fixes: [],
};

/** What the prompt shows for a tensor typed alone: its repr (torch's RNN stacks its steps: StackBackward0). */
function display(t: Tensor): void {
  print(tensorRepr(t, { gradFn: 'StackBackward0' }));
}

export async function main(_argv: string[] = []): Promise<void> {
  manualSeed(42);
  const rnn = new nn.RNN({ inputSize: 5, hiddenSize: 6, numLayers: 1 });
  const input = randn([1, 3, 5]);
  const h0 = randn([1, 3, 6]);
  const [output, hn] = rnn.forward(input, h0);
  display(output);
  display(hn);
}
