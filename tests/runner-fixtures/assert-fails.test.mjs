import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const s = suite('assertion');
s('passes', () => assert.is(1, 1));
s('fails', () => assert.is(0.1 + 0.2, 0.3));
s.run();
