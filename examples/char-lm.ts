// Demo (the project's own, beyond the articles): an RNN cell built by hand from two Linear layers on [input; hidden]
// (i2h, i2o + LogSoftmax: the classic PyTorch char-RNN tutorial cell), trained as a
// character-level language model with NLLLoss on a short English text (embedded; --data FILE),
// unrolled over windows of 32 characters at every offset, each from a zero hidden state. Prints
// loss and perplexity, then samples text.
//   node dist/examples/char-lm.js [--epochs N] [--temperature T] [--length N] [--prime TEXT] [--batch N] [--stride N]
//                                 [--data FILE [--max-chars N]] [--out DIR]
import { readFileSync } from 'node:fs';
import { cat, data, manualSeed, nn, noGrad, optim, sampleLogits, stack, Tensor, zeros } from '../engine/index.js';
import { intArg, isMain, parseArgs, progress } from './lib/args.js';
import { CHAR_LM_TEXT } from './lib/corpora.js';
import { numArg, printParameters, shapeStr, strArg } from './lib/report.js';
import { writeChart } from './lib/svg.js';

export const meta = {
  name: 'char-lm',
  title: 'An RNN cell from two Linear layers on [input; hidden] (i2h, i2o + LogSoftmax) as an English character-level language model',
  options: {
    epochs: 'N: training epochs (50)',
    temperature: 'T: sampling temperature (0.5)',
    length: 'N: characters to sample (200)',
    prime: 'TEXT: the text that starts the sample',
    batch: 'N: batch size (64)',
    stride: 'N: stride of the training windows (1)',
    data: 'FILE: a text to learn instead of the embedded one',
    'max-chars': 'N: characters of --data used (4000)',
    out: 'DIR: where the SVG figures go (out/)',
  },
};

/**
 * The classic tutorial cell: combined = [input; hidden] (B, I + H);
 * hidden' = i2h(combined) (B, H); output = logSoftmax(i2o(combined)) (B, O).
 * NOTE: as in the tutorial, no nonlinearity on the new hidden state and the output is read from
 * the combined vector (the previous hidden state), not from hidden'.
 */
export class CharLMCell extends nn.Module {
  readonly hiddenSize: number;
  readonly i2h: nn.Linear;
  readonly i2o: nn.Linear;
  constructor(inputSize: number, hiddenSize: number, outputSize: number) {
    super();
    this.hiddenSize = hiddenSize;
    this.i2h = this.registerModule('i2h', new nn.Linear({ inFeatures: inputSize + hiddenSize, outFeatures: hiddenSize }));
    this.i2o = this.registerModule('i2o', new nn.Linear({ inFeatures: inputSize + hiddenSize, outFeatures: outputSize }));
  }
  forward(input: Tensor, hidden: Tensor): [Tensor, Tensor] {
    const combined = cat([input, hidden], 1);
    return [this.i2o.forward(combined).logSoftmax(1), this.i2h.forward(combined)];
  }
  initHidden(batch: number): Tensor {
    return zeros([batch, this.hiddenSize]);
  }
}

/** One-hot rows (B, V) of the character ids. */
function oneHot(ids: readonly number[], V: number): Tensor {
  const d = new Float32Array(ids.length * V);
  ids.forEach((c, b) => {
    d[b * V + c] = 1;
  });
  return new Tensor(d, [ids.length, V]);
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const args = parseArgs(argv);
  const EPOCHS = intArg(args, 'epochs', 50);
  const OUT = strArg(args, 'out', 'out');
  const TEMPERATURE = numArg(args, 'temperature', 0.5);
  const LENGTH = intArg(args, 'length', 200);
  const HIDDEN = 128;
  const SEQ = 32;
  const BATCH = intArg(args, 'batch', 64);
  const file = typeof args.data === 'string' ? args.data : null;

  manualSeed(42);
  let text = CHAR_LM_TEXT;
  if (file) {
    const maxChars = intArg(args, 'max-chars', 4000);
    const full = data.charTokenize(readFileSync(file, 'utf8'));
    text = full.slice(0, maxChars).join('');
    console.log(
      `text: ${file}, the first ${Math.min(maxChars, full.length).toLocaleString('en-US')} of ${full.length.toLocaleString('en-US')} characters (--max-chars)`,
    );
  } else {
    console.log(`text: the embedded paragraph on recurrent networks: "${text.slice(0, 60)}…"`);
  }
  const chars = data.charTokenize(text);
  const itos = [...new Set(chars)].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  const stoi = new Map(itos.map((c, i) => [c, i]));
  const ids = chars.map((c) => stoi.get(c)!);
  const V = itos.length;
  console.log(`text length: ${chars.length}, vocabulary size: ${V} (${JSON.stringify(itos.join(''))})`);
  // windows at every offset: input text[s … s+31], target text[s+1 … s+32]
  const STRIDE = intArg(args, 'stride', 1);
  const nSeq = Math.floor((ids.length - SEQ - 1) / STRIDE) + 1;
  console.log(`training windows: ${nSeq} of ${SEQ} characters`);

  const model = new CharLMCell(V, HIDDEN, V);
  printParameters(model);
  noGrad(() => {
    const B = Math.min(BATCH, nSeq);
    const x = oneHot(ids.slice(0, B), V);
    const h = model.initHidden(B);
    const [output, hidden] = model.forward(x, h);
    console.log(
      `one step on a batch of ${B}: input ${shapeStr(x.shape)} (one-hot) ⊕ hidden ${shapeStr(h.shape)} → combined ${shapeStr(cat([x, h], 1).shape)}` +
        ` → i2h → hidden ${shapeStr(hidden.shape)}; i2o + LogSoftmax → output ${shapeStr(output.shape)}`,
    );
  });
  console.log(`a uniform guess has perplexity ${V} (loss ln ${V} = ${Math.log(V).toFixed(4)})`);
  const criterion = new nn.NLLLoss();
  const optimizer = new optim.Adam(model.parameters(), { lr: 3e-3 });
  const loader = new data.DataLoader(
    Array.from({ length: nSeq }, (_, i) => i),
    { batchSize: BATCH, shuffle: true, collate: (items: number[]) => items },
  );
  console.log(`batches per epoch: ${loader.length}`);

  /** Unrolls the cell over the windows `seqs` and returns the mean NLL per character. */
  const lossOf = (seqs: readonly number[]): Tensor => {
    let hidden = model.initHidden(seqs.length);
    const outputs: Tensor[] = [];
    const targets: number[] = [];
    for (let t = 0; t < SEQ; t++) {
      let output: Tensor;
      [output, hidden] = model.forward(
        oneHot(
          seqs.map((s) => ids[s * STRIDE + t]),
          V,
        ),
        hidden,
      );
      outputs.push(output);
      for (const s of seqs) targets.push(ids[s * STRIDE + t + 1]);
    }
    return criterion.forward(stack(outputs, 0).reshape([SEQ * seqs.length, V]), targets);
  };
  const allSeqs = Array.from({ length: nSeq }, (_, i) => i);
  const initial = noGrad(() => lossOf(allSeqs).item());
  console.log(`initial loss ${initial.toFixed(4)}, perplexity ${Math.exp(initial).toFixed(2)}`);
  const history: number[] = [];
  const t0 = Date.now();
  let step = 0;
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    let sum = 0;
    for (const seqs of loader) {
      optimizer.zeroGrad();
      const loss = lossOf(seqs);
      loss.backward();
      // NOTE: the hidden state is linear in its past (no tanh), so clip to keep BPTT bounded
      nn.utils.clipGradNorm(model.parameters(), 1);
      optimizer.step();
      sum += loss.item() * seqs.length;
      progress('training', ++step, EPOCHS * loader.length, `epoch ${epoch} loss ${loss.item().toFixed(4)}`, t0);
    }
    history.push(sum / nSeq);
    if (epoch % 5 === 0 || epoch === EPOCHS) {
      console.log(`Epoch [${epoch}/${EPOCHS}], loss ${(sum / nSeq).toFixed(4)}, perplexity ${Math.exp(sum / nSeq).toFixed(2)}`);
    }
  }
  console.log(`training took ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // sampling: feed the prime, then one character at a time from the cell's log-probabilities
  const prime = strArg(args, 'prime', file ? chars.slice(0, 8).join('') : 'the network');
  const primeIds = data
    .charTokenize(prime)
    .filter((c) => stoi.has(c))
    .map((c) => stoi.get(c)!);
  const sample = noGrad(() => {
    let hidden = model.initHidden(1);
    let output = zeros([1, V]);
    for (const c of primeIds) [output, hidden] = model.forward(oneHot([c], V), hidden);
    const out: string[] = [];
    for (let k = 0; k < LENGTH; k++) {
      const c = sampleLogits(output, { temperature: TEMPERATURE }).data[0];
      out.push(itos[c]);
      [output, hidden] = model.forward(oneHot([c], V), hidden);
    }
    return out.join('');
  });
  console.log(`sampled (prime "${prime}", temperature ${TEMPERATURE}, ${LENGTH} characters):`);
  console.log(prime + sample);

  const path = writeChart(
    `${OUT}/char-lm.svg`,
    [
      { name: 'training perplexity', x: history.map((_, i) => i + 1), y: history.map(Math.exp) },
      { name: `uniform guess (${V})`, x: [1, Math.max(EPOCHS, 2)], y: [V, V], color: '#888888', dashed: true },
    ],
    { title: 'i2h/i2o character RNN: perplexity per epoch', xLabel: 'epoch', yLabel: 'perplexity (e^loss)', legendBox: true },
  );
  console.log(`plot written to ${path}`);
}

if (isMain(import.meta.url)) await main();
