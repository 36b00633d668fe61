// A failure message that quotes another run's summary (as the runner's own tests do) must not be
// read as this run's totals.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const s = suite('quotes');
s('passes', () => assert.ok(true));
s('fails quoting a summary', () =>
  assert.unreachable(
    'the other run printed:\n  Total:     9\n  Passed:    9\n  Skipped:   0\n  Suites:    1 defined, 1 run\ntests: 9 passed, 0 failed, 0 skipped',
  ),
);
s.run();
