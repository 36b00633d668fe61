// packPaddedSequence sorts lengths as torch.sort(descending=True) does on CPU, ties included.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nonEmpty } from '../fixture.js';
import { readFileSync } from 'node:fs';
import { torchSortDescending } from '../../engine/nn/torch-sort.js';
import { nn, zeros } from '../../engine/index.js';

const fixture: { cases: { keys: number[]; order: number[] }[] } = JSON.parse(
  readFileSync(new URL('../../../tests/fixtures/torch-sort.json', import.meta.url), 'utf8'),
);

const test = suite('torch.sort tie order');
test("every fixture case gives PyTorch's permutation", () => {
  for (const c of nonEmpty(fixture.cases, 'torch-sort.json: cases'))
    assert.equal(torchSortDescending(c.keys), c.order, `keys ${c.keys.slice(0, 20).join(',')}… (n = ${c.keys.length})`);
});
test('packPaddedSequence uses it', () => {
  const c = fixture.cases.find((x) => x.keys.length === 32 && Math.max(...x.keys) <= 10)!;
  const T = Math.max(...c.keys);
  const p = nn.utils.rnn.packPaddedSequence(zeros([c.keys.length, T, 1]), c.keys, { batchFirst: true, enforceSorted: false });
  assert.equal(p.sortedIndices, c.order);
});
test.run();
