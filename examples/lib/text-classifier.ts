// The LSTM text classifier shared by the text-classification and dummy-sentiment demos:
// Embedding → 2-layer bidirectional LSTM → Linear on [hn[-2]; hn[-1]] (the last layer's forward
// and backward final states), with dropout on the embeddings and on that concatenation.
import { cat, nn, type Tensor } from '../../engine/index.js';

export interface TextClassifierOptions { embedDim?: number; hiddenDim?: number; numClasses?: number; numLayers?: number; dropout?: number }

/** Shapes of one forward pass, filled in when a record is passed to forward(). */
export type ShapeRecord = Record<string, number[]>;

export class TextClassifier extends nn.Module {
  readonly embedding: nn.Embedding;
  readonly lstm: nn.LSTM;
  readonly dropout: nn.Dropout;
  readonly fc: nn.Linear;

  /** Built in PyTorch's order (embedding, lstm, dropout, fc) so a seeded init draws the same numbers. */
  constructor(vocabSize: number, opts: TextClassifierOptions = {}) {
    super();
    const { embedDim = 128, hiddenDim = 64, numClasses = 2, numLayers = 2, dropout = 0.5 } = opts;
    this.embedding = this.registerModule('embedding', new nn.Embedding({ numEmbeddings: vocabSize, embeddingDim: embedDim, paddingIdx: 0 }));
    this.lstm = this.registerModule('lstm', new nn.LSTM({ inputSize: embedDim, hiddenSize: hiddenDim, numLayers, batchFirst: true, bidirectional: true, dropout }));
    this.dropout = this.registerModule('dropout', new nn.Dropout(dropout));
    this.fc = this.registerModule('fc', new nn.Linear({ inFeatures: 2 * hiddenDim, outFeatures: numClasses }));
  }

  /**
   * x (B, T) token ids, padded with 0 → logits (B, numClasses). With lengths the padded batch is
   * packed (enforceSorted false), so each sequence's final states are taken at its own last token.
   */
  forward(x: Tensor, lengths: readonly number[] | null = null, shapes: ShapeRecord | null = null): Tensor {
    const emb = this.dropout.forward(this.embedding.forward(x)); // (B, T, E)
    const input = lengths ? nn.utils.rnn.packPaddedSequence(emb, lengths, { batchFirst: true, enforceSorted: false }) : emb;
    const [, [hn, cn]] = this.lstm.forward(input); // hn (numLayers·2, B, H)
    const h = cat([hn.select(0, -2), hn.select(0, -1)], 1); // (B, 2H)
    const logits = this.fc.forward(this.dropout.forward(h));
    if (shapes) Object.assign(shapes, { input: x.shape, embedded: emb.shape, hn: hn.shape, cn: cn.shape, hcat: h.shape, logits: logits.shape });
    return logits;
  }
}
