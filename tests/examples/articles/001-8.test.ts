// Port 001-8 (LSTM text classification) against the article's own program run by
// scripts/article-refs.py with the seeding convention: 5 epochs with --series (each epoch's summed
// losses, 7 digits) and the printed report, vocabulary, parameter count, best accuracy and predictions.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../../examples/articles/001-8-text-classification.js';
import { sharedDataPath } from '../../../examples/lib/output-node.js';
import { assertLineClose, assertTranscript, reference, runPort } from './lib.js';

/** Summed float32 batch losses (7 digits): the engine's GEMM order differs from MKL's in the last bits. */
const LOSS_RTOL = 1e-5;

const s = suite("article port 001-8: LSTM text classification (5 epochs) vs the article's program");
// The article's sentences live in ../shared/data/articles/ beside the checkout (never in the project).
const haveData = sharedDataPath('articles/001-8-sentences.tsv') !== null;

(haveData ? s : s.skip)('prints the reference lines; per-epoch losses within float32 summation error', async () => {
  const want = reference('001-8.series');
  const got = (await runPort(main, ['--epochs', '5', '--series'])).lines;
  assert.is(got.length, want.length, 'line count');
  const isSeries = (l: string) => /^(train|val)_loss step=/.test(l);
  assertTranscript(
    got.filter((l) => !isSeries(l)),
    want.filter((l) => !isSeries(l)),
    '001-8 printed lines',
  );
  const gs = got.filter(isSeries),
    ws = want.filter(isSeries);
  assert.is(gs.length, 10);
  gs.forEach((g, i) => assertLineClose(g, ws[i], LOSS_RTOL * Math.abs(Number(ws[i].split('value=')[1])), `001-8 series line ${i + 1}`));
});

s('a sentences file without label<TAB>sentence lines is refused with the line', async () => {
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const f = join(mkdtempSync(join(tmpdir(), 'seqgrad-001-8-')), 'bad.tsv');
  writeFileSync(f, '1\tfine words\nno label here\n');
  try {
    await runPort(main, ['--data', f, '--test', f]);
    assert.unreachable('should have thrown');
  } catch (e) {
    assert.match((e as Error).message, /001-8: line 2 of the sentences is not label<TAB>sentence/);
  }
});

s.run();
