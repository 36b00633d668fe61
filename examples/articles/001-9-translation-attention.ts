// Port of article 001's program 001-9 (L844-1076): the seq2seq + attention translation program,
// which the article prints as a listing. Here it runs, as the listing writes it: Vocab and
// TranslationDataset (source ids + <EOS>), an Encoder (Embedding → dropout → packed bidirectional
// LSTM; its final forward and backward states through fc into the decoder's h0 and c0), additive
// attention over the encoder outputs with the padding masked, an LSTM Decoder fed [embedding;
// context] that predicts from [output; context], Seq2Seq with teacher forcing 0.5 (Python's
// `random.random()`, seeded 42 as the seeding convention says), greedy translate, and train_seq2seq
// (Adam lr 0.001, CrossEntropyLoss(ignore_index=0), 50 epochs, the mean loss every 10 epochs).
// The listing's closing usage notes (prepare a parallel corpus, build the vocabularies, create
// the model, train, translate) become the driver in main(): the embedded German→English corpus
// by default (`--data FILE` reads a Tatoeba-style TSV, source<TAB>target[<TAB>attribution],
// normalised like the PyTorch translation tutorial), embed 64, hidden 128, one layer, dropout
// 0.5, batches of 32 (the article gives no sizes), then the first six source sentences translated.
//   seqgrad demo 001-9 [--data FILE] [--pairs N] [--epochs N] [--series]
// --pairs N trains on the first N pairs; --series prints every epoch's mean loss (`loss step=N value=V`).
//
// Fixes (the same ones are applied to the reference run, scripts/articles/a001.py):
//  1. the article prints the program (`print(translation_code)`); the port runs it.
//  2. targets start with <SOS>: forward() takes tgt[:, 0] as <SOS> and the loss skips it, and
//     translate() starts from <SOS>, but encode() adds only <EOS>.
//  3. Attention: the decoder state (1, batch, hidden) is permuted to (batch, 1, hidden) before
//     repeat(1, src_len, 1), as the comment says; repeated as written it is (1, batch·src_len,
//     hidden), which cannot be concatenated with the encoder outputs.
//  4. Decoder: the context is a weighted sum of the bidirectional encoder outputs, 2·hidden wide
//     (the attention's Linear(hidden·3) already counts them), so its LSTM takes embed + 2·hidden
//     inputs and its fc 3·hidden (the listing has embed + hidden and 2·hidden).
//  5. the usage notes (prose) become the driver above.
import { cat, data, manualSeed, nn, noGrad, optim, random, seq2seq, stack, tensor, type Tensor } from '../../engine/index.js';
import { intArg, parseArgs } from '../lib/args.js';
import { print, requireData, seriesValue } from '../lib/output.js';
import { commas } from '../lib/pyfmt.js';
import { pyFixed } from '../lib/pyfixed.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '001-9',
  name: 'translation-attention',
  title: 'seq2seq + attention translation (bidirectional LSTM encoder, attention, LSTM decoder, teacher forcing 0.5) trained on a real corpus',
  options: {
    data: 'FILE: Tatoeba-style pairs, source<TAB>target (the embedded German→English corpus)',
    pairs: 'N: train on the first N pairs (all)',
    epochs: 'N: training epochs (50)',
    series: 'also print the values the figures plot, as `name step=N value=V` lines',
  },
  fixes: [
    'the article prints the program as a listing; the port runs it',
    'targets start with <SOS> (forward and the loss take tgt[:, 0] as <SOS>, translate starts from it; encode adds only <EOS>)',
    'Attention: the decoder state (1, batch, hidden) is permuted to (batch, 1, hidden) before repeat(1, src_len, 1), as its comment says (as written: (1, batch·src_len, hidden))',
    "Decoder: the context has the bidirectional encoder's 2·hidden features, so its LSTM takes embed + 2·hidden and its fc 3·hidden inputs",
    'the closing usage notes become a driver: the embedded German→English corpus (or --data FILE), embed 64, hidden 128, 1 layer, dropout 0.5, batch 32 (the article gives no sizes), training, six translations',
  ],
};

/** Python's `random` module of the program (teacher forcing draws from it); seeded in main. */
const pyRandom = new random.PyRandom(42);

class Vocab {
  readonly word2idx = new Map<string, number>([
    ['<PAD>', 0],
    ['<SOS>', 1],
    ['<EOS>', 2],
    ['<UNK>', 3],
  ]);
  readonly idx2word = new Map<number, string>([...this.word2idx].map(([k, v]) => [v, k]));
  nWords = 4;

  buildVocab(texts: readonly string[]): void {
    for (const text of texts) {
      for (const word of text.split(/\s+/).filter((w) => w !== '')) {
        if (!this.word2idx.has(word)) {
          this.word2idx.set(word, this.nWords);
          this.idx2word.set(this.nWords, word);
          this.nWords++;
        }
      }
    }
  }

  encode(text: string, maxLen: number): number[] {
    const indices = text
      .split(/\s+/)
      .filter((w) => w !== '')
      .slice(0, maxLen - 1)
      .map((w) => this.word2idx.get(w) ?? 3);
    indices.push(2); // EOS
    return indices;
  }

  decode(indices: readonly number[]): string {
    const words: string[] = [];
    for (const idx of indices) {
      if (idx === 2) break; // EOS
      if (idx !== 0 && idx !== 1) words.push(this.idx2word.get(idx) ?? '<UNK>'); // PAD, SOS
    }
    return words.join(' ');
  }
}

class TranslationDataset {
  constructor(
    readonly srcTexts: string[],
    readonly tgtTexts: string[],
    readonly srcVocab: Vocab,
    readonly tgtVocab: Vocab,
    readonly maxLen = 50,
  ) {}

  get length(): number {
    return this.srcTexts.length;
  }

  get(idx: number): [number[], number[]] {
    const src = this.srcVocab.encode(this.srcTexts[idx], this.maxLen);
    const tgt = [1, ...this.tgtVocab.encode(this.tgtTexts[idx], this.maxLen + 1)]; // fix 2: <SOS> first
    return [src, tgt];
  }
}

class Encoder extends nn.Module {
  readonly embedding: nn.Embedding;
  readonly lstm: nn.LSTM;
  readonly fc: nn.Linear;
  readonly dropout: nn.Dropout;

  constructor(vocabSize: number, embedSize: number, hiddenSize: number, numLayers: number, dropout: number) {
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
    this.fc = this.registerModule('fc', new nn.Linear({ inFeatures: hiddenSize * 2, outFeatures: hiddenSize }));
    this.dropout = this.registerModule('dropout', new nn.Dropout(dropout));
  }

  forward(x: Tensor, lengths: readonly number[]): [Tensor, Tensor, Tensor] {
    const embedded = this.dropout.forward(this.embedding.forward(x));
    const packed = nn.utils.rnn.packPaddedSequence(embedded, lengths, { batchFirst: true, enforceSorted: false });
    const [packedOutputs, [hidden, cell]] = this.lstm.forward(packed);
    const [outputs] = nn.utils.rnn.padPackedSequence(packedOutputs, { batchFirst: true });
    // the last layer's forward and backward final states, merged
    const h = this.fc.forward(cat([hidden.select(0, -2), hidden.select(0, -1)], 1));
    const c = this.fc.forward(cat([cell.select(0, -2), cell.select(0, -1)], 1));
    return [outputs, h.unsqueeze(0), c.unsqueeze(0)];
  }
}

class Attention extends nn.Module {
  readonly attn: nn.Linear;
  readonly v: nn.Linear;

  constructor(hiddenSize: number) {
    super();
    this.attn = this.registerModule('attn', new nn.Linear({ inFeatures: hiddenSize * 3, outFeatures: hiddenSize }));
    this.v = this.registerModule('v', new nn.Linear({ inFeatures: hiddenSize, outFeatures: 1, bias: false }));
  }

  forward(hidden: Tensor, encoderOutputs: Tensor, mask: Tensor): [Tensor, Tensor] {
    const srcLen = encoderOutputs.shape[1];
    // hidden: (1, batch, hidden), encoder_outputs: (batch, src_len, 2·hidden)
    const repeated = hidden.permute([1, 0, 2]).repeat(1, srcLen, 1); // fix 3: (batch, src_len, hidden)
    const energy = this.attn.forward(cat([repeated, encoderOutputs], 2)).tanh();
    let attention = this.v.forward(energy).squeeze(2); // (batch, src_len)
    attention = attention.maskedFill(mask, -Infinity);
    const attentionWeights = attention.softmax(1);
    const context = attentionWeights.unsqueeze(1).matmul(encoderOutputs).squeeze(1); // (batch, 2·hidden)
    return [context, attentionWeights];
  }
}

class Decoder extends nn.Module {
  readonly embedding: nn.Embedding;
  readonly attention: Attention;
  readonly lstm: nn.LSTM;
  readonly fc: nn.Linear;
  readonly dropout: nn.Dropout;

  constructor(vocabSize: number, embedSize: number, hiddenSize: number, numLayers: number, dropout: number) {
    super();
    this.embedding = this.registerModule('embedding', new nn.Embedding({ numEmbeddings: vocabSize, embeddingDim: embedSize, paddingIdx: 0 }));
    this.attention = this.registerModule('attention', new Attention(hiddenSize));
    // fix 4: the context is 2·hidden wide
    this.lstm = this.registerModule('lstm', new nn.LSTM({ inputSize: embedSize + hiddenSize * 2, hiddenSize, numLayers, batchFirst: true }));
    this.fc = this.registerModule('fc', new nn.Linear({ inFeatures: hiddenSize * 3, outFeatures: vocabSize }));
    this.dropout = this.registerModule('dropout', new nn.Dropout(dropout));
  }

  forward(x: Tensor, hidden: Tensor, cell: Tensor, encoderOutputs: Tensor, mask: Tensor): [Tensor, Tensor, Tensor, Tensor] {
    const embedded = this.dropout.forward(this.embedding.forward(x.unsqueeze(1))); // (batch, 1, embed)
    const [context, attentionWeights] = this.attention.forward(hidden, encoderOutputs, mask);
    const lstmInput = cat([embedded, context.unsqueeze(1)], 2);
    const [output, [h, c]] = this.lstm.forward(lstmInput, [hidden, cell]);
    const prediction = this.fc.forward(cat([output.squeeze(1), context], 1));
    return [prediction, h, c, attentionWeights];
  }
}

class Seq2Seq extends nn.Module {
  readonly encoder: Encoder;
  readonly decoder: Decoder;

  constructor(encoder: Encoder, decoder: Decoder) {
    super();
    this.encoder = this.registerModule('encoder', encoder);
    this.decoder = this.registerModule('decoder', decoder);
  }

  /** Decoder outputs for steps 1 … tgt_len−1, (batch, tgt_len − 1, vocab) (the listing's outputs[:, 1:]), and the attention weights. */
  forward(src: Tensor, srcLengths: readonly number[], tgt: Tensor, teacherForcingRatio = 0.5): [Tensor, Tensor[]] {
    const tgtLen = tgt.shape[1];
    const outputs: Tensor[] = [];
    const attentionWeightsAll: Tensor[] = [];
    const [encoderOutputs, h0, c0] = this.encoder.forward(src, srcLengths);
    let [hidden, cell] = [h0, c0];
    const mask = src.eq(0);
    let decoderInput = tgt.select(1, 0); // SOS
    for (let t = 1; t < tgtLen; t++) {
      const [output, h, c, attentionWeights] = this.decoder.forward(decoderInput, hidden, cell, encoderOutputs, mask);
      [hidden, cell] = [h, c];
      outputs.push(output);
      attentionWeightsAll.push(attentionWeights);
      const teacherForce = pyRandom.random() < teacherForcingRatio;
      const top1 = output.argmax(1);
      decoderInput = teacherForce ? tgt.select(1, t) : top1;
    }
    return [stack(outputs, 1), attentionWeightsAll];
  }

  /** Greedy translation of one source sentence (batch 1). */
  translate(src: Tensor, srcLengths: readonly number[], maxLen = 50, sos = 1, eos = 2): number[] {
    this.eval();
    return noGrad(() => {
      const [encoderOutputs, h0, c0] = this.encoder.forward(src, srcLengths);
      let [hidden, cell] = [h0, c0];
      const mask = src.eq(0);
      let decoderInput = tensor([sos]);
      const translations: number[] = [];
      for (let i = 0; i < maxLen; i++) {
        const [output, h, c] = this.decoder.forward(decoderInput, hidden, cell, encoderOutputs, mask);
        [hidden, cell] = [h, c];
        const top1 = output.argmax(1).item();
        if (top1 === eos) break;
        translations.push(top1);
        decoderInput = tensor([top1]);
      }
      return translations;
    });
  }
}

type Batch = [Tensor, Tensor];

function trainSeq2seq(model: Seq2Seq, trainLoader: data.DataLoader<[number[], number[]], Batch>, numEpochs = 50, lr = 0.001, series = false): void {
  const optimizer = new optim.Adam(model.parameters(), { lr });
  const criterion = new nn.CrossEntropyLoss({ ignoreIndex: 0 });
  for (let epoch = 0; epoch < numEpochs; epoch++) {
    model.train();
    let totalLoss = 0;
    for (const [src, tgt] of trainLoader) {
      const srcLengths = Array.from(src.ne(0).sum(1).data);
      optimizer.zeroGrad();
      const [outputs] = model.forward(src, srcLengths, tgt);
      // PAD and SOS are ignored: the outputs start at step 1, the targets too
      const loss = criterion.forward(outputs.reshape([-1, outputs.shape[2]]), tgt.slice(1, 1).reshape([-1]));
      loss.backward();
      optimizer.step();
      totalLoss += loss.item();
    }
    if (series) print(`loss step=${epoch + 1} value=${seriesValue(totalLoss / trainLoader.length)}`);
    if ((epoch + 1) % 10 === 0) print(`Epoch ${epoch + 1}, Loss: ${pyFixed(totalLoss / trainLoader.length, 4)}`);
  }
}

export async function main(argv: string[] = []): Promise<void> {
  const args = parseArgs(argv);
  const numEpochs = intArg(args, 'epochs', 50);
  const series = args.series === true;
  const corpus = typeof args.data === 'string' ? seq2seq.parsePairs(await requireData(args.data, args.data, '001-9')) : seq2seq.defaultCorpus();
  const nPairs = intArg(args, 'pairs', corpus.length);

  // the seeding convention: random.seed(42); np.random.seed(42); torch.manual_seed(42)
  pyRandom.seed(42);
  manualSeed(42);
  print('='.repeat(60));
  print('机器翻译 Seq2Seq + Attention 实战');
  print('='.repeat(60));
  print('Seq2Seq机器翻译模型创建完成');

  // 1. the parallel corpus, 2. vocabularies
  const pairs = corpus.slice(0, nPairs);
  const srcVocab = new Vocab();
  const tgtVocab = new Vocab();
  srcVocab.buildVocab(pairs.map((p) => p.src));
  tgtVocab.buildVocab(pairs.map((p) => p.tgt));
  const dataset = new TranslationDataset(
    pairs.map((p) => p.src),
    pairs.map((p) => p.tgt),
    srcVocab,
    tgtVocab,
  );
  const collate = (batch: [number[], number[]][]): Batch => [
    data.padSequence(
      batch.map(([s]) => s),
      { batchFirst: true },
    ),
    data.padSequence(
      batch.map(([, t]) => t),
      { batchFirst: true },
    ),
  ];
  const trainLoader = new data.DataLoader(dataset, { batchSize: 32, shuffle: true, collate });

  // 3. the model
  const encoder = new Encoder(srcVocab.nWords, 64, 128, 1, 0.5);
  const decoder = new Decoder(tgtVocab.nWords, 64, 128, 1, 0.5);
  const model = new Seq2Seq(encoder, decoder);
  print(`句对: ${pairs.length}, 源词汇表大小: ${srcVocab.nWords}, 目标词汇表大小: ${tgtVocab.nWords}`);
  print(`模型参数量: ${commas(model.parameters().reduce((n, p) => n + p.size, 0))}`);

  // 4. training
  trainSeq2seq(model, trainLoader, numEpochs, 0.001, series);

  // 5. translations
  print('翻译示例:');
  for (const p of pairs.slice(0, 6)) {
    const ids = srcVocab.encode(p.src, 50);
    print(`${p.src} => ${tgtVocab.decode(model.translate(tensor([ids]), [ids.length]))}`);
  }
}
