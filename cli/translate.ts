// `seqgrad translate train|eval|run|split`: the attention translator's workflow on tab-separated
// sentence pairs (Tatoeba / PyTorch-tutorial format; first column = source, --reverse swaps).
import { readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { manualSeed, seq2seq } from '../engine/index.js';
import { writeHeatmap } from '../examples/lib/heatmap.js';

type Args = { opts: Record<string, string | boolean>; pos: string[] };

const FLAGS = new Set(['reverse', 'help', 'quiet']);

function parse(argv: string[]): Args {
  const opts: Record<string, string | boolean> = {};
  const pos: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { pos.push(...argv.slice(i + 1)); break; }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const k = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (eq > 0) opts[k] = a.slice(eq + 1);
      else if (FLAGS.has(k)) opts[k] = true;
      else if (i + 1 < argv.length) opts[k] = argv[++i];
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
function num(a: Args, k: string, dflt: number, { int = false, min = -Infinity } = {}): number {
  const v = a.opts[k];
  if (v === undefined) return dflt;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isFinite(n) || (int && !Number.isInteger(n)) || n < min) {
    throw new UsageError(`--${k} expects ${int ? 'an integer' : 'a number'}${min > -Infinity ? ` ≥ ${min}` : ''}, got ${String(v)}`);
  }
  return n;
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

const USAGE = `usage:
  seqgrad translate train [--data pairs.tsv] --out DIR [--minutes N] [--epochs N] [options]
      trains on tab-separated pairs (source<TAB>target[<TAB>…]; default: the embedded German→English corpus)
      --reverse            swap the columns            --max-len N        keep pairs shorter than N tokens
      --prefixes P         keep targets starting with one of P (comma-separated, or 'tutorial')
      --val F              validation fraction of source sentences (default 0.05)
      --batch N (32)  --lr X (0.001)  --clip X (1)  --emb N (128)  --hidden N (128)  --dec-hidden N (2·hidden)
      --layers N (1)  --rnn gru|lstm  --attention bahdanau|dot|general|concat  --dropout X (0)
      --teacher-forcing X (1)  --seed N (0)  --steps N (stop after N steps)
  seqgrad translate eval --model DIR --data FILE [--reverse] [--beam N] [--predictions OUT.tsv]
      corpus BLEU-4 and exact match over the distinct source sentences of FILE (references grouped)
  seqgrad translate run --model DIR [--beam N] [--svg PATH] "sentence" …   (or one sentence per line on stdin)
      prints translations and writes the attention heat-map(s) as SVG (default out/attention.svg)
  seqgrad translate split --data FILE --fraction F --train-out A --test-out B [--reverse]
      deterministic held-out split grouped by (normalised) source sentence; lines are copied verbatim`;

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
  const dataPath = str(a, 'data');
  let pairs = loadPairs(a, dataPath);
  const maxLen = a.opts['max-len'] !== undefined ? num(a, 'max-len', 0, { int: true, min: 2 }) : undefined;
  const px = str(a, 'prefixes');
  const prefixes = px === undefined ? undefined : px === 'tutorial' ? seq2seq.TUTORIAL_PREFIXES : px.split(',').map((s) => s.trim()).filter(Boolean);
  pairs = seq2seq.filterPairs(pairs, { maxLen, prefixes });
  if (pairs.length === 0) throw new UsageError('no sentence pairs left after filtering');
  const valFrac = num(a, 'val', 0.05, { min: 0 });
  if (valFrac >= 1) throw new UsageError(`--val expects a fraction below 1, got ${valFrac}`);
  const [trainPairs, valPairs] = seq2seq.splitBySource(pairs, valFrac, '#val');
  const seed = num(a, 'seed', 0, { int: true, min: 0 });
  manualSeed(seed);
  const v = seq2seq.buildVocabs(trainPairs);
  const maxSrc = pairs.reduce((m, p) => Math.max(m, p.src.split(' ').length), -Infinity) + 1;
  const maxTgt = pairs.reduce((m, p) => Math.max(m, p.tgt.split(' ').length), -Infinity) + 1;
  const hidden = num(a, 'hidden', 128, { int: true, min: 1 });
  const rnn = str(a, 'rnn', 'gru') as seq2seq.RnnType;
  const attention = str(a, 'attention', 'bahdanau') as seq2seq.AttentionType;
  const tr = seq2seq.Translator.create(v.src, v.tgt, {
    embSize: num(a, 'emb', 128, { int: true, min: 1 }), hiddenSize: hidden,
    decHiddenSize: a.opts['dec-hidden'] !== undefined ? num(a, 'dec-hidden', 0, { int: true, min: 1 }) : undefined,
    numLayers: num(a, 'layers', 1, { int: true, min: 1 }), rnn, attention, dropout: num(a, 'dropout', 0, { min: 0 }),
    // room for longer input at run time than seen in training, and a generation limit around the longest target
    maxSrcLen: Math.max(50, 2 * maxSrc), maxTgtLen: Math.max(20, 2 * maxTgt),
  });
  const enc = seq2seq.encodePairs(trainPairs, v.src, v.tgt);
  const val = seq2seq.encodePairs(valPairs, v.src, v.tgt);
  const minutes = a.opts.minutes !== undefined ? num(a, 'minutes', 0, { min: 0 }) : undefined;
  const epochs = a.opts.epochs !== undefined ? num(a, 'epochs', 0, { int: true, min: 1 }) : undefined;
  console.log(`data: ${dataPath ?? 'embedded German→English corpus'}: ${pairs.length} pairs (${trainPairs.length} train, ${valPairs.length} validation, grouped by source sentence)`);
  console.log(`vocabulary: ${v.src.length} source, ${v.tgt.length} target tokens; model: ${tr.model.numParameters()} parameters (${JSON.stringify({ ...tr.model.cfg, srcVocabSize: undefined, tgtVocabSize: undefined })})`);
  console.log(`training ${epochs !== undefined ? `${epochs} epochs` : ''}${epochs !== undefined && minutes !== undefined ? ', ' : ''}${minutes !== undefined ? `at most ${minutes} min` : ''}${epochs === undefined && minutes === undefined ? '10 epochs' : ''}; checkpoints in ${out}`);
  const cpu0 = process.cpuUsage();
  const res = seq2seq.trainSeq2Seq(tr.model, enc, {
    epochs, minutes, val, seed, maxSteps: a.opts.steps !== undefined ? num(a, 'steps', 0, { int: true, min: 1 }) : undefined,
    batchSize: num(a, 'batch', 32, { int: true, min: 1 }), lr: num(a, 'lr', 1e-3, { min: 0 }), clip: num(a, 'clip', 1, { min: 0 }),
    teacherForcingRatio: num(a, 'teacher-forcing', 1, { min: 0 }),
    onStep: (s) => bar(`epoch ${s.epoch}`, s.step, s.stepsPerEpoch, `loss ${s.loss.toFixed(3)} ${s.seconds.toFixed(0)} s`),
    onEpoch: (e) => {
      endBar();
      console.log(`epoch ${e.epoch}${e.partial ? ' (partial)' : ''}: train loss ${e.trainLoss.toFixed(4)}${e.valLoss !== null ? `, val loss ${e.valLoss.toFixed(4)}` : ''}${e.best ? ' *' : ''} (${e.seconds.toFixed(1)} s)`);
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
  console.log(`done: ${res.epochs} epochs, ${res.steps} steps in ${res.seconds.toFixed(1)} s (${cpuSeconds(cpu0).toFixed(1)} s CPU)${res.stoppedByBudget ? ' (stopped at the time or step budget)' : ''}` +
    `${res.bestValLoss !== null ? `; best val loss ${res.bestValLoss.toFixed(4)} at epoch ${res.bestEpoch}` : ''}; saved ${join(out, seq2seq.MODEL_FILE)} + ${seq2seq.VOCAB_FILE}`);
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
  const beam = num(a, 'beam', 1, { int: true, min: 1 });
  const t0 = Date.now();
  const results: seq2seq.TranslationResult[] = [];
  const chunk = 64;
  for (let i = 0; i < groups.length; i += chunk) {
    results.push(...tr.translate(groups.slice(i, i + chunk).map((g) => g.src), { beam }));
    bar('translating', Math.min(i + chunk, groups.length), groups.length, '');
  }
  endBar();
  const hyps = results.map((r) => r.tokens);
  const refs = groups.map((g) => g.refs.map((r) => r.split(' ')));
  const b = seq2seq.corpusBleu(hyps, refs);
  const em = seq2seq.exactMatch(hyps, refs);
  const failed = results.filter((r) => r.error).length;
  console.log(`BLEU = ${(100 * b.bleu).toFixed(1)}`);
  console.log(`exact match = ${(100 * em).toFixed(1)}% (${Math.round(em * groups.length)}/${groups.length} source sentences, ${groups.reduce((n, g) => n + g.refs.length, 0)} references)`);
  console.log(`details: ${b.precisions.map((p) => (100 * p).toFixed(1)).join('/')} (BP = ${b.bp.toFixed(3)}, ratio = ${(b.hypLen / Math.max(1, b.refLen)).toFixed(3)}, hyp_len = ${b.hypLen}, ref_len = ${b.refLen}); ${beam > 1 ? `beam ${beam}` : 'greedy'}, ${((Date.now() - t0) / 1000).toFixed(1)} s${failed ? `; ${failed} sentences could not be translated` : ''}`);
  const pred = str(a, 'predictions');
  if (pred) {
    writeFileSync(pred, results.map((r, i) => `${groups[i].src}\t${r.text}\n`).join(''));
    console.log(`predictions written to ${pred}`);
  }
}

async function run(a: Args): Promise<void> {
  const tr = await loadModel(a);
  let sentences = a.pos;
  if (sentences.length === 0) {
    if (process.stdin.isTTY) throw new UsageError('give sentences as arguments or one per line on stdin');
    sentences = readFileSync(0, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  }
  const beam = num(a, 'beam', 1, { int: true, min: 1 });
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
    writeHeatmap(path, r.attention, [...r.tokens, '<EOS>'].slice(0, r.attention.length), r.source, { title: `${r.input} → ${r.text}`, xLabel: 'source', yLabel: 'translation' });
    written++;
    if (results.length === 1 || written <= 3) console.log(`  attention heat-map: ${path}`);
  });
  if (written > 3) console.log(`  … ${written} heat-maps in all`);
}

async function split(a: Args): Promise<void> {
  const path = need(a, 'data');
  const frac = num(a, 'fraction', 0.1, { min: 0 });
  const lines = readText(path, 'data file').split(/\r?\n/).filter((l) => l.trim() !== '');
  const reverse = a.opts.reverse === true;
  // the pairs are parsed for their normalised source; the output keeps the original lines
  const pairs = lines.map((l, i) => {
    const p = seq2seq.parsePairs(l, { reverse })[0];
    if (!p) throw new UsageError(`${path}: line ${i + 1} is not a sentence pair`);
    return { ...p, line: l };
  });
  const [rest, held] = seq2seq.splitBySource(pairs, frac);
  const heldSet = new Set(held);
  writeFileSync(need(a, 'train-out'), pairs.filter((p) => !heldSet.has(p)).map((p) => `${p.line}\n`).join(''));
  writeFileSync(need(a, 'test-out'), held.map((p) => `${p.line}\n`).join(''));
  const nsrc = (ps: seq2seq.Pair[]) => new Set(ps.map((p) => p.src)).size;
  console.log(`${path}: ${pairs.length} pairs, ${nsrc(pairs)} source sentences → train ${rest.length} pairs (${nsrc(rest)} sources), test ${held.length} pairs (${nsrc(held)} sources)`);
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const [sub, ...rest] = argv;
  try {
    const a = parse(rest);
    if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help' || a.opts.help) {
      console.log(USAGE);
      return;
    }
    if (sub === 'train') await train(a);
    else if (sub === 'eval') await evaluate(a);
    else if (sub === 'run') await run(a);
    else if (sub === 'split') await split(a);
    else throw new UsageError(`unknown subcommand '${sub}'`);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`seqgrad translate: ${e.message}`);
      if (/required|unknown subcommand|expects/.test(e.message)) console.error(USAGE);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
}
