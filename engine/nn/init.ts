// Parameter initialisation with PyTorch's formulas, drawn from the torch-compatible default generator.
import { defaultGenerator } from '../random/torch.js';
import type { Parameter } from '../tensor.js';

/** uniform_(from, to) on the parameter's values, like torch.nn.init.uniform_. */
export function uniform_(p: Parameter, from: number, to: number): Parameter {
  const v = new Float32Array(p.size);
  defaultGenerator.uniform(v, from, to);
  p._live('init')._block!.written('init').set(v);
  return p;
}

/** normal_(mean, std), like torch.nn.init.normal_. */
export function normal_(p: Parameter, mean = 0, std = 1): Parameter {
  const v = new Float32Array(p.size);
  defaultGenerator.normal(v, mean, std);
  p._live('init')._block!.written('init').set(v);
  return p;
}

/** kaiming_uniform_(a) with fan_in (nn.Linear's weight init uses a = √5). */
export function kaimingUniform_(p: Parameter, a = 0): Parameter {
  const fanIn = p.shape.length > 1 ? p.size / p.shape[0] : p.shape[0];
  const gain = Math.sqrt(2.0 / (1 + a * a));
  const std = gain / Math.sqrt(fanIn);
  const bound = Math.sqrt(3.0) * std;
  return uniform_(p, -bound, bound);
}
