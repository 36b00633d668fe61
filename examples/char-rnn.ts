// Demo: a character-level LSTM language model (the LSTM article's text-generation example).
// Trains Embedding → 2-layer LSTM(128) → Linear on the article's Chinese paragraph about 人工智能
// (embedded) or on a text file, windows of 30 characters predicting the next character at every
// step, 100 epochs; then primes the model with "人工智能" and samples 100 characters.
//   node dist/examples/char-rnn.js [--epochs N] [--temperature T] [--length N] [--prime TEXT]
//                                  [--data FILE [--max-chars N]] [--out DIR]
import { readFileSync } from 'node:fs';
import { manualSeed, nn, noGrad, optim, sampleLogits, tensor, Tensor, data } from '../engine/index.js';
import { intArg, isMain, parseArgs, progress } from './lib/args.js';
import { AI_PARAGRAPH_ZH } from './lib/corpora.js';
import { numArg, printParameters, shapeStr, strArg } from './lib/report.js';
import { writeChart } from './lib/svg.js';

export const meta = {
  name: 'char-rnn',
  title: 'Character-level text generation: Embedding → 2-layer LSTM(128), trained on a Chinese paragraph about 人工智能 (--data FILE), sampled from "人工智能"',
};

export class CharRNN extends nn.Module {
  readonly embedding: nn.Embedding;
  readonly lstm: nn.LSTM;
  readonly fc: nn.Linear;
  constructor(vocabSize: number, embedDim = 128, hiddenDim = 128, numLayers = 2) {
    super();
    this.embedding = this.registerModule('embedding', new nn.Embedding({ numEmbeddings: vocabSize, embeddingDim: embedDim }));
    this.lstm = this.registerModule('lstm', new nn.LSTM({ inputSize: embedDim, hiddenSize: hiddenDim, numLayers, batchFirst: true }));
    this.fc = this.registerModule('fc', new nn.Linear({ inFeatures: hiddenDim, outFeatures: vocabSize }));
  }
  /** x (B, T) character ids → logits (B, T, V) and the final [hn, cn]. */
  forward(x: Tensor, state: [Tensor, Tensor] | null = null): [Tensor, [Tensor, Tensor]] {
    const [out, st] = this.lstm.forward(this.embedding.forward(x), state);
    return [this.fc.forward(out), st];
  }
}

/** The distinct characters of a text in code-point order (Python's sorted(set(text))). */
export function charVocab(text: string): string[] {
  return [...new Set(data.charTokenize(text))].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const args = parseArgs(argv);
  const EPOCHS = intArg(args, 'epochs', 100);
  const OUT = strArg(args, 'out', 'out');
  const TEMPERATURE = numArg(args, 'temperature', 0.8);
  const LENGTH = intArg(args, 'length', 100);
  const SEQ = 30;
  const BATCH = 64;
  const file = typeof args.data === 'string' ? args.data : null;

  manualSeed(42);
  let text = AI_PARAGRAPH_ZH;
  let stride = 1;
  if (file) {
    // NOTE: a whole book is far beyond 100 epochs on one core: take the first --max-chars
    // characters and non-overlapping windows (the embedded paragraph uses every offset).
    const maxChars = intArg(args, 'max-chars', 10000);
    const full = data.charTokenize(readFileSync(file, 'utf8'));
    text = full.slice(0, maxChars).join('');
    stride = SEQ;
    console.log(`text: ${file}, the first ${Math.min(maxChars, full.length).toLocaleString('en-US')} of ${full.length.toLocaleString('en-US')} characters (--max-chars)`);
  } else {
    console.log(`text: the embedded paragraph about 人工智能 (${data.charTokenize(text).length} characters)`);
    console.log(`  ${text.slice(0, 40)}…`);
  }
  const chars = data.charTokenize(text);
  const itos = charVocab(text);
  const stoi = new Map(itos.map((c, i) => [c, i]));
  const ids = chars.map((c) => stoi.get(c)!);
  console.log(`text length: ${chars.length}, vocabulary size: ${itos.length} distinct characters`);
  const starts: number[] = [];
  for (let i = 0; i + SEQ < ids.length; i += stride) starts.push(i);
  const X = tensor(starts.flatMap((i) => ids.slice(i, i + SEQ)), [starts.length, SEQ]);
  const Y = tensor(starts.flatMap((i) => ids.slice(i + 1, i + SEQ + 1)), [starts.length, SEQ]);
  console.log(`training windows: ${starts.length} of ${SEQ} characters (stride ${stride}): X ${shapeStr(X.shape)}, y ${shapeStr(Y.shape)}`);

  const model = new CharRNN(itos.length);
  printParameters(model);
  noGrad(() => {
    const [logits, [hn]] = model.forward(X.slice(0, 0, BATCH));
    console.log(`one batch: input ${shapeStr([Math.min(BATCH, starts.length), SEQ])} → logits ${shapeStr(logits.shape)}, hn ${shapeStr(hn.shape)}`);
  });
  const criterion = new nn.CrossEntropyLoss();
  const optimizer = new optim.Adam(model.parameters(), { lr: 3e-3 });
  const loader = new data.DataLoader(starts.map((_, i) => i), { batchSize: BATCH, shuffle: true, collate: (items: number[]) => items });
  console.log(`batches per epoch: ${loader.length}`);
  const V = itos.length;
  const history: number[] = [];
  const t0 = Date.now();
  let step = 0;
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    let sum = 0;
    for (const idx of loader) {
      optimizer.zeroGrad();
      const [logits] = model.forward(X.indexSelect(0, idx));
      const loss = criterion.forward(logits.reshape([idx.length * SEQ, V]), Y.indexSelect(0, idx).reshape([idx.length * SEQ]));
      loss.backward();
      nn.utils.clipGradNorm(model.parameters(), 5);
      optimizer.step();
      sum += loss.item() * idx.length;
      progress('training', ++step, EPOCHS * loader.length, `epoch ${epoch} loss ${loss.item().toFixed(4)}`, t0);
    }
    const mean = sum / starts.length;
    history.push(mean);
    if (epoch % 10 === 0 || epoch === EPOCHS || epoch === 1) {
      console.log(`Epoch [${epoch}/${EPOCHS}], Loss: ${mean.toFixed(4)}, perplexity ${Math.exp(mean).toFixed(2)}`);
    }
  }
  console.log(`training took ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // generation: run the prime through the model, then sample one character at a time
  let prime = strArg(args, 'prime', file ? chars.slice(0, 4).join('') : '人工智能');
  const unknown = data.charTokenize(prime).filter((c) => !stoi.has(c));
  if (unknown.length) {
    console.log(`prime "${prime}" has characters not in the text (${unknown.join('')}); using "${chars.slice(0, 4).join('')}"`);
    prime = chars.slice(0, 4).join('');
  }
  model.eval();
  const generated = noGrad(() => {
    const primeIds = data.charTokenize(prime).map((c) => stoi.get(c)!);
    let [logits, state] = model.forward(tensor([primeIds]));
    let last = logits.select(1, -1); // (1, V)
    const out: string[] = [];
    for (let k = 0; k < LENGTH; k++) {
      const next = sampleLogits(last, { temperature: TEMPERATURE }).data[0];
      out.push(itos[next]);
      [logits, state] = model.forward(tensor([[next]]), state);
      last = logits.select(1, -1);
    }
    return out.join('');
  });
  console.log(`generated (prime "${prime}", temperature ${TEMPERATURE}, ${LENGTH} characters):`);
  console.log(prime + generated);

  const path = writeChart(`${OUT}/char-rnn.svg`, [
    { name: 'training loss', x: history.map((_, i) => i + 1), y: history },
  ], { title: 'Character-level LSTM: cross-entropy per epoch', xLabel: 'epoch', yLabel: 'loss (nats per character)' });
  console.log(`plot written to ${path}`);
}

if (isMain(import.meta.url)) await main();
