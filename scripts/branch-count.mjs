// Branch counts of TypeScript functions: if, ?:, &&, ||, ??, case, for, while, catch — the
// decision points of a cyclomatic count (nested closures count toward the function that holds
// them). A careful scanner, not a parser (TypeScript 7 ships no JS compiler API): comments,
// strings and template texts are blanked, function bodies are found by brace matching from the
// first `{` that ends a line after the declaration.
// Usage: node scripts/branch-count.mjs [--top N] FILE… | DIR…   (default: engine/, top 15)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 15;
const roots = args.length ? args : ['engine'];

function files(p) {
  if (statSync(p).isFile()) return p.endsWith('.ts') ? [p] : [];
  return readdirSync(p).flatMap((f) => files(join(p, f)));
}

/** The source with comments, string and template texts replaced by spaces (offsets and newlines kept). */
function blank(src) {
  let out = '';
  let i = 0;
  const tpl = []; // brace depth of each open template `${`
  while (i < src.length) {
    const c = src[i];
    const n = src[i + 1];
    if (c === '/' && n === '/') {
      while (i < src.length && src[i] !== '\n') {
        out += ' ';
        i++;
      }
      continue;
    }
    if (c === '/' && n === '*') {
      const e = src.indexOf('*/', i + 2) + 2;
      out += src.slice(i, e).replace(/[^\n]/g, ' ');
      i = e;
      continue;
    }
    if (c === "'" || c === '"') {
      out += ' ';
      i++;
      while (i < src.length && src[i] !== c) {
        out += src[i] === '\n' ? '\n' : ' ';
        if (src[i] === '\\') {
          out += ' ';
          i++;
        }
        i++;
      }
      out += ' ';
      i++;
      continue;
    }
    if (c === '`' || (c === '}' && tpl.length && tpl[tpl.length - 1] === 0)) {
      if (c === '}') tpl.pop();
      out += ' ';
      i++;
      while (i < src.length && src[i] !== '`' && !(src[i] === '$' && src[i + 1] === '{')) {
        out += src[i] === '\n' ? '\n' : ' ';
        if (src[i] === '\\') {
          out += ' ';
          i++;
        }
        i++;
      }
      if (src[i] === '$') {
        tpl.push(0);
        out += '  ';
        i += 2;
      } else {
        out += ' ';
        i++;
      }
      continue;
    }
    if (tpl.length && c === '{') tpl[tpl.length - 1]++;
    if (tpl.length && c === '}') tpl[tpl.length - 1]--;
    out += c;
    i++;
  }
  return out;
}

const DECL =
  /^[ \t]*(?:export\s+)?(?:async\s+)?function\s*\*?\s*(\w+)|^[ \t]*(?:(?:public|private|protected|static|readonly|override|abstract|async|get|set)\s+)*(\w+)\s*(?:<[^>\n]*>)?\(|^[ \t]*(?:export\s+)?const\s+(\w+)\s*=\s*(?:async\s*)?(?:\([^\n]*\)|\w+)\s*(?::[^\n=]*)?=>/gm;
const NOT_NAMES = new Set(['if', 'for', 'while', 'switch', 'catch', 'return', 'function', 'super', 'new', 'throw', 'await', 'typeof']);

function branches(body) {
  let n = 0;
  n += (body.match(/\b(if|for|while|case|catch)\b/g) ?? []).length;
  n += (body.match(/&&|\|\||\?\?/g) ?? []).length;
  // ternaries: a ? not part of ?. or ?? (optional members `x?: T` in type literals are rare in bodies)
  n += (body.match(/\?(?![.?:])/g) ?? []).length;
  return n;
}

const rows = [];
for (const f of roots.flatMap(files)) {
  const src = blank(readFileSync(f, 'utf8'));
  let cls = '';
  for (const m of src.matchAll(DECL)) {
    const name = m[1] ?? m[2] ?? m[3];
    if (!name || NOT_NAMES.has(name)) continue;
    // the body: the first `{` that ends a line, from the declaration on
    const open = src.slice(m.index).search(/\{[ \t]*\n/);
    if (open < 0) continue;
    let i = m.index + open;
    const start = i;
    // skip declarations whose first line-ending `{` is not on the declaration's lines (calls, statements)
    const head = src.slice(m.index, start);
    if (/;\s*$/m.test(head.split('\n')[0]) && !m[1]) continue;
    let depth = 0;
    for (; i < src.length; i++) {
      if (src[i] === '{') depth++;
      else if (src[i] === '}' && --depth === 0) break;
    }
    const line = src.slice(0, m.index).split('\n').length + (src[m.index] === '\n' ? 1 : 0);
    const clsm = [...src.slice(0, m.index).matchAll(/\bclass\s+(\w+)/g)].pop();
    cls = clsm && m[2] ? `${clsm[1]}.` : '';
    rows.push({ f, line, name: cls + name, n: branches(src.slice(start, i + 1)), lines: src.slice(start, i + 1).split('\n').length });
  }
}
// a function found twice (a method line matched inside another body) counts once: keep the outermost
const seen = new Set();
const uniq = rows.filter((r) => {
  const k = `${r.f}:${r.line}`;
  if (seen.has(k)) return false;
  seen.add(k);
  return true;
});
uniq.sort((a, b) => b.n - a.n);
console.log('branches  lines  function');
for (const r of uniq.slice(0, top)) console.log(`${String(r.n).padStart(8)}  ${String(r.lines).padStart(5)}  ${r.name}  (${r.f}:${r.line})`);
