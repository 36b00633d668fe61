// Options objects are checked at run time (engine/options.ts), as a plain-JavaScript caller needs:
// an unknown key names the class, the key, the camelCase spelling of a snake_case key and the
// known keys; a value of the wrong type throws. Loaded as plain JS would be: no TypeScript check
// in between (the options are typed `any`).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { data, nn, optim, seq2seq, zeros } from '../engine/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const js = (o: object): any => o;

const Keys = suite('options: unknown keys and wrong types throw');

Keys('recurrent modules: snake_case keys get their camelCase spelling', () => {
  assert.throws(
    () => new nn.LSTM(js({ inputSize: 2, hiddenSize: 3, batch_first: true })),
    /^LSTM: unknown option 'batch_first' \(did you mean 'batchFirst'\?\); known options: inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, projSize$/,
  );
  assert.throws(() => new nn.GRU(js({ input_size: 2, hiddenSize: 3 })), /GRU: unknown option 'input_size' \(did you mean 'inputSize'\?\)/);
  assert.throws(() => new nn.RNN(js({ inputSize: 2, hiddenSize: 3, num_layers: 2 })), /RNN: unknown option 'num_layers' \(did you mean 'numLayers'\?\)/);
  assert.throws(
    () => new nn.LSTMCell(js({ inputSize: 2, hiddenSize: 3, hidden: 3 })),
    /LSTMCell: unknown option 'hidden'; known options: inputSize, hiddenSize, bias/,
  );
  assert.throws(() => new nn.GRU(js({ inputSize: 2, hiddenSize: 3, batchFirst: 'yes' })), /GRU: option 'batchFirst' must be a boolean, got 'yes'/);
  assert.throws(() => new nn.LSTM(js({ inputSize: 2, hiddenSize: 3, dropout: '0.1' })), /LSTM: option 'dropout' must be a number, got '0\.1'/);
});

Keys('layers, losses and attention', () => {
  assert.throws(() => new nn.Linear(js({ in_features: 2, outFeatures: 3 })), /Linear: unknown option 'in_features' \(did you mean 'inFeatures'\?\)/);
  assert.throws(
    () => new nn.Embedding(js({ numEmbeddings: 5, embeddingDim: 2, padding_idx: 0 })),
    /Embedding: unknown option 'padding_idx' \(did you mean 'paddingIdx'\?\)/,
  );
  assert.throws(() => new nn.CrossEntropyLoss(js({ ignore_index: 0 })), /CrossEntropyLoss: unknown option 'ignore_index' \(did you mean 'ignoreIndex'\?\)/);
  assert.throws(() => new nn.MSELoss(js({ reduce: false })), /MSELoss: unknown option 'reduce'; known options: reduction/);
  assert.throws(() => new nn.NLLLoss(js({ reduction: 'avg' })), /NLLLoss: option 'reduction' must be one of 'mean', 'sum', 'none', got 'avg'/);
  assert.throws(
    () => new nn.BahdanauAttention(js({ querySize: 2, keySize: 2, attn_size: 2 })),
    /BahdanauAttention: unknown option 'attn_size' \(did you mean 'attnSize'\?\)/,
  );
  assert.throws(() => new nn.Linear(js([2, 3])), /Linear: options must be an object like \{ inFeatures, outFeatures, bias \}, got an array \[2, 3\]/);
});

Keys('nn.Dropout takes { p } like every layer, and still the number', () => {
  assert.is(new nn.Dropout({ p: 0.25 }).p, 0.25);
  assert.is(new nn.Dropout(0.1).p, 0.1);
  assert.is(new nn.Dropout().p, 0.5);
  assert.throws(() => new nn.Dropout(js({ prob: 0.2 })), /Dropout: unknown option 'prob'; known options: p/);
});

Keys('optimizers, param groups and schedulers', () => {
  const p = [zeros([2], { requiresGrad: true })];
  assert.throws(
    () => new optim.Adam(p, js({ lr: 1e-3, weight_decay: 0.1 })),
    /Adam: unknown option 'weight_decay' \(did you mean 'weightDecay'\?\); known options: lr, betas, eps, weightDecay, amsgrad/,
  );
  assert.throws(() => new optim.SGD(p, js({ lr: 0.1, momentun: 0.9 })), /SGD: unknown option 'momentun'/);
  assert.throws(() => new optim.AdamW(p, js({ betas1: 0.9 })), /AdamW: unknown option 'betas1'/);
  assert.throws(() => new optim.SGD([{ params: p, learning_rate: 0.1 }] as never, { lr: 0.1 }), /SGD: param group 0: unknown option 'learning_rate'/);
  const opt = new optim.SGD(p, { lr: 0.1 });
  assert.throws(() => new optim.StepLR(opt, js({ step_size: 2 })), /StepLR: unknown option 'step_size' \(did you mean 'stepSize'\?\)/);
  assert.throws(() => new optim.ReduceLROnPlateau(opt, js({ min_lr: 0 })), /ReduceLROnPlateau: unknown option 'min_lr' \(did you mean 'minLr'\?\)/);
});

Keys('data: DataLoader, scalers, splits; seq2seq config and training options', () => {
  assert.throws(() => new data.DataLoader([1, 2, 3], js({ batch_size: 2 })), /DataLoader: unknown option 'batch_size' \(did you mean 'batchSize'\?\)/);
  assert.throws(() => new data.DataLoader([1, 2, 3], js({ batchSize: '2' })), /DataLoader: option 'batchSize' must be an integer, got '2'/);
  assert.throws(() => new data.MinMaxScaler(js({ feature_range: [-1, 1] })), /MinMaxScaler: unknown option 'feature_range' \(did you mean 'featureRange'\?\)/);
  assert.throws(() => data.trainTestSplit([[1, 2, 3, 4]], js({ test_size: 0.5 })), /trainTestSplit: unknown option 'test_size' \(did you mean 'testSize'\?\)/);
  assert.throws(() => data.padSequence([[1]], js({ batch_first: true })), /padSequence: unknown option 'batch_first' \(did you mean 'batchFirst'\?\)/);
  assert.throws(
    () => new seq2seq.Seq2Seq(js({ srcVocabSize: 5, tgtVocabSize: 5, hidden_size: 4 })),
    /Seq2Seq config: unknown option 'hidden_size' \(did you mean 'hiddenSize'\?\)/,
  );
});

Keys("MinMaxScaler([-1, 1]) takes the range positionally, as sklearn's feature_range", () => {
  const s = new data.MinMaxScaler([-1, 1]);
  assert.equal(s.featureRange, [-1, 1]);
  assert.equal(s.fitTransform([0, 5, 10]), [-1, 0, 1]);
  assert.throws(() => new data.MinMaxScaler(js([1])), /MinMaxScaler: featureRange must be two finite numbers \[min, max\], got \[1\]/);
});

Keys.run();
