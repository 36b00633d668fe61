// The RNN / LSTM / GRU parity fixtures (tests/fixtures/rnn, from scripts/gen-fixtures-rnn.py): their
// record types, the loaded records, and the modules their configurations describe.
import { readFileSync } from 'node:fs';
import { nn, tensor } from '../../engine/index.js';
import { nonEmpty } from '../fixture.js';

/** A tensor as the fixtures store it (null: absent). */
export type T = { shape: number[]; data: number[] } | null;
export type Grads = { x: NonNullable<T>; h0: T; c0: T; params: Record<string, NonNullable<T>> };

export interface LayerRecord {
  name: string;
  config: {
    kind: 'RNN' | 'LSTM' | 'GRU';
    inputSize: number;
    hiddenSize: number;
    numLayers: number;
    bias: boolean;
    batchFirst: boolean;
    bidirectional: boolean;
    nonlinearity: 'tanh' | 'relu' | null;
    projSize: number;
    packed: boolean;
    lengths: number[] | null;
    hasH0: boolean;
  };
  params: Record<string, NonNullable<T>>;
  inputs: { x: NonNullable<T>; lengths: number[] | null; h0: T; c0: T };
  outputs: { out: NonNullable<T>; hn: NonNullable<T>; cn: T };
  lossWeights: { out: NonNullable<T>; hn: NonNullable<T>; cn: T };
  grads: Grads;
}

export interface CellRecord {
  name: string;
  config: {
    kind: 'RNNCell' | 'LSTMCell' | 'GRUCell';
    inputSize: number;
    hiddenSize: number;
    bias: boolean;
    nonlinearity: 'tanh' | 'relu' | null;
    hasH0: boolean;
  };
  params: Record<string, NonNullable<T>>;
  inputs: { x: NonNullable<T>; h0: T; c0: T };
  outputs: { h: NonNullable<T>; c: T };
  lossWeights: { h: NonNullable<T>; c: T };
  grads: Grads;
}

const fixtures = new URL('../../../tests/fixtures/rnn/', import.meta.url);
const records = (file: string) => JSON.parse(readFileSync(new URL(file, fixtures), 'utf8')).records;

/** Every layer record of layers.json; the import fails when the list is missing or empty. */
export const layers: readonly LayerRecord[] = nonEmpty<LayerRecord>(records('layers.json'), 'rnn/layers.json: records');
/** Every cell record of cells.json; the import fails when the list is missing or empty. */
export const cells: readonly CellRecord[] = nonEmpty<CellRecord>(records('cells.json'), 'rnn/cells.json: records');

/** A fixture tensor as a tensor without gradient. */
export const constant = (t: NonNullable<T>) => tensor(t.data, t.shape);

/** The layer a record's config describes, with fresh parameters (load the record's with loadStateDict). */
export function buildLayer(c: LayerRecord['config']): nn.RNN | nn.LSTM | nn.GRU {
  const opts = {
    inputSize: c.inputSize,
    hiddenSize: c.hiddenSize,
    numLayers: c.numLayers,
    bias: c.bias,
    batchFirst: c.batchFirst,
    bidirectional: c.bidirectional,
  };
  return c.kind === 'RNN'
    ? new nn.RNN({ ...opts, nonlinearity: c.nonlinearity ?? 'tanh' })
    : c.kind === 'LSTM'
      ? new nn.LSTM({ ...opts, projSize: c.projSize })
      : new nn.GRU(opts);
}

/** The cell a record's config describes, with fresh parameters (load the record's with loadStateDict). */
export function buildCell(c: CellRecord['config']): nn.RNNCell | nn.LSTMCell | nn.GRUCell {
  const opts = { inputSize: c.inputSize, hiddenSize: c.hiddenSize, bias: c.bias };
  return c.kind === 'RNNCell'
    ? new nn.RNNCell({ ...opts, nonlinearity: c.nonlinearity ?? 'tanh' })
    : c.kind === 'LSTMCell'
      ? new nn.LSTMCell(opts)
      : new nn.GRUCell(opts);
}
