// PyTorch's call forms (variadic shapes, bmm, clone, numel, dim, narrow, t, TensorDataset,
// optimizers over any leaf, assigned grads, async noGrad) and the messages for wrong calls from
// plain JavaScript. Expected values are closed-form.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bmm, data, io, isGradEnabled, nn, noGrad, ones, optim, Parameter, rand, randn, sum, tanh, tensor, zeros } from '../../engine/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const js = (v: unknown): any => v;

const Shapes = suite("porting: PyTorch's variadic shapes");

Shapes('zeros, ones, randn, rand take sizes as arguments or as one array, then options', () => {
  assert.equal(zeros(2, 3).shape, [2, 3]);
  assert.equal(ones(2, 3, 4).shape, [2, 3, 4]);
  assert.equal(randn(4, 5).shape, [4, 5]);
  assert.equal(rand(3).shape, [3]);
  assert.equal(zeros([2, 3]).shape, [2, 3]);
  const g = zeros(2, 3, { requiresGrad: true });
  assert.equal([g.shape, g.requiresGrad], [[2, 3], true]);
  assert.ok(zeros([2, 3], { requiresGrad: true }).requiresGrad);
  assert.ok(Array.from(ones(2, 2).data).every((v) => v === 1));
  assert.throws(
    () => zeros(js('2'), 3),
    /zeros: expected a shape as an array zeros\(\[2, 3\]\) or as numbers zeros\(2, 3\), then an optional \{ requiresGrad \}; got \(2, 3\)/,
  );
  assert.throws(() => zeros(2, js({ requires_grad: true })), /zeros: unknown option 'requires_grad' \(did you mean 'requiresGrad'\?\)/);
  assert.throws(() => js(zeros)(), /zeros: expected a shape/);
});

Shapes('view, reshape, permute, expand, repeat take variadic sizes; -1 is inferred', () => {
  const x = tensor([
    [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
    [
      [7, 8],
      [9, 10],
      [11, 12],
    ],
  ]); // [2, 3, 2]
  assert.equal(x.view(-1).shape, [12]);
  assert.equal(x.reshape(6, 2).shape, [6, 2]);
  assert.equal(x.reshape(4, -1).shape, [4, 3]);
  assert.equal(x.view([3, 4]).shape, [3, 4]);
  const p = x.permute(0, 2, 1);
  assert.equal(p.shape, [2, 2, 3]);
  assert.equal(p.tolist(), [
    [
      [1, 3, 5],
      [2, 4, 6],
    ],
    [
      [7, 9, 11],
      [8, 10, 12],
    ],
  ]);
  assert.equal(x.permute([2, 0, 1]).shape, [2, 2, 3]);
  assert.equal(
    tensor([[1], [2]])
      .expand(2, 3)
      .tolist(),
    [
      [1, 1, 1],
      [2, 2, 2],
    ],
  );
  assert.equal(
    tensor([[1], [2]])
      .expand(-1, 2)
      .tolist(),
    [
      [1, 1],
      [2, 2],
    ],
  );
  assert.equal(tensor([1, 2]).repeat(2, 2).tolist(), [
    [1, 2, 1, 2],
    [1, 2, 1, 2],
  ]);
});

const Ops = suite('porting: bmm, clone, numel, dim, narrow, t');

Ops('bmm: (b, n, m)·(b, m, p), and its errors', () => {
  const a = tensor([[[1, 2]], [[3, 4]]]); // [2, 1, 2]
  const b = tensor([
    [[1], [1]],
    [[2], [0]],
  ]); // [2, 2, 1]
  assert.equal(bmm(a, b).tolist(), [[[3]], [[6]]]);
  assert.equal(a.bmm(b).shape, [2, 1, 1]);
  assert.throws(() => bmm(tensor([[1, 2]]), b), /bmm: batch1 must be a 3D tensor, got shape \[1, 2\]/);
  assert.throws(() => bmm(a, tensor([[[1], [1]]])), /bmm: batch sizes differ/);
  assert.throws(() => bmm(a, js([[[1]]])), /bmm: mat2 must be a Tensor, got a nested JS array \(wrap it in a tensor: tensor\(values\)\)/);
});

Ops('clone copies and passes gradients; numel, dim; narrow; t', () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  const c = x.clone();
  assert.ok(c.data !== x.data);
  c.mul(tensor([2, 3, 4]))
    .sum()
    .backward();
  assert.equal(Array.from(x.grad!.data), [2, 3, 4]);
  const m = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.is(m.numel(), 6);
  assert.is(m.dim(), 2);
  assert.equal(m.narrow(1, 1, 2).tolist(), [
    [2, 3],
    [5, 6],
  ]);
  assert.equal(m.narrow(0, -1, 1).tolist(), [[4, 5, 6]]);
  assert.throws(() => m.narrow(1, 2, 2), /narrow: start \(2\) \+ length \(2\) exceeds dimension size \(3\)/);
  assert.equal(m.t().tolist(), [
    [1, 4],
    [2, 5],
    [3, 6],
  ]);
  assert.equal(tensor([1, 2]).t().shape, [2]);
  assert.throws(() => zeros(1, 2, 3).t(), /t: expects a tensor with <= 2 dimensions, but self is 3D/);
});

Ops('nn.Parameter(tensor), nn.LogSoftmax({ dim }), nn.Softmax, top-level tanh', () => {
  const w = new nn.Parameter(
    tensor([
      [1, 2],
      [3, 4],
    ]),
  );
  assert.equal([w.shape, Array.from(w.data), w.requiresGrad], [[2, 2], [1, 2, 3, 4], true]);
  const ls = new nn.LogSoftmax({ dim: 1 }).forward(
    tensor([
      [0, 0],
      [0, Math.log(3)],
    ]),
  );
  const want = [-Math.LN2, -Math.LN2, -Math.log(4), Math.log(3) - Math.log(4)];
  ls.toArray().forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-6, `logSoftmax[${i}] ${v} vs ${want[i]}`));
  assert.ok(Math.abs(new nn.Softmax({ dim: -1 }).forward(tensor([0, Math.log(3)])).toArray()[1] - 0.75) < 1e-6);
  assert.throws(() => new nn.LogSoftmax(js({})), /LogSoftmax: dim is required/);
  assert.ok(Math.abs(tanh(tensor([0.5])).item() - Math.tanh(0.5)) < 1e-6);
});

const Data = suite("porting: TensorDataset and the DataLoader's batches");

Data('TensorDataset rows batch into [x, y] tensors through the default collate', () => {
  const x = tensor([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  const y = tensor([0, 1, 0]);
  const ds = new data.TensorDataset(x, y);
  assert.is(ds.length, 3);
  const batches = [...new data.DataLoader(ds, { batchSize: 2 })];
  const [bx, by] = batches[0]; // typed [Tensor, Tensor] from the default collate
  assert.equal(bx.tolist(), [
    [1, 2],
    [3, 4],
  ]);
  assert.equal(by.tolist(), [0, 1]);
  assert.equal(batches[1][0].shape, [1, 2]);
  assert.throws(() => new data.TensorDataset(x, tensor([1, 2])), /TensorDataset: size mismatch between tensors: first dimensions 3, 2/);
  assert.throws(() => new data.TensorDataset(js([[1, 2]])), /TensorDataset: argument 0 must be a Tensor, got a nested JS array/);
});

const Grad = suite('porting: optimizers over any leaf, assigned grads, async noGrad');

Grad('an optimizer takes a leaf tensor with requiresGrad, and step() uses its gradient', () => {
  const w = tensor([1, 2], { requiresGrad: true });
  const opt = new optim.SGD([w], { lr: 0.5 });
  w.mul(tensor([3, 4]))
    .sum()
    .backward();
  opt.step();
  assert.equal(Array.from(w.data), [1 - 1.5, 2 - 2]);
  opt.zeroGrad();
  assert.equal(Array.from(w.grad!.data), [0, 0]);
  assert.throws(() => new optim.SGD([w.mul(2)], { lr: 0.1 }), /SGD: can't optimize a non-leaf Tensor \(shape \[2\], made by mul\)/);
  assert.throws(() => new optim.Adam(js([3])), /Adam: expected Parameters or leaf tensors .* got the number 3/);
});

Grad('an assigned .grad is used by step() and clipGradNorm, for Parameters and plain leaves', () => {
  const p = new Parameter([2], [1, 1]);
  p.grad = tensor([3, 4]);
  const q = tensor([1, 1], { requiresGrad: true });
  q.grad = tensor([3, 4]);
  // norm of both gradients: √(9+16+9+16) = √50; clipped to 1 → each scaled by 1/√50
  const total = nn.utils.clipGradNorm([p, q], 1);
  assert.ok(Math.abs(total - Math.sqrt(50)) < 1e-5);
  const s = 1 / (Math.sqrt(50) + 1e-6);
  new optim.SGD([p, q], { lr: 1 }).step();
  for (const t of [p, q]) {
    assert.ok(Math.abs(t.data[0] - (1 - 3 * s)) < 1e-6 && Math.abs(t.data[1] - (1 - 4 * s)) < 1e-6, `${t === p ? 'Parameter' : 'leaf'}: ${Array.from(t.data)}`);
  }
  // a view of a parameter (detach shares its storage) updates the parameter, as in PyTorch
  const base = new Parameter([2], [1, 1]);
  const view = base.detach();
  view.grad = tensor([1, 2]);
  new optim.SGD([view], { lr: 1 }).step();
  assert.equal(Array.from(base.data), [0, -1]);
  const r = tensor([5], { requiresGrad: true });
  const opt = new optim.SGD([r], { lr: 0.1 });
  r.grad = tensor([10]);
  opt.step();
  assert.ok(Math.abs(r.data[0] - 4) < 1e-6, 'grad assigned after the optimizer was made');
});

Grad('noGrad(async …) keeps recording off until the promise settles, then restores it', async () => {
  const w = tensor([1], { requiresGrad: true });
  const seen: boolean[] = [];
  const out = await noGrad(async () => {
    seen.push(isGradEnabled());
    await new Promise((r) => setTimeout(r, 1));
    seen.push(isGradEnabled());
    return w.mul(2);
  });
  assert.equal(seen, [false, false]);
  assert.is(out.requiresGrad, false, 'made after an await, still without a graph');
  assert.ok(isGradEnabled(), 'restored');
  await noGrad(async () => {
    throw new Error('boom');
  }).catch(() => {});
  assert.ok(isGradEnabled(), 'restored after a rejection');
  assert.throws(() => noGrad(js(undefined)), /noGrad: expected a callback/);
});

const Calls = suite('porting: wrong calls name the call and what to pass');

Calls('a missing argument, a nested array where a tensor is expected', () => {
  const lin = new nn.Linear({ inFeatures: 2, outFeatures: 1 });
  assert.throws(() => lin.forward(js(undefined)), /^Linear\.forward: input must be a Tensor, got undefined \(a missing argument\?\)$/);
  assert.throws(() => lin.forward(js([[1, 2]])), /Linear\.forward: input must be a Tensor, got a nested JS array \(wrap it in a tensor: tensor\(values\)\)/);
  const gru = new nn.GRU({ inputSize: 2, hiddenSize: 2 });
  assert.throws(() => gru.forward(js(undefined)), /GRU\.forward: input must be a Tensor or a PackedSequence, got undefined \(a missing argument\?\)/);
  assert.throws(() => new nn.MSELoss().forward(zeros(2), js([1, 2])), /MSELoss\.forward: target must be a Tensor, got a JS array/);
  assert.throws(() => tensor([1, 2]).add(js([1, 2])), /add: other must be a Tensor, got a JS array/);
  assert.throws(() => tensor([1, 2]).matmul(js(undefined)), /matmul: other must be a Tensor, got undefined \(a missing argument\?\)/);
});

Calls('missing or positional constructor options, non-modules in containers, non-tensors in functions', () => {
  assert.throws(
    () => new nn.Linear(js(undefined)),
    /^Linear: options must be an object like \{ inFeatures, outFeatures, bias \}, got undefined \(a missing argument\?\)$/,
  );
  assert.throws(
    () => new (js(nn.LSTM))(2, 3),
    /LSTM: options must be an object like \{ inputSize, .* \} \(PyTorch's positional arguments are named options here\), got number 2/,
  );
  assert.throws(() => new nn.Sequential(js(1)), /Sequential: argument 0 must be a Module with forward\(x\), got number/);
  assert.throws(() => new nn.ModuleList(js([new nn.ReLU(), 'x'])), /ModuleList\.append: expected a Module, got string \(at index 1\)/);
  assert.throws(() => nn.F.softmax(js([[1, 2]]), 1), /softmax: input must be a Tensor, got a nested JS array/);
  assert.throws(() => tanh(js([1])), /tanh: input must be a Tensor, got a JS array/);
  assert.throws(() => io.saveStateDict(js(undefined)), /io\.saveStateDict: expected a Module or a record of tensors by name, got undefined/);
});

Calls('no wrong call reaches a TypeError from inside (a sweep of missing and mistyped arguments)', () => {
  const lin = new nn.Linear({ inFeatures: 2, outFeatures: 2 });
  const x = randn(2, 2);
  const wrong: [string, () => unknown][] = [
    ['Linear.forward()', () => js(lin).forward()],
    ['Embedding.forward()', () => js(new nn.Embedding({ numEmbeddings: 3, embeddingDim: 2 })).forward()],
    ['LSTM.forward(x, h)', () => new nn.LSTM({ inputSize: 2, hiddenSize: 2 }).forward(randn(3, 1, 2), js(zeros(1, 1, 2)))],
    ['GRUCell.forward([1, 2])', () => new nn.GRUCell({ inputSize: 2, hiddenSize: 2 }).forward(js([1, 2]))],
    ['CrossEntropyLoss.forward(x)', () => js(new nn.CrossEntropyLoss()).forward(x)],
    ['x.add()', () => js(x).add()],
    ['x.reshape("a")', () => x.reshape(js('a'))],
    ['x.select(0)', () => js(x).select(0)],
    ['x.softmax()', () => js(x).softmax()],
    ['x.gather(1, [[0]])', () => x.gather(1, js([[0]]))],
    ['sum()', () => js(sum)()],
    ['SGD(params)', () => new optim.SGD(lin.parameters(), js(undefined))],
    ['Adam(model)', () => new optim.Adam(js(lin))],
    ['clipGradNorm(model)', () => nn.utils.clipGradNorm(js(lin), 1)],
    ['DataLoader()', () => new data.DataLoader(js(undefined))],
    ['loadStateDict()', () => lin.loadStateDict(js(undefined))],
    ['tensor()', () => js(tensor)()],
    ['StepLR()', () => new optim.StepLR(js(undefined), { stepSize: 1 })],
  ];
  for (const [name, call] of wrong) {
    let err: unknown = null;
    try {
      call();
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof Error, `${name} throws`);
    assert.not.ok(
      err instanceof TypeError || /Cannot read|is not a function|is not iterable/.test((err as Error).message),
      `${name}: ${(err as Error).message}`,
    );
  }
});

Calls('JavaScript operators on a tensor throw instead of concatenating; template literals print it', () => {
  const loss = tensor(0.5);
  let total: unknown = 0;
  assert.throws(() => {
    total = js(total) + js(loss);
  }, /Tensor: JavaScript operators \(\+, -, \*, \/, <, \+=\) don't apply to tensors \(shape \[\]\); use x\.add\(y\).* or x\.item\(\)/);
  assert.throws(() => js(loss) < 1, /use x\.add\(y\)/);
  assert.is(`${loss}`, 'tensor(0.5)');
  assert.is(String(loss), 'tensor(0.5)');
});

Calls('io.save outside Node says to use io.saveStateDict', async () => {
  const lin = new nn.Linear({ inFeatures: 2, outFeatures: 1 });
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'process')!;
  let pending: Promise<void>[];
  Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true, writable: true });
  try {
    pending = [io.save(lin, 'x.safetensors'), io.load('x.safetensors').then(() => {}), io.saveOnnx(lin, [zeros(1, 2)], 'x.onnx')];
  } finally {
    Object.defineProperty(globalThis, 'process', saved);
  }
  const msgs = await Promise.all(
    pending.map((p) =>
      p.then(
        () => 'resolved',
        (e: Error) => e.message,
      ),
    ),
  );
  assert.match(msgs[0], /^io\.save: reads or writes a file path, which needs Node; in a browser use io\.saveStateDict\(model\)/);
  assert.match(msgs[1], /^io\.load: .* use io\.loadStateDict\(bytes\)/);
  assert.match(msgs[2], /^io\.saveOnnx: .* use io\.exportOnnx\(module, exampleInputs\)/);
  await io.save(lin, js(undefined)).then(
    () => assert.unreachable(),
    (e: Error) => assert.match(e.message, /io\.save: path must be a string \(a file path\), got undefined/),
  );
});

Shapes.run();
Ops.run();
Data.run();
Grad.run();
Calls.run();
