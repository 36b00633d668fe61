// Every engine module works when imported alone: each runs in a worker of its own (a fresh module
// cache) that imports that module first and, for the public entry points and the ops, uses it
// (creation.js may be imported after it for input tensors; engine/index.js never is). Tensor's
// methods come with tensor.ts's own module graph (issue 13 item 4: importing engine/nn alone and
// calling LSTM.forward threw `seq.reshape is not a function`).
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const ENGINE = fileURLToPath(new URL('../engine/', import.meta.url));
/** Workers at a time (the machine has 2 cores). */
const PARALLEL = 2;

/**
 * Module (relative to dist/engine) → a use: the body of an async function of `m` (the module)
 * and `load(path)` (another engine module), returning a string, and the value it must return
 * (closed forms).
 */
const USES: Record<string, [string, string]> = {
  'index.js': ['return m.randn([2, 3]).reshape([3, 2]).shape.join()', '3,2'],
  'tensor.js': ['return new m.Tensor(new Float32Array([1, 2, 3, 4]), [2, 2]).reshape([4]).sum().item()', '10'],
  'creation.js': ['return JSON.stringify(m.arange(6).reshape([2, 3]).sum(1).tolist())', '[3,12]'],
  'nn/index.js': [
    `const { randn } = await load('creation.js');
    const [o, [h, c]] = new m.LSTM({ inputSize: 3, hiddenSize: 4 }).forward(randn([5, 2, 3]));
    return [o.shape, h.shape, c.shape].join(' ')`,
    '5,2,4 1,2,4 1,2,4',
  ],
  'nn/rnn.js': [
    `const { randn } = await load('creation.js');
    return new m.GRU({ inputSize: 2, hiddenSize: 3, batchFirst: true, bidirectional: true }).forward(randn([4, 5, 2]))[0].shape.join()`,
    '4,5,6',
  ],
  'nn/layers.js': [
    `const { ones } = await load('creation.js');
    const lin = new m.Linear({ inFeatures: 3, outFeatures: 2 });
    lin.weight.data.fill(1);
    lin.bias.data.fill(0.5);
    return lin.forward(ones([1, 3])).sum().item()`,
    '7',
  ],
  'optim/index.js': [
    `const { Parameter } = await load('tensor.js');
    const p = new Parameter([2], [1, 2]);
    p.mul(p).sum().backward(); // d/dp Σp² = 2p
    new m.SGD([p], { lr: 0.25 }).step();
    return JSON.stringify(p.tolist())`,
    '[0.5,1]',
  ],
  'data/index.js': ['return JSON.stringify(m.padSequence([[1, 2, 3], [4]], { batchFirst: true }).sum(0).tolist())', '[5,2,3]'],
  'seq2seq/index.js': [
    `const { tensor } = await load('creation.js');
    const model = new m.Seq2Seq({ srcVocabSize: 7, tgtVocabSize: 6, embSize: 4, hiddenSize: 3 });
    const { logits } = model.forward(tensor([[3, 4, 2], [5, 2, 0]]), [3, 2], tensor([[1, 3, 2], [1, 4, 2]]));
    return logits.shape.join()`,
    '2,2,6',
  ],
  'io/safetensors.js': [
    `const { tensor } = await load('creation.js');
    const back = m.loadStateDict(m.serializeSafetensors({ w: tensor([1, 2, 3]) }));
    return JSON.stringify(back.w.mul(2).tolist())`,
    '[2,4,6]',
  ],
  'plot/index.js': ['return m.heatmapSvg([[0, 1]], ["r"], ["a", "b"]).match(/<rect /g).length', '3'], // background + 2 cells
  'autograd.js': [
    `const { tensor } = await load('creation.js');
    return m.noGrad(() => tensor([1, 2], { requiresGrad: true }).mul(3).requiresGrad)`,
    'false',
  ],
  'sampling.js': [
    `const { tensor } = await load('creation.js');
    return m.multinomial(tensor([0, 1, 0]), 1).item()`,
    '1',
  ],
  'ops/elementwise.js': [
    `const { tensor } = await load('creation.js');
    return JSON.stringify(m.pow(tensor([1, 2, 3]), 2).reshape([3, 1]).tolist())`,
    '[[1],[4],[9]]',
  ],
  'ops/shape.js': [
    `const { tensor } = await load('creation.js');
    return JSON.stringify(m.cat([tensor([1, 2]), tensor([3])]).flip(0).tolist())`,
    '[3,2,1]',
  ],
  'ops/reduce.js': [
    `const { tensor } = await load('creation.js');
    return m.sum(tensor([[1, 2], [3, 4]]), 0).mul(2).sum().item()`,
    '20',
  ],
  'ops/softmax.js': [
    `const { tensor } = await load('creation.js');
    return m.softmax(tensor([[0, 0], [5, 5]]), 1).sum().item()`,
    '2',
  ],
  'ops/extrema.js': [
    `const { tensor } = await load('creation.js');
    return m.max(tensor([1, 5, 2])).add(1).item()`,
    '6',
  ],
  'ops/layout.js': [
    `const { tensor } = await load('creation.js');
    const { kernel } = await load('autograd.js');
    return kernel((s, k) => {
      const t = m.gatherStrided(s, k, 'transpose', s.in(tensor([[1, 2, 3], [4, 5, 6]])), [3, 2], [1, 3]);
      return Array.from(s.read(t, 6)).join();
    })`,
    '1,4,2,5,3,6',
  ],
  'ops/statistics.js': [
    `const { tensor } = await load('creation.js');
    return m.norm(tensor([3, 4])).mul(2).item()`,
    '10',
  ],
  'ops/linalg.js': [
    `const { tensor } = await load('creation.js');
    return JSON.stringify(m.matmul(tensor([[1, 2], [3, 4]]), tensor([[5, 6], [7, 8]])).flatten().tolist())`,
    '[19,22,43,50]',
  ],
  'ops/gather-scatter.js': [
    `const { tensor } = await load('creation.js');
    return JSON.stringify(m.indexSelect(tensor([10, 20, 30]), 0, [2, 0]).neg().tolist())`,
    '[-30,-10]',
  ],
  'ops/layers.js': [
    `const { tensor } = await load('creation.js');
    return JSON.stringify(m.linear(tensor([[1, 2]]), tensor([[3, 4]]), tensor([0.5])).tolist())`,
    '[[11.5]]',
  ],
  'ops/losses.js': [
    `const { tensor } = await load('creation.js');
    return m.mseLoss(tensor([1, 2]), tensor([3, 2])).item()`,
    '2',
  ],
};

function modules(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...modules(p));
    else if (name.endsWith('.js')) out.push(relative(ENGINE, p).split('\\').join('/'));
  }
  return out.sort();
}

const WORKER = `
const { parentPort, workerData: { url, base, use } } = require('node:worker_threads');
const AsyncFunction = (async () => {}).constructor;
import(url).then(async (m) => {
  const result = use === null ? null : String(await new AsyncFunction('m', 'load', use)(m, (p) => import(new URL(p, base).href)));
  parentPort.postMessage({ result });
}).catch((e) => parentPort.postMessage({ error: String(e && e.stack || e) }));
`;

/** Imports `mod` alone in a worker and runs its use: the use's result (null without one). */
function runAlone(mod: string): Promise<{ result?: string | null; error?: string }> {
  return new Promise((resolve) => {
    const w = new Worker(WORKER, {
      eval: true,
      workerData: { url: pathToFileURL(join(ENGINE, mod)).href, base: pathToFileURL(ENGINE).href, use: USES[mod]?.[0] ?? null },
    });
    w.once('message', (msg) => {
      resolve(msg);
      void w.terminate();
    });
    w.once('error', (e) => resolve({ error: String(e.stack ?? e) }));
  });
}

const test = suite('engine modules imported alone');

test('every engine module loads alone in a fresh module cache; the entry points and the ops are used', async () => {
  const all = modules(ENGINE);
  for (const mod of Object.keys(USES)) assert.ok(all.includes(mod), `${mod} (listed in USES) exists`);
  assert.ok(all.length >= 40, `${all.length} modules found under ${ENGINE}`);
  const failures: string[] = [];
  for (let i = 0; i < all.length; i += PARALLEL) {
    const batch = all.slice(i, i + PARALLEL);
    const results = await Promise.all(batch.map(runAlone));
    batch.forEach((mod, j) => {
      const r = results[j];
      if (r.error !== undefined) failures.push(`${mod}: ${r.error.split('\n').slice(0, 3).join(' | ')}`);
      else if (USES[mod] && r.result !== USES[mod][1]) failures.push(`${mod}: the use returned ${r.result}, expected ${USES[mod][1]}`);
    });
  }
  assert.equal(failures, [], failures.join('\n'));
});

test.run();
