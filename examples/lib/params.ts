// Parameters drawn the way the articles' hand-written modules draw them:
// nn.Parameter(torch.randn(*shape) * scale) and nn.Parameter(torch.zeros(*shape)).
import { Parameter, randn } from '../../engine/index.js';

/** nn.Parameter(torch.randn(shape) * scale): draws from the default generator. */
export function randnParameter(shape: number[], scale = 1): Parameter {
  const values = randn(shape);
  return new Parameter(shape, scale === 1 ? values.data : values.mul(scale).data);
}

/** nn.Parameter(torch.zeros(shape)). */
export function zerosParameter(shape: number[]): Parameter {
  return new Parameter(shape, new Float32Array(shape.reduce((n, d) => n * d, 1)));
}
