// `npm run web`: bundles the playground (web/page.ts for the page, web/worker.ts for its module worker,
// both from tsc's dist/ output) with esbuild into web-dist/, a folder of static files any static
// host serves, and copies the shared data files the ports read (../shared/data/articles/*,
// tinyshakespeare.txt) into web-dist/data/ when they are beside the checkout.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const out = resolve(root, process.argv[2] ?? 'web-dist');
if (!existsSync(join(dist, 'web', 'worker.js'))) throw new Error(`build-web: ${join(dist, 'web', 'worker.js')} is missing: run npm run build first`);

/** Every example module the CLI's scan would find: the ports (examples/articles/) and the own demos (examples/). */
function programModules() {
  const files = [];
  for (const sub of ['examples/articles', 'examples']) {
    for (const f of readdirSync(join(dist, sub))
      .filter((x) => x.endsWith('.js'))
      .sort())
      files.push(join(dist, sub, f));
  }
  return files;
}

const plugin = {
  name: 'seqgrad-web',
  setup(build) {
    build.onResolve({ filter: /^seqgrad:programs$/ }, () => ({ path: 'programs', namespace: 'seqgrad' }));
    build.onLoad({ filter: /.*/, namespace: 'seqgrad' }, () => {
      const files = programModules();
      return {
        contents:
          files.map((f, i) => `import * as m${i} from ${JSON.stringify(f)};`).join('\n') +
          `\nexport const modules = [${files.map((_, i) => `m${i}`).join(', ')}];\n`,
        resolveDir: dist,
      };
    });
    build.onResolve({ filter: /^node:(fs|path|url)$/ }, () => ({ path: join(dist, 'web', 'node-shim.js') }));
  },
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const common = { bundle: true, platform: 'browser', format: 'esm', target: 'es2022', plugins: [plugin], logLevel: 'warning', legalComments: 'none' };
// pool-worker.js: the engine's thread pool worker (engine/backend/threads.ts loads it beside the bundle)
await esbuild.build({
  ...common,
  entryPoints: { worker: join(dist, 'web', 'worker.js'), page: join(dist, 'web', 'page.js'), 'pool-worker': join(dist, 'engine', 'backend', 'pool-worker.js') },
  outdir: out,
  splitting: false,
});
for (const f of ['index.html', 'style.css']) cpSync(join(root, 'web', f), join(out, f));

const shared = join(root, '..', 'shared', 'data');
const sharedUp = join(root, '..', '..', 'shared', 'data');
const dataDir = [shared, sharedUp].find((d) => existsSync(d));
const copied = [];
if (dataDir) {
  for (const rel of [
    ...(existsSync(join(dataDir, 'articles')) ? readdirSync(join(dataDir, 'articles')).map((f) => `articles/${f}`) : []),
    'tinyshakespeare.txt',
  ]) {
    if (!existsSync(join(dataDir, rel))) continue;
    mkdirSync(dirname(join(out, 'data', rel)), { recursive: true });
    cpSync(join(dataDir, rel), join(out, 'data', rel));
    copied.push(rel);
  }
}
writeFileSync(join(out, 'data-files.json'), JSON.stringify(copied));
console.log(`playground built in ${out} (${copied.length} data files${dataDir ? ` from ${dataDir}` : ': none beside the checkout'})`);
