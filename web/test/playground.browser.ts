// The playground in real headless Chromium (npm run test:browser, after npm run web): the page lists
// the registry, runs article programs in its worker and prints the same lines as the CLI in Node,
// works on the plain-SIMD build too, stops a run, trains / translates / saves / loads the translator
// (models crossing between the page and Node both ways), and leaves screenshots in out/browser/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { ARTICLES, PROGRAMS } from '../../examples/articles/index.js';
import { loadTranslator, saveTranslator, trainTranslator, translateView } from '../translator.js';
import { startSession, type Session } from './browser.js';
import { checkThreads, type ThreadsReport } from '../threads-check.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const WEB = join(ROOT, 'web-dist');
const SHOTS = join(ROOT, 'out', 'browser');
const CLI = join(ROOT, 'dist', 'cli', 'seqgrad.js');
const RUN_TIMEOUT = 180_000;
const NODE_OUT = join(ROOT, 'out', 'browser', 'node');

/** Options that keep the long trainings short in both runs. */
const SHORT: Record<string, string[]> = {
  '002-1': ['--epochs', '30'],
  '002-2': ['--epochs', '2'],
  '002-3': ['--epochs', '5', '--series'],
  '002-4': ['--epochs', '3'],
};
/** The ports that read a data file from the shared data folder (deployed into web-dist/data/ by npm run web when present). */
const DATA: Record<string, string> = { '001-8': 'articles/001-8-sentences.tsv', '002-4': 'articles/002-4-text.txt', '003-2': 'tinyshakespeare.txt' };
/** Every article program that has a port in this build, in the registry's order. */
const PORTS = PROGRAMS.filter(
  (p) => !p.textOnly && readdirSync(join(ROOT, 'dist', 'examples', 'articles')).some((f) => f.startsWith(`${p.id}-`) && f.endsWith('.js')),
);

/** What the CLI prints to stdout for `seqgrad demo ID ARGV` (the ports' transcript), with a wasm build forced or not. */
function nodeLines(id: string, argv: string[], build?: 'simd' | 'relaxed'): string[] {
  const r = spawnSync(process.execPath, [CLI, 'demo', id, ...argv, '--out', NODE_OUT], {
    encoding: 'utf8',
    env: { ...process.env, ...(build ? { SEQGRAD_WASM_BUILD: build } : {}) },
    maxBuffer: 1 << 26,
  });
  assert.is(r.status, 0, `node ${id}: ${r.stderr}`);
  const lines = r.stdout.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Runs a program in the page (Programs tab) and waits for it to finish; returns the page's record of the run. */
async function runInPage(
  page: Page,
  id: string,
  argv: string[],
): Promise<{ status: string; lines: string[]; figures: string[]; losses: [number, number][]; error: string }> {
  await page.click(`#list button[data-key="${id}"]`);
  await page.fill('#args', argv.join(' '));
  await page.click('#run');
  await page.waitForFunction(
    (key) => {
      const r = (window as any).playground.run;
      return r.key === key && r.status !== 'running';
    },
    id,
    { timeout: RUN_TIMEOUT },
  );
  return page.evaluate(() => (window as any).playground.run);
}

/** The figures of the last run as the page received them (name → SVG text). */
async function pageFigures(p: Page): Promise<Map<string, string>> {
  return new Map(await p.evaluate(() => (window as any).playground.run.svgs as [string, string][]));
}

function firstDiff(a: readonly string[], b: readonly string[]): string {
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if (a[i] !== b[i]) return `line ${i + 1}: page ${JSON.stringify(a[i])} vs node ${JSON.stringify(b[i])}`;
  return '';
}

let session: Session;
let page: Page;

const s = suite('playground in headless Chromium');
s.before(async () => {
  assert.ok(existsSync(join(WEB, 'index.html')), `${WEB} is not built: npm run web`);
  mkdirSync(SHOTS, { recursive: true });
  session = await startSession(WEB);
  page = await session.open();
});
s.after(async () => {
  await session?.close();
});

s('Node runs the relaxed-SIMD build too (the comparisons need the same kernels)', async () => {
  const { wasmBuild } = await import('../../engine/index.js');
  assert.is(wasmBuild, 'relaxed', 'run with node --experimental-wasm-relaxed-simd (Node 20-21)');
});

s('the page lists every article program and own demo, runs on the relaxed-SIMD build, cross-origin isolated', async () => {
  const info = await page.evaluate(() => ({
    build: (window as any).playground.build,
    programs: (window as any).playground.programs,
    coi: crossOriginIsolated,
    header: document.getElementById('build')!.textContent,
  }));
  assert.is(info.build, 'relaxed', 'Chromium validates relaxed SIMD, so the page picks that build');
  assert.ok(info.coi, 'COOP/COEP from npm run web:serve make the page cross-origin isolated');
  assert.match(info.header, /wasm build: relaxed/);
  const ids = info.programs.filter((p: any) => p.id).map((p: any) => p.id);
  assert.equal(
    ids,
    PROGRAMS.map((p) => p.id),
    'every program of examples/articles/index.ts, in order',
  );
  const own = info.programs.filter((p: any) => !p.id).map((p: any) => p.name);
  const ownDemos = spawnSync(process.execPath, [CLI, 'demo', '--list'], { encoding: 'utf8' }).stdout.split('Beyond the articles')[1];
  for (const name of own) assert.match(ownDemos, new RegExp(`\\b${name}\\b`), `own demo ${name} is in seqgrad demo --list`);
  assert.ok(own.length > 0, 'the own demos are listed');
  const headings = await page.$$eval('#list h3', (hs) => hs.map((h) => h.textContent));
  for (const a of ARTICLES)
    assert.ok(
      headings.some((h) => h!.startsWith(`${a.key} `)),
      `article ${a.key} has a heading`,
    );
});

for (const { id } of PORTS) {
  const argv = SHORT[id] ?? [];
  const data = DATA[id];
  const runs = data === undefined || existsSync(join(WEB, 'data', data));
  (runs ? s : s.skip)(
    `${id} ${argv.join(' ')}: the page prints the lines the CLI prints in Node, and draws the same figures${data ? ` (reads data/${data})` : ''}`,
    async () => {
      const run = await runInPage(page, id, argv);
      assert.is(run.status, 'done', run.error);
      const want = nodeLines(id, argv);
      assert.equal(run.lines, want, `${id}: ${firstDiff(run.lines, want)}`);
      const figures = await pageFigures(page);
      for (const [name, svg] of figures) assert.ok(svg === readFileSync(join(NODE_OUT, name), 'utf8'), `${id}: figure ${name} is the SVG Node wrote`);
      console.log(`  ${id}: ${run.lines.length} lines equal, ${figures.size} figure(s) equal`);
    },
  );
}

/** The pool check (web/threads-check.ts) in a fresh playground worker of `p`, at each of `counts` threads. */
const threadsInPage = (p: Page, counts: number[]) =>
  p.evaluate(
    (counts) =>
      new Promise<any>((ok, fail) => {
        const w = new Worker('worker.js', { type: 'module' });
        w.onmessage = (e) => {
          if (e.data.type === 'ready') w.postMessage({ type: 'threads', counts });
          else if (e.data.type === 'threads-result') {
            w.terminate();
            ok(e.data.report);
          } else if (e.data.type === 'done' && e.data.error) {
            w.terminate();
            fail(new Error(e.data.error));
          }
        };
      }),
    counts,
  ) as Promise<ThreadsReport>;

s(
  'the thread pool in the cross-origin-isolated page: Web Workers run the recurrent loops and GEMMs, the same bytes at 1, 2 and 3 threads and as in Node',
  async () => {
    const report = await threadsInPage(page, [1, 2, 3]);
    assert.ok(report.isolated && report.available, `threads available in the isolated page's worker: ${JSON.stringify(report)}`);
    const [one, ...more] = report.runs;
    assert.is(one.chunks, 0, 'one thread: no worker chunks');
    for (const r of more) {
      assert.is(r.hash, one.hash, `${r.threads} threads: parameters and losses hash as at 1 thread`);
    }
    // whether a worker wakes in time for one job depends on the load: their part is checked over the runs
    assert.ok(
      more.some((r) => r.chunks > 0 && r.rowChunks > 0),
      `the pool's Web Workers ran chunks and time-loop chunks: ${more.map((r) => `${r.threads}: ${r.chunks}/${r.rowChunks}`).join(', ')}`,
    );
    const node = await checkThreads([1, 2]);
    assert.is(node.runs[0].hash, one.hash, 'Node computes the same bytes');
    assert.is(node.runs[1].hash, one.hash, 'Node at 2 threads too');
    console.log(`  threads in Chromium: ${report.runs.map((r) => `${r.threads}: ${r.ms.toFixed(0)} ms`).join(', ')} (hash ${one.hash})`);
  },
);

s('a page without cross-origin isolation runs single-threaded and says so; its programs still run', async () => {
  const plain = await session.open('?isolation=off');
  try {
    assert.is(await plain.evaluate(() => crossOriginIsolated), false);
    const report = await threadsInPage(plain, [1, 2]);
    assert.is(report.available, false, 'threadsAvailable is false');
    assert.ok(
      report.runs.every((r) => r.threads === 1 && r.chunks === 0),
      'setNumThreads(2) is kept but everything runs on the calling thread',
    );
    assert.is(report.runs[1].hash, report.runs[0].hash);
    const run = await runInPage(plain, '000-2', []);
    assert.is(run.status, 'done', run.error);
    assert.equal(run.lines, nodeLines('000-2', []), 'the same lines as the CLI');
  } finally {
    await plain.close();
  }
});

s('002-1: lines and loss points arrive while it trains, the progress bar follows; the forecast figure is drawn; screenshot', async () => {
  const finished = runInPage(page, '002-1', ['--epochs', '100']);
  const live = await page.waitForFunction(
    () => {
      const r = (window as any).playground.run;
      return (
        r.key === '002-1' &&
        r.status === 'running' &&
        r.losses.length >= 2 && { losses: r.losses.length, lines: r.lines.length, progress: (document.getElementById('progress') as HTMLProgressElement).value }
      );
    },
    null,
    { timeout: RUN_TIMEOUT, polling: 50 },
  );
  const mid = (await live.jsonValue()) as { losses: number; lines: number; progress: number };
  assert.ok(mid.losses < 10 && mid.lines === mid.losses, `mid-run: ${mid.losses} loss points of 10, ${mid.lines} lines`);
  assert.is(mid.progress, mid.losses * 10, 'the progress bar is at the last printed epoch');
  const run = await finished;
  assert.is(run.status, 'done', run.error);
  assert.equal(
    run.losses.map((p) => p[0]),
    [10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
    'one point per printed loss line',
  );
  assert.equal(run.figures, ['002-1-forecast.svg']);
  assert.is(await page.locator('#figures svg').count(), 1);
  assert.is(await page.locator('#loss polyline').count(), 1);
  await page.screenshot({ path: join(SHOTS, 'playground-002-1.png') });
});

s('Stop terminates a long training; the page stays responsive and runs the next program', async () => {
  await page.click('#list button[data-key="002-2"]');
  await page.fill('#args', '--epochs 200');
  await page.click('#run');
  await page.waitForFunction(() => (window as any).playground.run.status === 'running');
  await page.waitForTimeout(500);
  const clicked = Date.now();
  await page.click('#stop');
  const status = await page.evaluate(() => (window as any).playground.run.status);
  assert.is(status, 'stopped');
  assert.ok(Date.now() - clicked < 2000, 'the page answered the click while the worker trained');
  const run = await runInPage(page, '004-1', []);
  assert.is(run.status, 'done', run.error);
  assert.equal(run.lines, nodeLines('004-1', []));
});

s('a mistyped option fails in the page as in the CLI, before anything runs', async () => {
  const run = await runInPage(page, '002-1', ['--epoch', '3']);
  assert.is.not(run.status, 'done');
  assert.match(run.error, "002-1: unknown option '--epoch' (did you mean --epochs?)");
  assert.equal(run.lines, []);
});

s('an own demo (lstm-gates) runs in the page: console lines stream in, its plots become figures', async () => {
  const run = await runInPage(page, 'lstm-gates', ['--epochs', '2']);
  assert.is(run.status, 'done', run.error);
  assert.ok(
    run.lines.some((l) => /^Epoch \[2\/2\], Loss: /.test(l)),
    run.lines.join('\n'),
  );
  assert.equal(run.figures, ['lstm-gates-activations.svg', 'lstm-gates-trace.svg']);
});

s.run();

// ---- the plain-SIMD fallback

const f = suite('playground on the plain-SIMD build (?wasm=simd)');
let simdSession: Session;
let simdPage: Page;
f.before(async () => {
  simdSession = await startSession(WEB);
  simdPage = await simdSession.open('?wasm=simd');
});
f.after(async () => {
  await simdSession?.close();
});

f('the page reports the simd build, and 002-1 prints the lines of Node on the simd build', async () => {
  assert.is(await simdPage.evaluate(() => (window as any).playground.build), 'simd');
  const argv = ['--epochs', '30'];
  const run = await runInPage(simdPage, '002-1', argv);
  assert.is(run.status, 'done', run.error);
  const want = nodeLines('002-1', argv, 'simd');
  assert.equal(run.lines, want, firstDiff(run.lines, want));
  console.log(`  002-1 on simd: ${run.lines.length} lines equal`);
});

f.run();

// ---- the translator

const t = suite('the translator in the page');
let trSession: Session;
let trPage: Page;
const EPOCHS = 20;
const SENTENCE = 'die katze sitzt auf dem tisch .';
t.before(async () => {
  trSession = await startSession(WEB);
  trPage = await trSession.open('#translator');
});
t.after(async () => {
  await trSession?.close();
});

/** Waits for the next translation shown in the page and returns it. */
async function translation(p: Page, before: string | undefined): Promise<any> {
  await p.waitForFunction((b) => document.body.dataset.translation !== undefined && document.body.dataset.translation !== b, before, { timeout: RUN_TIMEOUT });
  return p.evaluate(() => (window as any).playground.translator.last);
}

t('trains on the embedded corpus with the losses of Node, translates with a heat-map; the model saved in the page loads in Node', async () => {
  await trPage.fill('#tr-epochs', String(EPOCHS));
  await trPage.fill('#tr-sentence', SENTENCE);
  const before = await trPage.evaluate(() => document.body.dataset.translation);
  await trPage.click('#tr-train');
  const r = await translation(trPage, before);
  const losses: number[] = await trPage.evaluate(() => (window as any).playground.translator.epochLosses);
  const node = trainTranslator(EPOCHS);
  assert.equal(losses, node.losses, 'the same seed gives the same epoch losses in the page and in Node');
  assert.is((await trPage.evaluate(() => (window as any).playground.translator.losses)).length, EPOCHS, 'the loss curve has a point per epoch');
  const nodeView = translateView(node.tr, SENTENCE);
  assert.is(r.text, nodeView.text);
  assert.ok(r.text.length > 0 && r.attention.length > 0);
  assert.is(await trPage.locator('#tr-heatmap svg').count(), 1, 'the attention heat-map is drawn');
  assert.equal(r.source, nodeView.source);
  await trPage.screenshot({ path: join(SHOTS, 'translator.png') });

  const [download] = await Promise.all([trPage.waitForEvent('download'), trPage.click('#tr-save')]);
  assert.is(download.suggestedFilename(), 'translator.safetensors');
  const file = join(SHOTS, 'translator-page.safetensors');
  await download.saveAs(file);
  const loaded = loadTranslator(new Uint8Array(readFileSync(file)));
  const v = translateView(loaded, SENTENCE);
  assert.is(v.text, r.text, "Node translates with the page's model as the page does");
  assert.equal(v.attention, r.attention);
  console.log(`  translator: "${SENTENCE}" → "${r.text}" in the page and in Node (${EPOCHS} epochs)`);
});

t('a model trained and saved in Node loads in the page (file input) and translates as in Node', async () => {
  const node = trainTranslator(3);
  const file = join(SHOTS, 'translator-node.safetensors');
  writeFileSync(file, saveTranslator(node.tr));
  const sentence = 'der hund schlaft unter dem baum .';
  await trPage.fill('#tr-sentence', sentence);
  const before = await trPage.evaluate(() => document.body.dataset.translation);
  await trPage.setInputFiles('#tr-load', file);
  const r = await translation(trPage, before);
  const want = translateView(node.tr, sentence);
  assert.is(r.text, want.text);
  assert.equal(r.attention, want.attention);
  assert.match((await trPage.textContent('#tr-status')) ?? '', /^loaded/);
});

t('a TSV chosen in the page is the training corpus', async () => {
  const tsv = 'ich bin hier .\ti am here .\ndu bist hier .\tyou are here .\n';
  const file = join(SHOTS, 'tiny.tsv');
  writeFileSync(file, tsv);
  await trPage.setInputFiles('#tr-tsv', file);
  await trPage.waitForFunction(() => /tiny\.tsv/.test(document.getElementById('tr-corpus')!.textContent!));
  await trPage.fill('#tr-epochs', '2');
  await trPage.fill('#tr-sentence', 'ich bin hier .');
  const before = await trPage.evaluate(() => document.body.dataset.translation);
  await trPage.click('#tr-train');
  const r = await translation(trPage, before);
  const node = trainTranslator(2, tsv);
  assert.is(r.text, translateView(node.tr, 'ich bin hier .').text);
  assert.match((await trPage.textContent('#tr-status')) ?? '', /trained on 2 pairs/);
});

t.run();
