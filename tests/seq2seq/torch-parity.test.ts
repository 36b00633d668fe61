// The attention translator against PyTorch 1.13 (fixtures from scripts/gen-fixtures-seq2seq.py):
// Encoder + attention + decoder steps on a padded batch with unsorted lengths — encoder outputs,
// bridged state, logits, attention weights, cross-entropy and the gradient of every parameter,
// through forward() and through the padding-free loss(), on both backends.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nonEmpty } from '../fixture.js';
import { readFileSync } from 'node:fs';
import { seq2seq, setBackend, tensor, F, type Tensor } from '../../engine/index.js';
import { assertClose } from '../lib/assert-close.js';

const RTOL = 1e-4;
const ATOL = 1e-5;
const TOL = { rtol: RTOL, atol: ATOL };

type T = { shape: number[]; data: number[] };
interface Rec {
  name: string;
  config: {
    rnn: 'gru' | 'lstm';
    attention: seq2seq.AttentionType;
    numLayers: number;
    embSize: number;
    hiddenSize: number;
    decHiddenSize: number;
    srcVocabSize: number;
    tgtVocabSize: number;
  };
  src: number[][];
  tgt: number[][];
  params: Record<string, T>;
  lossWeights: { logits: T; attention: T };
  outputs: { logits: T; attention: T; encoderOutputs: T; h0: T; c0: T | null; ce: number; total: number };
  grads_ce: Record<string, T>;
  grads_total: Record<string, T>;
}

const records: Rec[] = JSON.parse(readFileSync(new URL('../../../tests/fixtures/seq2seq.json', import.meta.url), 'utf8')).records;

function build(r: Rec): seq2seq.Seq2Seq {
  const m = new seq2seq.Seq2Seq({ ...r.config, bidirectional: true });
  m.loadStateDict(Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, tensor(v.data, v.shape)])));
  return m.eval();
}

function checkGrads(label: string, m: seq2seq.Seq2Seq, want: Record<string, T>): void {
  const names = m.namedParameters().map(([n]) => n);
  assert.equal(names.slice().sort(), Object.keys(want).sort(), `${label}: parameter names`);
  for (const [name, p] of m.namedParameters()) assertClose(p.grad!.data, want[name].data, TOL, `${label} d${name}`);
}

for (const backend of ['wasm', 'js'] as const) {
  const S = suite(`seq2seq vs PyTorch (${backend})`);
  S.before(() => setBackend(backend));
  S.after(() => setBackend('wasm'));
  for (const r of nonEmpty(records, 'seq2seq.json: records')) {
    S(`${r.name}: forward outputs, attention and gradients`, () => {
      const m = build(r);
      const { ids: src, lengths } = seq2seq.padIds(r.src, 0);
      const { ids: tgt } = seq2seq.padIds(r.tgt, 0);
      const enc = m.encoder.forward(src, lengths);
      assertClose(enc.outputs.data, r.outputs.encoderOutputs.data, TOL, 'encoder outputs');
      assertClose(enc.state.h.data, r.outputs.h0.data, TOL, 'bridged h0');
      if (r.outputs.c0) assertClose(enc.state.c!.data, r.outputs.c0.data, TOL, 'bridged c0');
      const { logits, attention } = m.forward(src, lengths, tgt);
      assertClose(logits.data, r.outputs.logits.data, TOL, 'logits');
      assertClose(attention.data, r.outputs.attention.data, TOL, 'attention');
      const [B, T] = tgt.shape;
      const target = r.tgt.flatMap((t) => [...t.slice(1), ...new Array(T - t.length).fill(0)]);
      const ce = F.crossEntropy(logits.reshape([B * (T - 1), r.config.tgtVocabSize]), target, { ignoreIndex: 0 });
      const w = (t: T) => tensor(t.data, t.shape);
      const total: Tensor = ce.add(logits.mul(w(r.lossWeights.logits)).sum()).add(attention.mul(w(r.lossWeights.attention)).sum());
      assertClose([total.item()], [r.outputs.total], TOL, 'total loss');
      m.zeroGrad(true);
      total.backward();
      checkGrads('total', m, r.grads_total);
    });
    S(`${r.name}: padding-free loss() = PyTorch's cross-entropy and its gradients`, () => {
      const m = build(r);
      const { ids: src, lengths } = seq2seq.padIds(r.src, 0);
      const { ids: tgt } = seq2seq.padIds(r.tgt, 0);
      const loss = m.loss(src, lengths, tgt);
      assertClose([loss.item()], [r.outputs.ce], TOL, 'ce');
      m.zeroGrad(true);
      loss.backward();
      checkGrads('ce', m, r.grads_ce);
    });
  }
  S.run();
}
