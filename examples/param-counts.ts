// Demo: parameter counts (the LSTM/GRU articles' tables). LSTMCell(10, 20) = 2,560; LSTMCell(100, 256)
// vs GRUCell(100, 256) = 366,592 vs 274,944 (a GRU has 25% fewer: 3 gate blocks instead of 4); the
// RNN/LSTM/GRU 1 : 4 : 3 ratio; and the articles' models — the sequence classifier, the text
// classifier (vocabulary 43) and the char-RNN (V = 65) — parameter by parameter, with PyTorch's names
// and torch.Size shapes, and each model's count as a function of the vocabulary size V.
//   node dist/examples/param-counts.js
import { nn, type Tensor } from '../engine/index.js';
import { isMain } from './lib/args.js';
import { commas, textTable, torchSize } from './lib/pyfmt.js';

export const meta = {
  name: 'param-counts',
  title: 'Parameter counts: LSTMCell vs GRUCell, RNN/LSTM/GRU, and the articles\' classifiers and char-RNN',
};

/** The LSTM article's sequence classifier: 2-layer LSTM(10 → 64) over (B, T, 10), last step → Linear(64, 2). */
export class SequenceClassifier extends nn.Module {
  lstm: nn.LSTM;
  fc: nn.Linear;
  constructor(inputSize = 10, hiddenSize = 64, numLayers = 2, numClasses = 2) {
    super();
    this.lstm = this.registerModule('lstm', new nn.LSTM({ inputSize, hiddenSize, numLayers, batchFirst: true, dropout: 0.2 }));
    this.fc = this.registerModule('fc', new nn.Linear({ inFeatures: hiddenSize, outFeatures: numClasses }));
  }
  forward(x: Tensor): Tensor {
    const [out] = this.lstm.forward(x);
    return this.fc.forward(out.select(1, -1));
  }
}

/**
 * Embedding(V, 128) → 2-layer bidirectional LSTM(128 → 64) → [h_fwd; h_bwd] of the last layer →
 * Linear(128, 2); V = 43 in the article (41 words + <PAD>, <UNK>), 1,000 in its dummy-data run.
 */
export class TextClassifier extends nn.Module {
  embedding: nn.Embedding;
  lstm: nn.LSTM;
  fc: nn.Linear;
  constructor(vocabSize = 43, embedDim = 128, hiddenDim = 64, numClasses = 2) {
    super();
    this.embedding = this.registerModule('embedding', new nn.Embedding({ numEmbeddings: vocabSize, embeddingDim: embedDim, paddingIdx: 0 }));
    this.lstm = this.registerModule('lstm', new nn.LSTM({ inputSize: embedDim, hiddenSize: hiddenDim, numLayers: 2, batchFirst: true, bidirectional: true, dropout: 0.5 }));
    this.fc = this.registerModule('fc', new nn.Linear({ inFeatures: hiddenDim * 2, outFeatures: numClasses }));
  }
}

/** Embedding(V, 128) → 2-layer LSTM(128) → Linear(128, V); V = 65, the characters of tinyshakespeare. */
export class CharRNN extends nn.Module {
  embedding: nn.Embedding;
  lstm: nn.LSTM;
  fc: nn.Linear;
  constructor(vocabSize = 65, embedDim = 128, hiddenDim = 128, numLayers = 2) {
    super();
    this.embedding = this.registerModule('embedding', new nn.Embedding({ numEmbeddings: vocabSize, embeddingDim: embedDim }));
    this.lstm = this.registerModule('lstm', new nn.LSTM({ inputSize: embedDim, hiddenSize: hiddenDim, numLayers, batchFirst: true, dropout: 0.2 }));
    this.fc = this.registerModule('fc', new nn.Linear({ inFeatures: hiddenDim, outFeatures: vocabSize }));
  }
}

/** Every model of the demo, keyed as in scripts/demos-a.py (and printed). */
export function buildModels(): Record<string, nn.Module> {
  return {
    'RNNCell(10, 20)': new nn.RNNCell({ inputSize: 10, hiddenSize: 20 }),
    'LSTMCell(10, 20)': new nn.LSTMCell({ inputSize: 10, hiddenSize: 20 }),
    'GRUCell(10, 20)': new nn.GRUCell({ inputSize: 10, hiddenSize: 20 }),
    'LSTMCell(100, 256)': new nn.LSTMCell({ inputSize: 100, hiddenSize: 256 }),
    'GRUCell(100, 256)': new nn.GRUCell({ inputSize: 100, hiddenSize: 256 }),
    'RNN(10, 20)': new nn.RNN({ inputSize: 10, hiddenSize: 20 }),
    'LSTM(10, 20)': new nn.LSTM({ inputSize: 10, hiddenSize: 20 }),
    'GRU(10, 20)': new nn.GRU({ inputSize: 10, hiddenSize: 20 }),
    SequenceClassifier: new SequenceClassifier(),
    'TextClassifier(V=43)': new TextClassifier(43),
    'TextClassifier(V=1000)': new TextClassifier(1000),
    'CharRNN(V=65)': new CharRNN(65),
  };
}

export interface Count { total: number; trainable: number; params: [string, number[], number][] }

/** sum(p.numel() for p in model.parameters()), the trainable part, and named_parameters(). */
export function countParameters(model: nn.Module): Count {
  const named = model.namedParameters();
  return {
    total: model.numParameters(),
    trainable: named.filter(([, p]) => p.requiresGrad).reduce((n, [, p]) => n + p.size, 0),
    params: named.map(([name, p]) => [name, p.shape.slice(), p.size]),
  };
}

function printModel(title: string, c: Count): void {
  console.log(`\n${title}: ${commas(c.total)} parameters (trainable ${commas(c.trainable)})`);
  console.log(textTable(['name', 'shape', 'numel'], c.params.map(([n, s, k]) => [n, torchSize(s), commas(k)])));
}

export async function main(_argv: string[] = process.argv.slice(2)): Promise<void> {
  const models = buildModels();
  const counts = Object.fromEntries(Object.entries(models).map(([k, m]) => [k, countParameters(m)]));

  // cells: 4 gate blocks (LSTM) / 3 (GRU) / 1 (RNN) of W_ih (G·H, I), W_hh (G·H, H), b_ih, b_hh (G·H)
  const gateFormula = (G: number, I: number, H: number) => `${G}·(${H}·${I} + ${H}·${H} + 2·${H}) = ${commas(G * (H * I + H * H + 2 * H))}`;
  console.log('LSTMCell(10, 20): 4 gates × (W_ih + W_hh + b_ih + b_hh)');
  console.log(`  ${gateFormula(4, 10, 20)}`);
  printModel('LSTMCell(10, 20)', counts['LSTMCell(10, 20)']);

  const lstm = counts['LSTMCell(100, 256)'].total;
  const gru = counts['GRUCell(100, 256)'].total;
  console.log(`\nLSTMCell(100, 256): ${gateFormula(4, 100, 256)}`);
  console.log(`GRUCell(100, 256):  ${gateFormula(3, 100, 256)}`);
  console.log(`the GRU has ${(100 * (lstm - gru) / lstm).toFixed(1)}% fewer parameters (${commas(lstm - gru)} fewer)`);

  console.log('\none layer, inputSize 10, hiddenSize 20 (gate blocks 1 : 4 : 3):');
  console.log(textTable(['module', 'parameters'], ['RNNCell(10, 20)', 'LSTMCell(10, 20)', 'GRUCell(10, 20)', 'RNN(10, 20)', 'LSTM(10, 20)', 'GRU(10, 20)']
    .map((k) => [k, commas(counts[k].total)])));

  printModel('SequenceClassifier: LSTM(10 → 64, 2 layers, batch_first) + Linear(64, 2)', counts.SequenceClassifier);
  printModel('TextClassifier(V=43): Embedding(43, 128) + 2-layer bidirectional LSTM(128 → 64) + Linear(128, 2)', counts['TextClassifier(V=43)']);
  printModel('CharRNN(V=65): Embedding(65, 128) + 2-layer LSTM(128 → 128) + Linear(128, 65)', counts['CharRNN(V=65)']);

  // both models are a fixed body plus terms linear in the vocabulary size V
  const tc43 = counts['TextClassifier(V=43)'].total;
  const tc1000 = counts['TextClassifier(V=1000)'].total;
  const perTokenTc = (tc1000 - tc43) / (1000 - 43);
  console.log(`
text classifier: ${commas(tc43 - perTokenTc * 43)} + ${perTokenTc}·V parameters (V = 1,000, the dummy-data run: ${commas(tc1000)})`);
  const cr = counts['CharRNN(V=65)'];
  const perTokenCr = 128 + 128 + 1; // an embedding row, an fc.weight row, an fc.bias entry
  console.log(`char-RNN: ${commas(cr.total - perTokenCr * 65)} + ${perTokenCr}·V parameters (V = 65, tinyshakespeare's characters: ${commas(cr.total)})`);
  for (const m of Object.values(models)) m.dispose();
}

if (isMain(import.meta.url)) await main();
