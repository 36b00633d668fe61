// The data namespace: vocabularies, tokenizers, padding, batching, splits, scaling and windows.
export { Vocab, DEFAULT_SPECIALS, type VocabOptions, type VocabBuildOptions } from './vocab.js';
export { whitespaceTokenize, charTokenize, unicodeToAscii, normalizeString } from './text.js';
export { padSequence, DataLoader, TensorDataset, defaultCollate, randomSplit, type Dataset, type DataLoaderOptions, type Collated } from './loader.js';
export { trainTestSplit, MinMaxScaler, slidingWindows, type TrainTestSplitOptions } from './preprocessing.js';
