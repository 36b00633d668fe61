// Article 002's program 002-4 (character-level LSTM text generation) ported line by line from
// PyTorch to plain JavaScript, as a PyTorch user would write it against the package.
// Every line that differs from the Python other than by syntax is marked `// PORT:`.
// Run: node examples/plain-js/char-rnn.mjs   (EPOCHS=10 for a short run)
import { manualSeed, multinomial, nn, optim, tensor, zeros } from 'seqgrad';
import { articleData } from './article-data.mjs'; // PORT: the article writes its data inline

manualSeed(42); // PORT: the article does not seed; 42 as the TypeScript port

const text = articleData('articles/002-4-text.txt', 'DATA');

const chars = [...new Set(text)].sort(); // PORT: sorted(list(set(text))); .sort() orders by UTF-16 unit (= code point here)
const char_to_idx = Object.fromEntries(chars.map((ch, i) => [ch, i]));
const idx_to_char = Object.fromEntries(chars.map((ch, i) => [i, ch]));
const vocab_size = chars.length;
console.log(`Vocabulary size: ${vocab_size}`);

const seq_length = 20;
let X = [];
let y = [];

for (let i = 0; i < text.length - seq_length; i++) {
  // PORT: text[i] is a UTF-16 unit: Array.from(text) for characters outside the BMP
  X.push([...text.slice(i, i + seq_length)].map((c) => char_to_idx[c]));
  y.push(char_to_idx[text[i + seq_length]]);
}

X = tensor(X);
y = tensor(y);

class CharRNN extends nn.Module {
  constructor(input_size, hidden_size, output_size, n_layers = 1) {
    super();

    this.hidden_size = hidden_size;
    this.n_layers = n_layers;

    this.embedding = new nn.Embedding({ numEmbeddings: input_size, embeddingDim: hidden_size });

    this.lstm = new nn.LSTM({ inputSize: hidden_size, hiddenSize: hidden_size, numLayers: n_layers, batchFirst: true });

    this.fc = new nn.Linear({ inFeatures: hidden_size, outFeatures: output_size });
  }

  forward(x, hidden = null) {
    const batch_size = x.shape[0]; // PORT: x.size(0) → x.shape[0]

    if (hidden === null) {
      const h0 = zeros(this.n_layers, batch_size, this.hidden_size);
      const c0 = zeros(this.n_layers, batch_size, this.hidden_size);
      hidden = [h0, c0];
    }

    const embeds = this.embedding.forward(x); // PORT: self.embedding(x) → .forward

    let output;
    [output, hidden] = this.lstm.forward(embeds, hidden);

    output = this.fc.forward(output.select(1, -1)); // PORT: output[:, -1, :] → output.select(1, -1)

    return [output, hidden];
  }
}

const hidden_size = 128;
const n_layers = 2;
const model = new CharRNN(vocab_size, hidden_size, vocab_size, n_layers);

const criterion = new nn.CrossEntropyLoss();
const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });

const n_epochs = Number(process.env.EPOCHS ?? 100); // PORT: 100 in the article; EPOCHS for a short run
const batch_size = 64;
const n_batches = Math.trunc(X.shape[0] / batch_size); // PORT: len(X) → X.shape[0]

for (let epoch = 0; epoch < n_epochs; epoch++) {
  model.train();
  let epoch_loss = 0;

  for (let i = 0; i < n_batches; i++) {
    const start_idx = i * batch_size;
    const end_idx = start_idx + batch_size;

    const batch_X = X.slice(0, start_idx, end_idx); // PORT: X[start_idx:end_idx] → slice(dim, start, end)
    const batch_y = y.slice(0, start_idx, end_idx);

    const [outputs] = model.forward(batch_X); // PORT: model(batch_X) → model.forward(batch_X)
    const loss = criterion.forward(outputs, batch_y);

    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();

    epoch_loss += loss.item();
  }

  if ((epoch + 1) % 10 === 0) {
    console.log(`Epoch [${epoch + 1}/${n_epochs}], Loss: ${(epoch_loss / n_batches).toFixed(4)}`);
  }
}

function generate_text(model, start_string, length = 100) {
  model.eval();

  const chars = [...start_string].map((c) => char_to_idx[c]);
  let input_seq = tensor([chars]);

  let hidden = null;

  let generated_text = start_string;

  for (let k = 0; k < length; k++) {
    let outputs;
    [outputs, hidden] = model.forward(input_seq, hidden);
    const probabilities = nn.functional.softmax(outputs, 1).detach(); // PORT: softmax(outputs, dim=1).data → .detach() (.data is the Float32Array)

    const top_idx = multinomial(probabilities, 1).item(); // torch.multinomial → multinomial

    generated_text += idx_to_char[top_idx];

    input_seq = tensor([[top_idx]]);
  }

  return generated_text;
}

const start_string = '人工智能';
const generated_text = generate_text(model, start_string, 100);
console.log(`Generated text:\n${generated_text}`);
