// nn.Linear on one row without a graph (a generation step) runs a GEMV over the weight packed
// once per parameter version: it must equal the float64 product on every backend, for any input
// rank, and follow the weight through optimizer steps and direct writes.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { manualSeed, memoryStats, nn, noGrad, optim, randn, setBackend, type Tensor, type BackendName } from '../../engine/index.js';
import { assertClose } from '../lib/assert-close.js';

const TOL = 2e-6;

/** x·Wᵀ + b in float64 from the module's current values */
function reference(lin: nn.Linear, x: Tensor): number[] {
  const [out, inF] = lin.weight.shape;
  const w = lin.weight.data,
    b = lin.bias!.data,
    xv = x.data;
  return Array.from({ length: out }, (_, j) => {
    let s = b[j];
    for (let p = 0; p < inF; p++) s += xv[p] * w[j * inF + p];
    return s;
  });
}

for (const backend of ['wasm', 'js'] as BackendName[]) {
  const test = suite(`Linear at batch 1 without grad (${backend})`);
  test.before(() => setBackend(backend));
  test.after(() => setBackend('wasm'));

  test('equals the float64 product for inputs [37], [1, 37], [1, 1, 37] and follows every update', () => {
    manualSeed(5);
    const lin = new nn.Linear({ inFeatures: 37, outFeatures: 29 });
    const opt = new optim.SGD(lin.parameters(), { lr: 0.1 });
    for (let round = 0; round < 3; round++) {
      const x = randn([37]);
      for (const shape of [[37], [1, 37], [1, 1, 37]]) {
        const xs = x.reshape(shape);
        const y = noGrad(() => lin.forward(xs));
        assert.equal(y.shape, [...shape.slice(0, -1), 29], 'shape');
        assertClose(y.data, reference(lin, x), { rtol: TOL, atol: TOL }, `round ${round} input ${JSON.stringify(shape)}`);
      }
      // the graph path (sgemm) agrees with the packed one
      assertClose(lin.forward(x.reshape([1, 37])).data, reference(lin, x), { rtol: TOL, atol: TOL }, `round ${round} with grad`);
      opt.zeroGrad();
      lin
        .forward(x.reshape([1, 37]))
        .sum()
        .backward();
      opt.step();
    }
    // a direct write through .data is an update too
    lin.weight.data[0] += 1;
    const x = randn([1, 37]);
    assertClose(noGrad(() => lin.forward(x)).data, reference(lin, x), { rtol: TOL, atol: TOL }, 'after a write through .data');
    lin.dispose();
  });

  test('a weight above 2^24 floats gets no packed copy (memory over speed), same result', () => {
    manualSeed(6);
    const lin = new nn.Linear({ inFeatures: 4096, outFeatures: 4097 });
    const x = randn([1, 4096]);
    const before = memoryStats().liveBytes;
    const y = noGrad(() => lin.forward(x));
    assert.is(memoryStats().liveBytes, before, 'no copy allocated');
    const want = reference(lin, x.reshape([4096]));
    assertClose(y.data, want, { rtol: TOL, atol: TOL }, 'large Linear');
    lin.dispose();
  });

  test.run();
}
