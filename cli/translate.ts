// `seqgrad translate train|eval|run|split`: the attention translator's workflow on tab-separated
// sentence pairs (Tatoeba / PyTorch-tutorial format; first column = source, --reverse swaps).
import { copyFileSync, readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { manualSeed, plot, seq2seq } from '../engine/index.js';

type Args = { opts: Record<string, string | boolean>; pos: string[] };

const FLAGS = new Set(['reverse', 'help']);

function parse(argv: string[]): Args {
  const opts: Record<string, string | boolean> = {};
  const pos: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      pos.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const k = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (eq > 0) opts[k] = a.slice(eq + 1);
      else if (FLAGS.has(k)) opts[k] = true;
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--') && argv[i + 1] !== '-h') opts[k] = argv[++i];
      else throw new UsageError(`--${k} expects a value`);
    } else if (a === '-h') opts.help = true;
    else pos.push(a);
  }
  return { opts, pos };
}

class UsageError extends Error {}

function str(a: Args, k: string, dflt?: string): string | undefined {
  const v = a.opts[k];
  return typeof v === 'string' ? v : dflt;
}
function num(a: Args, k: string, dflt: number, { int = false, min = -Infinity, max = Infinity, below = Infinity } = {}): number {
  const v = a.opts[k];
  if (v === undefined) return dflt;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n) || (int && !Number.isInteger(n)) || n < min || n > max || n >= below) {
    const range = [min > -Infinity ? `≥ ${min}` : '', max < Infinity ? `≤ ${max}` : '', below < Infinity ? `< ${below}` : ''].filter(Boolean).join(' and ');
    throw new UsageError(`--${k} expects ${int ? 'an integer' : 'a number'}${range ? ` ${range}` : ''}, got ${String(v)}`);
  }
  return n;
}
function oneOf<T extends string>(a: Args, k: string, dflt: T, allowed: readonly T[]): T {
  const v = str(a, k, dflt)!;
  if (!allowed.includes(v as T)) throw new UsageError(`--${k} expects one of ${allowed.join(', ')}, got ${v}`);
  return v as T;
}
/** Creates dir (and parents) up front, so a bad --out fails before any work. */
function makeDir(dir: string, what: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UsageError(`cannot create ${what} ${dir}: ${(e as Error).message}`);
  }
}
/** Writes a file, or a UsageError naming it. */
function writeOut(path: string, text: string, what: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new UsageError(`cannot write ${what} ${path}: ${(e as Error).message}`);
  }
}
/** All of stdin (a pipe may be empty for a while: async reads wait instead of failing with EAGAIN). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
function need(a: Args, k: string): string {
  const v = str(a, k);
  if (v === undefined) throw new UsageError(`--${k} is required`);
  return v;
}
function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

/** Each subcommand's usage lines. */
const SUB_USAGE: Record<string, string> = {
  train: `  seqgrad translate train [--data pairs.tsv] --out DIR [--minutes N] [--epochs N] [options]
      trains on tab-separated pairs (source<TAB>target[<TAB>…]; default: the embedded German→English corpus)
      --reverse            swap the columns            --max-len N        keep pairs shorter than N tokens
      --prefixes P         keep targets starting with one of P (comma-separated, or 'tutorial')
      --val F              validation fraction of source sentences (default 0.05)
      --batch N (32)  --lr X (0.001)  --clip X (1)  --emb N (128)  --hidden N (128)  --dec-hidden N (2·hidden)
      --layers N (1)  --rnn gru|lstm  --attention bahdanau|dot|general|concat  --dropout X (0)
      --teacher-forcing X (1)  --seed N (0)  --steps N (stop after N steps)`,
  eval: `  seqgrad translate eval --model DIR --data FILE [--reverse] [--beam N] [--predictions OUT.tsv]
      corpus BLEU-4 and exact match over the distinct source sentences of FILE (references grouped)`,
  run: `  seqgrad translate run --model DIR [--beam N] [--svg PATH] "sentence" …   (or one sentence per line on stdin)
      prints translations and writes the attention heat-map(s) as SVG (default out/attention.svg)`,
  split: `  seqgrad translate split --data FILE --fraction F --train-out A --test-out B [--reverse]
      deterministic held-out split grouped by (normalised) source sentence; lines are copied verbatim`,
  export: `  seqgrad translate export --model DIR --out DIR
      ONNX for serving: encoder.onnx + decoder_step.onnx (attention included), vocab.json, onnx-config.json,
      and translate.mjs, greedy decoding with ONNX Runtime alone (node translate.mjs DIR "sentence" …)`,
};
const USAGE = `usage:\n${Object.values(SUB_USAGE).join('\n')}`;

/** The options each subcommand reads (an unknown one is a UsageError, not silently ignored). */
const KNOWN: Record<string, readonly string[]> = {
  train: [
    'data',
    'out',
    'minutes',
    'epochs',
    'reverse',
    'max-len',
    'prefixes',
    'val',
    'batch',
    'lr',
    'clip',
    'emb',
    'hidden',
    'dec-hidden',
    'layers',
    'rnn',
    'attention',
    'dropout',
    'teacher-forcing',
    'seed',
    'steps',
  ],
  eval: ['model', 'data', 'reverse', 'beam', 'predictions'],
  run: ['model', 'beam', 'svg'],
  split: ['data', 'fraction', 'train-out', 'test-out', 'reverse'],
  export: ['model', 'out'],
};

function checkKnown(sub: string, a: Args): void {
  for (const k of Object.keys(a.opts)) {
    if (k === 'help' || KNOWN[sub].includes(k)) continue;
    const near = KNOWN[sub].find((o) => o.startsWith(k) || k.startsWith(o) || o.replace(/-/g, '') === k.replace(/[-_]/g, '').toLowerCase());
    throw new UsageError(`unknown option '--${k}'${near ? ` (did you mean --${near}?)` : ''}; it takes ${KNOWN[sub].map((o) => `--${o}`).join(', ')}`);
  }
}

/** TTY: a bar redrawn in place; otherwise nothing (epoch lines carry the progress). */
function bar(label: string, i: number, n: number, extra: string): void {
  if (!process.stdout.isTTY) return;
  const w = 24;
  const f = Math.round((w * i) / n);
  process.stdout.write(`\r${label} [${'#'.repeat(f)}${'.'.repeat(w - f)}] ${i}/${n} ${extra}\x1b[K`);
}
function endBar(): void {
  if (process.stdout.isTTY) process.stdout.write('\r\x1b[K');
}

function loadPairs(a: Args, path: string | undefined): seq2seq.Pair[] {
  const reverse = a.opts.reverse === true;
  if (path === undefined) return seq2seq.defaultCorpus({ reverse });
  try {
    return seq2seq.parsePairs(readText(path, 'data file'), { reverse });
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${path}: ${(e as Error).message}`);
  }
}

function saveCheckpoint(tr: seq2seq.Translator, dir: string, meta: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  const { model, vocab } = tr.serialize(meta);
  writeFileSync(join(dir, `${seq2seq.MODEL_FILE}.tmp`), model);
  writeFileSync(join(dir, `${seq2seq.VOCAB_FILE}.tmp`), vocab);
  renameSync(join(dir, `${seq2seq.MODEL_FILE}.tmp`), join(dir, seq2seq.MODEL_FILE));
  renameSync(join(dir, `${seq2seq.VOCAB_FILE}.tmp`), join(dir, seq2seq.VOCAB_FILE));
}

async function train(a: Args): Promise<void> {
  const out = need(a, 'out');
  makeDir(out, 'the output directory');
  const dataPath = str(a, 'data');
  let pairs = loadPairs(a, dataPath);
  const maxLen = a.opts['max-len'] !== undefined ? num(a, 'max-len', 0, { int: true, min: 2 }) : undefined;
  const px = str(a, 'prefixes');
  const prefixes =
    px === undefined
      ? undefined
      : px === 'tutorial'
        ? seq2seq.TUTORIAL_PREFIXES
        : px
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
  pairs = seq2seq.filterPairs(pairs, { maxLen, prefixes });
  if (pairs.length === 0) throw new UsageError('no sentence pairs left after filtering');
  const valFrac = num(a, 'val', 0.05, { min: 0, below: 1 });
  const [trainPairs, valPairs] = seq2seq.splitBySource(pairs, valFrac, '#val');
  const seed = num(a, 'seed', 0, { int: true, min: 0 });
  manualSeed(seed);
  const v = seq2seq.buildVocabs(trainPairs);
  const maxSrc = pairs.reduce((m, p) => Math.max(m, p.src.split(' ').length), -Infinity) + 1;
  const maxTgt = pairs.reduce((m, p) => Math.max(m, p.tgt.split(' ').length), -Infinity) + 1;
  const hidden = num(a, 'hidden', 128, { int: true, min: 1 });
  const rnn = oneOf<seq2seq.RnnType>(a, 'rnn', 'gru', ['gru', 'lstm']);
  const attention = oneOf<seq2seq.AttentionType>(a, 'attention', 'bahdanau', ['bahdanau', 'dot', 'general', 'concat']);
  const tr = seq2seq.Translator.create(v.src, v.tgt, {
    embSize: num(a, 'emb', 128, { int: true, min: 1 }),
    hiddenSize: hidden,
    decHiddenSize: a.opts['dec-hidden'] !== undefined ? num(a, 'dec-hidden', 0, { int: true, min: 1 }) : undefined,
    numLayers: num(a, 'layers', 1, { int: true, min: 1 }),
    rnn,
    attention,
    dropout: num(a, 'dropout', 0, { min: 0, max: 1 }),
    // room for longer input at run time than seen in training, and a generation limit around the longest target
    maxSrcLen: Math.max(50, 2 * maxSrc),
    maxTgtLen: Math.max(20, 2 * maxTgt),
  });
  const enc = seq2seq.encodePairs(trainPairs, v.src, v.tgt);
  const val = seq2seq.encodePairs(valPairs, v.src, v.tgt);
  const minutes = a.opts.minutes !== undefined ? num(a, 'minutes', 0, { min: 0 }) : undefined;
  const epochs = a.opts.epochs !== undefined ? num(a, 'epochs', 0, { int: true, min: 1 }) : undefined;
  console.log(
    `data: ${dataPath ?? 'embedded German→English corpus'}: ${pairs.length} pairs (${trainPairs.length} train, ${valPairs.length} validation, grouped by source sentence)`,
  );
  console.log(
    `vocabulary: ${v.src.length} source, ${v.tgt.length} target tokens; model: ${tr.model.numParameters()} parameters (${JSON.stringify({ ...tr.model.cfg, srcVocabSize: undefined, tgtVocabSize: undefined })})`,
  );
  console.log(
    `training ${epochs !== undefined ? `${epochs} epochs` : ''}${epochs !== undefined && minutes !== undefined ? ', ' : ''}${minutes !== undefined ? `at most ${minutes} min` : ''}${epochs === undefined && minutes === undefined ? '10 epochs' : ''}; checkpoints in ${out}`,
  );
  const cpu0 = process.cpuUsage();
  const res = seq2seq.trainSeq2Seq(tr.model, enc, {
    epochs,
    minutes,
    val,
    seed,
    maxSteps: a.opts.steps !== undefined ? num(a, 'steps', 0, { int: true, min: 1 }) : undefined,
    batchSize: num(a, 'batch', 32, { int: true, min: 1 }),
    lr: num(a, 'lr', 1e-3, { min: 0 }),
    clip: num(a, 'clip', 1, { min: 0 }),
    teacherForcingRatio: num(a, 'teacher-forcing', 1, { min: 0, max: 1 }),
    onStep: (s) => bar(`epoch ${s.epoch}`, s.step, s.stepsPerEpoch, `loss ${s.loss.toFixed(3)} ${s.seconds.toFixed(0)} s`),
    onEpoch: (e) => {
      endBar();
      console.log(
        `epoch ${e.epoch}${e.partial ? ' (partial)' : ''}: train loss ${e.trainLoss.toFixed(4)}${e.valLoss !== null ? `, val loss ${e.valLoss.toFixed(4)}` : ''}${e.best ? ' *' : ''} (${e.seconds.toFixed(1)} s)`,
      );
      // the best model so far is on disk at every improvement, so an interrupted run keeps it
      if (e.best || e.valLoss === null) {
        const was = tr.model.training;
        saveCheckpoint(tr, out, { epoch: String(e.epoch) });
        tr.model.train(was);
      }
    },
  });
  endBar();
  saveCheckpoint(tr, out, { epoch: String(res.bestEpoch || res.epochs), seconds: res.seconds.toFixed(1) });
  console.log(
    `done: ${res.epochs} epochs, ${res.steps} steps in ${res.seconds.toFixed(1)} s (${cpuSeconds(cpu0).toFixed(1)} s CPU)${res.stoppedByBudget ? ' (stopped at the time or step budget)' : ''}` +
      `${res.bestValLoss !== null ? `; best val loss ${res.bestValLoss.toFixed(4)} at epoch ${res.bestEpoch}` : ''}; saved ${join(out, seq2seq.MODEL_FILE)} + ${seq2seq.VOCAB_FILE}`,
  );
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

async function loadModel(a: Args): Promise<seq2seq.Translator> {
  const dir = need(a, 'model');
  try {
    return await seq2seq.Translator.load(dir);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

async function evaluate(a: Args): Promise<void> {
  const tr = await loadModel(a);
  const dataPath = need(a, 'data');
  const groups = seq2seq.groupBySource(loadPairs(a, dataPath));
  const beam = num(a, 'beam', 1, { int: true, min: 1, max: seq2seq.MAX_BEAM_WIDTH });
  const t0 = Date.now();
  const results: seq2seq.TranslationResult[] = [];
  const chunk = 64;
  for (let i = 0; i < groups.length; i += chunk) {
    results.push(
      ...tr.translate(
        groups.slice(i, i + chunk).map((g) => g.src),
        { beam },
      ),
    );
    bar('translating', Math.min(i + chunk, groups.length), groups.length, '');
  }
  endBar();
  const hyps = results.map((r) => r.tokens);
  const refs = groups.map((g) => g.refs.map((r) => r.split(' ')));
  const b = seq2seq.corpusBleu(hyps, refs);
  const em = seq2seq.exactMatch(hyps, refs);
  const failed = results.filter((r) => r.error).length;
  console.log(`BLEU = ${(100 * b.bleu).toFixed(1)}`);
  console.log(
    `exact match = ${(100 * em).toFixed(1)}% (${Math.round(em * groups.length)}/${groups.length} source sentences, ${groups.reduce((n, g) => n + g.refs.length, 0)} references)`,
  );
  console.log(
    `details: ${b.precisions.map((p) => (100 * p).toFixed(1)).join('/')} (BP = ${b.bp.toFixed(3)}, ratio = ${(b.hypLen / Math.max(1, b.refLen)).toFixed(3)}, hyp_len = ${b.hypLen}, ref_len = ${b.refLen}); ${beam > 1 ? `beam ${beam}` : 'greedy'}, ${((Date.now() - t0) / 1000).toFixed(1)} s${failed ? `; ${failed} sentences could not be translated` : ''}`,
  );
  const pred = str(a, 'predictions');
  if (pred) {
    writeOut(pred, results.map((r, i) => `${groups[i].src}\t${r.text}\n`).join(''), 'predictions');
    console.log(`predictions written to ${pred}`);
  }
}

async function run(a: Args): Promise<void> {
  const tr = await loadModel(a);
  let sentences = a.pos;
  if (sentences.length === 0) {
    if (process.stdin.isTTY) throw new UsageError('give sentences as arguments or one per line on stdin');
    sentences = (await readStdin()).split(/\r?\n/).filter((l) => l.trim() !== '');
  }
  const beam = num(a, 'beam', 1, { int: true, min: 1, max: seq2seq.MAX_BEAM_WIDTH });
  const svg = str(a, 'svg', 'out/attention.svg')!;
  const results = tr.translate(sentences, { beam });
  let written = 0;
  results.forEach((r, i) => {
    if (r.error) {
      console.log(`${r.input}\t[${r.error}]`);
      return;
    }
    console.log(`${r.input}\t${r.text}`);
    if (r.unknown.length) console.log(`  (unknown words, read as <UNK>: ${r.unknown.join(', ')})`);
    const path = results.length === 1 ? svg : svg.replace(/(\.svg)?$/, `-${i + 1}.svg`);
    heatmap(path, r.attention, [...r.tokens, '<EOS>'].slice(0, r.attention.length), r.source, {
      title: `${r.input} → ${r.text}`,
      xLabel: 'source',
      yLabel: 'translation',
    });
    written++;
    if (results.length === 1 || written <= 3) console.log(`  attention heat-map: ${path}`);
  });
  if (written > 3) console.log(`  … ${written} heat-maps in all`);
}

/** Writes plot.heatmapSvg(...args) to path (creating the folder). */
function heatmap(path: string, ...args: Parameters<typeof plot.heatmapSvg>): void {
  makeDir(dirname(path), 'the heat-map folder');
  writeOut(path, plot.heatmapSvg(...args), 'the heat-map');
}

async function split(a: Args): Promise<void> {
  const path = need(a, 'data');
  const frac = num(a, 'fraction', 0.1, { min: 0, below: 1 });
  const lines = readText(path, 'data file')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const reverse = a.opts.reverse === true;
  // the pairs are parsed for their normalised source; the output keeps the original lines
  const pairs = lines.map((l, i) => {
    const p = seq2seq.parsePairs(l, { reverse })[0];
    if (!p) throw new UsageError(`${path}: line ${i + 1} is not a sentence pair`);
    return { ...p, line: l };
  });
  const [rest, held] = seq2seq.splitBySource(pairs, frac);
  const heldSet = new Set(held);
  const trainOut = need(a, 'train-out');
  const testOut = need(a, 'test-out');
  writeOut(
    trainOut,
    pairs
      .filter((p) => !heldSet.has(p))
      .map((p) => `${p.line}\n`)
      .join(''),
    '--train-out',
  );
  writeOut(testOut, held.map((p) => `${p.line}\n`).join(''), '--test-out');
  const nsrc = (ps: seq2seq.Pair[]) => new Set(ps.map((p) => p.src)).size;
  console.log(
    `${path}: ${pairs.length} pairs, ${nsrc(pairs)} source sentences → train ${rest.length} pairs (${nsrc(rest)} sources), test ${held.length} pairs (${nsrc(held)} sources)`,
  );
}

/** `translate export`: the two ONNX graphs, the vocabularies, the config and the ONNX Runtime example. */
async function exportOnnx(a: Args): Promise<void> {
  const tr = await loadModel(a);
  const out = need(a, 'out');
  const ex = seq2seq.exportTranslatorOnnx(tr);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, ex.config.encoder), ex.encoder);
  writeFileSync(join(out, ex.config.decoder), ex.decoder);
  writeFileSync(join(out, ex.config.vocab), tr.serialize().vocab);
  writeFileSync(join(out, 'onnx-config.json'), `${JSON.stringify(ex.config, null, 2)}\n`);
  copyFileSync(new URL('../examples/serve/onnx-translate.js', import.meta.url), join(out, 'translate.mjs'));
  const kb = (b: Uint8Array) => `${(b.length / 1024).toFixed(0)} KiB`;
  console.log(
    `wrote ${join(out, ex.config.encoder)} (${kb(ex.encoder)}), ${ex.config.decoder} (${kb(ex.decoder)}), ${ex.config.vocab}, onnx-config.json and translate.mjs`,
  );
  console.log(`greedy decoding with ONNX Runtime alone: npm install onnxruntime-web && node ${join(out, 'translate.mjs')} ${out} "sentence" …`);
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const [sub, ...rest] = argv;
  try {
    const helpAsked = rest.includes('--help') || rest.includes('-h');
    const a = helpAsked ? { opts: { help: true }, pos: [] } : parse(rest);
    if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
      console.log(USAGE);
      return;
    }
    if (!Object.hasOwn(SUB_USAGE, sub)) throw new UsageError(`unknown subcommand '${sub}'`);
    if (a.opts.help) {
      console.log(`usage:\n${SUB_USAGE[sub]}`);
      return;
    }
    checkKnown(sub, a);
    if (sub === 'train') await train(a);
    else if (sub === 'eval') await evaluate(a);
    else if (sub === 'run') await run(a);
    else if (sub === 'split') await split(a);
    else if (sub === 'export') await exportOnnx(a);
  } catch (e) {
    // NOTE: one line and exit code 2 for every failure (bad options, files, models, or an Error
    // from the engine); SEQGRAD_DEBUG=1 adds the stack
    if (process.env.SEQGRAD_DEBUG === '1') console.error(e);
    const msg = (e instanceof Error ? e.message : String(e)).replace(/^seqgrad: /, '').replace(/\s*\n\s*/g, ' ');
    const hint = e instanceof UsageError && /required|unknown subcommand|expects|unknown option/.test(msg) ? ' (seqgrad translate --help)' : '';
    console.error(`seqgrad: translate${sub && sub !== 'help' ? ` ${sub}` : ''}: ${msg}${hint}`);
    process.exitCode = 2;
  }
}
