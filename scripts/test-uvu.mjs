// uvu as the test files see it under scripts/test-driver.mjs: the same suite(), recorded in a
// registry (so a suite defined and never .run() is reported) with its hooks wrapped (so the error
// of a throwing hook is kept: uvu's runner swallows it in a `finally { return … }`).
import * as uvu from '../node_modules/uvu/dist/index.mjs';

export const exec = uvu.exec;

/** What the driver reads: every suite made (tests defined, whether run) and the errors thrown by hooks. */
export const registry = (globalThis.SEQGRAD_UVU ??= { suites: [], hookErrors: [] });

function guardHook(register, suiteName, kind) {
  return (fn) =>
    register(async (state) => {
      try {
        await fn(state);
      } catch (error) {
        registry.hookErrors.push({ suite: suiteName, kind, error });
        throw error;
      }
    });
}

function wrap(s, entry) {
  const t = (name, fn) => {
    entry.tests++;
    s(name, fn);
  };
  t.only = (name, fn) => {
    entry.tests++;
    s.only(name, fn);
  };
  t.skip = (...a) => {
    entry.tests++;
    s.skip(...a);
  };
  t.before = guardHook(s.before, entry.name, 'before');
  t.before.each = guardHook(s.before.each, entry.name, 'before.each');
  t.after = guardHook(s.after, entry.name, 'after');
  t.after.each = guardHook(s.after.each, entry.name, 'after.each');
  t.run = () => {
    entry.ran = true;
    s.run();
  };
  return t;
}

export function suite(name = '', state) {
  const entry = { name, tests: 0, ran: false, implicit: false };
  registry.suites.push(entry);
  return wrap(uvu.suite(name, state), entry);
}

/** uvu's default suite: reported as never run only once a test was added to it. */
export const test = suite();
registry.suites[registry.suites.length - 1].implicit = true;
