// examples/lib/output.ts: the module the page bundles imports nothing from Node; the host gets every
// line, figure, progress step and data-file read; Node's host reads the shared data folder or --data.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { figure, note, print, progress, readData, setHost, type Host } from '../../../examples/lib/output.js';
import { nodeHost } from '../../../examples/lib/output-node.js';

const test = suite('output host');

test('output.ts bundles for the browser with no Node built-in', async () => {
  const entry = fileURLToPath(new URL('../../../examples/lib/output.js', import.meta.url));
  const r = await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' });
  assert.not.match(r.outputFiles[0].text, /["']node:/);
});

test('lines, figures, notes, progress and data reads go to the installed host; setHost(null) restores the default', async () => {
  const got: string[] = [];
  const h: Host = {
    line: (t) => got.push(`line ${t}`),
    figure: (n, svg) => got.push(`figure ${n} ${svg}`),
    note: (t) => got.push(`note ${t}`),
    progress: (l, i, n, e) => got.push(`progress ${l} ${i}/${n} ${e}`),
    readData: async (file, path) => (file === 'a.txt' && path === undefined ? 'A' : null),
  };
  setHost(h);
  try {
    print('x', 1, [2, 3]);
    figure('f.svg', '<svg/>');
    note('n');
    progress('epoch', 2, 5, 'loss 1');
    assert.is(await readData('a.txt'), 'A');
    assert.is(await readData('b.txt'), null);
  } finally {
    setHost(null);
  }
  assert.equal(got, ['line x 1 2,3', 'figure f.svg <svg/>', 'note n', 'progress epoch 2/5 loss 1']);
  const before = got.length;
  progress('epoch', 3, 5); // the default host (the console's, in a test) has no progress: nothing recorded
  assert.is(got.length, before);
});

test("Node's host reads a named file, says which --data file is missing, and returns null for an absent shared file", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqgrad-output-'));
  writeFileSync(join(dir, 't.txt'), '人工智能\n');
  assert.is(await nodeHost.readData!('articles/none.txt', join(dir, 't.txt')), '人工智能\n');
  try {
    await nodeHost.readData!('articles/none.txt', join(dir, 'missing.txt'));
    assert.unreachable('a missing --data file throws');
  } catch (e) {
    assert.match((e as Error).message, /^--data .*missing\.txt: no such file$/);
  }
  assert.is(await nodeHost.readData!('articles/no-such-file-anywhere.txt'), null);
});

test.run();
