// Elementwise ops with broadcasting: add/sub/mul/div, the activations, pow, clamp, where and
// comparisons. Each op is a kernel call with its backward closure right below it.
import { kernel, record } from '../autograd.js';
import { fmtShape, Tensor, snapshot } from '../tensor.js';
import { accumulateBroadcast, broadcastShapes, checkTensor, inBroadcast, sameShape } from './util.js';
import { tracer } from '../trace.js';

type Binary = 'add' | 'sub' | 'mul' | 'div';

function scalarTensor(v: number): Tensor {
  return new Tensor(new Float32Array([v]), []);
}

/** a OP b with PyTorch broadcasting; numbers are taken as 0-dim constants. */
export function binary(op: Binary, a: Tensor, b: Tensor | number): Tensor {
  if (tracer) return tracer.call('binary', binary, op, a, b);
  if (typeof b === 'number') return binaryScalar(op, a, b);
  checkTensor(op, 'other', b);
  const shape = broadcastShapes(op, a.shape, b.shape);
  const n = shape.reduce((x, y) => x * y, 1);
  const y = kernel((s, k) => {
    const pa = inBroadcast(s, k, op, a, shape);
    const pb = b === a ? pa : inBroadcast(s, k, op, b, shape); // x·x: one copy
    const py = s.out(n);
    k[op](py, pa, pb, n);
    return s.read(py, n);
  });
  const out = new Tensor(y, shape);
  return record(out, op, [a, b], (dy) =>
    kernel((s, k) => {
      const pdy = s.array(dy);
      if (op === 'add' || op === 'sub') {
        // d(a ± b) = dy, ±dy
        if (a.requiresGrad) accumulateBroadcast(s, k, op, a, pdy, shape);
        if (b.requiresGrad) {
          if (op === 'sub') {
            const neg = s.out(n);
            k.scale(neg, pdy, -1, n);
            accumulateBroadcast(s, k, op, b, neg, shape);
          } else accumulateBroadcast(s, k, op, b, pdy, shape);
        }
      } else if (op === 'mul') {
        // d(a·b) = dy·b, dy·a (x·x: x copied in once, its gradient accumulated twice)
        const pb = a.requiresGrad ? inBroadcast(s, k, op, b, shape) : 0;
        if (a.requiresGrad) {
          const t = s.out(n);
          k.mul(t, pdy, pb, n);
          accumulateBroadcast(s, k, op, a, t, shape);
        }
        if (b.requiresGrad) {
          const t = s.out(n);
          k.mul(t, pdy, b === a ? pb : inBroadcast(s, k, op, a, shape), n);
          accumulateBroadcast(s, k, op, b, t, shape);
        }
      } else {
        // d(a/b) = dy/b, −dy·a/b²
        const pb = inBroadcast(s, k, op, b, shape);
        if (a.requiresGrad) {
          const t = s.zeros(n);
          k.div_acc(t, pdy, pb, n);
          accumulateBroadcast(s, k, op, a, t, shape);
        }
        if (b.requiresGrad) {
          const t = s.zeros(n);
          k.div_grad_b_acc(t, inBroadcast(s, k, op, a, shape), pdy, pb, n);
          accumulateBroadcast(s, k, op, b, t, shape);
        }
      }
    }),
  );
}

function binaryScalar(op: Binary, a: Tensor, v: number): Tensor {
  if (op === 'sub') return binaryScalar('add', a, -v);
  if (op === 'div') return binary('div', a, scalarTensor(v));
  const n = a.size;
  const y = kernel((s, k) => {
    const py = s.out(n);
    if (op === 'add') k.add_scalar(py, s.in(a), v, n);
    else k.scale(py, s.in(a), v, n);
    return s.read(py, n);
  });
  return record(new Tensor(y, a.shape.slice()), op, [a], (dy) =>
    kernel((s, k) => {
      // d(a + v) = dy; d(a·v) = v·dy
      k.axpy(s.gradOf(a), s.array(dy), op === 'add' ? 1 : v, n);
    }),
  );
}

type Activation = 'tanh' | 'sigmoid' | 'relu' | 'exp' | 'log' | 'abs';
/** Activations whose derivative is cheaper from the output (saved) than from the input. */
const FROM_OUTPUT: Record<Activation, boolean> = { tanh: true, sigmoid: true, exp: true, relu: false, log: false, abs: false };

export function unary(op: Activation, x: Tensor): Tensor {
  if (tracer) return tracer.call('unary', unary, op, x);
  const n = x.size;
  const y = kernel((s, k) => {
    const py = s.out(n);
    k[`${op}_forward`](py, s.in(x), n);
    return s.read(py, n);
  });
  const saved = FROM_OUTPUT[op] ? y : snapshot(x);
  return record(new Tensor(y, x.shape.slice()), op, [x], (dy) =>
    kernel((s, k) => {
      // tanh: dy·(1−y²); sigmoid: dy·y(1−y); exp: dy·y; relu: dy·[x>0]; log: dy/x; abs: dy·sign(x)
      k[`${op}_backward`](s.gradOf(x), s.array(saved), s.array(dy), n);
    }),
  );
}

/** |x|; the gradient is sign(x), 0 at 0 (PyTorch's subgradient). */
export function abs(x: Tensor): Tensor {
  return unary('abs', x);
}

/** Elementwise x^p for a number p, same shape; the gradient is p·x^(p−1). */
export function pow(x: Tensor, p: number): Tensor {
  if (tracer) return tracer.call('pow', pow, x, p);
  if (typeof p !== 'number') throw new Error(`pow: exponent must be a number, got ${typeof p}`);
  const n = x.size;
  const y = kernel((s, k) => {
    const py = s.out(n);
    k.pow_forward(py, s.in(x), p, n);
    return s.read(py, n);
  });
  const xs = snapshot(x);
  return record(new Tensor(y, x.shape.slice()), 'pow', [x], (dy) =>
    kernel((s, k) => {
      // dy·p·x^(p−1)
      k.pow_backward(s.gradOf(x), s.array(xs), s.array(dy), p, n);
    }),
  );
}

/** Elementwise clamp to [min, max] (either may be null, not both), same shape; the gradient is 0 outside. */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  if (tracer) return tracer.call('clamp', clamp, x, min, max);
  if ((min === undefined || min === null) && (max === undefined || max === null)) {
    throw new Error(`clamp: at least one of 'min' or 'max' must not be None (input shape ${fmtShape(x.shape)})`);
  }
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  const n = x.size;
  const y = kernel((s, k) => {
    const py = s.out(n);
    k.clamp_forward(py, s.in(x), lo, hi, n);
    return s.read(py, n);
  });
  const xs = snapshot(x);
  return record(new Tensor(y, x.shape.slice()), 'clamp', [x], (dy) =>
    kernel((s, k) => {
      // dy·[lo ≤ x ≤ hi]
      k.clamp_backward(s.gradOf(x), s.array(xs), s.array(dy), lo, hi, n);
    }),
  );
}

/** cond ≠ 0 ? a : b, all three broadcast together (cond carries no gradient). */
export function where(cond: Tensor, a: Tensor | number, b: Tensor | number, op = 'where'): Tensor {
  if (tracer) return tracer.call('where', where, cond, a, b, op);
  checkTensor(op, 'condition', cond);
  const ta = typeof a === 'number' ? scalarTensor(a) : checkTensor(op, 'input', a);
  const tb = typeof b === 'number' ? scalarTensor(b) : checkTensor(op, 'other', b);
  const shape = broadcastShapes(op, broadcastShapes(op, cond.shape, ta.shape), tb.shape);
  const n = shape.reduce((x, y) => x * y, 1);
  const y = kernel((s, k) => {
    const py = s.out(n);
    k.where_forward(py, inBroadcast(s, k, op, cond, shape), inBroadcast(s, k, op, ta, shape), inBroadcast(s, k, op, tb, shape), n);
    return s.read(py, n);
  });
  const mask = sameShape(cond.shape, shape) ? snapshot(cond) : null;
  return record(new Tensor(y, shape), op, [ta, tb], (dy) =>
    kernel((s, k) => {
      // da += mask·dy, db += (1−mask)·dy
      const pm = mask ? s.array(mask) : inBroadcast(s, k, op, cond, shape);
      const pdy = s.array(dy);
      const da = ta.requiresGrad ? s.zeros(n) : 0;
      const db = tb.requiresGrad ? s.zeros(n) : 0;
      k.where_backward(da, db, pm, pdy, n);
      if (da) accumulateBroadcast(s, k, op, ta, da, shape);
      if (db) accumulateBroadcast(s, k, op, tb, db, shape);
    }),
  );
}

const COMPARE = { gt: 0, lt: 1, ge: 2, le: 3, eq: 4, ne: 5 } as const;
export type Comparison = keyof typeof COMPARE;

/** a OP b as a 0/1 float tensor (no gradient). */
export function compare(op: Comparison, a: Tensor, b: Tensor | number): Tensor {
  if (tracer) return tracer.call('compare', compare, op, a, b);
  const tb = typeof b === 'number' ? scalarTensor(b) : checkTensor(op, 'other', b);
  const shape = broadcastShapes(op, a.shape, tb.shape);
  const n = shape.reduce((x, y) => x * y, 1);
  return new Tensor(
    kernel((s, k) => {
      const py = s.out(n);
      k.compare(py, inBroadcast(s, k, op, a, shape), inBroadcast(s, k, op, tb, shape), n, COMPARE[op]);
      return s.read(py, n);
    }),
    shape,
  );
}
