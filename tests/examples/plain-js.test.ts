// The plain-JavaScript ports (examples/plain-js/*.mjs: the articles' text classifier 001-8,
// char-RNN 002-4 and GRU forecaster 002-3, written line by line from the PyTorch programs against
// `import … from 'seqgrad'`) print the same lines as the TypeScript ports, with short settings.
// The plain files run as a user runs them: `node FILE.mjs` in a child process (EPOCHS=N).
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main as textClassifier } from '../../examples/articles/001-8-text-classification.js';
import { main as gruForecaster } from '../../examples/articles/002-3-gru-timeseries.js';
import { main as charRnn } from '../../examples/articles/002-4-char-rnn.js';
import { sharedDataPath } from '../../examples/lib/output-node.js';
import { runPort } from './articles/lib.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function runPlain(file: string, epochs: number): Promise<string[]> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [join(root, 'examples', 'plain-js', file)],
      { cwd: root, env: { ...process.env, EPOCHS: String(epochs) }, maxBuffer: 1 << 22 },
      (err, stdout, stderr) => {
        if (err) fail(new Error(`${file} failed: ${err.message}\n${stderr}`));
        else {
          const lines = stdout.split('\n');
          if (lines[lines.length - 1] === '') lines.pop();
          done(lines);
        }
      },
    );
  });
}

const s = suite('plain-JS ports print what the TypeScript ports print');
const haveData = sharedDataPath('articles/001-8-sentences.tsv') !== null && sharedDataPath('articles/002-4-text.txt') !== null;

(haveData ? s : s.skip)('001-8 text classifier (5 epochs), 002-4 char-RNN and 002-3 GRU forecaster (10 epochs)', async () => {
  // the three children run on the other core while the TypeScript ports run here
  const plain = Promise.all([runPlain('text-classifier.mjs', 5), runPlain('char-rnn.mjs', 10), runPlain('gru-forecaster.mjs', 10)]);
  const ts = [
    (await runPort(textClassifier, ['--epochs', '5'])).lines,
    (await runPort(charRnn, ['--epochs', '10'])).lines,
    (await runPort(gruForecaster, ['--epochs', '10'])).lines,
  ];
  const [tc, cr, gf] = await plain;
  assert.equal(tc, ts[0], '001-8: every line');
  assert.ok(
    tc.some((l) => /^Val Loss: \d\.\d{4}, Val Acc: \d\.\d{4}$/.test(l)),
    '001-8 printed its epoch report',
  );
  assert.equal(cr, ts[1], '002-4: every line');
  assert.ok(
    cr.some((l) => /^Epoch \[10\/10\], Loss: \d\.\d{4}$/.test(l)),
    '002-4 printed its loss',
  );
  // 002-3's TypeScript port draws the figure; the plain one prints its first predictions instead
  assert.equal(gf.slice(0, -1), ts[2], '002-3: the loss lines');
  assert.match(gf[gf.length - 1], /^first predictions: /);
});

s.run();
