// Port of article 000, lines 445–494 (program 000-9): PyTorch's layers on a batch-first
// (3, 15, 10) input: a 2-layer nn.RNN(10, 20), a 2-layer bidirectional nn.LSTM(10, 20) and a
// 2-layer nn.GRU(10, 20), printing their output sizes; then a SequenceClassifier (Embedding(10000,
// 128) → bidirectional LSTM(128, 256) → Dropout(0.5) → Linear(512, 2)) and its parameter count,
// 2,071,554. Here on seqgrad's modules, seeded as if torch.manual_seed(42) stood at the top of the
// article (its numpy blocks never touch torch's generator, so nothing is replayed). The article
// wraps the block in try/except ImportError for a missing torch; the engine is always there.
//   seqgrad demo 000-9
import { manualSeed, nn, randn, cat, type Tensor } from '../../engine/index.js';
import { print } from '../lib/output.js';
import { commas, torchSize } from '../lib/pyfmt.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '000-9',
  name: 'torch-rnn-shapes',
  title: 'nn.RNN / bidirectional nn.LSTM / nn.GRU output sizes on (3, 15, 10); the SequenceClassifier parameter count',
  options: {},
  fixes: [],
};

/** Embedding → bidirectional LSTM → [h_n forward; h_n backward] → dropout → Linear: logits (B, num_classes). */
export class SequenceClassifier extends nn.Module {
  readonly embedding: nn.Embedding;
  readonly lstm: nn.LSTM;
  readonly fc: nn.Linear;
  readonly dropout: nn.Dropout;

  constructor(vocab_size: number, embed_dim: number, hidden_dim: number, num_classes: number) {
    super();
    this.embedding = this.registerModule('embedding', new nn.Embedding({ numEmbeddings: vocab_size, embeddingDim: embed_dim }));
    this.lstm = this.registerModule('lstm', new nn.LSTM({ inputSize: embed_dim, hiddenSize: hidden_dim, batchFirst: true, bidirectional: true }));
    this.fc = this.registerModule('fc', new nn.Linear({ inFeatures: hidden_dim * 2, outFeatures: num_classes }));
    this.dropout = this.registerModule('dropout', new nn.Dropout(0.5));
  }

  /** x: token ids (B, T) → (B, num_classes), from the last step's hidden state of each direction. */
  forward(x: Tensor): Tensor {
    const embedded = this.embedding.forward(x);
    const [, [h_n]] = this.lstm.forward(embedded);
    let hidden = cat([h_n.select(0, -2), h_n.select(0, -1)], 1);
    hidden = this.dropout.forward(hidden);
    return this.fc.forward(hidden);
  }
}

export async function main(_argv: string[]): Promise<void> {
  manualSeed(42);

  const rnn = new nn.RNN({ inputSize: 10, hiddenSize: 20, numLayers: 2, batchFirst: true });
  const lstm = new nn.LSTM({ inputSize: 10, hiddenSize: 20, numLayers: 2, batchFirst: true, bidirectional: true });
  const gru = new nn.GRU({ inputSize: 10, hiddenSize: 20, numLayers: 2, batchFirst: true });

  const x = randn([3, 15, 10]); // (batch, seq_len, features)

  const [out_rnn] = rnn.forward(x);
  const [out_lstm] = lstm.forward(x);
  const [out_gru] = gru.forward(x);

  print('PyTorch RNN:');
  print(`  RNN输出: ${torchSize(out_rnn.shape)}`);
  print(`  LSTM输出: ${torchSize(out_lstm.shape)} (双向)`);
  print(`  GRU输出: ${torchSize(out_gru.shape)}`);

  const model = new SequenceClassifier(10000, 128, 256, 2);
  print(`\n序列分类模型参数: ${commas(model.parameters().reduce((n, p) => n + p.size, 0))}`);
}
