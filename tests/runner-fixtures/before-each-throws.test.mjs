import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const s = suite('beforeEach');
s.before.each(() => {
  throw new Error('setup failed');
});
s('a', () => assert.ok(true));
s('b', () => assert.ok(true));
s.run();
