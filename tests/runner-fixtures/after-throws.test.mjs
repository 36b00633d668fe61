import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const s = suite('after');
s.after(() => {
  throw new Error('teardown failed');
});
s('a', () => assert.ok(true));
s.run();
const t = suite('next');
t('still runs', () => assert.ok(true));
t.run();
