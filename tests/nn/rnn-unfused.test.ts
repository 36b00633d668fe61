// The unfused oracle: each recurrent layer rebuilt cell by cell from primitive ops (matmul,
// sigmoid, tanh, mul, add, cat) must give the fused layer op's outputs and gradients.
import { suite } from 'uvu';
import { cat, manualSeed, nn, noGrad, optim, randn, stack, type Tensor, zeros } from '../../engine/index.js';
import { assertClose } from '../lib/assert-close.js';

const RTOL = 1e-4;
const ATOL = 1e-5;
const TOL = { rtol: RTOL, atol: ATOL };

type Kind = 'rnn_tanh' | 'rnn_relu' | 'lstm' | 'gru';

/** One direction of one layer from primitives: x (T, B, I) → [out (T, B, P), hn, cn]. */
function unfused(kind: Kind, x: Tensor, p: Map<string, Tensor>, sfx: string, H: number, reverse: boolean, proj: boolean): [Tensor, Tensor, Tensor | null] {
  const [T, B] = x.shape;
  const wIh = p.get(`weight_ih${sfx}`)!;
  const wHh = p.get(`weight_hh${sfx}`)!;
  const bIh = p.get(`bias_ih${sfx}`);
  const bHh = p.get(`bias_hh${sfx}`);
  const wHr = proj ? p.get(`weight_hr${sfx}`)! : null;
  const P = wHr ? wHr.shape[0] : H;
  let h: Tensor = zeros([B, P]);
  let c: Tensor = zeros([B, H]);
  const outs: Tensor[] = new Array(T);
  const lin = (v: Tensor, w: Tensor, b?: Tensor) => (b ? v.matmul(w.transpose(0, 1)).add(b) : v.matmul(w.transpose(0, 1)));
  for (let i = 0; i < T; i++) {
    const t = reverse ? T - 1 - i : i;
    const xt = x.select(0, t);
    const gi = lin(xt, wIh, bIh);
    const gh = lin(h, wHh, bHh);
    if (kind === 'lstm') {
      const g = gi.add(gh);
      const [ig, fg, gg, og] = g.chunk(4, 1);
      c = fg.sigmoid().mul(c).add(ig.sigmoid().mul(gg.tanh()));
      h = og.sigmoid().mul(c.tanh());
      if (wHr) h = h.matmul(wHr.transpose(0, 1));
    } else if (kind === 'gru') {
      const [ir, iz, inn] = gi.chunk(3, 1);
      const [hr, hz, hn] = gh.chunk(3, 1);
      const r = ir.add(hr).sigmoid();
      const z = iz.add(hz).sigmoid();
      const n = inn.add(r.mul(hn)).tanh();
      h = z.neg().add(1).mul(n).add(z.mul(h));
    } else {
      const pre = gi.add(gh);
      h = kind === 'rnn_tanh' ? pre.tanh() : pre.relu();
    }
    outs[t] = h;
  }
  return [stack(outs, 0), h, kind === 'lstm' ? c : null];
}

interface Case {
  kind: Kind;
  I: number;
  H: number;
  T: number;
  B: number;
  bidirectional: boolean;
  projSize: number;
  bias: boolean;
}
const cases: Case[] = [
  { kind: 'lstm', I: 5, H: 7, T: 4, B: 3, bidirectional: false, projSize: 0, bias: true },
  { kind: 'lstm', I: 3, H: 6, T: 5, B: 2, bidirectional: true, projSize: 4, bias: true },
  { kind: 'lstm', I: 4, H: 9, T: 3, B: 5, bidirectional: true, projSize: 0, bias: false },
  { kind: 'gru', I: 5, H: 7, T: 4, B: 3, bidirectional: true, projSize: 0, bias: true },
  { kind: 'gru', I: 2, H: 17, T: 6, B: 1, bidirectional: false, projSize: 0, bias: false },
  { kind: 'rnn_tanh', I: 6, H: 5, T: 7, B: 4, bidirectional: true, projSize: 0, bias: true },
  { kind: 'rnn_relu', I: 3, H: 8, T: 5, B: 2, bidirectional: false, projSize: 0, bias: true },
];

/** The layer of a case, one layer deep. */
function build(c: Case): nn.LSTM | nn.GRU | nn.RNN {
  const opts = { inputSize: c.I, hiddenSize: c.H, bidirectional: c.bidirectional, bias: c.bias };
  if (c.kind === 'lstm') return new nn.LSTM({ ...opts, projSize: c.projSize });
  if (c.kind === 'gru') return new nn.GRU(opts);
  return new nn.RNN({ ...opts, nonlinearity: c.kind === 'rnn_tanh' ? 'tanh' : 'relu' });
}

const test = suite('fused layer vs unfused cell-by-cell oracle');
for (const c of cases) {
  test(`${c.kind} I=${c.I} H=${c.H} T=${c.T} B=${c.B}${c.bidirectional ? ' bi' : ''}${c.projSize ? ` proj=${c.projSize}` : ''}${c.bias ? '' : ' no-bias'}`, () => {
    manualSeed(11);
    const m = build(c);
    const x = randn([c.T, c.B, c.I], { requiresGrad: true });
    const wOut = randn([c.T, c.B, (c.bidirectional ? 2 : 1) * (c.projSize || c.H)]);
    // fused
    const [out, state] = (m as nn.LSTM).forward(x) as unknown as [Tensor, Tensor | [Tensor, Tensor]];
    const hn = Array.isArray(state) ? state[0] : state;
    out.mul(wOut).sum().add(hn.sum()).backward();
    const fusedGrads = new Map(m.namedParameters().map(([n, p]) => [n, p.grad!.toArray()]));
    const fusedDx = x.grad!.toArray();
    m.zeroGrad(true);
    x.grad = null;
    // unfused, from the same parameters
    const params = new Map<string, Tensor>(m.namedParameters());
    const dirs: [Tensor, Tensor][] = [];
    for (const rev of c.bidirectional ? [false, true] : [false]) {
      const [o, h] = unfused(c.kind, x, params, `_l0${rev ? '_reverse' : ''}`, c.H, rev, c.projSize > 0);
      dirs.push([o, h]);
    }
    const uOut = dirs.length === 2 ? cat([dirs[0][0], dirs[1][0]], 2) : dirs[0][0];
    const uHn = stack(
      dirs.map((d) => d[1]),
      0,
    );
    assertClose(out.toArray(), uOut.toArray(), TOL, 'out');
    assertClose(hn.toArray(), uHn.toArray(), TOL, 'hn');
    uOut.mul(wOut).sum().add(uHn.sum()).backward();
    assertClose(fusedDx, x.grad!.toArray(), TOL, 'grad x');
    for (const [n, p] of m.namedParameters()) assertClose(fusedGrads.get(n)!, p.grad!.toArray(), TOL, `grad ${n}`);
    m.dispose();
  });
}
// Batch 1 without grad (a generation step) takes the packed-GEMV path (at T = 1 a single GEMV
// over [W_ih | W_hh | biases]), whose packed weights are cached per parameter: after an optimizer
// step the next step must see the new weights.
const genCases: Case[] = [
  { kind: 'lstm', I: 6, H: 9, T: 1, B: 1, bidirectional: false, projSize: 0, bias: true },
  { kind: 'lstm', I: 5, H: 8, T: 3, B: 1, bidirectional: true, projSize: 3, bias: true },
  { kind: 'gru', I: 4, H: 13, T: 2, B: 1, bidirectional: false, projSize: 0, bias: true },
  { kind: 'rnn_tanh', I: 3, H: 10, T: 1, B: 1, bidirectional: false, projSize: 0, bias: false },
  // T = 1: all gates from one GEMV over [x | h | 1] (stepWeight in ops/times-weight.ts), with a projection, both directions
  { kind: 'lstm', I: 7, H: 6, T: 1, B: 1, bidirectional: true, projSize: 4, bias: true },
  { kind: 'lstm', I: 2, H: 11, T: 1, B: 1, bidirectional: false, projSize: 0, bias: false },
];
for (const c of genCases) {
  test(`batch-1 no-grad step follows parameter updates: ${c.kind} I=${c.I} H=${c.H} T=${c.T}${c.bidirectional ? ' bi' : ''}${c.projSize ? ` proj=${c.projSize}` : ''}`, () => {
    manualSeed(12);
    const m = build(c);
    const x = randn([c.T, 1, c.I]);
    const opt = new optim.SGD(m.parameters(), { lr: 0.5 });
    for (let round = 0; round < 3; round++) {
      const [out] = noGrad(() => (m as nn.LSTM).forward(x)) as unknown as [Tensor];
      const params = new Map<string, Tensor>(m.namedParameters());
      const dirs = (c.bidirectional ? [false, true] : [false]).map(
        (rev) => unfused(c.kind, x, params, `_l0${rev ? '_reverse' : ''}`, c.H, rev, c.projSize > 0)[0],
      );
      const want = noGrad(() => (dirs.length === 2 ? cat(dirs, 2) : dirs[0]));
      assertClose(out.toArray(), want.toArray(), TOL, `round ${round} out`);
      // a training step changes every parameter
      opt.zeroGrad();
      const [o] = (m as nn.LSTM).forward(x) as unknown as [Tensor];
      o.mul(o).sum().backward();
      opt.step();
    }
    m.dispose();
  });
}
test('a write to a single bias or weight reaches the next single-GEMV step', () => {
  manualSeed(13);
  const m = new nn.LSTM({ inputSize: 5, hiddenSize: 6 });
  const x = randn([1, 1, 5]);
  for (const name of ['bias_hh_l0', 'bias_ih_l0', 'weight_ih_l0', 'weight_hh_l0']) {
    noGrad(() => m.forward(x)); // the packed [W_ih | W_hh | b] exists
    const p = new Map<string, Tensor>(m.namedParameters()).get(name)!;
    p.data[3] += 0.5;
    const [out] = noGrad(() => m.forward(x));
    const want = noGrad(() => unfused('lstm', x, new Map<string, Tensor>(m.namedParameters()), '_l0', 6, false, false)[0]);
    assertClose(out.toArray(), want.toArray(), TOL, `after writing ${name}`);
  }
  m.dispose();
});
test.run();
