#!/usr/bin/env node
// The seqgrad command: `seqgrad demo --list`, `seqgrad demo NAME [options]`, `seqgrad demos`,
// `seqgrad translate train|eval|run …`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { useNodeHost } from '../examples/lib/output-node.js';

// Node 20–21 keep relaxed SIMD (FMA) behind a flag: run again with it, so the faster kernel
// build is picked (Node ≥ 22 and browsers have it on by default).
const RELAXED_FLAG = '--experimental-wasm-relaxed-simd';
const major = Number(process.versions.node.split('.')[0]);
if (major < 22 && !process.execArgv.includes(RELAXED_FLAG) && process.env.SEQGRAD_NO_REEXEC !== '1') {
  const r = spawnSync(process.execPath, [RELAXED_FLAG, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

interface Demo { meta: { name: string; title: string; id?: string; fixes?: readonly string[] }; main(argv: string[]): Promise<void> }

const examplesDir = new URL('../examples/', import.meta.url);
useNodeHost(); // printed lines to stdout, figures to files, data files from ../shared/data/

/** The modules of a folder that export `meta` and `main`, in file-name order. */
async function scan(dir: URL): Promise<Demo[]> {
  const files = existsSync(dir) ? readdirSync(fileURLToPath(dir)).filter((f) => f.endsWith('.js')).sort() : [];
  const out: Demo[] = [];
  for (const f of files) {
    const mod = (await import(new URL(f, dir).href)) as Partial<Demo>;
    if (mod.meta && typeof mod.main === 'function') out.push(mod as Demo);
  }
  return out;
}

/** The article ports (examples/articles/, by id) and the project's own demos (examples/). */
async function registry(): Promise<{ ports: Demo[]; own: Demo[] }> {
  const ports = (await scan(new URL('articles/', examplesDir))).filter((d) => d.meta.id);
  ports.sort((a, b) => a.meta.id!.localeCompare(b.meta.id!));
  return { ports, own: await scan(examplesDir) };
}

async function list(): Promise<void> {
  const { ARTICLES, PROGRAMS } = (await import(new URL('articles/index.js', examplesDir).href)) as typeof import('../examples/articles/index.js');
  const { ports, own } = await registry();
  console.log('The articles\' programs (../shared/seeds/; run one with `seqgrad demo ID`):');
  for (const a of ARTICLES) {
    console.log(`\n${a.key}  ${a.file}: ${a.subject}`);
    for (const p of PROGRAMS.filter((q) => q.id.startsWith(`${a.key}-`))) {
      const port = ports.find((d) => d.meta.id === p.id);
      const where = `L${p.lines[0]}-${p.lines[1]}`;
      if (p.textOnly) {
        console.log(`  ${p.id}  ${where.padEnd(10)} ${p.what} — prose only, no port: read ${a.file} lines ${p.lines[0]}–${p.lines[1]}`);
        continue;
      }
      console.log(`  ${p.id}  ${where.padEnd(10)} ${port ? `${port.meta.title} (alias ${port.meta.name})` : `${p.what} — not ported yet`}`);
      for (const f of port?.meta.fixes ?? []) console.log(`  ${' '.repeat(16)} fix: ${f}`);
    }
  }
  console.log('\nBeyond the articles (the project\'s own demos; `seqgrad demo NAME`):');
  for (const d of own) console.log(`  ${d.meta.name.padEnd(22)} ${d.meta.title}`);
}

function usage(): void {
  console.log(`usage:
  seqgrad demo --list              list the articles' programs (by id) and the project's own demos
  seqgrad demo ID|NAME [options]   run one (options such as --epochs N, --out DIR, --data FILE, --series)
  seqgrad demos                    run every port and every demo
  seqgrad translate train|eval|run the seq2seq translator workflow (seqgrad translate --help)`);
}

const [cmd, ...rest] = process.argv.slice(2);
if (cmd === 'demo') {
  if (rest.length === 0 || rest[0] === '--list') {
    await list();
  } else {
    const { ports, own } = await registry();
    const d = [...ports, ...own].find((x) => x.meta.id === rest[0] || x.meta.name === rest[0]);
    if (!d) {
      console.error(`seqgrad: no program or demo named '${rest[0]}'; seqgrad demo --list shows them`);
      process.exit(2);
    }
    await d.main(rest.slice(1));
  }
} else if (cmd === 'demos') {
  const { ports, own } = await registry();
  const t00 = Date.now();
  const failed: string[] = [];
  for (const d of [...ports, ...own]) {
    console.log(`\n=== ${d.meta.id ? `${d.meta.id} (${d.meta.name})` : d.meta.name}: ${d.meta.title} ===`);
    const t0 = Date.now();
    try {
      await d.main(rest);
      console.log(`=== ${d.meta.id ?? d.meta.name} finished in ${((Date.now() - t0) / 1000).toFixed(1)} s ===`);
    } catch (e) {
      // one program's failure (a corpus that is not beside the checkout) does not stop the others
      failed.push(d.meta.id ?? d.meta.name);
      console.log(`=== ${d.meta.id ?? d.meta.name} failed: ${(e as Error).message} ===`);
    }
  }
  console.log(`\n${ports.length + own.length - failed.length} of ${ports.length + own.length} finished in ${((Date.now() - t00) / 1000).toFixed(1)} s${failed.length ? `; failed: ${failed.join(', ')}` : ''}`);
  if (failed.length) process.exitCode = 1;
} else if (cmd === 'translate') {
  let mod: { main(argv: string[]): Promise<void> };
  try {
    mod = await import(new URL('./translate.js', import.meta.url).href);
  } catch {
    console.error('seqgrad: the translate command is not built yet');
    process.exit(2);
  }
  await mod.main(rest);
} else {
  usage();
  process.exit(cmd === undefined || cmd === '--help' || cmd === '-h' ? 0 : 2);
}
