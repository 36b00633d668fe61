// The seq2seq namespace: the attention translator (model, training loop, beam search, BLEU,
// corpora and checkpoints).
export {
  Encoder,
  AttentionDecoder,
  Seq2Seq,
  MAX_BEAM_WIDTH,
  padIds,
  argmaxRows,
  fullConfig,
  type Seq2SeqConfig,
  type FullConfig,
  type DecoderState,
  type EncoderOutput,
  type Translation,
  type ForwardOptions,
  type DecodeOptions,
  type BeamOptions,
  type RnnType,
  type AttentionType,
} from './model.js';
export { corpusBleu, exactMatch, type BleuResult } from './bleu.js';
export {
  tokenize,
  parsePairs,
  defaultCorpus,
  filterPairs,
  splitBySource,
  groupBySource,
  buildVocabs,
  encodePairs,
  fnv1a,
  TUTORIAL_PREFIXES,
  type Pair,
  type EncodedPair,
  type ParseOptions,
  type FilterOptions,
} from './corpus.js';
export { trainSeq2Seq, evaluateLoss, type TrainOptions, type TrainResult, type StepInfo, type EpochInfo } from './train.js';
export { Translator, MODEL_FILE, VOCAB_FILE, type TranslateOptions, type TranslationResult } from './translator.js';
export { exportTranslatorOnnx, type OnnxTranslatorConfig } from './export.js';
