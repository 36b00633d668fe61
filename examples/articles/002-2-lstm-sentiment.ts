// Port of article 002's program 002-2 (L190-307): an LSTM text classifier (Embedding(1000, 100) →
// LSTM(100, 128) → Dropout(0.3) on the last hidden state → Linear(128, 2)) on 1,000 random
// "sentences" of 20 token ids with random 0/1 labels (numpy's randint), an 80/20
// train_test_split(random_state=42), 10 epochs of Adam over 12 unshuffled batches of 64, then the
// test accuracy. The labels are random, so the accuracy is chance. Runs as written.
//   seqgrad demo 002-2 [--epochs N]
import { argmax, manualSeed, nn, noGrad, optim, random, tensor, type Tensor, data } from '../../engine/index.js';
import { intArg, parseArgs } from '../lib/args.js';
import { print } from '../lib/output.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '002-2',
  name: 'lstm-sentiment',
  title: 'an LSTM sentiment classifier on random token ids: the loss per epoch and the test accuracy',
  options: { epochs: 'N: training epochs (10)' },
  fixes: [],
};

export class LSTMTextClassifier extends nn.Module {
  readonly embedding: nn.Embedding;
  readonly lstm: nn.LSTM;
  readonly fc: nn.Linear;
  readonly dropout: nn.Dropout;
  constructor(vocabSize: number, embeddingDim: number, hiddenDim: number, outputDim: number) {
    super();
    this.embedding = this.registerModule('embedding', new nn.Embedding({ numEmbeddings: vocabSize, embeddingDim }));
    this.lstm = this.registerModule('lstm', new nn.LSTM({ inputSize: embeddingDim, hiddenSize: hiddenDim, numLayers: 1, batchFirst: true }));
    this.fc = this.registerModule('fc', new nn.Linear({ inFeatures: hiddenDim, outFeatures: outputDim }));
    this.dropout = this.registerModule('dropout', new nn.Dropout(0.3));
  }
  /** text (B, T) token ids → logits (B, 2), from the last layer's final hidden state. */
  forward(text: Tensor): Tensor {
    const embedded = this.embedding.forward(text); // (B, T, E)
    const [, [hidden]] = this.lstm.forward(embedded); // hidden (1, B, H)
    return this.fc.forward(this.dropout.forward(hidden.select(0, -1)));
  }
}

/** numpy's randint draws: X (numSamples, maxLength) ids in [1, vocabSize), y (numSamples,) labels in {0, 1}. */
function createDummySentimentData(np: random.RandomState, numSamples = 1000, maxLength = 20, vocabSize = 1000): [number[][], number[]] {
  const flat = np.randint(1, vocabSize, [numSamples, maxLength]);
  const X = Array.from({ length: numSamples }, (_, i) => flat.slice(i * maxLength, (i + 1) * maxLength));
  const y = np.randint(0, 2, numSamples);
  return [X, y];
}

export async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  // the seeding convention: numpy's global generator and torch's, both 42 (the article seeds torch)
  const np = new random.RandomState(42);
  manualSeed(42);

  const [Xall, yall] = createDummySentimentData(np);
  const [XtrainRows, XtestRows, yTrainValues, yTestValues] = data.trainTestSplit<number[] | number>([Xall, yall], { testSize: 0.2, randomState: 42 }) as [
    number[][],
    number[][],
    number[],
    number[],
  ];
  const XTrain = tensor(XtrainRows.flat(), [XtrainRows.length, XtrainRows[0].length]);
  const XTest = tensor(XtestRows.flat(), [XtestRows.length, XtestRows[0].length]);

  const VOCAB_SIZE = 1000,
    EMBEDDING_DIM = 100,
    HIDDEN_DIM = 128,
    OUTPUT_DIM = 2;
  const model = new LSTMTextClassifier(VOCAB_SIZE, EMBEDDING_DIM, HIDDEN_DIM, OUTPUT_DIM);
  const criterion = new nn.CrossEntropyLoss();
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.001 });

  const numEpochs = intArg(args, 'epochs', 10);
  const batchSize = 64;
  const numBatches = Math.floor(XTrain.shape[0] / batchSize);
  for (let epoch = 0; epoch < numEpochs; epoch++) {
    model.train();
    let epochLoss = 0;
    for (let i = 0; i < numBatches; i++) {
      const startIdx = i * batchSize;
      const endIdx = startIdx + batchSize;
      const batchX = XTrain.slice(0, startIdx, endIdx);
      const batchY = yTrainValues.slice(startIdx, endIdx);
      const predictions = model.forward(batchX);
      const loss = criterion.forward(predictions, batchY);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      epochLoss += loss.item();
    }
    print(`Epoch ${epoch + 1}/${numEpochs}, Loss: ${(epochLoss / numBatches).toFixed(4)}`);
  }

  model.eval();
  const testPredictions = noGrad(() => argmax(model.forward(XTest), 1).data);
  // sklearn's accuracy_score: the fraction of equal labels
  const accuracy = yTestValues.filter((v, i) => v === testPredictions[i]).length / yTestValues.length;
  print(`Test Accuracy: ${accuracy.toFixed(4)}`);
}
