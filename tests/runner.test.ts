// The test runner itself (scripts/test.mjs → scripts/test-driver.mjs): each deliberately broken
// suite of tests/runner-fixtures/ must make it exit non-zero, with the failure counted on its
// last line 'tests: N passed, N failed, N skipped' and the cause printed.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Expect {
  code: number;
  last: string;
  says?: string;
}
const CASES: Record<string, Expect> = {
  pass: { code: 0, last: 'tests: 2 passed, 0 failed, 1 skipped' },
  'assert-fails': { code: 1, last: 'tests: 1 passed, 1 failed, 0 skipped', says: 'Expected values to be strictly equal' },
  'before-throws': { code: 1, last: 'tests: 0 passed, 3 failed, 0 skipped', says: "suite 'demo': before hook threw: Error: demo crashed in main" },
  'before-each-throws': { code: 1, last: 'tests: 0 passed, 2 failed, 0 skipped', says: 'setup failed' },
  'after-throws': { code: 1, last: 'tests: 1 passed, 1 failed, 0 skipped', says: 'teardown failed' },
  'after-each-throws': { code: 1, last: 'tests: 0 passed, 1 failed, 0 skipped', says: 'cleanup failed' },
  'load-throws': { code: 1, last: 'tests: 1 passed, 1 failed, 0 skipped', says: 'load-throws.test.mjs: failed to load' },
  'import-fails': { code: 1, last: 'tests: 0 passed, 1 failed, 0 skipped', says: 'no-such-module.mjs' },
  'never-run': { code: 1, last: 'tests: 1 passed, 1 failed, 0 skipped', says: "suite 'forgotten' is defined and never run" },
  'empty-suite': { code: 1, last: 'tests: 0 passed, 1 failed, 0 skipped', says: 'a suite ran no tests' },
  'empty-fixture': { code: 1, last: 'tests: 0 passed, 2 failed, 0 skipped', says: 'fixture.cases: the fixture list is empty' },
  'exits-early': { code: 1, last: 'tests: 0 passed, 1 failed, 0 skipped', says: 'ended before uvu printed its totals' },
  // an alternation selects whole paths (both files here), never declaration files or helpers
  'pass|assert-fails': { code: 1, last: 'tests: 3 passed, 1 failed, 1 skipped' },
  'quotes-summary': { code: 1, last: 'tests: 1 passed, 1 failed, 0 skipped' },
  'no-such-pattern': { code: 1, last: 'tests: 0 passed, 1 failed, 0 skipped', says: 'no file under tests/runner-fixtures matches' },
};

interface Run {
  code: number | null;
  stdout: string;
  out: string;
}
function runFixture(pattern: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['scripts/test.mjs', '--dir', 'tests/runner-fixtures', pattern], { cwd: root });
    let stdout = '';
    let out = '';
    child.stdout.on('data', (b) => {
      stdout += b;
      out += b;
    });
    child.stderr.on('data', (b) => {
      out += b;
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, out }));
  });
}

const results = new Map<string, Run>();
const R = suite('scripts/test.mjs on broken suites');
R.before(async () => {
  await Promise.all(Object.keys(CASES).map(async (name) => results.set(name, await runFixture(name))));
});
for (const [name, want] of Object.entries(CASES)) {
  R(`${name}: exit ${want.code}, '${want.last}'`, () => {
    const { code, stdout, out } = results.get(name)!;
    const lines = stdout.trimEnd().split('\n');
    assert.is(lines[lines.length - 1], want.last, `last line; the runner printed:\n${out}`);
    assert.is(code, want.code, `exit code; the runner printed:\n${out}`);
    if (want.says) assert.ok(out.includes(want.says), `the output names the cause '${want.says}':\n${out}`);
  });
}
R.run();
