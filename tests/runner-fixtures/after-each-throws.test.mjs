import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const s = suite('afterEach');
s.after.each(() => {
  throw new Error('cleanup failed');
});
s('a', () => assert.ok(true));
s.run();
