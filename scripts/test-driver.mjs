// Runs the uvu test files under DIR whose path matches PATTERN, like `uvu DIR PATTERN`, but turns
// into failures what uvu lets through: a file that throws at load (or fails to import), a hook that
// throws (uvu drops its error and counts the suite's tests as neither passed nor failed), a suite
// that is defined and never .run(), a suite that runs no tests (an empty fixture list), and no
// matching file at all. Usage: node scripts/test-driver.mjs DIR PATTERN (via scripts/test.mjs).
import { writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parse } from 'uvu/parse';

if (typeof register !== 'function') throw new Error('scripts/test-driver.mjs needs Node >= 20.6 (module.register)');
register('./test-loader.mjs', import.meta.url);

const [dir, pattern] = process.argv.slice(2);

// SEQGRAD_DIGEST=FILE (scripts/test-threads.mjs): every array a test reads from a tensor (toArray,
// tolist, item, .data) is hashed, per test file, in the order read; the digests go to FILE as
// JSON when the run ends. Two runs that differ only in the thread count must give equal digests.
const digestFile = process.env.SEQGRAD_DIGEST;
const digests = {};
let digestKey = '(load)';
if (digestFile) {
  const { Tensor } = await import(pathToFileURL(`${process.cwd()}/dist/engine/index.js`).href);
  const feed = (values) => {
    const d = (digests[digestKey] ??= { h: 0x811c9dc5, n: 0 });
    const bytes =
      values instanceof Float32Array || values instanceof Int32Array
        ? new Uint8Array(values.buffer, values.byteOffset, values.byteLength)
        : new Uint8Array(new Float64Array([values].flat(Infinity).map(Number)).buffer);
    for (let i = 0; i < bytes.length; i++) d.h = Math.imul(d.h ^ bytes[i], 0x01000193) >>> 0;
    d.n += bytes.length;
  };
  const proto = Tensor.prototype;
  for (const name of ['toArray', 'tolist', 'item']) {
    const f = proto[name];
    if (typeof f === 'function')
      proto[name] = function (...a) {
        const r = f.apply(this, a);
        feed(r);
        return r;
      };
  }
  const data = Object.getOwnPropertyDescriptor(proto, 'data');
  Object.defineProperty(proto, 'data', {
    ...data,
    get() {
      const r = data.get.call(this);
      feed(r);
      return r;
    },
  });
  process.on('exit', () => {
    const out = Object.fromEntries(Object.entries(digests).map(([k, v]) => [k, `${v.h.toString(16)}/${v.n}`]));
    writeFileSync(digestFile, JSON.stringify(out, null, 1));
  });
}
globalThis.UVU_DEFER = 1;
globalThis.UVU_QUEUE = [];
const { exec, registry } = await import('./test-uvu.mjs');

/** A result in uvu's runner format [errors, passed, skipped, total]: one failed test named `title`. */
function failure(title, detail) {
  return async () => [`  FAIL  "${title}"\n    ${String(detail).split('\n').join('\n    ')}\n`, 0, 0, 1];
}

const errorText = (e) => (e instanceof Error ? (e.stack ?? e.message) : String(e));

/** Wraps one queued suite run: a swallowed hook error or an empty suite becomes a failure. */
function guard(run, file) {
  return async () => {
    digestKey = file;
    const seen = registry.hookErrors.length;
    let r;
    try {
      r = await run();
    } catch (e) {
      // an `after` hook that throws escapes uvu's runner (its tests' results are lost)
      return failure(`${file}: a hook threw`, errorText(e))();
    }
    const [errs, ran, skipped, total] = r;
    const hookErrors = registry.hookErrors.slice(seen);
    if (hookErrors.length > 0 || (errs === true && ran < total)) {
      const why = hookErrors.map((h) => `suite '${h.suite}': ${h.kind} hook threw: ${errorText(h.error)}`).join('\n') || 'a hook threw (error not recorded)';
      const msg = `  FAIL  "${file}: ${total - ran} of ${total} tests did not pass"\n    ${why.split('\n').join('\n    ')}\n`;
      return [errs === true ? msg : `${errs}\n${msg}`, ran, skipped, Math.max(total, ran + 1)];
    }
    if (total === 0 && skipped === 0) return failure(`${file}: a suite ran no tests`, 'an empty fixture list or a loop that made no tests')();
    return r;
  };
}

const { suites: files } = await parse(dir, pattern);
if (files.length === 0) globalThis.UVU_QUEUE.push([null, failure('no test file', `no file under ${dir} matches ${pattern}`)]);
let reported = 0;
for (const [i, f] of files.entries()) {
  globalThis.UVU_INDEX = i;
  const group = [f.name];
  globalThis.UVU_QUEUE.push(group);
  try {
    await import(pathToFileURL(f.file).href);
  } catch (e) {
    group.push(failure(`${f.name}: failed to load`, errorText(e)));
  }
  for (; reported < registry.suites.length; reported++) {
    const s = registry.suites[reported];
    if (!s.ran && !(s.implicit && s.tests === 0)) group.push(failure(`${f.name}: suite '${s.name}' is defined and never run`, `${s.tests} tests; call .run()`));
  }
  for (let j = 1; j < group.length; j++) group[j] = guard(group[j], f.name);
}
await exec(false);
const defined = registry.suites.filter((s) => !(s.implicit && s.tests === 0));
console.log(`  Suites:    ${defined.length} defined, ${defined.filter((s) => s.ran).length} run\n`);
