// The playground's module worker: runs one article program or own demo (the same modules as the CLI)
// with a host that posts every printed line, figure and progress step to the page as it comes, and
// holds the page's translator. Training loops are synchronous, so the page stops a run by
// terminating this worker and starting a fresh one.
import './wasm-choice.js'; // first: ?wasm=simd must be set before the engine picks its build
import { wasmBuild } from '../engine/index.js';
import type { seq2seq } from '../engine/index.js';
import { ARTICLES, PROGRAMS } from '../examples/articles/index.js';
import { checkOptions } from '../examples/lib/args.js';
import { setDefaultHost, type Host } from '../examples/lib/output.js';
import type { WorkloadId } from '../bench/workloads.js';
import { timeWarm, warmWorkload, type WarmWorkload } from './bench.js';
import { checkThreads } from './threads-check.js';
import { modules } from 'seqgrad:programs';
import type { FromWorker, ProgramInfo, ToWorker } from './protocol.js';
import { loadTranslator, saveTranslator, trainTranslator, translateView } from './translator.js';

const scope = self as unknown as {
  postMessage(m: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  location: Location;
};
const post = (m: FromWorker, transfer?: Transferable[]) => scope.postMessage(m, transfer ?? []);

/** The page's host: lines, figures, notes and progress to the page; data files from the static folder's data/. */
const pageHost: Host = {
  line: (text) => post({ type: 'line', text }),
  figure: (name, svg) => post({ type: 'figure', name, svg }),
  note: (text) => post({ type: 'note', text }),
  progress: (label, i, total, extra) => post({ type: 'progress', label, i, total, extra }),
  readData: async (file, path) => {
    if (path !== undefined) throw new Error(`--data ${path}: the page reads only the data files deployed with it (data/${file})`);
    const r = await fetch(new URL(`data/${file}`, scope.location.href));
    return r.ok ? r.text() : null;
  },
};
setDefaultHost(pageHost);
// the own demos print with console.log: their lines go to the page too
console.log = (...values: unknown[]) => pageHost.line(values.map(String).join(' '));

type Runnable = {
  meta: { id?: string; name: string; title: string; fixes?: readonly string[]; options?: Readonly<Record<string, string>> };
  main: (argv: string[]) => Promise<void>;
};
const runnable = modules.filter((m): m is Runnable => m.meta !== undefined && typeof m.main === 'function');
const keyOf = (m: Runnable) => m.meta.id ?? m.meta.name;

function programList(): ProgramInfo[] {
  const out: ProgramInfo[] = [];
  for (const p of PROGRAMS) {
    const port = runnable.find((m) => m.meta.id === p.id);
    out.push({
      key: p.id,
      id: p.id,
      name: port?.meta.name ?? '',
      title: port?.meta.title ?? p.what,
      fixes: port?.meta.fixes ?? [],
      lines: p.lines,
      what: p.what,
      textOnly: p.textOnly || !port,
      ported: !!port,
      article: ARTICLES.find((a) => p.id.startsWith(`${a.key}-`))?.file,
    });
  }
  for (const m of runnable.filter((d) => !d.meta.id)) out.push({ key: m.meta.name, name: m.meta.name, title: m.meta.title, fixes: [] });
  return out;
}

let translator: seq2seq.Translator | null = null;
let warm: WarmWorkload | null = null;

async function handle(msg: ToWorker): Promise<void> {
  const t0 = performance.now();
  switch (msg.type) {
    case 'run': {
      const m = runnable.find((d) => keyOf(d) === msg.key || d.meta.name === msg.key);
      if (!m) throw new Error(`no program or demo named '${msg.key}'`);
      if (m.meta.options) checkOptions(msg.argv, m.meta.options, m.meta.id ?? m.meta.name); // a mistyped option fails as in the CLI
      await m.main(msg.argv);
      break;
    }
    case 'tr-train': {
      const { tr, pairs, losses } = trainTranslator(msg.epochs, msg.tsv, (epoch, loss) => {
        post({ type: 'progress', label: 'translator', i: epoch, total: msg.epochs, extra: `loss ${loss.toFixed(4)}` });
        post({ type: 'line', text: `Epoch [${epoch}/${msg.epochs}], Loss: ${loss.toFixed(4)}` });
      });
      translator = tr;
      post({
        type: 'tr-trained',
        pairs,
        srcVocab: tr.srcVocab.length,
        tgtVocab: tr.tgtVocab.length,
        params: tr.model.numParameters(),
        losses,
        ms: performance.now() - t0,
      });
      break;
    }
    case 'tr-translate':
      if (!translator) throw new Error('translate: train or load a model first');
      post({ type: 'tr-translation', result: translateView(translator, msg.sentence, msg.beam) });
      break;
    case 'tr-save': {
      if (!translator) throw new Error('save: train or load a model first');
      const bytes = saveTranslator(translator);
      post({ type: 'tr-saved', bytes }, [bytes.buffer]);
      break;
    }
    case 'tr-load':
      translator = loadTranslator(msg.bytes);
      post({ type: 'tr-loaded', srcVocab: translator.srcVocab.length, tgtVocab: translator.tgtVocab.length });
      break;
    case 'bench':
      // phases 'warm' then 'time': the bench harness reads this thread's CPU time in between
      if (msg.phase === 'warm') {
        warm = warmWorkload(msg.id as WorkloadId, msg.opts);
        post({ type: 'bench-warm', id: msg.id });
      } else {
        if (!warm || warm.w.id !== msg.id) throw new Error(`bench: workload ${msg.id} was not warmed up first`);
        post({ type: 'bench-result', ...timeWarm(warm, msg.opts) });
        warm = null;
      }
      break;
    case 'threads':
      post({ type: 'threads-result', report: await checkThreads(msg.counts) });
      break;
  }
  post({ type: 'done', ms: performance.now() - t0 });
}

// one message at a time, in order (a translation request waits for the training before it)
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e) => {
  queue = queue.then(() => handle(e.data)).catch((err: Error) => post({ type: 'done', ms: 0, error: err.message ?? String(err) }));
};

post({ type: 'ready', build: wasmBuild, programs: programList(), articles: ARTICLES.map((a) => ({ ...a })) });
