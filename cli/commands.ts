// The commands of `seqgrad` (cli/seqgrad.ts is the process entry): demo, demos, translate.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { useNodeHost } from '../examples/lib/output-node.js';

interface Demo { meta: { name: string; title: string; id?: string; fixes?: readonly string[] }; main(argv: string[]): Promise<void> }

const examplesDir = new URL('../examples/', import.meta.url);

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
  seqgrad translate train|eval|run|export  the seq2seq translator workflow (seqgrad translate --help)`);
}

/** One line for stderr: the message of any error, newlines folded (a stack trace only with SEQGRAD_DEBUG=1). */
export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/^seqgrad( translate)?: /, '').replace(/\s*\n\s*/g, ' ').trim() || 'failed';
}

async function main(cmd: string | undefined, rest: string[]): Promise<void> {
  if (cmd === 'demo') {
    useNodeHost(); // printed lines to stdout, figures to files, data files from ../shared/data/
    if (rest.length === 0 || rest[0] === '--list') {
      await list();
    } else {
      const { ports, own } = await registry();
      const d = [...ports, ...own].find((x) => x.meta.id === rest[0] || x.meta.name === rest[0]);
      if (!d) throw new Error(`no program or demo named '${rest[0]}'; seqgrad demo --list shows them`);
      await d.main(rest.slice(1));
    }
  } else if (cmd === 'demos') {
    useNodeHost();
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
        console.log(`=== ${d.meta.id ?? d.meta.name} failed: ${oneLine(e)} ===`);
      }
    }
    const n = ports.length + own.length;
    console.log(`\n${n - failed.length} of ${n} finished in ${((Date.now() - t00) / 1000).toFixed(1)} s${failed.length ? `; failed: ${failed.join(', ')}` : ''}`);
    if (failed.length) throw new Error(`${failed.length} of ${n} programs failed: ${failed.join(', ')}`);
  } else if (cmd === 'translate') {
    let mod: { main(argv: string[]): Promise<void> };
    try {
      mod = await import(new URL('./translate.js', import.meta.url).href);
    } catch {
      throw new Error('the translate command is not built yet');
    }
    await mod.main(rest);
  } else if (cmd === undefined || cmd === '--help' || cmd === '-h') {
    usage();
  } else {
    throw new Error(`unknown command '${cmd}'; seqgrad --help shows the commands`);
  }
}

/**
 * Runs the command line `argv` (without node and the script); returns the exit code.
 * NOTE: every failure, bad input or a bug, ends in one line `seqgrad: …` on stderr and exit code 2.
 */
export async function run(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  process.exitCode = 0;
  try {
    await main(cmd, rest);
  } catch (e) {
    if (process.env.SEQGRAD_DEBUG === '1') console.error(e);
    console.error(`seqgrad: ${oneLine(e)}`);
    return 2;
  }
  // translate reports its own failures through process.exitCode
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return code;
}
