// Port 001-9 (seq2seq + attention translation) against the article's listing run by
// scripts/article-refs.py with the listed fixes and the driver, in the short setting (the first 64
// pairs, 10 epochs, every epoch's mean loss with --series): on the embedded German→English corpus,
// and on ../shared/data/eng-fra-train.tsv through --data when it is beside the checkout.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../../examples/articles/001-9-translation-attention.js';
import { sharedDataPath } from '../../../examples/lib/output-node.js';
import { assertLineClose, assertTranscript, reference, runPort } from './lib.js';

/** The 7-digit loss series of a 10-epoch float32 training: the engine's and MKL's summation orders differ in the last bits. */
const LOSS_RTOL = 1e-5;

/** Exact lines, except the loss series (LOSS_RTOL). */
function compare(got: string[], want: string[], label: string): void {
  assert.is(got.length, want.length, `${label}: line count`);
  const isSeries = (l: string) => l.startsWith('loss step=');
  assertTranscript(
    got.filter((l) => !isSeries(l)),
    want.filter((l) => !isSeries(l)),
    `${label} printed lines`,
  );
  const gs = got.filter(isSeries),
    ws = want.filter(isSeries);
  assert.is(gs.length, 10, `${label}: one loss per epoch`);
  gs.forEach((g, i) => assertLineClose(g, ws[i], LOSS_RTOL * Number(ws[i].split('value=')[1]), `${label} epoch ${i + 1} loss`));
}

const s = suite("article port 001-9: seq2seq + attention translation (64 pairs, 10 epochs) vs the article's listing");

s('embedded German→English corpus: header, sizes, parameter count, losses, translations', async () => {
  const got = (await runPort(main, ['--pairs', '64', '--epochs', '10', '--series'])).lines;
  compare(got, reference('001-9.short'), '001-9.short');
});

const fra = sharedDataPath('eng-fra-train.tsv');
(fra ? s : s.skip)('--data eng-fra-train.tsv (Tatoeba English→French)', async () => {
  const got = (await runPort(main, ['--data', fra!, '--pairs', '64', '--epochs', '10', '--series'])).lines;
  compare(got, reference('001-9.fra'), '001-9.fra');
});

s('--data: a line without a tab is refused with its number', async () => {
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const f = join(mkdtempSync(join(tmpdir(), 'seqgrad-001-9-')), 'bad.tsv');
  writeFileSync(f, 'Go.\tVa !\nno tab here\n');
  try {
    await runPort(main, ['--data', f]);
    assert.unreachable('should have thrown');
  } catch (e) {
    assert.match((e as Error).message, /parsePairs: line 2 has no tab/);
  }
});

s.run();
