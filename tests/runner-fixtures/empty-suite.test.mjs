import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const cases = [];
const s = suite('parity over an empty list');
for (const c of cases) s(c.name, () => assert.ok(c));
s.run();
