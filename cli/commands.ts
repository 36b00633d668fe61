// The commands of `seqgrad` (cli/seqgrad.ts is the process entry): demo, demos, translate.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkOptions, optionsHelp, type ProgramOptions } from '../examples/lib/args.js';
import { useNodeHost } from '../examples/lib/output-node.js';

interface Demo {
  meta: { name: string; title: string; id?: string; fixes?: readonly string[]; options?: ProgramOptions };
  main(argv: string[]): Promise<void>;
}

const examplesDir = new URL('../examples/', import.meta.url);

/** The modules of a folder that export `meta` and `main`, in file-name order. */
async function scan(dir: URL): Promise<Demo[]> {
  const files = existsSync(dir)
    ? readdirSync(fileURLToPath(dir))
        .filter((f) => f.endsWith('.js'))
        .sort()
    : [];
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
  console.log("The articles' programs (../shared/seeds/; run one with `seqgrad demo ID`):");
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
  console.log("\nBeyond the articles (the project's own demos; `seqgrad demo NAME`):");
  for (const d of own) console.log(`  ${d.meta.name.padEnd(22)} ${d.meta.title}`);
}

const USAGE = `usage:
  seqgrad demo --list              list the articles' programs (by id) and the project's own demos
  seqgrad demo ID|NAME [options]   run one (seqgrad demo ID --help lists its options: --epochs N, --out DIR, …)
  seqgrad demos [options]          run every port and every demo (each gets the options it takes)
  seqgrad translate train|eval|run|split|export [options]
                                   the seq2seq translator workflow (seqgrad translate --help)
  seqgrad --version                the version
  seqgrad --help                   this help; COMMAND --help (or -h, anywhere) prints that command's`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return `seqgrad ${pkg.version}`;
}

/**
 * What `seqgrad demo` takes for every program besides its own options: --out (the node host writes
 * figures there; `seqgrad demos --out DIR` passes it to all, and a program without figures ignores it).
 */
const COMMON: ProgramOptions = { out: 'DIR: where the SVG figures go (out/)' };

/** The options `seqgrad demo` accepts for a program: its own and the common ones. */
function optionsOf(d: Demo): ProgramOptions {
  return { ...d.meta.options, ...Object.fromEntries(Object.entries(COMMON).filter(([k]) => !d.meta.options?.[k])) };
}

/** `seqgrad demo ID --help`: what the program does and the options it takes. */
function demoHelp(d: Demo): void {
  const opts = optionsOf(d);
  console.log(`usage: seqgrad demo ${d.meta.id ?? d.meta.name} [options]${d.meta.id ? `   (or seqgrad demo ${d.meta.name})` : ''}
  ${d.meta.title}
${Object.keys(opts).length ? `options:\n${optionsHelp(opts).join('\n')}` : 'It takes no options.'}`);
}

/** The options any program takes (`seqgrad demos` passes its options to each). */
function allOptions(demos: Demo[]): ProgramOptions {
  return Object.assign({}, ...demos.map(optionsOf));
}

/** One line for stderr: the message of any error, newlines folded (a stack trace only with SEQGRAD_DEBUG=1). */
export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return (
    msg
      .replace(/^seqgrad( translate)?: /, '')
      .replace(/\s*\n\s*/g, ' ')
      .trim() || 'failed'
  );
}

const isHelp = (a: string) => a === '--help' || a === '-h';

async function main(cmd: string | undefined, rest: string[]): Promise<void> {
  const help = rest.some(isHelp);
  if (cmd === 'demo') {
    useNodeHost(); // printed lines to stdout, figures to files, data files from ../shared/data/
    if (rest.length === 0 || rest[0] === '--list' || isHelp(rest[0])) {
      if (rest.length > 1 && !help) throw new Error(`demo --list takes no other arguments (got ${rest.slice(1).join(' ')})`);
      if (help) console.log(['usage:', ...USAGE.split('\n').filter((l) => l.includes('seqgrad demo '))].join('\n'));
      else await list();
    } else {
      const { ports, own } = await registry();
      const d = [...ports, ...own].find((x) => x.meta.id === rest[0] || x.meta.name === rest[0]);
      if (!d) throw new Error(`no program or demo named '${rest[0]}'; seqgrad demo --list shows them`);
      if (help) return demoHelp(d);
      checkOptions(rest.slice(1), optionsOf(d), `demo ${d.meta.id ?? d.meta.name}`);
      await d.main(rest.slice(1));
    }
  } else if (cmd === 'demos') {
    if (help) return console.log(['usage:', ...USAGE.split('\n').filter((l) => l.includes('seqgrad demos'))].join('\n'));
    useNodeHost();
    const { ports, own } = await registry();
    checkOptions(rest, allOptions([...ports, ...own]), 'demos');
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
    console.log(
      `\n${n - failed.length} of ${n} finished in ${((Date.now() - t00) / 1000).toFixed(1)} s${failed.length ? `; failed: ${failed.join(', ')}` : ''}`,
    );
    if (failed.length) throw new Error(`${failed.length} of ${n} programs failed: ${failed.join(', ')}`);
  } else if (cmd === 'translate') {
    let mod: { main(argv: string[]): Promise<void> };
    try {
      mod = await import(new URL('./translate.js', import.meta.url).href);
    } catch {
      throw new Error('the translate command is not built yet');
    }
    await mod.main(rest);
  } else if (cmd === undefined || isHelp(cmd)) {
    console.log(USAGE);
  } else if (cmd === '--version' || cmd === '-V' || cmd === 'version') {
    if (rest.length) throw new Error(`--version takes no arguments (got ${rest.join(' ')})`);
    console.log(version());
  } else if (cmd.startsWith('-')) {
    throw new Error(`unknown option '${cmd}'; seqgrad --help shows the commands`);
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
