// The API reference: walks the public module graph from dist/engine/index.d.ts (the declarations
// tsc emits, JSDoc included), lists every exported declaration — functions, classes, constants,
// types, interfaces (the options objects), and the public members of classes and interfaces —
// with its doc comment, and writes docs/api/*.md (generated, not committed). Private, protected
// and _underscored members are internal and not listed; a constructor is documented by its class.
// NOTE: TypeScript 7 (the native compiler) has no stable JS API and typedoc needs one, so this
// reads the .d.ts text, whose layout tsc fixes: statements at column 0, members 4 deeper.
// Usage: node scripts/docs.mjs [--check] [--list]   (npm run docs / npm run docs:check; build first)
//   --check  writes nothing; exits 1 when more than MAX_UNDOCUMENTED declarations have no doc comment
//   --list   prints every undocumented declaration with its source file
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The ratchet: exported declarations still without a doc comment. Lower it as comments are added
 * (the test fails when the count goes above it); 0 is the goal.
 */
export const MAX_UNDOCUMENTED = 0;

const DECL = /^(?:export\s+)?(?:declare\s+)?(?:default\s+)?(?:abstract\s+)?(class|function|interface|type|const|let|var|enum|namespace)\s+([\w$]+)/;
const MODIFIERS = /^(?:(?:public|static|readonly|abstract|declare|override|async|get|set|accessor)\s+)+/;

const indentOf = (line) => line.length - line.trimStart().length;

/** The text of a doc comment without its delimiters and leading asterisks. */
function docText(lines) {
  return lines
    .join('\n')
    .replace(/^\s*\/\*\*\s?/, '')
    .replace(/\s*\*\/\s*$/, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}

/** One .d.ts file: its declarations (with members), imports, exports and module augmentations. */
function parseFile(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const decls = new Map(); // name → { kind, name, doc, signature, exported, members: Map<name, {doc, signature}> }
  const imports = new Map(); // local → { from, name } (name '*' for a namespace import)
  const exports = []; // { names: [[exported, local]] | '*', from?, ns? }
  const augments = []; // { from, iface, members }
  let doc = null; // the doc comment waiting for the next line at its indent: { indent, text }
  let container = null; // the class/interface whose members are at memberIndent
  let memberIndent = 4;
  let moduleFrom = null; // inside `declare module '…' {`
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const t = line.trim();
    const ind = indentOf(line);
    if (t === '') continue;
    if (t.startsWith('/**')) {
      const block = [line];
      while (!lines[i].includes('*/')) block.push(lines[++i]);
      doc = { indent: ind, text: docText(block) };
      continue;
    }
    if (t.startsWith('//') || t.startsWith('/*')) continue;
    const myDoc = doc && doc.indent === ind ? doc.text : null;
    doc = null;
    if (ind === 0) {
      container = null;
      moduleFrom = null;
      let stmt = t;
      if (/^(import|export)\b/.test(t) && !DECL.test(t)) {
        while (!/;\s*$/.test(stmt) && i + 1 < lines.length) stmt += ` ${lines[++i].trim()}`;
      }
      let m;
      if ((m = /^import\s+['"](.+)['"]/.exec(stmt))) imports.set(`#side-effect:${m[1]}`, { from: m[1], name: '*' });
      else if ((m = /^import\s+\*\s+as\s+([\w$]+)\s+from\s+['"](.+)['"]/.exec(stmt))) imports.set(m[1], { from: m[2], name: '*' });
      else if ((m = /^import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+['"](.+)['"]/.exec(stmt))) {
        for (const [name, local] of specifiers(m[1])) imports.set(local, { from: m[2], name });
      } else if ((m = /^export\s+\*\s+as\s+([\w$]+)\s+from\s+['"](.+)['"]/.exec(stmt))) exports.push({ ns: m[1], from: m[2] });
      else if ((m = /^export\s+\*\s+from\s+['"](.+)['"]/.exec(stmt))) exports.push({ names: '*', from: m[1] });
      else if ((m = /^export\s+(?:type\s+)?\{([^}]*)\}(?:\s+from\s+['"](.+)['"])?/.exec(stmt))) {
        exports.push({ names: specifiers(m[1]).map(([local, exported]) => [exported, local]), from: m[2] });
      } else if ((m = /^declare\s+module\s+['"](.+)['"]\s*\{/.exec(stmt))) moduleFrom = m[1];
      else if ((m = DECL.exec(stmt))) {
        const [, kind, name] = m;
        const d = decls.get(name) ?? { kind, name, doc: null, signature: signatureOf(lines, i), exported: /^export\b/.test(stmt), members: new Map(), file };
        d.doc ??= myDoc;
        decls.set(name, d);
        if ((kind === 'class' || kind === 'interface') && /\{\s*$/.test(t)) {
          container = d;
          memberIndent = 4;
        }
      }
      continue;
    }
    if (moduleFrom && ind === 4) {
      const m = /^(?:export\s+)?interface\s+([\w$]+)/.exec(t);
      if (m) {
        container = { kind: 'interface', name: m[1], members: new Map() };
        augments.push({ from: moduleFrom, iface: m[1], members: container.members });
        memberIndent = 8;
      } else container = null;
      continue;
    }
    if (container && ind === memberIndent && !/^[}\])]/.test(t)) {
      if (/^(private|protected)\b|^#|^constructor\b|^\[|^\(|^new\b/.test(t)) continue;
      const m = /^([\w$]+|'[^']+'|"[^"]+")\??/.exec(t.replace(MODIFIERS, ''));
      if (m?.[1].startsWith('_')) continue;
      if (!m) continue;
      const name = m[1];
      const member = container.members.get(name) ?? { doc: null, signature: signatureOf(lines, i), file };
      member.doc ??= myDoc;
      container.members.set(name, member);
    }
  }
  return { file, decls, imports, exports, augments };
}

/** `a, b as c, type d` → [['a','a'], ['b','c'], ['d','d']] (name, alias). */
function specifiers(list) {
  return list
    .split(',')
    .map((s) => s.trim().replace(/^type\s+/, ''))
    .filter(Boolean)
    .map((s) => {
      const [a, b] = s.split(/\s+as\s+/);
      return [a, b ?? a];
    });
}

/** The declaration's first line, and its continuation while an opened bracket is unclosed (≤ 6 lines). */
function signatureOf(lines, i) {
  let sig = lines[i].trim();
  const open = (s) => (s.match(/[({[]/g) ?? []).length - (s.match(/[)}\]]/g) ?? []).length;
  for (let k = i + 1; k < lines.length && open(sig) > 0 && k < i + 6 && !/\{\s*$/.test(sig); k++) sig += ` ${lines[k].trim()}`;
  return sig.replace(/\s*\{\s*$/, '').replace(/;\s*$/, '');
}

const parsed = new Map();
function fileOf(from, spec) {
  return resolve(dirname(from), spec.replace(/\.js$/, '.d.ts'));
}
function parse(file) {
  if (!parsed.has(file)) parsed.set(file, parseFile(file));
  return parsed.get(file);
}

/** A file's exports: exported name → { decl } or { ns: file }. */
const exportCache = new Map();
function exportsOf(file) {
  if (exportCache.has(file)) return exportCache.get(file);
  const out = new Map();
  exportCache.set(file, out);
  const f = parse(file);
  for (const d of f.decls.values()) if (d.exported) out.set(d.name, { decl: d });
  for (const e of f.exports) {
    if (e.ns) out.set(e.ns, { ns: fileOf(file, e.from) });
    else if (e.names === '*') for (const [k, v] of exportsOf(fileOf(file, e.from))) out.set(k, v);
    else
      for (const [exported, local] of e.names) {
        const target = e.from ? exportsOf(fileOf(file, e.from)).get(local) : localTarget(f, local);
        if (target) out.set(exported, target);
      }
  }
  return out;
}
function localTarget(f, local) {
  if (f.decls.has(local)) return { decl: f.decls.get(local) };
  const imp = f.imports.get(local);
  if (!imp) return null;
  const from = fileOf(f.file, imp.from);
  return imp.name === '*' ? { ns: from } : (exportsOf(from).get(imp.name) ?? null);
}

/** Members declared by `declare module '…' { interface X {…} }` anywhere in the graph, by the target file and name. */
function augmentations() {
  const out = new Map();
  for (const f of parsed.values()) {
    for (const a of f.augments) out.set(`${fileOf(f.file, a.from)}#${a.iface}`, a.members);
  }
  return out;
}

/**
 * The public API from `entry`: sections (one per namespace, '' for the top level), each a list of
 * { name, decl, members } with members [{ name, doc, signature }]; and the unique declarations.
 */
export function collect(entry = join(root, 'dist/engine/index.d.ts')) {
  if (!existsSync(entry)) throw new Error(`docs: ${relative(root, entry)} is missing: run npm run build first`);
  const sections = new Map();
  const seenNs = new Map(); // file → its prefix
  const aliases = []; // [alias, namespace] for a namespace exported under two names (F = nn.functional)
  const walk = (file, prefix) => {
    if (seenNs.has(file)) {
      aliases.push([prefix.replace(/\.$/, ''), seenNs.get(file).replace(/\.$/, '')]);
      return;
    }
    seenNs.set(file, prefix);
    const items = [];
    sections.set(prefix, items);
    for (const [name, t] of exportsOf(file)) {
      if (t.ns) walk(t.ns, `${prefix}${name}.`);
      else items.push({ name: `${prefix}${name}`, decl: t.decl });
    }
  };
  walk(entry, '');
  // module augmentations are parsed once their files are: parse the whole dist/engine graph's imports
  for (const f of [...parsed.values()]) for (const imp of f.imports.values()) parse(fileOf(f.file, imp.from));
  const aug = augmentations();
  const unique = new Map(); // id → { name, doc, source }
  for (const items of sections.values()) {
    for (const it of items) {
      const d = it.decl;
      const src = relative(join(root, 'dist'), d.file).replace(/\.d\.ts$/, '.ts');
      const id = `${d.file}#${d.name}`;
      if (!unique.has(id)) unique.set(id, { name: it.name, doc: d.doc, source: src });
      const members = new Map(d.members);
      for (const [k, v] of aug.get(id) ?? []) if (!members.has(k)) members.set(k, v);
      it.members = [...members].map(([name, m]) => ({ name, ...m }));
      for (const m of it.members) {
        const mid = `${id}.${m.name}`;
        const msrc = relative(join(root, 'dist'), m.file).replace(/\.d\.ts$/, '.ts');
        if (!unique.has(mid)) unique.set(mid, { name: `${it.name}.${m.name}`, doc: m.doc, source: msrc });
      }
    }
  }
  return { sections, aliases, unique: [...unique.values()] };
}

function markdown(title, items) {
  const out = [`# ${title}`, '', '_Generated by `npm run docs` from the declarations and their doc comments; do not edit._', ''];
  for (const it of [...items].sort((a, b) => a.name.localeCompare(b.name))) {
    out.push(`## ${it.name}`, '', '```ts', it.decl.signature, '```', '', it.decl.doc ?? '_(no doc comment)_', '');
    if (it.members.length) {
      out.push('| member | |', '|---|---|');
      for (const m of it.members) {
        const cell = (s) => s.replace(/\|/g, '\\|').replace(/\n+/g, ' ');
        out.push(`| \`${cell(m.signature)}\` | ${cell(m.doc ?? '_(no doc comment)_')} |`);
      }
      out.push('');
    }
  }
  return `${out.join('\n')}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const { sections, aliases, unique } = collect();
  const undocumented = unique.filter((u) => !u.doc);
  if (args.includes('--list')) for (const u of undocumented) console.log(`${u.source}: ${u.name}`);
  const summary = `docs: ${unique.length} exported declarations, ${unique.length - undocumented.length} with a doc comment, ${undocumented.length} without (the ratchet allows ${MAX_UNDOCUMENTED})`;
  if (args.includes('--check')) {
    console.log(summary);
    if (undocumented.length > MAX_UNDOCUMENTED) {
      console.error(`docs: ${undocumented.length - MAX_UNDOCUMENTED} more undocumented than allowed; node scripts/docs.mjs --list shows them`);
      process.exit(1);
    }
  } else {
    const dir = join(root, 'docs/api');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const index = ['# seqgrad API reference', '', '_Generated by `npm run docs`; do not edit._', ''];
    for (const [prefix, items] of sections) {
      const ns = prefix.replace(/\.$/, '') || 'seqgrad';
      const page = `${ns}.md`;
      writeFileSync(join(dir, page), markdown(prefix ? `seqgrad ${ns}` : 'seqgrad (top level)', items));
      index.push(`- [${ns}](${page}): ${items.length} declarations`);
    }
    for (const [alias, ns] of aliases) index.push(`- ${alias}: the same namespace as [${ns}](${ns}.md)`);
    writeFileSync(join(dir, 'README.md'), `${index.join('\n')}\n`);
    console.log(`${summary}\ndocs: wrote ${relative(root, dir)}/ (${sections.size + 1} pages)`);
  }
}
