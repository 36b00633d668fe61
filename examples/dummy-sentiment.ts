// Demo: the LSTM text classifier on random data (the article's "dummy data" run). 1,000 sequences
// of 20 random token ids from a vocabulary of 1,000 with random 0/1 labels, an 80/20 split, the
// text-classification model (Embedding(1000,128) → 2-layer bidirectional LSTM(64) → Linear(128,2))
// trained for 10 epochs. The labels carry no signal, so the test accuracy stays near 50% while the
// training accuracy climbs as the model memorises: the honest outcome the article shows too.
//   node dist/examples/dummy-sentiment.js [--epochs N] [--out DIR]
import { data, manualSeed, nn, noGrad, optim, randint } from '../engine/index.js';
import { intArg, isMain, parseArgs, progress } from './lib/args.js';
import { countCorrect, printParameters, shapeStr, strArg } from './lib/report.js';
import { writeChart } from './lib/svg.js';
import { TextClassifier } from './lib/text-classifier.js';

export const meta = {
  name: 'dummy-sentiment',
  title: 'The LSTM text classifier on random tokens with random labels (1,000 × 20, vocabulary 1,000): test accuracy ≈ 50%',
};

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const args = parseArgs(argv);
  const EPOCHS = intArg(args, 'epochs', 10);
  const OUT = strArg(args, 'out', 'out');
  const N = 1000;
  const T = 20;
  const VOCAB = 1000;
  const BATCH = 32;

  manualSeed(42);
  const X = randint(0, VOCAB, [N, T]); // torch.randint(0, 1000, (1000, 20))
  const labels = Array.from(randint(0, 2, [N]).data); // torch.randint(0, 2, (1000,))
  const positives = labels.reduce((a, b) => a + b, 0);
  console.log(`data: X ${shapeStr(X.shape)} random token ids in [0, ${VOCAB}), first row starts ${Array.from(X.data.subarray(0, 5)).join(', ')}; labels: ${positives} ones, ${N - positives} zeros`);
  const all = Array.from({ length: N }, (_, i) => i);
  const [trainIdx, testIdx] = data.trainTestSplit([all], { testSize: 0.2, randomState: 42 });
  const trainPos = trainIdx.reduce((s, i) => s + labels[i], 0);
  console.log(`train: ${trainIdx.length} (${trainPos} ones), test: ${testIdx.length}`);
  const batch = (idx: readonly number[]) => ({ x: X.indexSelect(0, idx), y: idx.map((i) => labels[i]) });

  const model = new TextClassifier(VOCAB);
  printParameters(model);
  const criterion = new nn.CrossEntropyLoss();
  const evaluate = (idx: readonly number[]) => noGrad(() => {
    model.eval();
    const b = batch(idx);
    const logits = model.forward(b.x);
    model.train();
    return { loss: criterion.forward(logits, b.y).item(), acc: countCorrect(logits, b.y) / idx.length };
  });
  console.log(`initial loss (untrained model, ${trainIdx.length} training examples): ${evaluate(trainIdx).loss.toFixed(6)}`);

  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const loader = new data.DataLoader(trainIdx, { batchSize: BATCH, shuffle: true, collate: (items: number[]) => items });
  const hist = { train: [] as number[], test: [] as number[] };
  const t0 = Date.now();
  let step = 0;
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    let lossSum = 0;
    let correct = 0;
    for (const idx of loader) {
      const b = batch(idx);
      optimizer.zeroGrad();
      const logits = model.forward(b.x);
      const loss = criterion.forward(logits, b.y);
      loss.backward();
      optimizer.step();
      lossSum += loss.item() * idx.length;
      correct += countCorrect(logits, b.y);
      progress('training', ++step, EPOCHS * loader.length, `epoch ${epoch} loss ${loss.item().toFixed(4)}`, t0);
    }
    const test = evaluate(testIdx);
    hist.train.push(correct / trainIdx.length);
    hist.test.push(test.acc);
    console.log(`Epoch [${epoch}/${EPOCHS}] train loss ${(lossSum / trainIdx.length).toFixed(4)}, train acc ${(100 * correct / trainIdx.length).toFixed(2)}%, ` +
      `test loss ${test.loss.toFixed(4)}, test acc ${(100 * test.acc).toFixed(2)}%`);
  }
  console.log(`training took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const final = hist.test[hist.test.length - 1];
  console.log(`final test accuracy ${(100 * final).toFixed(2)}%: random labels carry no signal, so ≈ 50% is the right answer ` +
    `(the majority class alone gives ${(100 * Math.max(...[0, 1].map((c) => testIdx.filter((i) => labels[i] === c).length)) / testIdx.length).toFixed(1)}%)`);

  const epochs = hist.train.map((_, i) => i + 1);
  const path = writeChart(`${OUT}/dummy-sentiment.svg`, [
    { name: 'train accuracy', x: epochs, y: hist.train },
    { name: 'test accuracy', x: epochs, y: hist.test },
    { name: 'chance (50%)', x: [1, Math.max(EPOCHS, 2)], y: [0.5, 0.5], color: '#888888', dashed: true },
  ], { title: 'LSTM classifier on random labels: memorising, not generalising', xLabel: 'epoch', yLabel: 'accuracy', yRange: [0, 1], legend: 'bottom-right', legendBox: true });
  console.log(`plot written to ${path}`);
}

if (isMain(import.meta.url)) await main();
