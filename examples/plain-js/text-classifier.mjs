// Article 001's program 001-8 (LSTM text classification) ported line by line from PyTorch to plain
// JavaScript, as a PyTorch user would write it against the package.
// Every line that differs from the Python other than by syntax is marked `// PORT:`.
// Run: node examples/plain-js/text-classifier.mjs   (EPOCHS=5 for a short run)
import { cat, data, manualSeed, nn, noGrad, optim, softmax, tensor } from 'seqgrad';
import { articleData } from './article-data.mjs'; // PORT: the article writes its data inline

manualSeed(42); // PORT: the article does not seed; 42 as the TypeScript port

class TextClassificationDataset {
  // PORT: torch.utils.data.Dataset → any object with length and get(i)
  constructor(texts, labels, word2idx, max_len = 100) {
    this.texts = texts;
    this.labels = labels;
    this.word2idx = word2idx;
    this.max_len = max_len;
  }

  get length() {
    // PORT: __len__ → length
    return this.texts.length;
  }

  get(idx) {
    // PORT: __getitem__ → get
    const text = this.texts[idx];
    const label = this.labels[idx];

    const tokens = text
      .toLowerCase()
      .split(/\s+/)
      .filter((t) => t !== ''); // PORT: str.split() → split(/\s+/) without empty strings
    const indices = tokens.slice(0, this.max_len).map((token) => this.word2idx.get(token) ?? 0);

    while (indices.length < this.max_len) indices.push(0);

    return [tensor(indices), tensor(label)]; // PORT: no dtype=torch.long: indices are float32 holding integers
  }
}

class TextClassificationLSTM extends nn.Module {
  constructor(vocab_size, embed_size, hidden_size, num_layers, num_classes, dropout = 0.5) {
    super();
    this.embedding = new nn.Embedding({ numEmbeddings: vocab_size, embeddingDim: embed_size, paddingIdx: 0 });
    this.lstm = new nn.LSTM({
      inputSize: embed_size,
      hiddenSize: hidden_size,
      numLayers: num_layers,
      batchFirst: true,
      bidirectional: true,
      dropout: num_layers > 1 ? dropout : 0,
    });
    this.dropout = new nn.Dropout({ p: dropout });
    this.fc = new nn.Linear({ inFeatures: hidden_size * 2, outFeatures: num_classes });
  }

  forward(x) {
    const embedded = this.embedding.forward(x); // PORT: self.embedding(x) → .forward (and below)

    const [lstm_out, [hidden, cell]] = this.lstm.forward(embedded);

    let h = cat([hidden.select(0, -2), hidden.select(0, -1)], 1); // PORT: hidden[-2] → hidden.select(0, -2)

    h = this.dropout.forward(h);
    const output = this.fc.forward(h);

    return output;
  }
}

function train_lstm_classifier() {
  console.log('='.repeat(60));
  console.log('LSTM 文本分类实战');
  console.log('='.repeat(60));

  const rows = articleData('articles/001-8-sentences.tsv', 'DATA')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t'));
  const texts = Array(50)
    .fill(rows.map(([, text]) => text))
    .flat(); // PORT: [...] * 50 → Array(50).fill([...]).flat()
  const labels = Array(50)
    .fill(rows.map(([label]) => Number(label)))
    .flat();

  const word_counts = new Map(); // PORT: collections.Counter → a Map
  for (const text of texts) {
    for (const w of text.toLowerCase().split(/\s+/)) word_counts.set(w, (word_counts.get(w) ?? 0) + 1);
  }

  const most_common = [...word_counts].sort((a, b) => b[1] - a[1]).slice(0, 5000); // PORT: most_common(5000): a stable sort by count
  const vocab = ['<PAD>', '<UNK>', ...most_common.map(([word, count]) => word)];
  const word2idx = new Map(vocab.map((word, idx) => [word, idx]));

  console.log(`词汇表大小: ${word2idx.size}`);

  const dataset = new TextClassificationDataset(texts, labels, word2idx, 20);
  const train_size = Math.trunc(0.8 * dataset.length);
  const val_size = dataset.length - train_size;
  const [train_dataset, val_dataset] = data.randomSplit(dataset, [train_size, val_size]);

  const train_loader = new data.DataLoader(train_dataset, { batchSize: 16, shuffle: true });
  const val_loader = new data.DataLoader(val_dataset, { batchSize: 16 });

  const model = new TextClassificationLSTM(word2idx.size, 128, 64, 2, 2, 0.3); // PORT: keyword arguments → positional

  console.log(
    `模型参数量: ${model
      .parameters()
      .reduce((n, p) => n + p.numel(), 0)
      .toLocaleString('en-US')}`,
  ); // PORT: {:,} → toLocaleString('en-US')

  // PORT: no device: model.to(device) and inputs.to(device) are left out

  const criterion = new nn.CrossEntropyLoss();
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.001 });
  const scheduler = new optim.ReduceLROnPlateau(optimizer, { mode: 'min', factor: 0.5, patience: 5 }); // PORT: optim.lr_scheduler.X → optim.X

  const num_epochs = Number(process.env.EPOCHS ?? 20); // PORT: 20 in the article; EPOCHS for a short run
  let best_val_acc = 0;

  for (let epoch = 0; epoch < num_epochs; epoch++) {
    model.train();
    let train_loss = 0;
    let train_correct = 0;
    let train_total = 0;

    for (const [inputs, targets] of train_loader) {
      optimizer.zeroGrad();
      const outputs = model.forward(inputs); // PORT: model(inputs) → model.forward(inputs)
      const loss = criterion.forward(outputs, targets);
      loss.backward();
      optimizer.step();

      train_loss += loss.item();
      const [, predicted] = outputs.max(1);
      train_total += targets.shape[0]; // PORT: targets.size(0) → targets.shape[0]
      train_correct += predicted.eq(targets).sum().item();
    }

    model.eval();
    let val_loss = 0;
    let val_correct = 0;
    let val_total = 0;

    noGrad(() => {
      // PORT: with torch.no_grad(): → noGrad(() => { … })
      for (const [inputs, targets] of val_loader) {
        const outputs = model.forward(inputs);
        const loss = criterion.forward(outputs, targets);

        val_loss += loss.item();
        const [, predicted] = outputs.max(1);
        val_total += targets.shape[0];
        val_correct += predicted.eq(targets).sum().item();
      }
    });

    const train_acc = train_correct / train_total;
    const val_acc = val_correct / val_total;

    scheduler.step(val_loss);

    if (val_acc > best_val_acc) best_val_acc = val_acc;

    if ((epoch + 1) % 5 === 0) {
      console.log(`Epoch ${epoch + 1}/${num_epochs}`);
      console.log(`Train Loss: ${(train_loss / train_loader.length).toFixed(4)}, Train Acc: ${train_acc.toFixed(4)}`); // PORT: toFixed rounds an exact tie (0.03125) up, Python's format to even
      console.log(`Val Loss: ${(val_loss / val_loader.length).toFixed(4)}, Val Acc: ${val_acc.toFixed(4)}`);
      console.log();
    }
  }

  console.log(`最佳验证准确率: ${best_val_acc.toFixed(4)}`);

  model.eval();
  const test_texts = articleData('articles/001-8-test.txt', 'TEST')
    .split('\n')
    .filter((l) => l.trim() !== '');

  console.log('\n预测示例:');
  for (const text of test_texts) {
    const tokens = text.toLowerCase().split(/\s+/);
    const indices = tokens.slice(0, 20).map((token) => word2idx.get(token) ?? 1);
    while (indices.length < 20) indices.push(0);

    const [prob, pred] = noGrad(() => {
      const x = tensor([indices]);
      const output = model.forward(x);
      const prob = softmax(output, 1);
      const pred = output.argmax(1).item();
      return [prob, pred];
    });

    console.log(`Text: '${text}'`);
    console.log(`Prediction: ${pred === 1 ? 'Positive' : 'Negative'} (${prob.select(0, 0).select(0, pred).item().toFixed(4)})`); // PORT: prob[0][pred] → select(0, 0).select(0, pred)
    console.log();
  }
}

train_lstm_classifier();
