// Demo (the project's own, beyond the articles): a plain Seq2Seq without attention: a GRU encoder reads the
// source and hands its final hidden state (one 64-d vector) to a GRU decoder, trained with
// teacher forcing (ratio 0.5 per batch) on a toy task: reversing strings of 3–8 digits
// ("3 1 4" → "4 1 3"). Greedy decoding on held-out pairs; compare the attention translator
// (`seqgrad demo translation`), whose decoder can look back at every encoder step.
//   node dist/examples/seq2seq-plain.js [--epochs N] [--tf RATIO] [--out DIR]
import { cat, data, manualSeed, nn, noGrad, optim, random, randint, tensor, type Tensor } from '../engine/index.js';
import { intArg, isMain, parseArgs, progress } from './lib/args.js';
import { argmaxRows, numArg, printParameters, shapeStr, strArg } from './lib/report.js';
import { writeChart } from './lib/svg.js';

export const meta = {
  name: 'seq2seq-plain',
  title: 'Plain Seq2Seq (no attention): GRU encoder → GRU decoder with teacher forcing, reversing digit strings',
  options: {
    epochs: 'N: training epochs (20)',
    tf: 'RATIO: teacher-forcing ratio (0.5)',
    out: 'DIR: where the SVG figures go (out/)',
  },
};

const PAD = 0;
const SOS = 1;
const EOS = 2;

export class Encoder extends nn.Module {
  readonly embedding: nn.Embedding;
  readonly gru: nn.GRU;
  constructor(vocabSize: number, embedDim = 32, hiddenDim = 64) {
    super();
    this.embedding = this.registerModule('embedding', new nn.Embedding({ numEmbeddings: vocabSize, embeddingDim: embedDim, paddingIdx: PAD }));
    this.gru = this.registerModule('gru', new nn.GRU({ inputSize: embedDim, hiddenSize: hiddenDim, batchFirst: true }));
  }
  /** src (B, S) padded ids with their lengths → the context hn (1, B, H). */
  forward(src: Tensor, lengths: readonly number[]): Tensor {
    const packed = nn.utils.rnn.packPaddedSequence(this.embedding.forward(src), lengths, { batchFirst: true, enforceSorted: false });
    return this.gru.forward(packed)[1];
  }
}

export class Decoder extends nn.Module {
  readonly embedding: nn.Embedding;
  readonly gru: nn.GRU;
  readonly out: nn.Linear;
  constructor(vocabSize: number, embedDim = 32, hiddenDim = 64) {
    super();
    this.embedding = this.registerModule('embedding', new nn.Embedding({ numEmbeddings: vocabSize, embeddingDim: embedDim, paddingIdx: PAD }));
    this.gru = this.registerModule('gru', new nn.GRU({ inputSize: embedDim, hiddenSize: hiddenDim, batchFirst: true }));
    this.out = this.registerModule('out', new nn.Linear({ inFeatures: hiddenDim, outFeatures: vocabSize }));
  }
  /** input (B, T) ids, hidden (1, B, H) → logits (B, T, V) and the new hidden. */
  forward(input: Tensor, hidden: Tensor): [Tensor, Tensor] {
    const [out, hn] = this.gru.forward(this.embedding.forward(input), hidden);
    return [this.out.forward(out), hn];
  }
}

export class Seq2Seq extends nn.Module {
  readonly encoder: Encoder;
  readonly decoder: Decoder;
  constructor(vocabSize: number) {
    super();
    this.encoder = this.registerModule('encoder', new Encoder(vocabSize));
    this.decoder = this.registerModule('decoder', new Decoder(vocabSize));
  }
  /**
   * Logits (B, T, V) for decoder inputs [<SOS>, y1 … y(T−1)]. Teacher forcing feeds the true
   * previous token (all T steps in one GRU call); otherwise each step feeds the model's own
   * previous arg-max, one step at a time.
   */
  forward(src: Tensor, lengths: readonly number[], decIn: Tensor, teacherForcing: boolean): Tensor {
    const context = this.encoder.forward(src, lengths);
    if (teacherForcing) return this.decoder.forward(decIn, context)[0];
    const [B, T] = decIn.shape;
    let hidden = context;
    let tok = decIn.slice(1, 0, 1); // <SOS> (B, 1)
    const steps: Tensor[] = [];
    for (let t = 0; t < T; t++) {
      let logits: Tensor;
      [logits, hidden] = this.decoder.forward(tok, hidden);
      steps.push(logits);
      tok = tensor(argmaxRows(logits.reshape([B, logits.shape[2]])), [B, 1]); // (B, 1, V) → next input
    }
    return cat(steps, 1);
  }
  /** Greedy decoding of a batch, at most maxLen tokens each, stopping at <EOS>. */
  greedy(src: Tensor, lengths: readonly number[], maxLen: number): number[][] {
    return noGrad(() => {
      const B = src.shape[0];
      let hidden = this.encoder.forward(src, lengths);
      let tok = tensor(new Array(B).fill(SOS), [B, 1]);
      const out: number[][] = Array.from({ length: B }, () => []);
      const done = new Array(B).fill(false);
      for (let t = 0; t < maxLen && done.includes(false); t++) {
        let logits: Tensor;
        [logits, hidden] = this.decoder.forward(tok, hidden);
        const next = argmaxRows(logits.reshape([B, logits.shape[2]]));
        next.forEach((c, b) => {
          if (done[b]) return;
          if (c === EOS) done[b] = true;
          else out[b].push(c);
        });
        tok = tensor(next, [B, 1]);
      }
      return out;
    });
  }
}

interface Pair {
  src: number[];
  tgt: number[];
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const args = parseArgs(argv);
  const EPOCHS = intArg(args, 'epochs', 20);
  const OUT = strArg(args, 'out', 'out');
  const TF = numArg(args, 'tf', 0.5);
  const BATCH = 64;
  const N_PAIRS = 3000;
  const N_TRAIN = 2500;

  manualSeed(42);
  const vocab = new data.Vocab(
    Array.from({ length: 10 }, (_, d) => String(d)),
    { specials: ['<PAD>', '<SOS>', '<EOS>'], unkToken: null },
  );
  // 3,000 random digit strings of length 3–8 (torch.randint from the seeded generator) and their reversals
  const pairs: Pair[] = [];
  for (let i = 0; i < N_PAIRS; i++) {
    const L = randint(3, 9, [1]).item();
    const digits = Array.from(randint(0, 10, [L]).data, String);
    pairs.push({ src: vocab.encode(digits), tgt: vocab.encode(digits.slice().reverse()) });
  }
  const show = (ids: readonly number[]) => vocab.decode(ids).join(' ');
  console.log(`vocabulary size: ${vocab.length} (${vocab.itos.join(' ')})`);
  console.log(
    `${N_PAIRS} pairs, e.g. ${pairs
      .slice(0, 3)
      .map((p) => `"${show(p.src)}" → "${show(p.tgt)}"`)
      .join(', ')}`,
  );
  const train = pairs.slice(0, N_TRAIN);
  const test = pairs.slice(N_TRAIN);
  const seen = new Set(train.map((p) => show(p.src)));
  console.log(`train: ${train.length}, test: ${test.length} (${test.filter((p) => !seen.has(show(p.src))).length} of them not in the training set)`);
  const maxSrc = pairs.reduce((m, p) => Math.max(m, p.src.length), -Infinity);

  /** Padded source (B, S), lengths, decoder input [<SOS>, y…] and target [y…, <EOS>] (B, T), padded with <PAD>. */
  const collate = (items: Pair[]) => {
    const src = data.padSequence(
      items.map((p) => p.src),
      { batchFirst: true, paddingValue: PAD },
    );
    const decIn = data.padSequence(
      items.map((p) => [SOS, ...p.tgt]),
      { batchFirst: true, paddingValue: PAD },
    );
    const target = data.padSequence(
      items.map((p) => [...p.tgt, EOS]),
      { batchFirst: true, paddingValue: PAD },
    );
    return { src, lengths: items.map((p) => p.src.length), decIn, target };
  };

  const model = new Seq2Seq(vocab.length);
  printParameters(model);
  noGrad(() => {
    const b = collate(train.slice(0, BATCH));
    const context = model.encoder.forward(b.src, b.lengths);
    const logits = model.forward(b.src, b.lengths, b.decIn, true);
    console.log(
      `one batch: source ${shapeStr(b.src.shape)} → encoder context hn ${shapeStr(context.shape)}; ` +
        `decoder input ${shapeStr(b.decIn.shape)} → logits ${shapeStr(logits.shape)}`,
    );
  });
  const criterion = new nn.CrossEntropyLoss({ ignoreIndex: PAD });
  const optimizer = new optim.Adam(model.parameters(), { lr: 5e-3 });
  const loader = new data.DataLoader(train, { batchSize: BATCH, shuffle: true, collate });
  const exactMatch = (set: Pair[]) => {
    model.eval();
    let ok = 0;
    for (let i = 0; i < set.length; i += 250) {
      const b = collate(set.slice(i, i + 250));
      const out = model.greedy(b.src, b.lengths, maxSrc + 1);
      out.forEach((o, j) => {
        if (o.join(' ') === set[i + j].tgt.join(' ')) ok++;
      });
    }
    model.train();
    return ok / set.length;
  };
  const hist = { loss: [] as number[], acc: [] as number[] };
  const t0 = Date.now();
  let step = 0;
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    let sum = 0;
    let n = 0;
    let forced = 0;
    for (const b of loader) {
      // one coin per batch, as the PyTorch tutorial does: random.random() < teacher_forcing_ratio
      const teacherForcing = random.defaultGenerator.uniform01() < TF;
      if (teacherForcing) forced++;
      optimizer.zeroGrad();
      const logits = model.forward(b.src, b.lengths, b.decIn, teacherForcing);
      const [B, T, V] = logits.shape;
      const loss = criterion.forward(logits.reshape([B * T, V]), b.target.reshape([B * T]));
      loss.backward();
      nn.utils.clipGradNorm(model.parameters(), 1);
      optimizer.step();
      sum += loss.item();
      n++;
      progress('training', ++step, EPOCHS * loader.length, `epoch ${epoch} loss ${loss.item().toFixed(4)}`, t0);
    }
    hist.loss.push(sum / n);
    if (epoch % 2 === 0 || epoch === EPOCHS || epoch === 1) {
      const acc = exactMatch(test);
      hist.acc.push(acc);
      console.log(
        `Epoch [${epoch}/${EPOCHS}] loss ${(sum / n).toFixed(4)} (teacher forcing in ${forced}/${n} batches), test exact match ${(100 * acc).toFixed(1)}%`,
      );
    }
  }
  console.log(`training took ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const b = collate(test.slice(0, 6));
  const outs = model.greedy(b.src, b.lengths, maxSrc + 1);
  console.log('greedy decoding of test pairs:');
  outs.forEach((o, i) => {
    const want = show(test[i].tgt);
    const got = show(o);
    console.log(`  ${show(test[i].src).padEnd(16)} → ${got.padEnd(16)} ${got === want ? '✓' : `✗ (want ${want})`}`);
  });
  // where the single context vector struggles: accuracy by source length
  const byLen = new Map<number, [number, number]>();
  const all = model.greedy(
    collate(test).src,
    test.map((p) => p.src.length),
    maxSrc + 1,
  );
  all.forEach((o, i) => {
    const L = test[i].src.length;
    const [ok, n] = byLen.get(L) ?? [0, 0];
    byLen.set(L, [ok + (o.join(' ') === test[i].tgt.join(' ') ? 1 : 0), n + 1]);
  });
  const lens = [...byLen.keys()].sort((a, c) => a - c);
  console.log(`test exact match by source length: ${lens.map((L) => `${L}: ${((100 * byLen.get(L)![0]) / byLen.get(L)![1]).toFixed(0)}%`).join(', ')}`);
  console.log('compare the translation demo (seqgrad demo translation): with attention the decoder looks at every encoder step, not one vector');

  const path = writeChart(
    `${OUT}/seq2seq-plain.svg`,
    [{ name: 'exact match by source length (test)', x: lens, y: lens.map((L) => byLen.get(L)![0] / byLen.get(L)![1]) }],
    {
      title: 'Plain Seq2Seq (no attention): reversing digit strings',
      xLabel: 'source length (digits)',
      yLabel: 'exact-match accuracy',
      yRange: [0, 1],
      legend: 'bottom-left',
      legendBox: true,
    },
  );
  console.log(`plot written to ${path}`);
}

if (isMain(import.meta.url)) await main();
