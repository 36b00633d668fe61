// Port of program 003-2 (../shared/seeds/003_3114010e33895a21.txt, lines 177–179): the data
// preparation of the article's Shakespeare text-generation project. The article's block stops
// mid-line after its imports (`from tor`); this port completes it as the section announces, with
// the same completion as the reference (scripts/articles/a003.py): the plays' text read from a
// file (PyTorch ships no Shakespeare dataset), a character vocabulary (sorted), the text encoded
// as indices, a Dataset of (input, target) windows of 100 characters shifted by one, a shuffled
// DataLoader of 64; it prints the text and vocabulary sizes, the sample count, the first batch's
// shapes, the first 24 indices of its first input and target, and that input as text.
//   seqgrad demo 003-2 [--data FILE]   (default ../shared/data/tinyshakespeare.txt beside the checkout)
import { data, manualSeed, type Tensor } from '../../engine/index.js';
import { parseArgs } from '../lib/args.js';
import { print, readData } from '../lib/output.js';
import { torchSize } from '../lib/pyfmt.js';
import { pyStrRepr } from '../lib/pystr.js';
import { tensorRepr } from '../lib/torch-print.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '003-2',
  name: 'shakespeare-data',
  title:
    'character data for a Shakespeare LSTM: vocabulary, encoding, (input, target) windows of 100, a shuffled DataLoader of 64; prints sizes and the first batch',
  options: { data: 'FILE: the corpus (tinyshakespeare.txt in the shared data folder)' },
  fixes: [
    'the block stops mid-line at `from tor`: completed as the section announces (the corpus from a file, --data, as PyTorch ships ' +
      'no Shakespeare dataset; a character vocabulary, the text encoded, (input, target) windows of 100 shifted by one, a shuffled ' +
      'DataLoader of 64), printing the corpus and vocabulary sizes, the sample count and the first batch',
  ],
};

const CORPUS = 'tinyshakespeare.txt';

/** (input, target) pairs: the `seqLength` indices from idx, and the same shifted by one. */
class ShakespeareDataset {
  readonly encoded: Int32Array;
  readonly seqLength: number;
  constructor(encoded: Int32Array, seqLength: number) {
    this.encoded = encoded;
    this.seqLength = seqLength;
  }
  get length(): number {
    return this.encoded.length - this.seqLength;
  }
  get(idx: number): [number[], number[]] {
    return [Array.from(this.encoded.subarray(idx, idx + this.seqLength)), Array.from(this.encoded.subarray(idx + 1, idx + this.seqLength + 1))];
  }
}

/** Row 0, columns 0…n−1 of a (B, L) batch of indices, as torch's int64 tensor `t[0, :n]`. */
function firstRow(t: Tensor, n: number): { data: Float32Array; shape: number[] } {
  return { data: t.data.slice(0, n), shape: [n] };
}

export async function main(argv: string[] = []): Promise<void> {
  const args = parseArgs(argv);
  const raw = await readData(CORPUS, typeof args.data === 'string' ? args.data : undefined).catch((e: Error) => {
    throw new Error(`003-2: ${e.message}`);
  });
  if (raw === null) throw new Error(`003-2: ../shared/data/${CORPUS} is not beside the checkout; pass the corpus with --data FILE`);
  manualSeed(42);

  const text = Array.from(raw); // Python's str: one item per code point
  const chars = [...new Set(text)].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  const charToIdx = new Map(chars.map((ch, i) => [ch, i]));
  const idxToChar = chars;
  const encoded = Int32Array.from(text, (ch) => charToIdx.get(ch)!);

  const seqLength = 100;
  const batchSize = 64;
  const dataset = new ShakespeareDataset(encoded, seqLength);
  const dataloader = new data.DataLoader(dataset, { batchSize, shuffle: true });

  print('文本长度:', text.length);
  print('字符表大小:', chars.length);
  print('训练样本数:', dataset.length);
  const [inputs, targets] = dataloader[Symbol.iterator]().next().value as [Tensor, Tensor];
  print(torchSize(inputs.shape), torchSize(targets.shape));
  print(tensorRepr(firstRow(inputs, 24), { dtype: 'int64' }));
  print(tensorRepr(firstRow(targets, 24), { dtype: 'int64' }));
  print(pyStrRepr(Array.from(firstRow(inputs, seqLength).data, (i) => idxToChar[i]).join('')));
}
