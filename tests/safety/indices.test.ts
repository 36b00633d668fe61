// Finding 3 of issue 12: indices are checked as numbers (integer, in range) before any Int32Array
// conversion, so 2^32 + k never wraps to k: Embedding, crossEntropy / nllLoss targets and
// ignoreIndex, gather, indexSelect, packPaddedSequence lengths.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { F, gather, indexSelect, manualSeed, nn, randn, tensor, zeros } from '../../engine/index.js';
import { bystander, onBackends, throwsMatching } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const fx = JSON.parse(readFileSync(join(here, '..', '..', '..', 'tests', 'fixtures', 'safety.json'), 'utf8')) as { ignore_big: number };

const test = suite('indices: checked before integer conversion');

test('Embedding: 2^32 is out of range (not row 0), 2^31 is reported as itself', () => {
  onBackends(() => {
    const guard = bystander();
    const emb = new nn.Embedding({ numEmbeddings: 5, embeddingDim: 3 });
    throwsMatching(() => emb.forward([2 ** 32]), /Embedding\.forward/, /index 4294967296 is out of range/);
    throwsMatching(() => emb.forward([2 ** 31]), /Embedding\.forward/, /index 2147483648 is out of range/);
    throwsMatching(() => emb.forward([-(2 ** 32) + 1]), /Embedding\.forward/, /-4294967295/);
    throwsMatching(() => emb.forward(tensor([2 ** 32 + 512])), /Embedding\.forward/, /4294967808/);
    throwsMatching(() => emb.forward([NaN]), /Embedding\.forward/, /integers/);
    guard.check('Embedding');
  });
});

test('crossEntropy / nllLoss: targets of 2^32 + k are out of bounds', () => {
  const x = randn([2, 3]);
  throwsMatching(() => F.crossEntropy(x, [0, 2 ** 32 + 1]), /crossEntropy/, /target 4294967297 is out of bounds/);
  throwsMatching(() => F.nllLoss(x.logSoftmax(1), [2 ** 32, 0]), /nllLoss/, /target 4294967296 is out of bounds/);
  throwsMatching(() => F.crossEntropy(x, [0, -(2 ** 32) + 1]), /crossEntropy/, /-4294967295/);
});

test('ignoreIndex of 2^32 ignores exactly the targets equal to 2^32 (PyTorch: ln 3 on zero logits)', () => {
  const x = zeros([2, 3]);
  // torch 1.13 (tests/fixtures/safety.json ignore_big): F.cross_entropy(zeros(2, 3), [0, 2**32], ignore_index=2**32)
  assert.ok(Math.abs(F.crossEntropy(x, [0, 2 ** 32], { ignoreIndex: 2 ** 32 }).item() - fx.ignore_big) < 1e-6);
  assert.ok(Math.abs(fx.ignore_big - Math.log(3)) < 1e-12, 'ln 3: only the target 0 counts');
  // class 0 is not ignored just because 2^32 wraps to 0 in int32
  const logits = tensor([
    [2, 0, 0],
    [0, 1, 0],
  ]);
  const plain = F.crossEntropy(logits, [0, 1]).item();
  assert.ok(Math.abs(F.crossEntropy(logits, [0, 1], { ignoreIndex: 2 ** 32 }).item() - plain) < 1e-6);
  assert.ok(Math.abs(F.nllLoss(logits.logSoftmax(1), [0, 1], { ignoreIndex: 2 ** 32 }).item() - plain) < 1e-6);
  throwsMatching(() => F.crossEntropy(logits, [0, 1], { ignoreIndex: NaN }), /crossEntropy/, /ignoreIndex/);
  throwsMatching(() => F.nllLoss(logits, [0, 1], { ignoreIndex: 0.5 }), /nllLoss/, /ignoreIndex/);
});

test('gather / indexSelect: 2^32 + k is out of bounds', () => {
  onBackends(() => {
    const guard = bystander();
    manualSeed(0);
    const x = randn([3, 4]);
    throwsMatching(() => gather(x, 1, tensor([[2 ** 32 + 512]])), /gather/, /index 4294967808 is out of bounds/);
    throwsMatching(() => indexSelect(x, 0, [2 ** 32]), /indexSelect/, /index 4294967296 is out of bounds/);
    throwsMatching(() => indexSelect(x, 1, [2 ** 31]), /indexSelect/, /2147483648/);
    throwsMatching(() => x.indexSelect(0, [Infinity]), /indexSelect/, /integers/);
    guard.check('gather / indexSelect');
  });
});

test('gather with an empty index dimension: empty result, zero gradient (found by tests/fuzz)', () => {
  onBackends((b) => {
    for (const [xs, is, d] of [
      [[3], [0], 0],
      [[2, 3], [2, 0], 1],
      [[2, 3], [0, 3], 0],
    ] as const) {
      const x = randn([...xs], { requiresGrad: true });
      const y = gather(x, d, zeros([...is]));
      assert.equal(y.shape, [...is]);
      y.sum().backward();
      assert.ok(
        x.grad!.data.every((v) => v === 0),
        `${b}: gradient of x ${JSON.stringify(xs)} is zero, got ${[...x.grad!.data]}`,
      );
    }
  });
});

test('packPaddedSequence lengths of 2^32 + k', () => {
  throwsMatching(() => nn.utils.rnn.packPaddedSequence(zeros([3, 2, 1]), [2 ** 32 + 2, 1]), /packPaddedSequence/, /4294967298/);
});

test.run();
