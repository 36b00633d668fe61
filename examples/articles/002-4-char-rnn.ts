// Port of article 002's program 002-4 (L510-653): a character-level CharRNN (Embedding(V, 128) →
// 2-layer LSTM(128) → Linear(128, V) on the last step) trained on the article's 人工智能 paragraph
// (every window of 20 characters → the next one; 100 epochs of Adam over 2 unshuffled batches of 64),
// then 100 characters sampled with torch.multinomial from "人工智能", the LSTM state carried along.
// The paragraph is read from --data FILE, by default articles/002-4-text.txt in the shared data
// folder beside the checkout (../shared/data/). Runs as written.
//   seqgrad demo 002-4 [--data FILE] [--epochs N]
import { manualSeed, multinomial, nn, noGrad, optim, softmax, tensor, type Tensor, zeros } from '../../engine/index.js';
import { intArg, parseArgs } from '../lib/args.js';
import { note, print, readData } from '../lib/output.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '002-4',
  name: 'char-rnn',
  title: "char-level LSTM text generation on the article's 人工智能 paragraph (--data FILE): vocabulary, losses, 100 sampled characters",
  options: {
    data: 'FILE: the paragraph to learn (articles/002-4-text.txt in the shared data folder)',
    epochs: 'N: training epochs (100)',
  },
  fixes: [],
};

const DATA_FILE = 'articles/002-4-text.txt';

/** Where the paragraph lives in the shared data folder (the host reads it: Node from ../shared/data/, the page from its data/). */
export const dataFile = DATA_FILE;

export class CharRNN extends nn.Module {
  readonly hiddenSize: number;
  readonly nLayers: number;
  readonly embedding: nn.Embedding;
  readonly lstm: nn.LSTM;
  readonly fc: nn.Linear;
  constructor(inputSize: number, hiddenSize: number, outputSize: number, nLayers = 1) {
    super();
    this.hiddenSize = hiddenSize;
    this.nLayers = nLayers;
    this.embedding = this.registerModule('embedding', new nn.Embedding({ numEmbeddings: inputSize, embeddingDim: hiddenSize }));
    this.lstm = this.registerModule('lstm', new nn.LSTM({ inputSize: hiddenSize, hiddenSize, numLayers: nLayers, batchFirst: true }));
    this.fc = this.registerModule('fc', new nn.Linear({ inFeatures: hiddenSize, outFeatures: outputSize }));
  }
  /** x (B, T) character ids → logits (B, V) of the last step, and the LSTM's [hn, cn]. */
  forward(x: Tensor, hidden: [Tensor, Tensor] | null = null): [Tensor, [Tensor, Tensor]] {
    const batchSize = x.shape[0];
    if (hidden === null) {
      const h0 = zeros([this.nLayers, batchSize, this.hiddenSize]);
      const c0 = zeros([this.nLayers, batchSize, this.hiddenSize]);
      hidden = [h0, c0];
    }
    const embeds = this.embedding.forward(x);
    const [output, state] = this.lstm.forward(embeds, hidden);
    return [this.fc.forward(output.select(1, -1)), state];
  }
}

export async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const raw = await readData(DATA_FILE, typeof args.data === 'string' ? args.data : undefined);
  if (raw === null) {
    note(`002-4: the article's paragraph (${DATA_FILE}) is not in a shared/data/ folder beside the checkout; pass it with --data FILE`);
    return;
  }
  const text = [...raw]; // code points, as Python's str
  manualSeed(42); // the seeding convention: the article does not seed

  // sorted(set(text)): by code point
  const chars = [...new Set(text)].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  const charToIdx = new Map(chars.map((ch, i) => [ch, i]));
  const idxToChar = new Map(chars.map((ch, i) => [i, ch]));
  const vocabSize = chars.length;
  print(`Vocabulary size: ${vocabSize}`);
  // checked before training (Python would stop at generation with a KeyError)
  const startString = '人工智能';
  const unknown = [...startString].filter((c) => !charToIdx.has(c));
  if (unknown.length) throw new Error(`002-4: the start string ${startString} has characters that are not in the text: ${unknown.join('')}`);

  const seqLength = 20;
  const Xrows: number[] = [],
    yValues: number[] = [];
  for (let i = 0; i < text.length - seqLength; i++) {
    for (const c of text.slice(i, i + seqLength)) Xrows.push(charToIdx.get(c)!);
    yValues.push(charToIdx.get(text[i + seqLength])!);
  }
  const X = tensor(Xrows, [yValues.length, seqLength]);

  const hiddenSize = 128,
    nLayers = 2;
  const model = new CharRNN(vocabSize, hiddenSize, vocabSize, nLayers);
  const criterion = new nn.CrossEntropyLoss();
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });

  const nEpochs = intArg(args, 'epochs', 100);
  const batchSize = 64;
  const nBatches = Math.floor(yValues.length / batchSize);
  // (Python would stop at the first printed loss with a ZeroDivisionError)
  if (nBatches === 0)
    throw new Error(`002-4: the text has ${text.length} characters; one batch of ${batchSize} windows of ${seqLength} needs at least ${batchSize + seqLength}`);
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    model.train();
    let epochLoss = 0;
    for (let i = 0; i < nBatches; i++) {
      const startIdx = i * batchSize;
      const endIdx = startIdx + batchSize;
      const [outputs] = model.forward(X.slice(0, startIdx, endIdx));
      const loss = criterion.forward(outputs, yValues.slice(startIdx, endIdx));
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      epochLoss += loss.item();
    }
    if ((epoch + 1) % 10 === 0) print(`Epoch [${epoch + 1}/${nEpochs}], Loss: ${(epochLoss / nBatches).toFixed(4)}`);
  }

  const generateText = (startString: string, length = 100): string => {
    model.eval();
    let inputSeq = tensor([[...startString].map((c) => charToIdx.get(c)!)]);
    let hidden: [Tensor, Tensor] | null = null;
    let generatedText = startString;
    noGrad(() => {
      for (let k = 0; k < length; k++) {
        let outputs: Tensor;
        [outputs, hidden] = model.forward(inputSeq, hidden);
        const probabilities = softmax(outputs, 1);
        const topIdx = multinomial(probabilities, 1).item();
        generatedText += idxToChar.get(topIdx)!;
        inputSeq = tensor([[topIdx]]);
      }
    });
    return generatedText;
  };

  const generatedText = generateText(startString, 100);
  print(`Generated text:\n${generatedText}`);
}
