// The playground page: lists every article program and own demo, runs the chosen one in a module
// worker (web/worker.ts) and shows its lines, a live loss curve, progress and figures as they come;
// Stop terminates the worker. The translator tab trains, translates (with the attention heat-map),
// saves and loads a seq2seq model in a second worker, so stopping a program never loses it.
import type { FromWorker, ProgramInfo, ToWorker, TranslationView } from './protocol.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const wasmParam = new URL(location.href).searchParams.get('wasm');
const workerUrl = `worker.js${wasmParam ? `?wasm=${encodeURIComponent(wasmParam)}` : ''}`;

/** What the tests read: the state of the current run and its printed lines. */
const state = {
  build: null as string | null,
  programs: [] as ProgramInfo[],
  run: {
    key: '',
    status: 'idle' as 'idle' | 'running' | 'done' | 'error' | 'stopped',
    lines: [] as string[],
    figures: [] as string[],
    svgs: [] as [string, string][],
    losses: [] as [number, number][],
    error: '',
    ms: 0,
  },
  translator: {
    status: 'none' as 'none' | 'training' | 'ready' | 'error',
    losses: [] as [number, number][],
    epochLosses: [] as number[],
    last: null as TranslationView | null,
    error: '',
  },
};
(window as unknown as { playground: typeof state }).playground = state;

/** A module worker and a promise of its 'ready' message. */
function startWorker(onMessage: (m: FromWorker) => void): { worker: Worker; ready: Promise<FromWorker & { type: 'ready' }> } {
  const worker = new Worker(workerUrl, { type: 'module' });
  const ready = new Promise<FromWorker & { type: 'ready' }>((ok) => {
    worker.onmessage = (e: MessageEvent<FromWorker>) => {
      if (e.data.type === 'ready') {
        ok(e.data);
        worker.onmessage = (ev: MessageEvent<FromWorker>) => onMessage(ev.data);
      }
    };
  });
  worker.onerror = (e) => onMessage({ type: 'done', ms: 0, error: e.message || 'the worker failed to load' });
  return { worker, ready };
}

// ---- the loss curve: the points of every "Epoch [n/N] … Loss: v" line (or progress 'loss v'), redrawn as they come

const LOSS_LINE = /Epoch\s*\[?\s*(\d+)\s*\/\s*(\d+)\s*\]?.*?loss\s*[:=]?\s*([-+]?\d*\.?\d+(?:e[-+]?\d+)?)/i;

/** A loss curve of (epoch, loss) points on an x axis of `total` epochs. */
function drawCurve(el: HTMLElement, points: readonly [number, number][], total: number): void {
  if (points.length === 0) {
    el.innerHTML = '';
    return;
  }
  const w = 380,
    h = 160,
    left = 58,
    bottom = 26;
  const ys = points.map((p) => p[1]);
  const lo = Math.min(...ys),
    hi = Math.max(...ys);
  const n = Math.max(total, points[points.length - 1][0], 2);
  const x = (e: number) => left + ((w - left - 8) * (e - 1)) / (n - 1);
  const y = (v: number) => 8 + (h - bottom - 8) * (hi === lo ? 0.5 : (hi - v) / (hi - lo));
  const pts = points.map(([e, v]) => `${x(e).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const dots = points.length <= 60 ? points.map(([e, v]) => `<circle cx="${x(e).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="#1f77b4"/>`).join('') : '';
  el.innerHTML = `<svg viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="loss curve">
    <rect x="${left}" y="8" width="${w - left - 8}" height="${h - bottom - 8}" fill="#fafafa" stroke="#ccc"/>
    <polyline points="${pts}" fill="none" stroke="#1f77b4" stroke-width="2"/>${dots}
    <text x="${left - 4}" y="14" font-size="10" text-anchor="end">${hi.toPrecision(3)}</text>
    <text x="${left - 4}" y="${h - bottom}" font-size="10" text-anchor="end">${lo.toPrecision(3)}</text>
    <text x="${(w + left) / 2}" y="${h - 6}" font-size="11" text-anchor="middle">loss at epoch ${points[points.length - 1][0]} of ${total}: ${ys[ys.length - 1].toPrecision(4)}</text>
  </svg>`;
}

// ---- programs

let runner: ReturnType<typeof startWorker> | null = null;
let lossTotal = 0;

function onRunMessage(m: FromWorker): void {
  const run = state.run;
  switch (m.type) {
    case 'line':
      for (const l of m.text.split('\n')) {
        run.lines.push(l);
        const hit = LOSS_LINE.exec(l);
        if (hit) {
          run.losses.push([Number(hit[1]), Number(hit[3])]);
          lossTotal = Number(hit[2]);
          drawCurve($('loss'), run.losses, lossTotal);
          onRunMessage({ type: 'progress', label: 'epoch', i: Number(hit[1]), total: lossTotal, extra: `loss ${hit[3]}` });
        }
      }
      $('output').append(`${m.text}\n`);
      $('output').scrollTop = $('output').scrollHeight;
      break;
    case 'note':
      $('output').append(Object.assign(document.createElement('span'), { className: 'note', textContent: `${m.text}\n` }));
      break;
    case 'figure': {
      run.figures.push(m.name);
      run.svgs.push([m.name, m.svg]);
      const fig = document.createElement('figure');
      fig.innerHTML = `${m.svg}<figcaption>${m.name}</figcaption>`;
      $('figures').append(fig);
      break;
    }
    case 'progress': {
      const p = $<HTMLProgressElement>('progress');
      p.max = m.total;
      p.value = m.i;
      p.hidden = false;
      $('progress-label').textContent = `${m.label} ${m.i}/${m.total} ${m.extra}`;
      break;
    }
    case 'done':
      run.status = m.error ? 'error' : 'done';
      run.error = m.error ?? '';
      run.ms = m.ms;
      setStatus(m.error ? `failed: ${m.error}` : `finished in ${(m.ms / 1000).toFixed(2)} s`);
      $<HTMLButtonElement>('stop').disabled = true;
      $<HTMLButtonElement>('run').disabled = false;
      break;
    default:
      break;
  }
}

function setStatus(text: string): void {
  $('status').textContent = text;
  document.body.dataset.run = state.run.status;
}

function select(p: ProgramInfo): void {
  for (const b of document.querySelectorAll('#list button')) b.classList.toggle('selected', (b as HTMLElement).dataset.key === p.key);
  $('title').textContent = p.id ? `${p.id} · ${p.name}` : p.name;
  $('what').textContent = p.title;
  $('source').textContent = p.id ? `article ${p.article ?? ''}, lines ${p.lines?.[0]}–${p.lines?.[1]}` : "the project's own demo";
  $('fixes').innerHTML = '';
  for (const f of p.fixes) $('fixes').append(Object.assign(document.createElement('li'), { textContent: `fix: ${f}` }));
  $<HTMLButtonElement>('run').dataset.key = p.key;
  $<HTMLButtonElement>('run').disabled = !!p.textOnly;
  if (p.textOnly) setStatus(p.ported === false ? 'not ported yet' : `prose only: read the article's lines ${p.lines?.[0]}–${p.lines?.[1]}`);
}

async function run(key: string, argv: string[]): Promise<void> {
  stop('stopped');
  Object.assign(state.run, { key, status: 'running', lines: [], figures: [], svgs: [], losses: [], error: '', ms: 0 });
  lossTotal = 0;
  $('output').textContent = '';
  $('figures').innerHTML = '';
  $('loss').innerHTML = '';
  $<HTMLProgressElement>('progress').hidden = true;
  $('progress-label').textContent = '';
  setStatus(`running ${key} ${argv.join(' ')}…`);
  $<HTMLButtonElement>('stop').disabled = false;
  $<HTMLButtonElement>('run').disabled = true;
  const mine = startWorker(onRunMessage);
  runner = mine;
  await mine.ready;
  if (runner !== mine) return; // stopped (or replaced) while the worker loaded
  mine.worker.postMessage({ type: 'run', key, argv } satisfies ToWorker);
}

function stop(status: 'stopped'): void {
  if (!runner) return;
  runner.worker.terminate();
  runner = null;
  if (state.run.status === 'running') {
    state.run.status = status;
    setStatus('stopped');
    $<HTMLButtonElement>('stop').disabled = true;
    $<HTMLButtonElement>('run').disabled = false;
  }
}

function renderList(programs: ProgramInfo[], articles: { key: string; file: string; subject: string }[]): void {
  const list = $('list');
  const item = (p: ProgramInfo) => {
    const b = document.createElement('button');
    b.dataset.key = p.key;
    b.innerHTML = `<b>${p.id ?? p.name}</b> <span>${escapeHtml(p.id ? (p.textOnly ? (p.what ?? '') : p.title) : p.title)}</span>${p.fixes.length ? ' <em>fixed</em>' : ''}${p.textOnly ? ` <em>${p.ported === false ? 'not ported yet' : 'prose only'}</em>` : ''}`;
    b.onclick = () => select(p);
    b.ondblclick = () => {
      select(p);
      if (!p.textOnly) void run(p.key, splitArgs($<HTMLInputElement>('args').value));
    };
    return b;
  };
  for (const a of articles) {
    list.append(Object.assign(document.createElement('h3'), { textContent: `${a.key} · ${a.subject}`, title: a.file }));
    for (const p of programs.filter((q) => q.id?.startsWith(`${a.key}-`))) list.append(item(p));
  }
  list.append(Object.assign(document.createElement('h3'), { textContent: "the project's own demos" }));
  for (const p of programs.filter((q) => !q.id)) list.append(item(p));
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const splitArgs = (s: string) => (s.trim() === '' ? [] : s.trim().split(/\s+/));

// ---- translator

let trWorker: ReturnType<typeof startWorker> | null = null;
let trTsv: string | undefined;

function trStatus(text: string): void {
  $('tr-status').textContent = text;
  document.body.dataset.translator = state.translator.status;
}

function onTrMessage(m: FromWorker): void {
  const t = state.translator;
  switch (m.type) {
    case 'progress':
      $<HTMLProgressElement>('tr-progress').max = m.total;
      $<HTMLProgressElement>('tr-progress').value = m.i;
      t.losses.push([m.i, Number(/loss ([-\d.e+]+)/.exec(m.extra)?.[1])]);
      drawCurve($('tr-loss'), t.losses, m.total);
      trStatus(`training: epoch ${m.i}/${m.total}, ${m.extra}`);
      break;
    case 'tr-trained':
      t.status = 'ready';
      t.epochLosses = m.losses;
      trStatus(`trained on ${m.pairs} pairs in ${(m.ms / 1000).toFixed(1)} s: vocabularies ${m.srcVocab} → ${m.tgtVocab}, ${m.params} parameters`);
      void translate();
      break;
    case 'tr-translation': {
      t.last = m.result;
      const r = m.result;
      $('tr-result').textContent = r.error ? r.error : `${r.text}${r.unknown.length ? `   (unknown: ${r.unknown.join(', ')})` : ''}`;
      $('tr-heatmap').innerHTML = r.svg;
      document.body.dataset.translation = String(Date.now());
      break;
    }
    case 'tr-saved': {
      const url = URL.createObjectURL(new Blob([m.bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
      const a = Object.assign(document.createElement('a'), { href: url, download: 'translator.safetensors' });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      break;
    }
    case 'tr-loaded':
      t.status = 'ready';
      trStatus(`loaded: vocabularies ${m.srcVocab} → ${m.tgtVocab}`);
      void translate();
      break;
    case 'done':
      if (m.error) {
        t.status = 'error';
        t.error = m.error;
        trStatus(`error: ${m.error}`);
      }
      break;
    default:
      break;
  }
}

async function trPost(msg: ToWorker, transfer: Transferable[] = []): Promise<void> {
  trWorker ??= startWorker(onTrMessage);
  await trWorker.ready;
  trWorker.worker.postMessage(msg, transfer);
}

async function translate(): Promise<void> {
  await trPost({ type: 'tr-translate', sentence: $<HTMLInputElement>('tr-sentence').value, beam: Number($<HTMLInputElement>('tr-beam').value) || 1 });
}

async function useTsv(file: File): Promise<void> {
  trTsv = await file.text();
  $('tr-corpus').textContent = `corpus: ${file.name} (${trTsv.split('\n').filter((l) => l.includes('\t')).length} lines with a tab)`;
}

function wireTranslator(): void {
  $('tr-train').onclick = () => {
    Object.assign(state.translator, { status: 'training', losses: [], last: null, error: '' });
    trStatus('training…');
    void trPost({ type: 'tr-train', epochs: Number($<HTMLInputElement>('tr-epochs').value) || 30, tsv: trTsv });
  };
  $('tr-go').onclick = () => void translate();
  $<HTMLInputElement>('tr-sentence').onkeydown = (e) => {
    if (e.key === 'Enter') void translate();
  };
  $('tr-save').onclick = () => void trPost({ type: 'tr-save' });
  $<HTMLInputElement>('tr-load').onchange = async (e) => {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (!f) return;
    const bytes = new Uint8Array(await f.arrayBuffer());
    await trPost({ type: 'tr-load', bytes }, [bytes.buffer]);
  };
  $<HTMLInputElement>('tr-tsv').onchange = (e) => {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (f) void useTsv(f);
  };
  const drop = $('tr-drop');
  drop.ondragover = (e) => {
    e.preventDefault();
    drop.classList.add('over');
  };
  drop.ondragleave = () => drop.classList.remove('over');
  drop.ondrop = (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const f = e.dataTransfer?.files[0];
    if (f) void useTsv(f);
  };
}

// ---- start

function showTab(name: string): void {
  for (const s of document.querySelectorAll<HTMLElement>('[data-tab]')) s.hidden = s.dataset.tab !== name;
  for (const b of document.querySelectorAll<HTMLElement>('nav button')) b.classList.toggle('selected', b.dataset.show === name);
}

async function start(): Promise<void> {
  for (const b of document.querySelectorAll<HTMLElement>('nav button')) b.onclick = () => showTab(b.dataset.show!);
  showTab(location.hash === '#translator' ? 'translator' : 'programs');
  $('run').onclick = () => void run($('run').dataset.key!, splitArgs($<HTMLInputElement>('args').value));
  $('stop').onclick = () => stop('stopped');
  wireTranslator();
  const probe = startWorker(() => {});
  const ready = await probe.ready;
  probe.worker.terminate();
  state.build = ready.build;
  state.programs = ready.programs;
  $('build').textContent = `wasm build: ${ready.build ?? 'none (naive JS)'} · ${crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated'}`;
  renderList(ready.programs, ready.articles);
  select(ready.programs.find((p) => p.id === '002-1') ?? ready.programs[0]);
  document.body.dataset.ready = 'true';
}

void start();
