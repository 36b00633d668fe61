// Article 003's programs against the reference transcripts of scripts/article-refs.py (torch 1.13,
// seeding convention): 003-1 prints nothing, and its class computes what the article's computes
// (the 'forward' variant calls it once); 003-2 (completed after its cut) prints the reference's
// lines on the corpus's first 10,000 characters (committed), and on the whole corpus when
// ../shared/data/tinyshakespeare.txt is beside the checkout.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { manualSeed, randn, zeros } from '../../../engine/index.js';
import * as linearRnn from '../../../examples/articles/003-1-linear-rnn.js';
import * as shakespeare from '../../../examples/articles/003-2-shakespeare-data.js';
import { tensorRepr } from '../../../examples/lib/torch-print.js';
import { assertTranscript, reference, runPort } from './lib.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const FIXTURES = join(ROOT, 'tests', 'fixtures', 'articles');

const t1 = suite('003-1 linear-rnn');

t1("prints nothing, as the article's program (its reference is empty)", async () => {
  assert.is(readFileSync(join(FIXTURES, '003-1.txt'), 'utf8'), '');
  const got = await runPort(linearRnn.main);
  assert.equal(got.lines, []);
  assert.is(got.figures.size, 0);
});

t1("the class: RNN(5, 8, 3) on randn (2, 5) and a zero hidden state gives the reference's output and hidden", () => {
  manualSeed(42);
  const rnn = new linearRnn.RNN(5, 8, 3);
  const input = randn([2, 5]);
  const hidden0 = zeros([2, 8]);
  const [output, hidden] = rnn.forward(input, hidden0);
  assert.equal(Object.keys(rnn.stateDict()), ['i2h.weight', 'i2h.bias', 'i2o.weight', 'i2o.bias']);
  const lines = [tensorRepr(output, { gradFn: 'AddmmBackward0' }), tensorRepr(hidden, { gradFn: 'AddmmBackward0' })].join('\n').split('\n');
  assertTranscript(lines, reference('003-1.forward'), '003-1.forward');
});

t1.run();

const t2 = suite('003-2 shakespeare-data');

t2('short: the first 10,000 characters print the short reference', async () => {
  const got = await runPort(shakespeare.main, ['--data', join(FIXTURES, 'tinyshakespeare-10000.txt')]);
  assertTranscript(got.lines, reference('003-2.short'), '003-2.short');
});

t2('full corpus (when ../shared/data/tinyshakespeare.txt is beside the checkout)', async () => {
  const corpus = [join(ROOT, '..', 'shared', 'data', 'tinyshakespeare.txt'), join(ROOT, '..', '..', 'shared', 'data', 'tinyshakespeare.txt')].find(existsSync);
  if (!corpus) return;
  const got = await runPort(shakespeare.main, ['--data', corpus]);
  assertTranscript(got.lines, reference('003-2'), '003-2');
});

t2('a missing corpus is an Error naming the file to pass', async () => {
  let err: unknown = null;
  try {
    await runPort(shakespeare.main, ['--data', join(FIXTURES, 'no-such-file.txt')]);
  } catch (e) {
    err = e;
  }
  assert.instance(err, Error);
  assert.match((err as Error).message, /^003-2: .*no-such-file\.txt/);
});

t2.run();
