// PyRandom (engine/random/python.ts) against Python's own random module: the values that
// /usr/bin/python3 printed (tests/fixtures/pyrandom.json, scripts/gen-fixtures-pyrandom.py), exactly.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { random } from '../../engine/index.js';

interface Case {
  seed: string;
  first: string[];
  at: Record<string, string>;
}
const here = dirname(fileURLToPath(import.meta.url));
const FIX = JSON.parse(readFileSync(join(here, '..', '..', '..', 'tests', 'fixtures', 'pyrandom.json'), 'utf8')) as { python: string; cases: Case[] };

test(`random.seed(n); random.random() equals Python ${FIX.python}'s, for int, negative and multi-word seeds`, () => {
  assert.ok(FIX.cases.length >= 7);
  for (const c of FIX.cases) {
    const r = new random.PyRandom(BigInt(c.seed));
    const vals = Array.from({ length: 1313 }, () => r.random());
    c.first.forEach((v, i) => assert.is(vals[i], Number(v), `seed ${c.seed}, value ${i + 1}`));
    for (const [k, v] of Object.entries(c.at)) assert.is(vals[Number(k) - 1], Number(v), `seed ${c.seed}, value ${k}`);
  }
});

test('seed(n) restarts the stream; a number seed equals the bigint one; not the numpy stream', () => {
  const r = new random.PyRandom(42);
  const a = [r.random(), r.random()];
  r.seed(42n);
  assert.equal([r.random(), r.random()], a);
  assert.is.not(a[0], new random.RandomState(42).rand());
});

test('a non-integer seed is refused', () => {
  assert.throws(() => new random.PyRandom(1.5), /PyRandom.seed: expected an integer/);
});

test.run();
