// A parity suite whose fixture list also feeds tests of other lists: nonEmpty fails the load.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nonEmpty } from '../../dist/tests/fixture.js';

const fixture = { cases: [], other: [1] };
const s = suite('mixed');
s('other', () => assert.is(fixture.other.length, 1));
for (const c of nonEmpty(fixture.cases, 'fixture.cases')) s(String(c), () => assert.ok(c));
s.run();
