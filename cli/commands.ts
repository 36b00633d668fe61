// The commands of `seqgrad` (cli/seqgrad.ts is the process entry): demo, demos, translate.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface Demo { meta: { name: string; title: string }; main(argv: string[]): Promise<void> }

const examplesDir = new URL('../examples/', import.meta.url);

async function demos(): Promise<Demo[]> {
  const files = readdirSync(fileURLToPath(examplesDir)).filter((f) => f.endsWith('.js')).sort();
  const out: Demo[] = [];
  for (const f of files) {
    const mod = (await import(new URL(f, examplesDir).href)) as Partial<Demo>;
    if (mod.meta && typeof mod.main === 'function') out.push(mod as Demo);
  }
  return out;
}

function usage(): void {
  console.log(`usage:
  seqgrad demo --list              list the articles' demos
  seqgrad demo NAME [options]      run one demo (options such as --epochs N, --out DIR, --data FILE)
  seqgrad demos                    run every demo
  seqgrad translate train|eval|run the seq2seq translator workflow (seqgrad translate --help)`);
}

/** One line for stderr: the message of any error, newlines folded (a stack trace only with SEQGRAD_DEBUG=1). */
export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/^seqgrad( translate)?: /, '').replace(/\s*\n\s*/g, ' ').trim() || 'failed';
}

async function main(cmd: string | undefined, rest: string[]): Promise<void> {
  if (cmd === 'demo') {
    const all = await demos();
    if (rest.length === 0 || rest[0] === '--list') {
      for (const d of all) console.log(`${d.meta.name.padEnd(22)} ${d.meta.title}`);
    } else {
      const d = all.find((x) => x.meta.name === rest[0]);
      if (!d) throw new Error(`no demo named '${rest[0]}'; seqgrad demo --list shows them`);
      await d.main(rest.slice(1));
    }
  } else if (cmd === 'demos') {
    for (const d of await demos()) {
      console.log(`\n=== ${d.meta.name}: ${d.meta.title} ===`);
      const t0 = Date.now();
      await d.main(rest);
      console.log(`=== ${d.meta.name} finished in ${((Date.now() - t0) / 1000).toFixed(1)} s ===`);
    }
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
