// The data namespace: Vocab (Counter.most_common order), tokenizers (normalizeString against the
// Python tutorial's output), padSequence, DataLoader / randomSplit against PyTorch 1.13's orders,
// trainTestSplit and MinMaxScaler against scikit-learn 1.2 (scripts/gen-fixtures-sklearn.py), slidingWindows.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nonEmpty } from '../fixture.js';
import { data, manualSeed, tensor, type Tensor } from '../../engine/index.js';
import { assertClose } from '../lib/assert-close.js';

const here = dirname(fileURLToPath(import.meta.url));
const D = JSON.parse(readFileSync(join(here, '..', '..', '..', 'tests', 'fixtures', 'toolkit.json'), 'utf8')).data;
const SK = JSON.parse(readFileSync(join(here, '..', '..', '..', 'tests', 'fixtures', 'sklearn.json'), 'utf8'));
/** MinMaxScaler in float64, same operation order as sklearn (X·scale + min): equal up to the last bit or two */
const SK_RTOL = 1e-15;

const V = suite('data.Vocab');
V('build: specials first, then count descending with ties in first-seen order (Counter.most_common)', () => {
  const v = data.Vocab.build([
    ['b', 'a', 'c', 'a'],
    ['d', 'c', 'b', 'e'],
    ['e', 'f'],
  ]);
  // counts: b2 a2 c2 d1 e2 f1 → a/b/c/e tie at 2 in first-seen order b, a, c, e; then d, f
  assert.equal(v.itos, ['<PAD>', '<SOS>', '<EOS>', '<UNK>', 'b', 'a', 'c', 'e', 'd', 'f']);
  const v2 = data.Vocab.build(
    [
      ['b', 'a', 'c', 'a'],
      ['d', 'c', 'b', 'e'],
      ['e', 'f'],
    ],
    { minFreq: 2, specials: ['<pad>', '<unk>'], unkToken: '<unk>' },
  );
  assert.equal(v2.itos, ['<pad>', '<unk>', 'b', 'a', 'c', 'e']);
  assert.is(data.Vocab.build([['x', 'y', 'y']], { maxSize: 5 }).length, 5);
});
V('encode / decode / unknowns / JSON round trip', () => {
  const v = data.Vocab.build([
    ['i', 'am', 'cold', '.'],
    ['i', 'am', 'here', '.'],
  ]);
  const ids = v.encode(['i', 'am', 'warm', '.'], { addSos: true, addEos: true });
  assert.equal(ids, [1, 4, 5, 3, 6, 2]);
  assert.equal(v.decode(ids), ['<SOS>', 'i', 'am', '<UNK>', '.', '<EOS>']);
  assert.equal(v.decode(ids, { skipSpecials: true }), ['i', 'am', '.']);
  assert.equal(v.decode([4, 2, 5], { untilEos: true }), ['i']);
  const w = data.Vocab.fromJSON(JSON.stringify(v));
  assert.equal(w.itos, v.itos);
  assert.is(w.indexOf('nope'), 3);
  const strict = new data.Vocab(['a'], { specials: [] });
  assert.throws(() => strict.encode(['b']), /not in the vocabulary and there is no unkToken/);
  assert.throws(() => v.decode([99]), /index 99 is out of range for a vocabulary of 9/);
  assert.throws(() => new data.Vocab(['<PAD>']), /duplicate token/);
});

const T = suite('data tokenizers');
T('normalizeString equals the tutorial (Python) output', () => {
  for (const [s, want] of D.normalizeString) assert.is(data.normalizeString(s), want, s);
});
T('whitespace and character tokenizers', () => {
  assert.equal(data.whitespaceTokenize('  Hello  World\tagain\n'), ['hello', 'world', 'again']);
  assert.equal(data.whitespaceTokenize('Hello World', { lowercase: false }), ['Hello', 'World']);
  assert.equal(data.charTokenize('né😀'), ['n', 'é', '😀']);
});

const P = suite('data.padSequence / defaultCollate');
P('time-major by default, batch-first on request, padding value', () => {
  const a = data.padSequence([[1, 2, 3], [4], [5, 6]]);
  assert.equal(a.shape, [3, 3]);
  assert.equal(a.tolist(), [
    [1, 4, 5],
    [2, 0, 6],
    [3, 0, 0],
  ]);
  const b = data.padSequence([[1, 2, 3], [4], [5, 6]], { batchFirst: true, paddingValue: -1 });
  assert.equal(b.tolist(), [
    [1, 2, 3],
    [4, -1, -1],
    [5, 6, -1],
  ]);
  const c = data.padSequence(
    [
      tensor([
        [1, 2],
        [3, 4],
      ]),
      tensor([[5, 6]]),
    ],
    { batchFirst: true },
  );
  assert.equal(c.shape, [2, 2, 2]);
  assert.equal(c.tolist(), [
    [
      [1, 2],
      [3, 4],
    ],
    [
      [5, 6],
      [0, 0],
    ],
  ]);
  assert.throws(() => data.padSequence([]), /non-empty/);
  assert.throws(() => data.padSequence([tensor([[1, 2]]), tensor([[1, 2, 3]])]), /trailing shape \[3\]/);
});
P('defaultCollate: numbers, arrays, tensors, tuples, objects', () => {
  const c = data.defaultCollate([
    [1, [1, 2]],
    [2, [3, 4]],
  ]) as Tensor[];
  assert.equal(c[0].tolist(), [1, 2]);
  assert.equal(c[1].tolist(), [
    [1, 2],
    [3, 4],
  ]);
  const o = data.defaultCollate([
    { x: tensor([1, 2]), y: 0 },
    { x: tensor([3, 4]), y: 1 },
  ]) as Record<string, Tensor>;
  assert.equal(o.x.shape, [2, 2]);
  assert.equal(o.y.tolist(), [0, 1]);
  assert.throws(() => data.defaultCollate([[1, 2], [3]]), /equal size/);
});

const L = suite('data.DataLoader / randomSplit vs torch');
L('shuffle with a seed: the same batches as DataLoader(generator=Generator().manual_seed(seed)), epoch after epoch', () => {
  for (const fx of [D.loader, D.loaderDropLast]) {
    const ds = Array.from({ length: fx.n }, (_, i) => i);
    const dl = new data.DataLoader(ds, { batchSize: fx.batchSize, shuffle: true, seed: fx.seed, dropLast: fx === D.loaderDropLast });
    assert.is(dl.length, fx.epochs[0].length);
    for (const epoch of nonEmpty(fx.epochs, 'loader epochs'))
      assert.equal(
        [...dl].map((b) => (b as Tensor).tolist()),
        epoch,
      );
  }
});
L('no shuffle, custom collate, dataset objects; unseeded shuffles follow manualSeed', () => {
  const dl = new data.DataLoader({ length: 5, get: (i: number) => `s${i}` }, { batchSize: 2, collate: (xs) => xs.join('+') });
  assert.equal([...dl], ['s0+s1', 's2+s3', 's4']);
  const ds = Array.from({ length: 9 }, (_, i) => i);
  manualSeed(3);
  const a = [...new data.DataLoader(ds, { batchSize: 9, shuffle: true })].map((b) => (b as Tensor).tolist());
  manualSeed(3);
  const b = [...new data.DataLoader(ds, { batchSize: 9, shuffle: true })].map((b) => (b as Tensor).tolist());
  assert.equal(a, b);
  assert.throws(() => new data.DataLoader(ds, { batchSize: 0 }), /batchSize should be a positive integer/);
});
L('randomSplit with lengths and fractions', () => {
  for (const fx of D.randomSplit) {
    const ds = Array.from({ length: fx.n }, (_, i) => i);
    assert.equal(data.randomSplit(ds, fx.lengths, { seed: fx.seed }), fx.parts);
  }
  assert.throws(() => data.randomSplit([1, 2, 3], [1, 1]), /does not equal the length of the input dataset \(3\)/);
});

const S = suite('data preprocessing');
S('trainTestSplit equals sklearn (ShuffleSplit on RandomState(randomState))', () => {
  for (const fx of D.trainTestSplit) {
    const X = Array.from({ length: fx.n }, (_, i) => i);
    const y = X.map((i) => `y${i}`);
    const [xtr, xte, ytr, yte] = data.trainTestSplit<number | string>([X, y], { testSize: fx.testSize, randomState: fx.seed });
    assert.equal(xtr, fx.train);
    assert.equal(xte, fx.test);
    assert.equal(
      ytr,
      fx.train.map((i: number) => `y${i}`),
    );
    assert.equal(
      yte,
      fx.test.map((i: number) => `y${i}`),
    );
  }
  assert.equal(data.trainTestSplit([[1, 2, 3, 4]], { testSize: 0.5, shuffle: false }), [
    [1, 2],
    [3, 4],
  ]);
  assert.throws(() => data.trainTestSplit([[1, 2], [1]]), /inconsistent numbers of samples/);
});
S('trainTestSplit equals scikit-learn 1.2 for fractions, counts, train and test sizes, shuffle off', () => {
  for (const fx of SK.trainTestSplit) {
    const X = Array.from({ length: fx.n }, (_, i) => i);
    const [train, test] = data.trainTestSplit([X], fx.opts);
    assert.equal(train, fx.train, `n=${fx.n} ${JSON.stringify(fx.opts)} train`);
    assert.equal(test, fx.test, `n=${fx.n} ${JSON.stringify(fx.opts)} test`);
  }
});
S('MinMaxScaler equals scikit-learn 1.2: fitted attributes, transform, new data, inverseTransform', () => {
  // NOTE: relative to max(1, |want|), not atol + rtol·|want|: a function tolerance
  const closeTo = (label: string, got: number[], want: number[]) => assertClose(got, want, (i) => SK_RTOL * Math.max(1, Math.abs(want[i])), label);
  for (const fx of SK.minMaxScaler) {
    const [n, F] = fx.shape;
    const rows = (flat: number[]) => Array.from({ length: flat.length / F }, (_, i) => flat.slice(i * F, (i + 1) * F));
    const sc = new data.MinMaxScaler({ featureRange: fx.featureRange });
    const label = `${fx.name} ${JSON.stringify(fx.featureRange)}`;
    const t = sc.fitTransform(rows(fx.X));
    assert.is(t.length, n);
    closeTo(`${label} dataMin`, sc.dataMin!, fx.dataMin);
    closeTo(`${label} dataMax`, sc.dataMax!, fx.dataMax);
    closeTo(`${label} scale`, sc.scale!, fx.scale);
    closeTo(`${label} min`, sc.min!, fx.min);
    closeTo(`${label} transform`, t.flat(), fx.transform);
    closeTo(`${label} transform of new data`, sc.transform(rows(fx.Xnew)).flat(), fx.transformNew);
    closeTo(`${label} inverseTransform`, sc.inverseTransform(rows(fx.Xnew)).flat(), fx.inverseNew);
  }
});
S('MinMaxScaler fits a long series (no spread of a column onto the call stack)', () => {
  const series = Array.from({ length: 500_000 }, (_, i) => Math.sin(i / 1000) * 3);
  const sc = new data.MinMaxScaler().fit(series);
  assert.ok(Math.abs(sc.dataMin![0] + 3) < 1e-6 && Math.abs(sc.dataMax![0] - 3) < 1e-6);
  const t = sc.transform(series);
  assert.ok(t.every((v) => v >= 0 && v <= 1));
});
S('MinMaxScaler: fit / transform / inverseTransform, constant features, featureRange', () => {
  const X = [
    [1, -1, 2],
    [2, 0, 2],
    [0, 1, 2],
  ];
  const sc = new data.MinMaxScaler();
  assert.equal(sc.fitTransform(X), [
    [0.5, 0, 0],
    [1, 0.5, 0],
    [0, 1, 0],
  ]);
  assert.equal(sc.inverseTransform(sc.transform(X)), X);
  const s2 = new data.MinMaxScaler({ featureRange: [-1, 1] }).fit([0, 5, 10]);
  assert.equal(s2.transform([0, 2.5, 10, 20]), [-1, -0.5, 1, 3]);
  assert.throws(() => sc.transform([[1, 2]]), /X has 2 features, but MinMaxScaler is expecting 3/);
  assert.throws(() => new data.MinMaxScaler().transform([1]), /not fitted yet/);
});
S('slidingWindows', () => {
  assert.equal(data.slidingWindows([1, 2, 3, 4, 5], 3), {
    x: [
      [1, 2, 3],
      [2, 3, 4],
    ],
    y: [[4], [5]],
  });
  assert.equal(data.slidingWindows([1, 2, 3, 4, 5], 2, 2), {
    x: [
      [1, 2],
      [2, 3],
    ],
    y: [
      [3, 4],
      [4, 5],
    ],
  });
  assert.equal(data.slidingWindows([1, 2], 3), { x: [], y: [] });
  assert.throws(() => data.slidingWindows([1], 0), /window must be a positive integer/);
});
for (const s of [V, T, P, L, S]) s.run();
