import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const s = suite('passes');
s('one', () => assert.is(1 + 1, 2));
s('two', () => assert.ok(true));
s.skip('skipped', () => assert.unreachable());
s.run();
