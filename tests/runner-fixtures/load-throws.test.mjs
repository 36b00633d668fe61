import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const s = suite('before the throw');
s('runs', () => assert.ok(true));
s.run();
throw new Error('broken at load');
