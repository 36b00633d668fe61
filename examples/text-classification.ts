// Demo: sentiment classification with a bidirectional LSTM (the LSTM article's example). 8 short
// sentences (4 positive, 4 negative) × 50, a 43-word vocabulary (41 words + <PAD>, <UNK>),
// Embedding(43,128) → 2-layer bidirectional LSTM(128→64) → Linear(128,2) on [hn[-2]; hn[-1]],
// 20 epochs of Adam with ReduceLROnPlateau on the validation loss, accuracy every 5 epochs, then
// the predicted class and probabilities of two unseen sentences.
//   node dist/examples/text-classification.js [--epochs N] [--out DIR]
import { data, manualSeed, nn, noGrad, optim, softmax, tensor } from '../engine/index.js';
import { intArg, isMain, parseArgs, progress } from './lib/args.js';
import { SENTIMENT_SENTENCES, SENTIMENT_TEST } from './lib/corpora.js';
import { countCorrect, printParameters, shapeStr } from './lib/report.js';
import { writeChart } from './lib/svg.js';
import { TextClassifier, type ShapeRecord } from './lib/text-classifier.js';

export const meta = {
  name: 'text-classification',
  title: 'Sentiment classification: Embedding → 2-layer bidirectional LSTM → Linear on [hn[-2]; hn[-1]] (8 sentences × 50)',
};

const LABELS = ['negative', 'positive'];

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const args = parseArgs(argv);
  const EPOCHS = intArg(args, 'epochs', 20);
  const OUT = typeof args.out === 'string' ? args.out : 'out';
  const BATCH = 32;

  manualSeed(42);
  // data: the 8 sentences repeated 50 times, tokenised on whitespace, padded with <PAD> = 0
  const texts = Array.from({ length: 50 }, () => SENTIMENT_SENTENCES.map(([s]) => s)).flat();
  const labels = Array.from({ length: 50 }, () => SENTIMENT_SENTENCES.map(([, l]) => l)).flat();
  const tokens = texts.map((t) => data.whitespaceTokenize(t));
  const vocab = data.Vocab.build(tokens, { specials: ['<PAD>', '<UNK>'] });
  console.log(`${SENTIMENT_SENTENCES.length} sentences × 50 = ${texts.length} examples`);
  console.log(`vocabulary size: ${vocab.length} (${vocab.length - 2} words + <PAD>, <UNK>)`);
  const ids = tokens.map((t) => vocab.encode(t));
  const lengths = ids.map((s) => s.length);
  const X = data.padSequence(ids, { batchFirst: true }); // (400, T)
  console.log(`padded data: ${shapeStr(X.shape)}`);
  const all = Array.from({ length: texts.length }, (_, i) => i);
  const [trainIdx, valIdx] = data.trainTestSplit([all], { testSize: 0.2, randomState: 42 });
  console.log(`train: ${trainIdx.length}, validation: ${valIdx.length}`);
  const rows = (idx: readonly number[]) => ({ x: X.indexSelect(0, idx), len: idx.map((i) => lengths[i]), y: idx.map((i) => labels[i]) });

  const model = new TextClassifier(vocab.length);
  printParameters(model);
  const criterion = new nn.CrossEntropyLoss();
  const evaluate = (idx: readonly number[]) => noGrad(() => {
    model.eval();
    const b = rows(idx);
    const logits = model.forward(b.x, b.len);
    model.train();
    return { loss: criterion.forward(logits, b.y).item(), acc: countCorrect(logits, b.y) / idx.length };
  });
  const init = evaluate(trainIdx);
  console.log(`initial loss (untrained model, ${trainIdx.length} training examples): ${init.loss.toFixed(6)}`);

  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const scheduler = new optim.lrScheduler.ReduceLROnPlateau(optimizer, { mode: 'min', factor: 0.5, patience: 2 });
  const loader = new data.DataLoader(trainIdx, { batchSize: BATCH, shuffle: true, collate: (items: number[]) => items });
  const history = { train: [] as number[], val: [] as number[] };
  const t0 = Date.now();
  let step = 0;
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    let lossSum = 0;
    let correct = 0;
    for (const idx of loader) {
      const b = rows(idx);
      const shapes: ShapeRecord | null = epoch === 1 && step === 0 ? {} : null;
      optimizer.zeroGrad();
      const logits = model.forward(b.x, b.len, shapes);
      const loss = criterion.forward(logits, b.y);
      loss.backward();
      optimizer.step();
      lossSum += loss.item() * idx.length;
      correct += countCorrect(logits, b.y);
      if (shapes) {
        console.log(`shapes of one batch: input ${shapeStr(shapes.input)} → embedded ${shapeStr(shapes.embedded)} → LSTM hn ${shapeStr(shapes.hn)}, cn ${shapeStr(shapes.cn)}` +
          ` → [hn[-2]; hn[-1]] ${shapeStr(shapes.hcat)} → logits ${shapeStr(shapes.logits)}`);
      }
      progress('training', ++step, EPOCHS * loader.length, `epoch ${epoch} loss ${loss.item().toFixed(4)}`, t0);
    }
    const val = evaluate(valIdx);
    scheduler.step(val.loss);
    history.train.push(lossSum / trainIdx.length);
    history.val.push(val.loss);
    if (epoch % 5 === 0 || epoch === EPOCHS) {
      console.log(`Epoch [${epoch}/${EPOCHS}] train loss ${(lossSum / trainIdx.length).toFixed(4)}, train acc ${(100 * correct / trainIdx.length).toFixed(2)}%, ` +
        `val loss ${val.loss.toFixed(4)}, val acc ${(100 * val.acc).toFixed(2)}%, lr ${scheduler.getLastLr()[0]}`);
    }
  }
  console.log(`training took ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // predictions for two unseen sentences
  model.eval();
  noGrad(() => {
    for (const s of SENTIMENT_TEST) {
      const tok = data.whitespaceTokenize(s);
      const ids = vocab.encode(tok);
      const x = tensor([ids]);
      const p = softmax(model.forward(x), 1).data;
      const cls = p[1] > p[0] ? 1 : 0;
      const unk = tok.filter((t) => !vocab.has(t));
      console.log(`"${s}" → ${LABELS[cls]} (P(negative) = ${p[0].toFixed(4)}, P(positive) = ${p[1].toFixed(4)})`);
      console.log(`    ids ${shapeStr(ids)}${unk.length ? `, unknown → <UNK>: ${unk.join(', ')}` : ''}`);
    }
  });

  const epochs = history.train.map((_, i) => i + 1);
  const path = writeChart(`${OUT}/text-classification.svg`, [
    { name: 'train loss', x: epochs, y: history.train },
    { name: 'validation loss', x: epochs, y: history.val, dashed: true },
  ], { title: 'Sentiment LSTM: cross-entropy per epoch', xLabel: 'epoch', yLabel: 'loss', logY: true });
  console.log(`plot written to ${path}`);
}

if (isMain(import.meta.url)) await main();
