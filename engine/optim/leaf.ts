// What optimizers and clipping accept besides Parameters: any leaf tensor (PyTorch's optimizers take
// any leaf), moved to the wasm heap once so that the in-place kernels can update it.
import { fmtShape, Parameter, Tensor, WasmBlock } from '../tensor.js';
import { describeNonTensor } from '../options.js';

/**
 * t as a Parameter: a Parameter as it is; a leaf tensor has its values (and its gradient, assigned
 * or accumulated) moved into wasm blocks and becomes a Parameter in place, so every reference to
 * it sees the updates. A non-leaf throws (PyTorch: "can't optimize a non-leaf Tensor").
 * NOTE: views made of t before (reshape, detach) keep the old storage and do not see the updates,
 * nor does a `t.data` array taken before; take them again after constructing the optimizer.
 */
export function asParameter(where: string, t: unknown): Parameter {
  if (t instanceof Parameter) return t;
  if (!(t instanceof Tensor))
    throw new Error(
      `${where}: expected Parameters or leaf tensors (module.parameters(), or tensors made with { requiresGrad: true }), got ${describeNonTensor(t)}`,
    );
  if (!t.isLeaf)
    throw new Error(
      `${where}: can't optimize a non-leaf Tensor (shape ${fmtShape(t.shape)}, made by ${t._node!.op}); pass the leaf tensors it was computed from`,
    );
  // a view of a parameter's block (detach, reshape) keeps it: updates reach the parameter too, as in PyTorch
  let block = t._block;
  if (!block) {
    block = new WasmBlock(t.size, `tensor of shape ${fmtShape(t.shape)}`);
    block.view().set(t._read(where));
  }
  const grad = t._grad;
  t._js = null;
  t._block = block;
  t._grad = null;
  Object.setPrototypeOf(t, Parameter.prototype);
  const p = t as Parameter;
  p._derived = null;
  if (grad) p.grad = grad;
  return p;
}
