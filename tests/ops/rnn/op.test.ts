// The recurrent op (engine/ops/rnn/op.ts): named views, one autodiff node per layer with both
// directions inside it, and the weight-product rule of engine/ops/times-weight.ts as it applies to
// the recurrent weights and Linear (which packed copies a call leaves on each parameter).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { manualSeed, nn, noGrad, randn, Tensor } from '../../../engine/index.js';
import type { Parameter } from '../../../engine/tensor.js';
import { rnn } from '../../../engine/ops/rnn/op.js';
import { assertClose } from '../../lib/assert-close.js';

/** the op on plain-tensor weights against nn.LSTM on its packed copies: another summation order */
const TOL = { rtol: 1e-4, atol: 1e-5 };

/** The ops of every node reachable from t. */
function graphOps(t: Tensor): string[] {
  const ops: string[] = [];
  const seen = new Set<Tensor>();
  const walk = (x: Tensor) => {
    if (seen.has(x) || !x._node) return;
    seen.add(x);
    ops.push(x._node.op);
    for (const i of x._node.inputs) walk(i);
  };
  walk(t);
  return ops;
}

const layouts = (p: Parameter) => [...(p._derived?.keys() ?? [])].sort();

const op = suite('rnn op');

op('returns named views out [N, D·P], hn and cn [L·D, B, ·]', () => {
  manualSeed(1);
  const lstm = new nn.LSTM({ inputSize: 3, hiddenSize: 5, numLayers: 2, bidirectional: true, projSize: 2 });
  const ws = [0, 1].map((l) =>
    [0, 1].map((d) => {
      const sfx = `_l${l}${d ? '_reverse' : ''}`;
      const p = Object.fromEntries(lstm.namedParameters());
      return { wIh: p[`weight_ih${sfx}`], wHh: p[`weight_hh${sfx}`], bIh: p[`bias_ih${sfx}`], bHh: p[`bias_hh${sfx}`], wHr: p[`weight_hr${sfx}`] };
    }),
  );
  const r = rnn('lstm', randn([4 * 3, 3]), [3, 3, 3, 3], null, null, ws, 5);
  assert.equal(r.out.shape, [12, 4]);
  assert.equal(r.hn.shape, [4, 3, 2]);
  assert.equal(r.cn!.shape, [4, 3, 5]);
  // the module's output is the op's out, its hn/cn the op's (no offsets in between)
  const [out, [hn, cn]] = lstm.forward(randn([4, 3, 3]));
  assert.equal(out.shape, [4, 3, 4]);
  assert.equal(hn.shape, [4, 3, 2]);
  assert.equal(cn.shape, [4, 3, 5]);
});

op('a bidirectional layer is ONE op: both directions in its [N, 2P] output, no cat between them', () => {
  manualSeed(2);
  for (const [Ctor, kind] of [
    [nn.LSTM, 'lstm'],
    [nn.GRU, 'gru'],
    [nn.RNN, 'rnn_tanh'],
  ] as const) {
    const m = new Ctor({ inputSize: 3, hiddenSize: 4, bidirectional: true });
    const [out] = m.forward(randn([5, 2, 3]));
    const ops = graphOps(out);
    assert.is(ops.filter((o) => o === kind).length, 1, `${kind}: one layer op in ${ops.join(', ')}`);
    assert.not.ok(ops.includes('cat'), `${kind}: no cat in ${ops.join(', ')}`);
  }
});

op("weights that are plain tensors (no cached copies, gradients into scratch targets) give the module's values and gradients", () => {
  manualSeed(7);
  const lstm = new nn.LSTM({ inputSize: 3, hiddenSize: 5, bidirectional: true, projSize: 2 });
  const named = Object.fromEntries(lstm.namedParameters());
  const plain = Object.fromEntries(Object.entries(named).map(([n, p]) => [n, new Tensor(p.data.slice(), p.shape.slice(), true)]));
  const ws = [
    ['', 0],
    ['_reverse', 1],
  ].map(([sfx]) => ({
    wIh: plain[`weight_ih_l0${sfx}`],
    wHh: plain[`weight_hh_l0${sfx}`],
    bIh: plain[`bias_ih_l0${sfx}`],
    bHh: plain[`bias_hh_l0${sfx}`],
    wHr: plain[`weight_hr_l0${sfx}`],
  }));
  const xs = randn([4, 6, 3]);
  const h0 = randn([2, 6, 2]);
  const c0 = randn([2, 6, 5]);
  const h0p = new Tensor(h0.data.slice(), [2, 6, 2], true);
  const r = rnn('lstm', xs.reshape([24, 3]), [6, 6, 6, 6], h0p, c0, [ws], 5);
  r.out.mul(r.out).sum().add(r.hn.sum()).add(r.cn!.mul(2).sum()).backward();
  const h0m = new Tensor(h0.data.slice(), [2, 6, 2], true);
  const [out, [hn, cn]] = lstm.forward(xs, [h0m, c0]);
  out.mul(out).sum().add(hn.sum()).add(cn.mul(2).sum()).backward();
  assertClose(r.out.data, out.data, TOL, 'out');
  assertClose(h0p.grad!.data, h0m.grad!.data, TOL, 'dh0');
  for (const n of Object.keys(named)) assertClose(plain[n].grad!.data, named[n].grad!.data, TOL, `d${n}`);
});

const rule = suite('timesWeight rule: the copies a call leaves on the parameters');

rule('batch 1 without a graph, one step: the fused step GEMV on W_hh, nothing on W_ih', () => {
  manualSeed(3);
  const lstm = new nn.LSTM({ inputSize: 3, hiddenSize: 4 });
  noGrad(() => lstm.forward(randn([1, 1, 3])));
  const p = Object.fromEntries(lstm.namedParameters());
  assert.equal(layouts(p.weight_hh_l0), ['gemv-step']);
  assert.equal(layouts(p.weight_ih_l0), []);
});

rule('batch 1 without a graph, several steps: GEMV copies of W_ih and W_hh', () => {
  manualSeed(4);
  const gru = new nn.GRU({ inputSize: 3, hiddenSize: 4 });
  noGrad(() => gru.forward(randn([6, 1, 3])));
  const p = Object.fromEntries(gru.namedParameters());
  assert.equal(layouts(p.weight_hh_l0), ['gemv']);
  assert.equal(layouts(p.weight_ih_l0), []); // N = 6 rows: sgemm
});

rule('batch ≥ 4 with a graph: packed GEMM copies of the recurrent weights (W_hh, W_hr), forward and backward; none of W_ih', () => {
  manualSeed(5);
  const lstm = new nn.LSTM({ inputSize: 3, hiddenSize: 4, projSize: 2 });
  const [out] = lstm.forward(randn([3, 4, 3]));
  out.sum().backward();
  const p = Object.fromEntries(lstm.namedParameters());
  assert.equal(layouts(p.weight_hh_l0), ['gemm', 'gemm-t']);
  assert.equal(layouts(p.weight_hr_l0), ['gemm', 'gemm-t']);
  assert.equal(layouts(p.weight_ih_l0), []);
});

rule('Linear: a GEMV copy at batch 1 without a graph only', () => {
  manualSeed(6);
  const lin = new nn.Linear({ inFeatures: 5, outFeatures: 3 });
  lin
    .forward(randn([1, 5]))
    .sum()
    .backward();
  noGrad(() => lin.forward(randn([8, 5])));
  assert.equal(layouts(lin.weight), []);
  noGrad(() => lin.forward(randn([1, 5])));
  assert.equal(layouts(lin.weight), ['gemv']);
});

op.run();
rule.run();
