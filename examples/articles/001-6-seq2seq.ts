// Port of article 001's program 001-6 (lines 452-523): a seq2seq model from an LSTM encoder
// (embedding → LSTM, its final (h, c) handed over) and an LSTM decoder (embedding → LSTM →
// Linear to the vocabulary, one token a step), with teacher forcing: after each step the next
// input is the target token with probability teacher_forcing_ratio (np.random.random()), else the
// decoder's own argmax. The article's program defines the three modules and prints one line.
// --check builds Encoder(12, 8, 16, 2 layers), Decoder(10, 8, 16, 2 layers) and the Seq2Seq after
// the program (torch draws in construction order, then randint source (2, 5) and target (2, 6);
// numpy's generator decides teacher forcing) and prints the outputs' shape, argmax and two rows,
// which the test compares with PyTorch.
// Fix: the program takes torch.nn from 001-1 (imported here as in every port).
//   seqgrad demo 001-6 [--check]
import { manualSeed, nn, randint, random, stack, type Tensor } from '../../engine/index.js';
import { parseArgs } from '../lib/args.js';
import { print } from '../lib/output.js';
import { pyFixedRow } from '../lib/pyfixed.js';
import { torchSize } from '../lib/pyfmt.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '001-6',
  name: 'seq2seq-teacher-forcing',
  title: 'LSTM encoder, decoder and Seq2Seq with teacher forcing (the article defines them; --check runs them)',
  options: { check: 'also run the check that the tests compare with PyTorch' },
  fixes: ['imports torch.nn, which the program takes from 001-1'],
};

/** numpy's global generator (np.random), seeded 42 by the convention; Seq2Seq draws teacher forcing from it. */
const np = { random: new random.numpy.RandomState(42) };

/** Embedding → LSTM(batch_first). x (batch, seq) → [outputs (batch, seq, hidden), hidden, cell (layers, batch, hidden)]. */
export class Encoder extends nn.Module {
  readonly embedding: nn.Embedding;
  readonly lstm: nn.LSTM;
  readonly hiddenSize: number;
  readonly numLayers: number;

  constructor(vocabSize: number, embedSize: number, hiddenSize: number, numLayers = 1) {
    super();
    this.embedding = this.registerModule('embedding', new nn.Embedding({ numEmbeddings: vocabSize, embeddingDim: embedSize }));
    this.lstm = this.registerModule('lstm', new nn.LSTM({ inputSize: embedSize, hiddenSize, numLayers, batchFirst: true }));
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
  }

  forward(x: Tensor): [Tensor, Tensor, Tensor] {
    const embedded = this.embedding.forward(x);
    const [outputs, [hidden, cell]] = this.lstm.forward(embedded);
    return [outputs, hidden, cell];
  }
}

/** Embedding → LSTM → Linear. x (batch, 1) and the state → [logits (batch, vocab), hidden, cell]. */
export class Decoder extends nn.Module {
  readonly embedding: nn.Embedding;
  readonly lstm: nn.LSTM;
  readonly fc: nn.Linear;

  constructor(vocabSize: number, embedSize: number, hiddenSize: number, numLayers = 1) {
    super();
    this.embedding = this.registerModule('embedding', new nn.Embedding({ numEmbeddings: vocabSize, embeddingDim: embedSize }));
    this.lstm = this.registerModule('lstm', new nn.LSTM({ inputSize: embedSize, hiddenSize, numLayers, batchFirst: true }));
    this.fc = this.registerModule('fc', new nn.Linear({ inFeatures: hiddenSize, outFeatures: vocabSize }));
  }

  forward(x: Tensor, hidden: Tensor, cell: Tensor): [Tensor, Tensor, Tensor] {
    const embedded = this.embedding.forward(x);
    const [outputs, [h, c]] = this.lstm.forward(embedded, [hidden, cell]);
    return [this.fc.forward(outputs.squeeze(1)), h, c];
  }
}

/** The encoder's final state starts the decoder, fed target[:, 0:1] first. → (batch, tgt_len, tgt_vocab). */
export class Seq2Seq extends nn.Module {
  constructor(
    readonly encoder: Encoder,
    readonly decoder: Decoder,
  ) {
    super();
    this.registerModule('encoder', encoder);
    this.registerModule('decoder', decoder);
  }

  forward(source: Tensor, target: Tensor, teacherForcingRatio = 0.5): Tensor {
    const tgtLen = target.shape[1];
    const outputs: Tensor[] = []; // outputs[:, t] for t < tgt_len, stacked on dim 1 at the end

    let [, hidden, cell] = this.encoder.forward(source);

    let decoderInput = target.slice(1, 0, 1);
    for (let t = 0; t < tgtLen; t++) {
      let output: Tensor;
      [output, hidden, cell] = this.decoder.forward(decoderInput, hidden, cell);
      outputs.push(output);

      const teacherForce = np.random.randomSample() < teacherForcingRatio;
      const top1 = output.argmax(1);
      decoderInput = teacherForce ? target.slice(1, t, t + 1) : top1.unsqueeze(1);
    }
    return stack(outputs, 1);
  }
}

export async function main(argv: string[] = []): Promise<void> {
  const args = parseArgs(argv);
  manualSeed(42);
  np.random.seed(42);

  print('Seq2Seq 模型创建完成');

  if (args.check) {
    const row = (t: Tensor) => print(pyFixedRow(t.toArray()));
    const encoder = new Encoder(12, 8, 16, 2);
    const decoder = new Decoder(10, 8, 16, 2);
    const model = new Seq2Seq(encoder, decoder);
    const source = randint(0, 12, [2, 5]);
    const target = randint(0, 10, [2, 6]);
    const outputs = model.forward(source, target);
    print(torchSize(outputs.shape));
    print(JSON.stringify(outputs.argmax(2).tolist()).replace(/,/g, ', '));
    row(outputs.select(0, 0).select(0, 2));
    row(outputs.select(0, 1).select(0, -1));
    model.dispose();
  }
}
