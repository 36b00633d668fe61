// Finding 4 of issue 12, against tests/fixtures/safety.json (torch 1.13, scripts/gen-fixtures-safety.py):
// binaryCrossEntropyWithLogits has gradient σ(0) − y at a logit of exactly 0, and a loss whose
// targets are all ignored gives PyTorch's forward (NaN for mean) with zero gradients, so one step
// on an all-padding batch leaves the weights finite.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { F, manualSeed, nn, optim, tensor, type Tensor } from '../../engine/index.js';
import { onBackends } from './helpers.js';
import { assertClose } from '../lib/assert-close.js';

const RTOL = 1e-4;
const ATOL = 1e-5;
const TOL = { rtol: RTOL, atol: ATOL };

type Num = number | 'nan';
interface Stored {
  shape: number[];
  data: Num[];
}
interface Case {
  name: string;
  input: Stored;
  output: Stored;
  grad: Num[];
  reduction: 'mean' | 'sum' | 'none';
  target: Stored | number[];
  posWeight?: Stored;
  weight?: Stored | number[];
  kind?: 'nllLoss' | 'crossEntropy';
  labelSmoothing?: number;
  ignoreIndex?: number;
}
const here = dirname(fileURLToPath(import.meta.url));
const fx = JSON.parse(readFileSync(join(here, '..', '..', '..', 'tests', 'fixtures', 'safety.json'), 'utf8')) as {
  bce: Case[];
  ignored: Case[];
  ignore_big: number;
};

const num = (v: Num) => (v === 'nan' ? NaN : v);
const t = (s: Stored, requiresGrad = false): Tensor => tensor(s.data.map(num), s.shape, { requiresGrad });

const test = suite('gradients vs PyTorch at the edges');

test('binaryCrossEntropyWithLogits: gradient σ(0) − y at logits exactly 0', () => {
  onBackends((b) => {
    for (const c of fx.bce) {
      const x = t(c.input, true);
      const out = F.binaryCrossEntropyWithLogits(x, t(c.target as Stored), {
        reduction: c.reduction,
        posWeight: c.posWeight ? t(c.posWeight) : null,
        weight: c.weight ? t(c.weight as Stored) : null,
      });
      assertClose(out.data, c.output.data.map(num), TOL, `${b} ${c.name} output`);
      out.sum().backward();
      assertClose(x.grad!.data, c.grad.map(num), TOL, `${b} ${c.name} grad`);
    }
  });
});

test("nllLoss / crossEntropy with every target ignored: PyTorch's value, zero gradients", () => {
  onBackends((b) => {
    for (const c of fx.ignored) {
      const x = t(c.input, true);
      const target = c.target as number[];
      const opts = { reduction: c.reduction, ...(c.ignoreIndex !== undefined ? { ignoreIndex: c.ignoreIndex } : {}) };
      const out =
        c.kind === 'nllLoss'
          ? F.nllLoss(x.logSoftmax(1), target, opts)
          : F.crossEntropy(x, target, { ...opts, labelSmoothing: c.labelSmoothing ?? 0, weight: c.weight ? tensor(c.weight as number[]) : null });
      assertClose(out.data, c.output.data.map(num), TOL, `${b} ${c.name} output`);
      out.sum().backward();
      assertClose(x.grad!.data, c.grad.map(num), TOL, `${b} ${c.name} grad`);
    }
  });
});

test('one SGD step on an all-padding batch leaves the weights finite', () => {
  manualSeed(0);
  const emb = new nn.Embedding({ numEmbeddings: 6, embeddingDim: 4, paddingIdx: 0 });
  const head = new nn.Linear({ inFeatures: 4, outFeatures: 6 });
  const opt = new optim.SGD([...emb.parameters(), ...head.parameters()], { lr: 0.1 });
  for (const lossOf of [
    () => F.crossEntropy(head.forward(emb.forward([0, 0, 0])), [0, 0, 0], { ignoreIndex: 0 }),
    () => F.nllLoss(head.forward(emb.forward([0, 0])).logSoftmax(1), [0, 0], { ignoreIndex: 0 }),
  ]) {
    // each loss's graph is made after the previous step (a graph made before it would be stale)
    const loss = lossOf();
    opt.zeroGrad();
    assert.ok(Number.isNaN(loss.item()), 'mean over no targets is NaN, as PyTorch');
    loss.backward();
    opt.step();
    for (const p of [...emb.parameters(), ...head.parameters()]) assert.ok(p.data.every(Number.isFinite), 'weights stay finite');
  }
});

test.run();
