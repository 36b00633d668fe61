// Module.toString() against PyTorch 1.13's repr of the same modules (fixture from
// scripts/gen-fixtures-repr.py: `/usr/bin/python3 scripts/gen-fixtures-repr.py`).
import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nn } from '../../engine/index.js';
import type { Module } from '../../engine/nn/module.js';

interface Case {
  module: string;
  args: Record<string, unknown>;
  repr: string;
}
const cases: Case[] = JSON.parse(readFileSync(new URL('../../../tests/fixtures/nn-repr.json', import.meta.url), 'utf8'));

type A = Record<string, any>; // the fixture's PyTorch arguments, untyped JSON

/** PyTorch's constructor arguments (snake_case) → this project's module. */
function build(name: string, a: A): Module {
  const rnnOpts = () => ({
    inputSize: a.input_size,
    hiddenSize: a.hidden_size,
    numLayers: a.num_layers,
    bias: a.bias,
    batchFirst: a.batch_first,
    dropout: a.dropout,
    bidirectional: a.bidirectional,
  });
  switch (name) {
    case 'LSTM':
      return new nn.LSTM({ ...rnnOpts(), projSize: a.proj_size });
    case 'GRU':
      return new nn.GRU(rnnOpts());
    case 'RNN':
      return new nn.RNN({ ...rnnOpts(), nonlinearity: a.nonlinearity });
    case 'RNNCell':
      return new nn.RNNCell({ inputSize: a.input_size, hiddenSize: a.hidden_size, bias: a.bias, nonlinearity: a.nonlinearity });
    case 'LSTMCell':
      return new nn.LSTMCell({ inputSize: a.input_size, hiddenSize: a.hidden_size, bias: a.bias });
    case 'GRUCell':
      return new nn.GRUCell({ inputSize: a.input_size, hiddenSize: a.hidden_size, bias: a.bias });
    case 'Linear':
      return new nn.Linear({ inFeatures: a.in_features, outFeatures: a.out_features, bias: a.bias });
    case 'Embedding':
      return new nn.Embedding({ numEmbeddings: a.num_embeddings, embeddingDim: a.embedding_dim, paddingIdx: a.padding_idx });
    case 'Dropout':
      return new nn.Dropout(a.p);
    case 'Tanh':
      return new nn.Tanh();
    case 'ReLU':
      return new nn.ReLU();
    case 'Sigmoid':
      return new nn.Sigmoid();
    case 'Sequential':
      return new nn.Sequential(...(a.layers as [string, A][]).map(([n, x]) => build(n, x) as nn.Linear));
    case 'ModuleList':
      return new nn.ModuleList((a.modules as [string, A][]).map(([n, x]) => build(n, x)));
    default:
      throw new Error(`module-repr.test: no builder for ${name}`);
  }
}

const test = suite('Module.toString vs torch repr');

for (const c of cases) {
  test(c.repr.split('\n')[0], () => {
    assert.is(build(c.module, c.args).toString(), c.repr);
  });
}

test('a template literal shows the repr', () => {
  assert.is(
    `${new nn.LSTM({ inputSize: 10, hiddenSize: 20, numLayers: 2, batchFirst: true, bidirectional: true })}`,
    'LSTM(10, 20, num_layers=2, batch_first=True, bidirectional=True)',
  );
});

test.run();
