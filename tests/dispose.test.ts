// Disposed means dead: every path that can touch a disposed parameter (forward, backward,
// clipping, zeroGrad, step, state dicts, .grad, .data, views) throws the clear `used after
// dispose()` Error naming the parameter, on both backends, and never writes into another
// module's memory (the kernels share one linear memory) nor brings a freed block back.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { manualSeed, memoryStats, nn, noGrad, optim, randn, setBackend, Tensor, type BackendName } from '../engine/index.js';

const DEAD = /used after dispose\(\)/;

/** Runs fn and returns its Error (failing when it does not throw, or throws a non-Error such as a wasm trap). */
function errorOf(label: string, fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    assert.instance(e, Error, `${label}: threw a non-Error`);
    assert.not.instance(e, WebAssembly.RuntimeError, `${label}: a wasm trap (${(e as Error).message})`);
    return e as Error;
  }
  assert.unreachable(`${label}: did not throw`);
  throw new Error('unreachable');
}

for (const backend of ['wasm', 'js'] as BackendName[]) {
  const test = suite(`dispose (${backend})`);
  test.before(() => setBackend(backend));
  test.after(() => setBackend('wasm'));

  test('every path on a disposed parameter throws `used after dispose()` naming it; other modules unchanged', () => {
    manualSeed(1);
    // the victim sits right below the disposed module in the heap: index −1 of a freed block is its last value
    const victim = new nn.Linear({ inFeatures: 5, outFeatures: 4 });
    const lin = new nn.Linear({ inFeatures: 3, outFeatures: 2 });
    const opt = new optim.SGD(lin.parameters(), { lr: 0.1 });
    const x = randn([4, 3]);
    lin.forward(x).sum().backward(); // grads defined
    const y = lin.forward(x).sum(); // a graph recorded before dispose
    const before = victim.parameters().map((p) => p.toArray());
    const params = lin.parameters();
    const w = lin.weight;
    const view = w.detach();
    lin.dispose();
    const live = memoryStats().liveBytes;

    const calls: [string, () => unknown][] = [
      ['forward', () => lin.forward(x)],
      ['forward without grad (batch 1)', () => noGrad(() => lin.forward(randn([1, 3])))],
      ['backward of a graph recorded before dispose', () => y.backward()],
      ['clipGradValue', () => nn.utils.clipGradValue(params, 0.01)],
      ['clipGradNorm', () => nn.utils.clipGradNorm(params, 0.01)],
      ['optimizer.zeroGrad', () => opt.zeroGrad()],
      ['optimizer.zeroGrad(setToNone)', () => opt.zeroGrad(true)],
      ['optimizer.step', () => opt.step()],
      ['module.zeroGrad', () => lin.zeroGrad()],
      ['stateDict', () => lin.stateDict()],
      ['loadStateDict', () => lin.loadStateDict({ weight: new Tensor(new Float32Array(6), [2, 3]), bias: new Tensor(new Float32Array(2), [2]) })],
      ['.grad', () => w.grad],
      [
        '.grad = …',
        () => {
          w.grad = new Tensor(new Float32Array(6), [2, 3]);
        },
      ],
      [
        '.grad = null',
        () => {
          w.grad = null;
        },
      ],
      ['.data', () => w.data],
      ['toArray', () => w.toArray()],
      ['a view made before dispose (detach().data)', () => view.data],
      ['a view made after dispose (reshape)', () => w.reshape([6]).sum()],
      ['an op on the parameter (mul)', () => w.mul(2)],
    ];
    for (const [label, call] of calls) {
      const e = errorOf(label, call);
      assert.match(e.message, DEAD, `${label}: ${e.message}`);
      assert.match(e.message, /Linear\.(weight|bias)/, `${label} names the parameter: ${e.message}`);
    }
    assert.is(memoryStats().liveBytes, live, 'no block allocated (no gradient block revived)');
    victim.parameters().forEach((p, i) => assert.equal(Array.from(p.data), Array.from(before[i]), `victim parameter ${i} unchanged`));
    victim.dispose();
  });

  test('dispose() twice is harmless; a module disposed with no gradient yet gets none from backward', () => {
    const lin = new nn.Linear({ inFeatures: 3, outFeatures: 2 });
    const y = lin.forward(randn([2, 3])).sum();
    lin.dispose();
    lin.dispose();
    const live = memoryStats().liveBytes;
    assert.match(errorOf('backward', () => y.backward()).message, DEAD);
    assert.match(errorOf('.grad', () => lin.weight.grad).message, DEAD);
    assert.is(memoryStats().liveBytes, live, 'no gradient block allocated');
  });

  test.run();
}
