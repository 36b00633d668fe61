// Port of article 001's program 001-8 (L638-838): LSTM text classification. The article's eight
// labelled sentences ×50 (400 examples), a vocabulary of <PAD>, <UNK> and the words by count
// (Counter.most_common), ids padded to 20, random_split 320/80, DataLoader(16, shuffle) and
// DataLoader(16); Embedding(43, 128, padding_idx 0) → 2-layer bidirectional LSTM(128→64, dropout
// 0.3) → Dropout(0.3) → Linear(128, 2) on [hidden[-2]; hidden[-1]]; 20 epochs of Adam(1e-3) with
// ReduceLROnPlateau(min, 0.5, patience 5) on the summed validation loss, a report every 5 epochs,
// the best validation accuracy, then the two test sentences' predictions. Runs as written (no fix);
// unseeded in the article, so it seeds torch as the convention says (manualSeed(42) first).
//   seqgrad demo 001-8 [--epochs N] [--data SENTENCES.tsv] [--test TEST.txt] [--series]
// --series also prints each epoch's summed train and validation losses (`train_loss step=N value=V`).
// The sentences are ../shared/data/articles/001-8-sentences.tsv (label<TAB>sentence) and
// 001-8-test.txt (one sentence a line), found beside the checkout or passed with --data / --test.
import { cat, data, manualSeed, nn, noGrad, optim, softmax, tensor, type Tensor } from '../../engine/index.js';
import { intArg, parseArgs } from '../lib/args.js';
import { print, requireData, seriesValue } from '../lib/output.js';
import { commas } from '../lib/pyfmt.js';
import { pyFixed } from '../lib/pyfixed.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '001-8',
  name: 'text-classification',
  title: "LSTM text classification on the article's 8 sentences ×50: training, validation, predictions",
  options: {
    epochs: 'N: training epochs (20)',
    data: 'FILE: the labelled sentences (articles/001-8-sentences.tsv in the shared data folder)',
    test: 'FILE: the test sentences, one a line (articles/001-8-test.txt)',
    series: 'also print the values the figures plot, as `name step=N value=V` lines',
  },
  fixes: [],
};

/** One example: ids padded to maxLen (unknown words → 0, as the article's __getitem__) and the label. */
class TextClassificationDataset {
  constructor(
    readonly texts: string[],
    readonly labels: number[],
    readonly word2idx: Map<string, number>,
    readonly maxLen = 100,
  ) {}

  get length(): number {
    return this.texts.length;
  }

  get(idx: number): [number[], number] {
    const tokens = this.texts[idx]
      .toLowerCase()
      .split(/\s+/)
      .filter((t) => t !== '');
    const indices = tokens.slice(0, this.maxLen).map((t) => this.word2idx.get(t) ?? 0);
    while (indices.length < this.maxLen) indices.push(0);
    return [indices, this.labels[idx]];
  }
}

class TextClassificationLSTM extends nn.Module {
  readonly embedding: nn.Embedding;
  readonly lstm: nn.LSTM;
  readonly dropout: nn.Dropout;
  readonly fc: nn.Linear;

  constructor(vocabSize: number, embedSize: number, hiddenSize: number, numLayers: number, numClasses: number, dropout = 0.5) {
    super();
    this.embedding = this.registerModule('embedding', new nn.Embedding({ numEmbeddings: vocabSize, embeddingDim: embedSize, paddingIdx: 0 }));
    this.lstm = this.registerModule(
      'lstm',
      new nn.LSTM({
        inputSize: embedSize,
        hiddenSize,
        numLayers,
        batchFirst: true,
        bidirectional: true,
        dropout: numLayers > 1 ? dropout : 0,
      }),
    );
    this.dropout = this.registerModule('dropout', new nn.Dropout(dropout));
    this.fc = this.registerModule('fc', new nn.Linear({ inFeatures: hiddenSize * 2, outFeatures: numClasses }));
  }

  forward(x: Tensor): Tensor {
    const embedded = this.embedding.forward(x); // (batch, seq_len, embed)
    const [, [hidden]] = this.lstm.forward(embedded); // hidden: (num_layers*2, batch, hidden_size)
    let h = cat([hidden.select(0, -2), hidden.select(0, -1)], 1); // (batch, hidden_size*2)
    h = this.dropout.forward(h);
    return this.fc.forward(h); // (batch, num_classes)
  }
}

/** Python's Counter.most_common(): by count, ties in first-seen order. */
function mostCommon(counts: Map<string, number>, n: number): [string, number][] {
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, n);
}

export async function main(argv: string[] = []): Promise<void> {
  const args = parseArgs(argv);
  const numEpochs = intArg(args, 'epochs', 20);
  const series = args.series === true;
  const sentences = (await requireData('articles/001-8-sentences.tsv', args.data, '001-8'))
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const [label, text] = l.split('\t');
      if (text === undefined || !/^[01]$/.test(label))
        throw new Error(`001-8: line ${i + 1} of the sentences is not label<TAB>sentence: ${JSON.stringify(l.slice(0, 60))}`);
      return { text, label: Number(label) };
    });
  const testTexts = (await requireData('articles/001-8-test.txt', args.test, '001-8', '--test')).split(/\r?\n/).filter((l) => l.trim() !== '');

  manualSeed(42);
  print('='.repeat(60));
  print('LSTM 文本分类实战');
  print('='.repeat(60));

  // the article's data: its sentences repeated 50 times
  const texts = Array.from({ length: 50 }, () => sentences.map((s) => s.text)).flat();
  const labels = Array.from({ length: 50 }, () => sentences.map((s) => s.label)).flat();

  // vocabulary
  const wordCounts = new Map<string, number>();
  for (const text of texts)
    for (const w of text
      .toLowerCase()
      .split(/\s+/)
      .filter((t) => t !== ''))
      wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
  const vocab = ['<PAD>', '<UNK>', ...mostCommon(wordCounts, 5000).map(([word]) => word)];
  const word2idx = new Map(vocab.map((w, i) => [w, i]));
  print(`词汇表大小: ${word2idx.size}`);

  // datasets
  const dataset = new TextClassificationDataset(texts, labels, word2idx, 20);
  const trainSize = Math.trunc(0.8 * dataset.length);
  const valSize = dataset.length - trainSize;
  const [trainDataset, valDataset] = data.randomSplit(dataset, [trainSize, valSize]);
  const trainLoader = new data.DataLoader(trainDataset, { batchSize: 16, shuffle: true });
  const valLoader = new data.DataLoader(valDataset, { batchSize: 16 });

  const model = new TextClassificationLSTM(word2idx.size, 128, 64, 2, 2, 0.3);
  print(`模型参数量: ${commas(model.parameters().reduce((n, p) => n + p.size, 0))}`);

  const criterion = new nn.CrossEntropyLoss();
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.001 });
  const scheduler = new optim.ReduceLROnPlateau(optimizer, { mode: 'min', factor: 0.5, patience: 5 });

  let bestValAcc = 0;
  for (let epoch = 0; epoch < numEpochs; epoch++) {
    // training
    model.train();
    let trainLoss = 0,
      trainCorrect = 0,
      trainTotal = 0;
    for (const [inputs, targets] of trainLoader as Iterable<[Tensor, Tensor]>) {
      optimizer.zeroGrad();
      const outputs = model.forward(inputs);
      const loss = criterion.forward(outputs, targets);
      loss.backward();
      optimizer.step();
      trainLoss += loss.item();
      const [, predicted] = outputs.max(1);
      trainTotal += targets.shape[0];
      trainCorrect += predicted.eq(targets).sum().item();
    }
    // validation
    model.eval();
    let valLoss = 0,
      valCorrect = 0,
      valTotal = 0;
    noGrad(() => {
      for (const [inputs, targets] of valLoader as Iterable<[Tensor, Tensor]>) {
        const outputs = model.forward(inputs);
        valLoss += criterion.forward(outputs, targets).item();
        const [, predicted] = outputs.max(1);
        valTotal += targets.shape[0];
        valCorrect += predicted.eq(targets).sum().item();
      }
    });
    const trainAcc = trainCorrect / trainTotal;
    const valAcc = valCorrect / valTotal;
    if (series) {
      print(`train_loss step=${epoch + 1} value=${seriesValue(trainLoss)}`);
      print(`val_loss step=${epoch + 1} value=${seriesValue(valLoss)}`);
    }
    scheduler.step(valLoss);
    if (valAcc > bestValAcc) bestValAcc = valAcc;
    if ((epoch + 1) % 5 === 0) {
      print(`Epoch ${epoch + 1}/${numEpochs}`);
      print(`Train Loss: ${pyFixed(trainLoss / trainLoader.length, 4)}, Train Acc: ${pyFixed(trainAcc, 4)}`);
      print(`Val Loss: ${pyFixed(valLoss / valLoader.length, 4)}, Val Acc: ${pyFixed(valAcc, 4)}`);
      print();
    }
  }
  print(`最佳验证准确率: ${pyFixed(bestValAcc, 4)}`);

  // predictions (unknown words → <UNK> = 1 here, as in the article)
  model.eval();
  print('\n预测示例:');
  for (const text of testTexts) {
    const tokens = text
      .toLowerCase()
      .split(/\s+/)
      .filter((t) => t !== '');
    const indices = tokens.slice(0, 20).map((t) => word2idx.get(t) ?? 1);
    while (indices.length < 20) indices.push(0);
    const [pred, prob] = noGrad(() => {
      const output = model.forward(tensor([indices]));
      const p = softmax(output, 1);
      const k = output.argmax(1).item();
      return [k, p.data[k]] as const;
    });
    print(`Text: '${text}'`);
    print(`Prediction: ${pred === 1 ? 'Positive' : 'Negative'} (${pyFixed(prob, 4)})`);
    print();
  }
}
