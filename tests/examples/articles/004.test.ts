// Article 004's sessions (nn.RNN / nn.LSTM / nn.GRU typed at the prompt) against the reference
// transcripts that scripts/article-refs.py made by running the sessions with torch 1.13 under the
// seeding convention: every line of each tensor's repr, grad_fn included.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as rnnSession from '../../../examples/articles/004-1-nn-rnn-session.js';
import * as lstmSession from '../../../examples/articles/004-2-nn-lstm-session.js';
import * as gruSession from '../../../examples/articles/004-3-nn-gru-session.js';
import { assertTranscript, reference, runPort } from './lib.js';

for (const [port, tensors] of [
  [rnnSession, 2],
  [lstmSession, 3],
  [gruSession, 2],
] as const) {
  const test = suite(`${port.meta.id} ${port.meta.name}`);
  test('prints the reference transcript line for line', async () => {
    const want = reference(port.meta.id);
    const got = await runPort(port.main);
    assertTranscript(got.lines, want, port.meta.id);
    assert.is(got.lines.filter((l) => l.startsWith('tensor(')).length, tensors);
    assert.is(got.figures.size, 0);
  });
  test.run();
}
