// examples/lib/pystr.ts: repr() of strings as Python 3.11 prints them (expected values from
// /usr/bin/python3 -c 'print(repr(s))').
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { pyStrRepr } from '../../../examples/lib/pystr.js';

const test = suite('pyStrRepr');

test('quotes and escapes as Python', () => {
  const cases: [string, string][] = [
    ['abc', "'abc'"],
    ["it's", '"it\'s"'],
    ['say "hi"', '\'say "hi"\''],
    ['both \' and "', "'both \\' and \"'"],
    ['a\nb\tc\rd', "'a\\nb\\tc\\rd'"],
    ['\x00\x7f\x85', "'\\x00\\x7f\\x85'"],
    ['人工智能', "'人工智能'"],
    ['back\\slash', "'back\\\\slash'"],
    ['\u2028 \u00a0 \u{1F600}', "'\\u2028 \\xa0 \u{1F600}'"],
    ['', "''"],
  ];
  for (const [s, want] of cases) assert.is(pyStrRepr(s), want, JSON.stringify(s));
});

test.run();
