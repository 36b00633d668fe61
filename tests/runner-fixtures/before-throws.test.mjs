// The demo tests' shape: the demo runs in a before hook, the tests read what it printed.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const lines = [];
const s = suite('demo');
s.before(async () => {
  throw new Error('demo crashed in main');
});
s('prints a loss', () => assert.ok(lines.length >= 0));
s('prints a plot', () => assert.ok(true));
s('prints parameters', () => assert.ok(true));
s.run();
