// Demo: the shape walk-throughs of the RNN/LSTM/GRU articles — nn.RNN(5, 6, 1), nn.LSTM(5, 6, 2),
// nn.GRU(5, 6, 2) on input (seq_len 3, batch 2, 5), the bidirectional variants, batch_first, a given
// h0 and an unbatched input — printing every shape as PyTorch's print(x.shape) does:
// `torch.Size([3, 2, 6])`. torch.manual_seed(42) before each module: same weights and inputs as
// PyTorch, so the first values printed are PyTorch's too (scripts/demos-a.py).
//   node dist/examples/shapes.js
import { cat, manualSeed, nn, randn, zeros, type Tensor } from '../engine/index.js';
import { isMain } from './lib/args.js';
import { torchSize, torchTensor } from './lib/pyfmt.js';

export const meta = {
  name: 'shapes',
  title: 'nn.RNN / nn.LSTM / nn.GRU input and output shapes: layers, bidirectional, batch_first (torch.Size format)',
};

export interface ShapeRecord {
  input: number[];
  output: number[];
  hn: number[];
  cn?: number[];
  outputValues: number[];
  hnValues: number[];
  final?: number[];
  lastForwardIsHn?: boolean;
  firstBackwardIsHn?: boolean;
}

type AnyRnn = nn.RNN | nn.LSTM | nn.GRU;

interface Case { key: string; code: string; make: () => AnyRnn; input: number[]; h0?: number[]; notes: Record<string, string> }

const SEQ = 3, BATCH = 2, IN = 5, HID = 6;

/** The walk-throughs, in the order of scripts/demos-a.py (each after manual_seed(42)). */
export const CASES: Case[] = [
  { key: 'rnn', code: 'nn.RNN(input_size=5, hidden_size=6, num_layers=1)', make: () => new nn.RNN({ inputSize: IN, hiddenSize: HID, numLayers: 1 }), input: [SEQ, BATCH, IN],
    notes: { input: '(seq_len, batch, input_size)', output: '(seq_len, batch, hidden_size): h_t of the last layer at every step', hn: '(num_layers, batch, hidden_size): the last step of every layer' } },
  { key: 'lstm', code: 'nn.LSTM(input_size=5, hidden_size=6, num_layers=2)', make: () => new nn.LSTM({ inputSize: IN, hiddenSize: HID, numLayers: 2 }), input: [SEQ, BATCH, IN],
    notes: { hn: '(num_layers, batch, hidden_size)', cn: '(num_layers, batch, hidden_size): the cell state, LSTM only' } },
  { key: 'gru', code: 'nn.GRU(input_size=5, hidden_size=6, num_layers=2)', make: () => new nn.GRU({ inputSize: IN, hiddenSize: HID, numLayers: 2 }), input: [SEQ, BATCH, IN],
    notes: { hn: '(num_layers, batch, hidden_size): no cell state' } },
  { key: 'bilstm', code: 'nn.LSTM(input_size=5, hidden_size=6, num_layers=2, bidirectional=True)', make: () => new nn.LSTM({ inputSize: IN, hiddenSize: HID, numLayers: 2, bidirectional: true }), input: [SEQ, BATCH, IN],
    notes: { output: '(seq_len, batch, 2 * hidden_size): [forward; backward]', hn: '(num_layers * 2, batch, hidden_size): l0 fwd, l0 bwd, l1 fwd, l1 bwd' } },
  { key: 'bigru', code: 'nn.GRU(input_size=5, hidden_size=6, num_layers=1, bidirectional=True)', make: () => new nn.GRU({ inputSize: IN, hiddenSize: HID, numLayers: 1, bidirectional: true }), input: [SEQ, BATCH, IN],
    notes: { output: '(seq_len, batch, 2 * hidden_size)', hn: '(2, batch, hidden_size)' } },
  { key: 'rnnBatchFirst', code: 'nn.RNN(input_size=5, hidden_size=6, num_layers=1, batch_first=True)', make: () => new nn.RNN({ inputSize: IN, hiddenSize: HID, numLayers: 1, batchFirst: true }), input: [BATCH, SEQ, IN],
    notes: { input: '(batch, seq_len, input_size)', output: '(batch, seq_len, hidden_size)', hn: '(num_layers, batch, hidden_size): batch_first does not apply to hn' } },
  { key: 'bilstmBatchFirst', code: 'nn.LSTM(input_size=5, hidden_size=6, num_layers=2, batch_first=True, bidirectional=True)', make: () => new nn.LSTM({ inputSize: IN, hiddenSize: HID, numLayers: 2, batchFirst: true, bidirectional: true }), input: [BATCH, SEQ, IN],
    notes: { output: '(batch, seq_len, 2 * hidden_size)', hn: '(num_layers * 2, batch, hidden_size)' } },
  { key: 'gruWithH0', code: 'nn.GRU(input_size=5, hidden_size=6, num_layers=2); gru(x, h0) with h0 = torch.zeros(2, 2, 6)', make: () => new nn.GRU({ inputSize: IN, hiddenSize: HID, numLayers: 2 }), input: [SEQ, BATCH, IN], h0: [2, BATCH, HID],
    notes: { hn: '(num_layers, batch, hidden_size), the shape h0 must have' } },
  { key: 'rnnUnbatched', code: 'nn.RNN(input_size=5, hidden_size=6, num_layers=1) on an unbatched input', make: () => new nn.RNN({ inputSize: IN, hiddenSize: HID, numLayers: 1 }), input: [SEQ, IN],
    notes: { input: '(seq_len, input_size)', output: '(seq_len, hidden_size)', hn: '(num_layers, hidden_size)' } },
];

const first = (t: Tensor, n = 6) => Array.from(t.data.subarray(0, n));

/** Runs one walk-through; returns the shapes and values, and the module's outputs. */
export function runCase(c: Case): { rec: ShapeRecord; output: Tensor; hn: Tensor; cn: Tensor | null } {
  manualSeed(42);
  const m = c.make();
  const x = randn(c.input);
  let output: Tensor, hn: Tensor, cn: Tensor | null = null;
  if (m instanceof nn.LSTM) {
    [output, [hn, cn]] = m.forward(x);
  } else {
    [output, hn] = m.forward(x, c.h0 ? zeros(c.h0) : null);
  }
  const rec: ShapeRecord = { input: x.shape.slice(), output: output.shape.slice(), hn: hn.shape.slice(), outputValues: first(output), hnValues: first(hn) };
  if (cn) rec.cn = cn.shape.slice();
  m.dispose();
  return { rec, output, hn, cn };
}

const same = (a: Tensor, b: Tensor) => a.size === b.size && a.data.every((v, i) => v === b.data[i]);

/** Every walk-through keyed as in the fixtures; the bidirectional LSTM also gives the final [h_fwd; h_bwd]. */
export function walkThroughs(): Record<string, ShapeRecord> {
  const out: Record<string, ShapeRecord> = {};
  for (const c of CASES) {
    const { rec, output, hn } = runCase(c);
    if (c.key === 'bilstm') {
      const final = cat([hn.select(0, -2), hn.select(0, -1)], 1);
      rec.final = final.shape.slice();
      rec.lastForwardIsHn = same(output.select(0, -1).slice(1, 0, HID), hn.select(0, -2));
      rec.firstBackwardIsHn = same(output.select(0, 0).slice(1, HID, 2 * HID), hn.select(0, -1));
    }
    out[c.key] = rec;
  }
  return out;
}

export async function main(_argv: string[] = process.argv.slice(2)): Promise<void> {
  const recs = walkThroughs();
  for (const c of CASES) {
    const r = recs[c.key];
    console.log(`\n${c.code}`);
    const row = (label: string, shape: number[] | undefined) => {
      if (!shape) return;
      const note = c.notes[label] ?? '';
      console.log(`${`${label}:`.padEnd(8)}${torchSize(shape).padEnd(24)}${note ? `# ${note}` : ''}`.trimEnd());
    };
    row('input', r.input);
    if (c.h0) row('h0', c.h0);
    row('output', r.output);
    row('hn', r.hn);
    row('cn', r.cn);
    console.log(`output.flatten()[:6] = ${torchTensor(r.outputValues)}`);
    if (c.key === 'bilstm') {
      console.log(`torch.cat([hn[-2], hn[-1]], dim=1): ${torchSize(r.final!)}  # the classifier's input: last layer, both directions`);
      console.log(`torch.equal(output[-1, :, :6], hn[-2]): ${r.lastForwardIsHn ? 'True' : 'False'}   # forward direction ends at the last step`);
      console.log(`torch.equal(output[0, :, 6:], hn[-1]): ${r.firstBackwardIsHn ? 'True' : 'False'}    # backward direction ends at step 0`);
    }
  }
}

if (isMain(import.meta.url)) await main();
