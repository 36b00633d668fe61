// The small texts the demos train on, embedded so a demo needs no file beyond the package.
// scripts/demos-b.py reads this file (the constants between the BEGIN/END markers) so the
// PyTorch reference sees exactly the same data.

/** char-lm: a short English text for the character-level language model. */
// BEGIN CHAR_LM_TEXT
export const CHAR_LM_TEXT =
  'a recurrent neural network reads a sequence one step at a time. at every step it combines the new input ' +
  'with its hidden state, the memory of everything it has read so far, and produces an output and a new hidden state. ' +
  'trained to predict the next character of a text, the network learns which letters follow which, then which words ' +
  'follow which, and finally a little of the rhythm of the sentences. the same weights are used at every step, so the ' +
  'network can read a sequence of any length. gradients flow back through time along the chain of hidden states, and ' +
  'over long chains they can vanish or explode, which is why the long short-term memory and the gated recurrent unit were invented. ' +
  'a language model assigns a probability to every text, and the perplexity tells how surprised the model is by the next character.';
// END CHAR_LM_TEXT
