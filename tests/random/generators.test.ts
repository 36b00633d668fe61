// Seeded randomness against the fixtures of scripts/gen-fixtures-toolkit.py: numpy's legacy
// RandomState(42) streams (float64, exact or ≤ 1 ulp) and torch 1.13's CPU generator (manualSeed
// then randn/rand/randint, nn.Linear/Embedding init, dropout's mask, multinomial).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  F,
  manualSeed,
  multinomial,
  nn,
  rand,
  randint,
  randn,
  random,
  sampleLogits,
  tensor,
  topKFilter,
  applyTemperature,
  TorchGenerator,
} from '../../engine/index.js';

/** numpy doubles: log() of V8 and glibc may differ in the last bit, so ≤ 1 ulp */
const NUMPY_MAX_ULP = 1;

interface Stored {
  shape: number[];
  data: number[];
}
const here = dirname(fileURLToPath(import.meta.url));
const fixDir = join(here, '..', '..', '..', 'tests', 'fixtures');
const np = JSON.parse(readFileSync(join(fixDir, 'toolkit_numpy.json'), 'utf8'));
const tk = JSON.parse(readFileSync(join(fixDir, 'toolkit.json'), 'utf8'));
const R = tk.random;

function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const buf = new DataView(new ArrayBuffer(16));
  buf.setFloat64(0, a);
  buf.setFloat64(8, b);
  return Number(buf.getBigInt64(0) - buf.getBigInt64(8)) * (Math.sign(a) === Math.sign(b) ? 1 : Infinity);
}
function sameDoubles(got: number[], want: number[], where: string): number {
  assert.is(got.length, want.length, `${where}: length`);
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const u = Math.abs(ulps(got[i], want[i]));
    if (!(u <= NUMPY_MAX_ULP)) assert.unreachable(`${where}[${i}]: got ${got[i]}, want ${want[i]} (${u} ulp)`);
    worst = Math.max(worst, u);
  }
  return worst;
}
function exactF32(got: ArrayLike<number>, want: Stored, where: string): void {
  assert.is(got.length, want.data.length, `${where}: length`);
  for (let i = 0; i < got.length; i++) if (got[i] !== Math.fround(want.data[i])) assert.unreachable(`${where}[${i}]: got ${got[i]}, want ${want.data[i]}`);
}
const N = suite(`random.numpy.RandomState vs numpy ${np.numpy}`);
let worstUlp = 0;
N('seeding an integer: init_genrand (state[0] = seed), as numpy', () => {
  const mt = new random.MT19937(42);
  assert.equal(Array.from(mt.getState().state.slice(0, 8)), np.state42_head);
});
N('RandomState(42): first 1000 randn', () => {
  worstUlp = Math.max(worstUlp, sameDoubles(new random.numpy.RandomState(42).randn(1000), np.randn, 'randn'));
});
N('RandomState(42): first 1000 rand (exact)', () => {
  assert.equal(new random.numpy.RandomState(42).rand(1000), np.rand);
});
N('RandomState(42): randint(0, 100, 1000), the 64-bit path and a 2^32 range (exact)', () => {
  assert.equal(new random.numpy.RandomState(42).randint(0, 100, 1000), np.randint_0_100);
  assert.equal(new random.numpy.RandomState(42).randint(-(2 ** 40), 2 ** 40, 200), np.randint_big);
  assert.equal(new random.numpy.RandomState(42).randint(0, 2 ** 32, 50), np.randint_full32);
});
N('one stream through every method (cached gauss, shuffle, permutation, choice, seed)', () => {
  const rs = new random.numpy.RandomState(12345);
  for (const [what, arg, want] of np.mixed as [string, any, number[]][]) {
    let got: number[];
    switch (what) {
      case 'randn':
        got = rs.randn(arg);
        worstUlp = Math.max(worstUlp, sameDoubles(got, want, 'randn'));
        continue;
      case 'rand':
        got = rs.rand(arg);
        break;
      case 'normal':
        got = rs.normal(arg[0], arg[1], arg[2]);
        worstUlp = Math.max(worstUlp, sameDoubles(got, want, 'normal'));
        continue;
      case 'uniform':
        got = rs.uniform(arg[0], arg[1], arg[2]);
        break;
      case 'randint':
        got = arg.length === 1 ? [rs.randint(arg[0])] : rs.randint(arg[0], arg[1], arg[2]);
        break;
      case 'permutation':
        got = rs.permutation(arg as number);
        break;
      case 'shuffle':
        got = Array.from({ length: arg }, (_, i) => i);
        rs.shuffle(got);
        break;
      case 'choice':
        got = rs.choice(arg[0], arg[1], { replace: arg[2] }) as number[];
        break;
      case 'choiceP':
        got = rs.choice(arg[0], arg[1], { replace: arg[2], p: arg[3] }) as number[];
        break;
      case 'seed7-randn':
        rs.seed(7);
        got = rs.randn(arg);
        worstUlp = Math.max(worstUlp, sameDoubles(got, want, 'randn after seed'));
        continue;
      default:
        throw new Error(what);
    }
    assert.equal(got, want, `${what}(${JSON.stringify(arg)})`);
  }
});
N('scalars, arrays of values and errors', () => {
  const rs = new random.numpy.RandomState(0);
  assert.type(rs.rand(), 'number');
  assert.type(rs.randint(5), 'number');
  assert.ok(['a', 'b', 'c'].includes(rs.choice(['a', 'b', 'c']) as string));
  assert.is(rs.permutation(['x', 'y']).length, 2);
  assert.throws(() => rs.randint(3, 3), /low >= high/);
  assert.throws(() => new random.numpy.RandomState(-1), /seed must be an integer between 0 and 2\*\*32 - 1/);
  assert.throws(() => rs.choice(3, 4, { replace: false }), /larger sample/);
  assert.throws(() => rs.choice(3, 2, { p: [0.5, 0.6, 0] }), /do not sum to 1/);
  assert.throws(() => rs.rand(-1), /negative/);
});
N.after(() => console.log(`random.numpy: max ${worstUlp} ulp over randn/normal`));
N.run();

const T = suite(`torch generator vs torch ${tk.torch}`);
T('manualSeed(42); randn([1000]) (normal_fill_16_AVX2: exact)', () => {
  manualSeed(42);
  exactF32(randn([1000]).data, R.randn1000, 'randn(1000)');
});
T('manualSeed(42); rand([1000]) (exact)', () => {
  manualSeed(42);
  exactF32(rand([1000]).data, R.rand1000, 'rand(1000)');
});
T('sizes 1…19 in one stream: randn(n), rand(n) (serial Box–Muller with the cached value below 16)', () => {
  manualSeed(42);
  for (const c of R.sizes) {
    exactF32(randn([c.n]).data, c.randn, `randn(${c.n})`);
    exactF32(rand([c.n]).data, c.rand, `rand(${c.n})`);
  }
});
T('normal_(2, 3) on 37 elements (tail recomputed; exact)', () => {
  exactF32(new TorchGenerator(7).normal(new Float32Array(37), 2, 3), R.normal_37_mean2_std3, 'normal_');
});
T('randint(0, 10, [50]) (exact)', () => {
  manualSeed(42);
  exactF32(randint(0, 10, [50]).data, R.randint_0_10_50, 'randint');
});
T('nn.Linear / nn.Embedding init after manualSeed(42)', () => {
  manualSeed(42);
  const lin = new nn.Linear({ inFeatures: 5, outFeatures: 3 });
  const emb = new nn.Embedding({ numEmbeddings: 6, embeddingDim: 4, paddingIdx: 1 });
  const lin2 = new nn.Linear({ inFeatures: 20, outFeatures: 7 });
  exactF32(lin.weight.data, R.init['linear.weight'], 'linear.weight');
  exactF32(lin.bias!.data, R.init['linear.bias'], 'linear.bias');
  exactF32(emb.weight.data, R.init['emb.weight'], 'emb.weight');
  exactF32(lin2.weight.data, R.init['linear2.weight'], 'linear2.weight');
  exactF32(lin2.bias!.data, R.init['linear2.bias'], 'linear2.bias');
  for (const m of [lin, emb, lin2]) m.dispose();
});
T('dropout after manualSeed equals F.dropout (mask and scale, exact)', () => {
  manualSeed(42);
  exactF32(F.dropout(tensor(R.dropout.x.data, R.dropout.x.shape), R.dropout.p).data, R.dropout.y, 'dropout(p=0.3)');
  manualSeed(123);
  exactF32(F.dropout(tensor([1, 1, 1, 1, 1, 1, 1]), 0.5).data, R.dropout_small.y, 'dropout(p=0.5)');
});
T('multinomial with and without replacement (exact indices)', () => {
  const M = R.multinomial;
  const probs = tensor(M.probs.data, M.probs.shape);
  manualSeed(42);
  exactF32(multinomial(probs, 20, { replacement: true }).data, M.replacement, 'replacement');
  manualSeed(42);
  exactF32(multinomial(probs, 3).data, M.noReplacement, 'no replacement');
  manualSeed(42);
  exactF32(multinomial(probs, 1).data, M.one, 'one sample');
  const big = tensor(M.big.probs.data, M.big.probs.shape);
  manualSeed(42);
  exactF32(multinomial(big, 50, { replacement: true }).data, M.big.replacement, 'big, replacement');
  exactF32(multinomial(big, 10).data, M.big.noReplacement, 'big, no replacement (same stream)');
});
T('temperature, top-k and sampleLogits', () => {
  const logits = tensor([
    [1, 3, 2, 0],
    [0, 0, 5, 1],
  ]);
  assert.equal(Array.from(applyTemperature(logits, 2).data), [0.5, 1.5, 1, 0, 0, 0, 2.5, 0.5]);
  assert.equal(Array.from(topKFilter(logits, 2).data), [-Infinity, 3, 2, -Infinity, -Infinity, -Infinity, 5, 1]);
  manualSeed(0);
  const s = sampleLogits(logits, { topK: 1 });
  assert.equal(Array.from(s.data), [1, 2]);
  assert.equal(s.shape, [2, 1]);
  const counts = [0, 0, 0, 0];
  const g = new TorchGenerator(1);
  for (let i = 0; i < 400; i++) counts[sampleLogits(tensor([0, Math.log(3), -Infinity, 0]), { generator: g }).data[0]]++;
  assert.is(counts[2], 0);
  assert.ok(counts[1] > 160 && counts[1] < 320, `p(1) = 0.6: ${counts[1]} of 400`);
  assert.throws(() => multinomial(tensor([0.5, -1]), 1), /element < 0/);
  assert.throws(() => multinomial(tensor([0.5, 0.5]), 3), /without replacement/);
  assert.throws(() => applyTemperature(logits, 0), /temperature must be a positive number/);
});
T.run();
