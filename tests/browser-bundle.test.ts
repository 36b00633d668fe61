// The package bundles for the browser: esbuild (platform browser) bundles the public entry with
// no Node built-in left to resolve, and the bundle runs a training step where Buffer is absent.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const entry = fileURLToPath(new URL('../engine/index.js', import.meta.url));
const test = suite('browser bundle');

test('esbuild bundles the entry for the browser and the bundle trains without Node globals', async () => {
  const r = await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', target: 'es2022', write: false, logLevel: 'silent' });
  const code = r.outputFiles[0].text;
  assert.not.match(code, /from\s*["']node:/, 'no static node: import in the bundle');
  const dir = mkdtempSync(join(tmpdir(), 'seqgrad-bundle-'));
  writeFileSync(join(dir, 'seqgrad.mjs'), code);
  writeFileSync(
    join(dir, 'run.mjs'),
    `
    globalThis.Buffer = undefined;            // as in a browser: the wasm binaries decode with atob
    const { nn, optim, tensor, manualSeed } = await import('./seqgrad.mjs');
    manualSeed(0);
    const lstm = new nn.LSTM({ inputSize: 3, hiddenSize: 4 });
    const opt = new optim.Adam(lstm.parameters(), { lr: 0.01 });
    const x = tensor(Array.from({ length: 5 * 2 * 3 }, (_, i) => Math.sin(i)), [5, 2, 3]);
    let first = 0, last = 0;
    for (let i = 0; i < 20; i++) {
      opt.zeroGrad();
      const [out] = lstm.forward(x);
      const loss = out.pow(2).mean();
      loss.backward();
      opt.step();
      if (i === 0) first = loss.item();
      last = loss.item();
    }
    console.log(JSON.stringify({ first, last }));
  `,
  );
  const child = spawnSync(process.execPath, [join(dir, 'run.mjs')], { encoding: 'utf8' });
  assert.is(child.status, 0, child.stderr);
  const { first, last } = JSON.parse(child.stdout.trim().split('\n').pop()!);
  assert.ok(last < first, `the loss went down (${first} → ${last})`);
});

test.run();
