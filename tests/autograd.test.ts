// Stale graphs: a backward() through an op that reads a parameter's values in place, after that
// parameter was written (optimizer step, loadStateDict, init), throws PyTorch's "modified by an
// inplace operation" Error instead of computing with the new values. Versions live on the storage,
// so every view of a parameter (detach, reshape, the grad getter) shares one counter.
// The tape's switches, closed form: retainGraph (a second backward adds the same gradient again,
// without it a second backward is refused; an op's release runs when its graph is freed), enableGrad
// inside noGrad, zerosLike.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  enableGrad,
  io,
  isGradEnabled,
  manualSeed,
  nn,
  noGrad,
  optim,
  randn,
  setBackend,
  tensor,
  Tensor,
  zerosLike,
  type BackendName,
} from '../engine/index.js';
import { record } from '../engine/autograd.js';
import { assertClose } from './lib/assert-close.js';

const STALE =
  /one of the variables needed for gradient computation has been modified by an inplace operation: \[parameter (Linear|LSTM)\.\w+ of shape \[[\d, ]+\]\] is at version (\d+); expected version (\d+) instead/;
const TOL = 1e-5;
/** a float32 gradient of a few ops against its closed form in f64 */
const CLOSED_FORM_TOL = 1e-6;

/** The stale-graph Error, naming a parameter, with its version one past the saved one (one write). */
function stale(e: Error): boolean {
  const m = STALE.exec(e.message);
  return m !== null && Number(m[2]) === Number(m[3]) + 1;
}

for (const backend of ['wasm', 'js'] as BackendName[]) {
  const test = suite(`stale graphs (${backend})`);
  test.before(() => setBackend(backend));
  test.after(() => setBackend('wasm'));

  test('Linear: an optimizer step between forward and backward throws, naming the parameter and versions', () => {
    manualSeed(2);
    const lin = new nn.Linear({ inFeatures: 3, outFeatures: 2 });
    const opt = new optim.SGD(lin.parameters(), { lr: 0.1 });
    const x = randn([4, 3], { requiresGrad: true });
    const y1 = lin.forward(x).sum();
    const y2 = lin.forward(x).sum();
    y1.backward();
    opt.step();
    assert.throws(
      () => y2.backward(),
      (e: Error) => stale(e) && /backward \(through linear\)/.test(e.message),
    );
    lin.dispose();
  });

  test('LSTM (the fused recurrent op) and matmul with a parameter: the same Error', () => {
    manualSeed(3);
    const lstm = new nn.LSTM({ inputSize: 3, hiddenSize: 4 });
    const opt = new optim.Adam(lstm.parameters());
    const x = randn([5, 2, 3]);
    const y1 = lstm.forward(x)[0].sum();
    const y2 = lstm.forward(x)[0].sum();
    y1.backward();
    opt.step();
    assert.throws(() => y2.backward(), stale);
    const lin = new nn.Linear({ inFeatures: 3, outFeatures: 2 });
    // [4, 2]·W [2, 3]: dA = dY·Wᵀ reads W in place (as in PyTorch, only when A requires grad)
    const y3 = randn([4, 2], { requiresGrad: true }).matmul(lin.weight).sum();
    lin.loadStateDict(lin.stateDict()); // a load is a write, even of the same values
    assert.throws(() => y3.backward(), stale);
    lstm.dispose();
    lin.dispose();
  });

  test('each explicit write path between forward and backward throws: optimizer step, loadStateDict, nn.init', () => {
    manualSeed(6);
    const lin = new nn.Linear({ inFeatures: 3, outFeatures: 2 });
    const opt = new optim.SGD(lin.parameters(), { lr: 0.1 });
    const x = randn([4, 3], { requiresGrad: true }); // dx = dy·W reads W in place
    const writes: [string, () => void][] = [
      [
        'optimizer step',
        () => {
          lin.zeroGrad();
          lin.forward(x).sum().backward();
          opt.step();
        },
      ],
      ['loadStateDict', () => lin.loadStateDict(lin.stateDict())],
      ['nn.init.uniform_', () => nn.init.uniform_(lin.weight, -1, 1)],
    ];
    for (const [name, write] of writes) {
      const y = lin.forward(x).sum();
      write();
      assert.throws(
        () => y.backward(),
        (e: Error) => stale(e) && /backward \(through linear\)/.test(e.message),
        name,
      );
    }
    lin.dispose();
  });

  test('reads are not writes: .data, stateDict and toArray between forward and backward leave the graph valid', () => {
    manualSeed(4);
    const lin = new nn.Linear({ inFeatures: 3, outFeatures: 2 });
    const x = randn([4, 3]);
    const y = lin.forward(x).sum();
    void lin.weight.data[0];
    lin.stateDict();
    lin.weight.detach().toArray();
    // reading a parameter to save it or to load it into another module leaves its stamp (what
    // packed copies are keyed on) as it was: no repack after a checkpoint
    const stamp = lin.weight._block!.stamp;
    io.serializeSafetensors({ w: lin.weight });
    const other = new nn.Linear({ inFeatures: 3, outFeatures: 2 });
    other.loadStateDict({ weight: lin.weight, bias: lin.bias! });
    assert.is(lin.weight._block!.stamp, stamp, 'stamp after serialize and loadStateDict from it');
    other.dispose();
    y.backward();
    // dW = Σ_rows x (dy = 1 everywhere): closed form
    const g = lin.weight.grad!.data;
    for (let j = 0; j < 2; j++) {
      for (let p = 0; p < 3; p++) {
        let s = 0;
        for (let r = 0; r < 4; r++) s += x.data[r * 3 + p];
        assert.ok(Math.abs(g[j * 3 + p] - s) <= TOL, `dW[${j},${p}]`);
      }
    }
    // an op whose backward needs no values of the parameter (reshape, sum) is not stale (as in PyTorch)
    const opt = new optim.SGD(lin.parameters(), { lr: 0.1 });
    const z = lin.weight.reshape([6]).sum();
    opt.step();
    z.backward();
    lin.dispose();
  });

  test('a write through a view of the weight (detach().data) reaches the batch-1 packed copy', () => {
    manualSeed(5);
    const lin = new nn.Linear({ inFeatures: 9, outFeatures: 11 });
    const x = randn([1, 9]);
    noGrad(() => lin.forward(x)); // packs the GEMV copy
    lin.weight.detach().data.fill(2);
    const one = noGrad(() => lin.forward(x)).data;
    const two = noGrad(() => lin.forward(x.expand([2, 9]))).data;
    const b = lin.bias!.data;
    let sx = 0;
    for (const v of x.data) sx += v;
    for (let j = 0; j < 11; j++) {
      assert.ok(Math.abs(one[j] - (2 * sx + b[j])) <= TOL * (1 + Math.abs(one[j])), `batch 1 [${j}]: ${one[j]} vs ${2 * sx + b[j]}`);
      assert.ok(Math.abs(one[j] - two[j]) <= TOL * (1 + Math.abs(one[j])), `batch 1 vs batch 2 [${j}]`);
    }
    lin.dispose();
  });

  test('versions live on the storage: a parameter and its views share one counter', () => {
    const p = new nn.Linear({ inFeatures: 2, outFeatures: 2 });
    const w = p.weight;
    const views: Tensor[] = [w.detach(), w.reshape([4])];
    const opt = new optim.SGD(p.parameters(), { lr: 1 });
    p.forward(randn([1, 2]))
      .sum()
      .backward();
    const v0 = w._version;
    opt.step();
    assert.is(w._version, v0 + 1, 'one step, one version');
    for (const v of views) assert.is(v._version, w._version, 'the views see it');
    p.dispose();
  });

  test.run();
}

const R = suite('backward: retainGraph');
R('y = Σ x²·3: a retained graph backs up twice, gradients add (2 · 6x)', () => {
  const x = tensor([1, -2, 0.5], [3], { requiresGrad: true });
  const y = x.mul(x).mul(3).sum();
  y.backward(undefined, { retainGraph: true });
  assert.equal(Array.from(x.grad!.data), [6, -12, 3]);
  y.backward();
  assert.equal(Array.from(x.grad!.data), [12, -24, 6]);
  assert.throws(() => y.backward(), /backward: trying to backward through the graph a second time/);
});
R('without retainGraph a second backward is refused and the gradient stays', () => {
  const x = tensor([2], [1], { requiresGrad: true });
  const y = x.tanh().sum();
  y.backward();
  const once = x.grad!.data[0];
  assert.ok(Math.abs(once - (1 - Math.tanh(2) ** 2)) < CLOSED_FORM_TOL, `d tanh(2) = ${once}`);
  assert.throws(() => y.backward(), /second time.*retainGraph/);
  assert.is(x.grad!.data[0], once);
});
R("an op's release runs once, when its graph is freed: not after a retained backward", () => {
  const x = tensor([1, 2], [2], { requiresGrad: true });
  let released = 0;
  const y = record(
    new Tensor(new Float32Array([3]), [1]),
    'probe',
    [x],
    () => {},
    () => released++,
  );
  y.backward(undefined, { retainGraph: true });
  assert.is(released, 0, 'retained');
  y.backward();
  assert.is(released, 1, 'freed');
  assert.throws(() => y.backward(), /second time/);
  assert.is(released, 1, 'not again');
});
R('an intermediate with two consumers sums both gradients, step after step (its recycled gradient arrays)', () => {
  // y = Σ u + Σ tanh(u), u = a·b  →  dy/da = b·(1 + 1 − tanh²(u)) … closed form, five times over
  for (let step = 0; step < 5; step++) {
    const a = tensor([0.5, -1, 2, step], [4], { requiresGrad: true });
    const b = tensor([1.5, 0.25, -0.5, 1], [4]);
    const u = a.mul(b);
    u.sum().add(u.tanh().sum()).backward();
    const want = [0, 1, 2, 3].map((i) => b.data[i] * (2 - Math.tanh(a.data[i] * b.data[i]) ** 2));
    assertClose(a.grad?.data, want, { rtol: 0, atol: CLOSED_FORM_TOL }, `step ${step}, a.grad`);
  }
});
R('LSTM: a retained graph keeps its saved gates while another graph of the same shape runs and is freed', () => {
  // the freed graph's arrays are recycled into the next forward; the retained one's must not be
  manualSeed(4);
  const lstm = new nn.LSTM({ inputSize: 3, hiddenSize: 5, numLayers: 2, bidirectional: true });
  const x = randn([6, 4, 3]);
  const other = randn([6, 4, 3]);
  const grads = () => lstm.parameters().map((p) => Array.from(p.grad!.data));
  const loss = lstm.forward(x)[0].pow(2).sum();
  loss.backward(undefined, { retainGraph: true });
  const first = grads();
  lstm.zeroGrad();
  for (let i = 0; i < 3; i++) lstm.forward(other)[0].pow(2).sum().backward(); // frees and reuses saved arrays
  lstm.zeroGrad();
  loss.backward();
  const again = grads();
  for (let i = 0; i < first.length; i++) {
    // assertClose lets NaN match NaN and ±Inf match itself: a non-finite gradient fails here instead
    assert.ok(first[i].every(Number.isFinite), `param ${i}: non-finite gradient`);
    assertClose(again[i], first[i], { rtol: TOL, atol: TOL }, `param ${i}`);
  }
});
R.run();

const G = suite('noGrad / enableGrad');
G('enableGrad inside noGrad records; noGrad around it does not', () => {
  const x = tensor([1, 2], [2], { requiresGrad: true });
  noGrad(() => {
    assert.is(isGradEnabled(), false);
    const off = x.mul(2);
    assert.is(off.requiresGrad, false, 'no graph under noGrad');
    const on = enableGrad(() => {
      assert.is(isGradEnabled(), true);
      return x.mul(x).sum();
    });
    assert.is(isGradEnabled(), false, 'noGrad restored after enableGrad');
    assert.is(on.requiresGrad, true);
    on.backward();
  });
  assert.is(isGradEnabled(), true);
  assert.equal(Array.from(x.grad!.data), [2, 4]);
});
G('the previous mode is restored when fn throws', () => {
  assert.throws(
    () =>
      noGrad(() => {
        throw new Error('inside');
      }),
    /inside/,
  );
  assert.is(isGradEnabled(), true);
  noGrad(() => {
    assert.throws(
      () =>
        enableGrad(() => {
          throw new Error('inner');
        }),
      /inner/,
    );
    assert.is(isGradEnabled(), false);
  });
});
G.run();

const Z = suite('zerosLike');
Z('same shape, zeros, own storage, requiresGrad only when asked', () => {
  const t = tensor([1, 2, 3, 4, 5, 6], [2, 3], { requiresGrad: true });
  const z = zerosLike(t);
  assert.equal(z.shape, [2, 3]);
  assert.equal(Array.from(z.data), [0, 0, 0, 0, 0, 0]);
  assert.is(z.requiresGrad, false);
  z.data[0] = 7;
  assert.is(t.data[0], 1, 'does not share storage');
  assert.is(zerosLike(t, { requiresGrad: true }).requiresGrad, true);
  assert.equal(zerosLike(tensor([5], [])).shape, []);
});
Z.run();
