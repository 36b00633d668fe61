import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const s = suite('exits');
s('calls process.exit(0)', () => process.exit(0));
s('never reached', () => assert.ok(true));
s.run();
