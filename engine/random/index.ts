// The `random` namespace of the public API: torch-compatible seeding and sampling, and numpy's legacy RandomState.
import { RandomState } from './numpy.js';

export { manualSeed, TorchGenerator, defaultGenerator } from './torch.js';
export { MT19937 } from './mt19937.js';
export { multinomial, applyTemperature, topKFilter, sampleLogits } from '../sampling.js';
/** numpy.random: `new random.numpy.RandomState(42)`. */
export const numpy = { RandomState };
export { RandomState };
/** Python's random module: `new random.PyRandom(42).random()`. */
export { PyRandom } from './python.js';
