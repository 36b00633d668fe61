import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const ran = suite('ran');
ran('a', () => assert.ok(true));
ran.run();
const forgotten = suite('forgotten');
forgotten('b', () => assert.ok(true));
forgotten('c', () => assert.ok(true));
