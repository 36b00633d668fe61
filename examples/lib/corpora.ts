// The small texts the demos train on, embedded so a demo needs no file beyond the package.
// scripts/demos-b.py reads this file (the constants between the BEGIN/END markers) so the
// PyTorch reference sees exactly the same data.

/** char-rnn: a paragraph about artificial intelligence in the spirit of the article's. */
// BEGIN AI_PARAGRAPH_ZH
export const AI_PARAGRAPH_ZH = '人工智能是计算机科学的一个重要分支，它试图理解智能的本质，并创造出能以与人类智能相似的方式做出反应的智能机器。' +
  '人工智能的研究领域包括机器人、语音识别、图像识别、自然语言处理和专家系统等。自从人工智能诞生以来，理论和技术日益成熟，' +
  '应用领域也不断扩大。可以设想，未来人工智能带来的科技产品，将会是人类智慧的容器。人工智能可以对人的意识和思维的信息过程进行模拟。' +
  '人工智能不是人的智能，但能像人那样思考，也可能超过人的智能。深度学习是人工智能的核心技术之一，循环神经网络和长短期记忆网络能够处理序列数据，' +
  '在机器翻译、语音识别和文本生成中发挥着重要作用。人工智能正在改变我们的生活和工作方式，也给社会带来新的机遇和挑战。';
// END AI_PARAGRAPH_ZH

/** char-lm: a short English text for the character-level language model. */
// BEGIN CHAR_LM_TEXT
export const CHAR_LM_TEXT = 'a recurrent neural network reads a sequence one step at a time. at every step it combines the new input ' +
  'with its hidden state, the memory of everything it has read so far, and produces an output and a new hidden state. ' +
  'trained to predict the next character of a text, the network learns which letters follow which, then which words ' +
  'follow which, and finally a little of the rhythm of the sentences. the same weights are used at every step, so the ' +
  'network can read a sequence of any length. gradients flow back through time along the chain of hidden states, and ' +
  'over long chains they can vanish or explode, which is why the long short-term memory and the gated recurrent unit were invented. ' +
  'a language model assigns a probability to every text, and the perplexity tells how surprised the model is by the next character.';
// END CHAR_LM_TEXT
