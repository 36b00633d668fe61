// Article 002's program 002-3 (GRU time-series prediction) ported line by line from PyTorch to
// plain JavaScript, as a PyTorch user would write it against the package (`import … from 'seqgrad'`).
// Every line that differs from the Python other than by syntax is marked `// PORT:`.
// Run: node examples/plain-js/gru-forecaster.mjs   (EPOCHS=10 for a short run)
import { manualSeed, nn, noGrad, optim, random, tensor, zeros, data } from 'seqgrad';

manualSeed(42);
const np = new random.RandomState(42); // PORT: the article's np.random is unseeded; seeded 42 as the TypeScript port

class GRUModel extends nn.Module {
  constructor(input_dim, hidden_dim, output_dim, num_layers) {
    super();

    this.hidden_dim = hidden_dim;
    this.num_layers = num_layers;

    this.gru = new nn.GRU({ inputSize: input_dim, hiddenSize: hidden_dim, numLayers: num_layers, batchFirst: true });

    this.fc = new nn.Linear({ inFeatures: hidden_dim, outFeatures: output_dim });
  }

  forward(x) {
    const h0 = zeros(this.num_layers, x.shape[0], this.hidden_dim); // PORT: x.size(0) → x.shape[0]; no .to(device)

    const [out] = this.gru.forward(x, h0); // PORT: self.gru(x, h0) → .forward

    return this.fc.forward(out.select(1, -1)); // PORT: out[:, -1, :] → out.select(1, -1)
  }
}

function generate_data(n_samples = 1000) {
  const noise = np.randn(n_samples);
  return noise.map((e, time) => Math.sin(time / 20) + 0.1 * e); // PORT: np.arange/np.sin vectorised → map
}

const series = generate_data(); // PORT: `data` is the package's namespace here

const scaler = new data.MinMaxScaler({ featureRange: [-1, 1] });
const data_normalized = scaler.fitTransform(series.map((v) => [v])); // PORT: data.reshape(-1, 1) → rows of [v]

function create_sequences(rows, seq_length) {
  const xs = [],
    ys = [];
  for (let i = 0; i < rows.length - seq_length; i++) {
    xs.push(rows.slice(i, i + seq_length));
    ys.push(rows[i + seq_length]);
  }
  return [xs, ys];
}

const seq_length = 20;
let [X, y] = create_sequences(data_normalized, seq_length);

const train_size = Math.trunc(X.length * 0.8);
let [X_train, X_test] = [X.slice(0, train_size), X.slice(train_size)];
let [y_train, y_test] = [y.slice(0, train_size), y.slice(train_size)];

X_train = tensor(X_train); // torch.FloatTensor(X_train): nested arrays, shape inferred [784, 20, 1]
y_train = tensor(y_train);
X_test = tensor(X_test);
y_test = tensor(y_test);

const input_dim = 1;
const hidden_dim = 32;
const output_dim = 1;
const num_layers = 2;

const model = new GRUModel(input_dim, hidden_dim, output_dim, num_layers);

const criterion = new nn.MSELoss();
const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });

const num_epochs = Number(process.env.EPOCHS ?? 100); // PORT: 100 in the article; EPOCHS for a short run
const batch_size = 64;
const n_batches = Math.trunc(X_train.shape[0] / batch_size); // PORT: len(X_train) → X_train.shape[0]

for (let epoch = 0; epoch < num_epochs; epoch++) {
  model.train();
  let epoch_loss = 0;

  for (let i = 0; i < n_batches; i++) {
    const start_idx = i * batch_size;
    const end_idx = start_idx + batch_size;

    const batch_X = X_train.slice(0, start_idx, end_idx); // PORT: X_train[start_idx:end_idx] → slice(dim, start, end)
    const batch_y = y_train.slice(0, start_idx, end_idx);

    const outputs = model.forward(batch_X); // PORT: model(batch_X) → model.forward(batch_X)
    const loss = criterion.forward(outputs, batch_y);

    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();

    epoch_loss += loss.item();
  }

  if ((epoch + 1) % 10 === 0) {
    console.log(`Epoch [${epoch + 1}/${num_epochs}], Loss: ${(epoch_loss / n_batches).toFixed(4)}`);
  }
}

model.eval();
let test_predictions = noGrad(() => model.forward(X_test)).tolist(); // PORT: .numpy() → .tolist()

test_predictions = scaler.inverseTransform(test_predictions);
const y_test_actual = scaler.inverseTransform(y_test.tolist());

// PORT: the matplotlib figure is left out; the first predictions are printed instead
console.log(
  `first predictions: ${test_predictions
    .slice(0, 3)
    .map((r) => r[0].toFixed(4))
    .join(', ')} (actual ${y_test_actual
    .slice(0, 3)
    .map((r) => r[0].toFixed(4))
    .join(', ')})`,
);
