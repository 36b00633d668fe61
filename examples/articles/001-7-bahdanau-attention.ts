// Port of article 001's program 001-7 (lines 535-632): Bahdanau (additive) attention —
// scores v·tanh(W[s; h_j]) over the encoder's states, softmax, a weighted sum as the context — and
// an LSTM decoder that feeds [embedding; context] to its LSTM and predicts from [output; context].
// The article's program defines both and prints a label followed by an attention-matrix
// illustration written as text (its prose, lines 603-629).
// --check builds AttentionDecoder(10, 8, 16) after the program and runs one step on seeded inputs
// (randint x (3, 1), randn hidden, cell (1, 3, 16), encoder_outputs (3, 5, 16)), printing the
// shapes, the attention weights and one row of predictions, which the test compares with PyTorch.
// Fixes: the program takes torch.nn and torch.nn.functional from 001-1 (imported here as in every
// port); Attention.forward permutes encoder_outputs to (B, H, S) before the weighted sum, so the
// bmm of the (B, 1, S) weights with it fails unless S == H: the sum is over the (B, S, H) states
// (the article never calls forward); the illustration is prose: a pointer to its lines is printed.
//   seqgrad demo 001-7 [--check]
import { cat, F, manualSeed, nn, randint, randn, type Parameter, type Tensor } from '../../engine/index.js';
import { parseArgs } from '../lib/args.js';
import { print } from '../lib/output.js';
import { randnParameter } from '../lib/params.js';
import { pyFixedRow } from '../lib/pyfixed.js';
import { torchSize } from '../lib/pyfmt.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '001-7',
  name: 'bahdanau-attention',
  title: 'Bahdanau attention and an attention decoder (the article defines them; --check runs one step)',
  options: { check: 'also run the check that the tests compare with PyTorch' },
  fixes: [
    'imports torch.nn and torch.nn.functional, which the program takes from 001-1',
    'Attention.forward: the weighted sum is over encoder_outputs (B, S, H), not their (B, H, S) permute, whose bmm with the (B, 1, S) weights fails unless S == H (the article never calls it)',
    "prints a pointer to the article's lines 603-629 instead of printing that prose (an attention-weight illustration)",
  ],
};

/** Additive attention: hidden (1, B, H), encoder_outputs (B, S, H) → [context (B, H), weights (B, S)]. */
export class Attention extends nn.Module {
  readonly attn: nn.Linear;
  readonly v: Parameter;

  constructor(hiddenSize: number) {
    super();
    this.attn = this.registerModule('attn', new nn.Linear({ inFeatures: hiddenSize * 2, outFeatures: hiddenSize }));
    this.v = this.registerParameter('v', randnParameter([hiddenSize]));
  }

  forward(hidden: Tensor, encoderOutputs: Tensor): [Tensor, Tensor] {
    const srcLen = encoderOutputs.shape[1];
    hidden = hidden.squeeze(0).unsqueeze(1).repeat(1, srcLen, 1); // (batch, src_len, hidden)

    let energy = this.attn.forward(cat([hidden, encoderOutputs], 2)).tanh(); // (batch, src_len, hidden)
    energy = energy.permute([0, 2, 1]); // (batch, hidden, src_len)

    const v = this.v.unsqueeze(0).unsqueeze(0).repeat(encoderOutputs.shape[0], 1, 1); // (batch, 1, hidden)
    const attention = v.matmul(energy).squeeze(1); // bmm → (batch, src_len)
    const attentionWeights = F.softmax(attention, 1);

    // NOTE: the weighted sum of the (batch, src_len, hidden) states (the article permutes them first: see the header)
    const context = attentionWeights.unsqueeze(1).matmul(encoderOutputs).squeeze(1); // (batch, hidden)
    return [context, attentionWeights];
  }
}

/** One decoding step: x (B, 1), hidden, cell (layers, B, H), encoder_outputs (B, S, H) → [predictions (B, vocab), hidden, cell, weights (B, S)]. */
export class AttentionDecoder extends nn.Module {
  readonly embedding: nn.Embedding;
  readonly attention: Attention;
  readonly lstm: nn.LSTM;
  readonly fc: nn.Linear;

  constructor(vocabSize: number, embedSize: number, hiddenSize: number, numLayers = 1) {
    super();
    this.embedding = this.registerModule('embedding', new nn.Embedding({ numEmbeddings: vocabSize, embeddingDim: embedSize }));
    this.attention = this.registerModule('attention', new Attention(hiddenSize));
    this.lstm = this.registerModule('lstm', new nn.LSTM({ inputSize: embedSize + hiddenSize, hiddenSize, numLayers, batchFirst: true }));
    this.fc = this.registerModule('fc', new nn.Linear({ inFeatures: hiddenSize * 2, outFeatures: vocabSize }));
  }

  forward(x: Tensor, hidden: Tensor, cell: Tensor, encoderOutputs: Tensor): [Tensor, Tensor, Tensor, Tensor] {
    const embedded = this.embedding.forward(x); // (batch, 1, embed)

    let [context, attentionWeights] = this.attention.forward(hidden.slice(0, -1), encoderOutputs);
    context = context.unsqueeze(1); // (batch, 1, hidden)

    const lstmInput = cat([embedded, context], 2); // (batch, 1, embed + hidden)
    const [outputs, [h, c]] = this.lstm.forward(lstmInput, [hidden, cell]);

    const predictions = this.fc.forward(cat([outputs.squeeze(1), context.squeeze(1)], 1));
    return [predictions, h, c, attentionWeights];
  }
}

export async function main(argv: string[] = []): Promise<void> {
  const args = parseArgs(argv);
  manualSeed(42);

  print('注意力机制说明:');
  print('[prose: 001_9700ed81899b3ed4.txt lines 603-629]');

  if (args.check) {
    const row = (t: Tensor) => print(pyFixedRow(t.toArray()));
    const decoder = new AttentionDecoder(10, 8, 16);
    const x = randint(0, 10, [3, 1]);
    const hidden = randn([1, 3, 16]);
    const cell = randn([1, 3, 16]);
    const encoderOutputs = randn([3, 5, 16]);
    const [predictions, h, c, attentionWeights] = decoder.forward(x, hidden, cell, encoderOutputs);
    print(torchSize(predictions.shape), torchSize(h.shape), torchSize(c.shape), torchSize(attentionWeights.shape));
    for (let b = 0; b < attentionWeights.shape[0]; b++) row(attentionWeights.select(0, b));
    row(predictions.select(0, 0));
    decoder.dispose();
  }
}
