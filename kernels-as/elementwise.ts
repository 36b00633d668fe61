// Elementwise kernels: fill/copy/strided copy, binary arithmetic, scalar ops and the activations
// (tanh, sigmoid, relu, abs, exp, log, pow, clamp, where) forward + backward, and the comparisons.
// f32x4 main loop + scalar tail (compare: scalar).
//
//   buffer             shape        note
//   out, x, a, b, c    [n]          f32; out may alias an input where kernels.ts says so
//   y (activations)    [n]          saved output (tanh, sigmoid, exp backward read y, not x)
//   dx, da, db         [n]          gradients: accumulate (+=)
//   mask               [n]          f32 0/1 (where reads it, compare writes it)
//   a / out (bias add) [rows, cols], b [cols]
//   shape, strides     [ndim] i32   copy_strided, ndim ≤ 8, element strides (may be 0 or < 0)
// NOTE: scalar arguments (value, alpha, p, lo, hi) arrive as f32.
import { exp4, log4, sigmoid4, tanh4, exp1, log1, sigmoid1, tanh1 } from './math';

export function fill(out: usize, value: f32, n: i32): void {
  const v = f32x4.splat(value);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), v);
  for (; i < n; i++) store<f32>(out + (<usize>i << 2), value);
}

export function copy(out: usize, x: usize, n: i32): void {
  if (n > 0) memory.copy(out, x, <usize>n << 2);
}

// index counters for copy_strided (static, so the kernel does not allocate). NOTE: one set for
// the module: only the calling thread runs copy_strided (the pool's chunks never do).
const CS_IDX = memory.data(64, 16);
const CS_SHAPE = memory.data(64, 16);
const CS_STRIDE = memory.data(64, 16);

export function copy_strided(out: usize, x: usize, shape: usize, strides: usize, ndim: i32): void {
  // Coalesce: drop size-1 dims, merge dim d into d+1 when stride[d] == stride[d+1]·shape[d+1].
  let nd = 0;
  for (let d = 0; d < ndim; d++) {
    const s = load<i32>(shape + (<usize>d << 2));
    if (s <= 0) return; // empty
    if (s == 1) continue;
    const st = load<i32>(strides + (<usize>d << 2));
    store<i32>(CS_SHAPE + (<usize>nd << 2), s);
    store<i32>(CS_STRIDE + (<usize>nd << 2), st);
    nd++;
  }
  if (nd == 0) { // a single element
    store<f32>(out, load<f32>(x));
    return;
  }
  let w = 0;
  for (let d = 1; d < nd; d++) {
    const sPrev = load<i32>(CS_SHAPE + (<usize>w << 2));
    const stPrev = load<i32>(CS_STRIDE + (<usize>w << 2));
    const s = load<i32>(CS_SHAPE + (<usize>d << 2));
    const st = load<i32>(CS_STRIDE + (<usize>d << 2));
    if (stPrev == st * s) {
      store<i32>(CS_SHAPE + (<usize>w << 2), sPrev * s);
      store<i32>(CS_STRIDE + (<usize>w << 2), st);
    } else {
      w++;
      store<i32>(CS_SHAPE + (<usize>w << 2), s);
      store<i32>(CS_STRIDE + (<usize>w << 2), st);
    }
  }
  nd = w + 1;
  const inner = load<i32>(CS_SHAPE + (<usize>(nd - 1) << 2));
  const istride = load<i32>(CS_STRIDE + (<usize>(nd - 1) << 2));
  for (let d = 0; d < nd - 1; d++) store<i32>(CS_IDX + (<usize>d << 2), 0);
  let src: isize = <isize>x;
  let dst = out;
  while (true) {
    // innermost row
    if (istride == 1) {
      memory.copy(dst, <usize>src, <usize>inner << 2);
    } else if (istride == 0) {
      fill(dst, load<f32>(<usize>src), inner);
    } else {
      const step: isize = <isize>istride << 2;
      let p = src;
      for (let i = 0; i < inner; i++) {
        store<f32>(dst + (<usize>i << 2), load<f32>(<usize>p));
        p += step;
      }
    }
    dst += <usize>inner << 2;
    // odometer over the outer dims
    let d = nd - 2;
    for (; d >= 0; d--) {
      const ia = CS_IDX + (<usize>d << 2);
      const idx = load<i32>(ia) + 1;
      const st: isize = <isize>load<i32>(CS_STRIDE + (<usize>d << 2)) << 2;
      if (idx < load<i32>(CS_SHAPE + (<usize>d << 2))) {
        store<i32>(ia, idx);
        src += st;
        break;
      }
      store<i32>(ia, 0);
      src -= st * <isize>(idx - 1);
    }
    if (d < 0) return;
  }
}

export function add(out: usize, a: usize, b: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, f32x4.add(v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(a + o) + load<f32>(b + o));
  }
}

export function sub(out: usize, a: usize, b: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, f32x4.sub(v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(a + o) - load<f32>(b + o));
  }
}

export function mul(out: usize, a: usize, b: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(a + o) * load<f32>(b + o));
  }
}

export function div(out: usize, a: usize, b: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, f32x4.div(v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(a + o) / load<f32>(b + o));
  }
}

export function add_row_vector(out: usize, a: usize, b: usize, rows: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    add(out + <usize>r * rowBytes, a + <usize>r * rowBytes, b, cols);
  }
}

export function axpy(y: usize, x: usize, alpha: f32, n: i32): void {
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, f32x4.add(v128.load(y + o), f32x4.mul(va, v128.load(x + o))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, load<f32>(y + o) + alpha * load<f32>(x + o));
  }
}

export function scale(out: usize, x: usize, alpha: f32, n: i32): void {
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, f32x4.mul(va, v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, alpha * load<f32>(x + o));
  }
}

export function add_scalar(out: usize, x: usize, alpha: f32, n: i32): void {
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, f32x4.add(v128.load(x + o), va));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(x + o) + alpha);
  }
}

export function mul_acc(out: usize, a: usize, b: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, f32x4.add(v128.load(out + o), f32x4.mul(v128.load(a + o), v128.load(b + o))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(out + o) + load<f32>(a + o) * load<f32>(b + o));
  }
}

export function div_acc(out: usize, a: usize, b: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, f32x4.add(v128.load(out + o), f32x4.div(v128.load(a + o), v128.load(b + o))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(out + o) + load<f32>(a + o) / load<f32>(b + o));
  }
}

export function div_grad_b_acc(out: usize, a: usize, b: usize, c: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const vc = v128.load(c + o);
    const t = f32x4.div(f32x4.mul(v128.load(a + o), v128.load(b + o)), f32x4.mul(vc, vc));
    v128.store(out + o, f32x4.sub(v128.load(out + o), t));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const vc = load<f32>(c + o);
    store<f32>(out + o, load<f32>(out + o) - load<f32>(a + o) * load<f32>(b + o) / (vc * vc));
  }
}

// ---------------------------------------------------------------------------------------------
// Activations

export function tanh_forward(y: usize, x: usize, n: i32): void {
  let i = 0;
  // two independent vectors per iteration: the approximations are long dependency chains
  for (; i + 8 <= n; i += 8) {
    const o = <usize>i << 2;
    const a = tanh4(v128.load(x + o));
    const b = tanh4(v128.load(x + o, 16));
    v128.store(y + o, a);
    v128.store(y + o, b, 16);
  }
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, tanh4(v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, tanh1(load<f32>(x + o)));
  }
}

export function tanh_backward(dx: usize, y: usize, dy: usize, n: i32): void {
  const one = f32x4.splat(1.0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const vy = v128.load(y + o);
    const t = f32x4.mul(v128.load(dy + o), f32x4.sub(one, f32x4.mul(vy, vy)));
    v128.store(dx + o, f32x4.add(v128.load(dx + o), t));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const vy = load<f32>(y + o);
    store<f32>(dx + o, load<f32>(dx + o) + load<f32>(dy + o) * (1 - vy * vy));
  }
}

export function sigmoid_forward(y: usize, x: usize, n: i32): void {
  let i = 0;
  // two independent vectors per iteration: the approximations are long dependency chains
  for (; i + 8 <= n; i += 8) {
    const o = <usize>i << 2;
    const a = sigmoid4(v128.load(x + o));
    const b = sigmoid4(v128.load(x + o, 16));
    v128.store(y + o, a);
    v128.store(y + o, b, 16);
  }
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, sigmoid4(v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, sigmoid1(load<f32>(x + o)));
  }
}

export function sigmoid_backward(dx: usize, y: usize, dy: usize, n: i32): void {
  const one = f32x4.splat(1.0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const vy = v128.load(y + o);
    const t = f32x4.mul(v128.load(dy + o), f32x4.mul(vy, f32x4.sub(one, vy)));
    v128.store(dx + o, f32x4.add(v128.load(dx + o), t));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const vy = load<f32>(y + o);
    store<f32>(dx + o, load<f32>(dx + o) + load<f32>(dy + o) * (vy * (1 - vy)));
  }
}

export function relu_forward(y: usize, x: usize, n: i32): void {
  const zero = f32x4.splat(0.0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, f32x4.max(v128.load(x + o), zero));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, max<f32>(load<f32>(x + o), 0));
  }
}

export function relu_backward(dx: usize, x: usize, dy: usize, n: i32): void {
  const zero = f32x4.splat(0.0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const t = v128.and(v128.load(dy + o), f32x4.gt(v128.load(x + o), zero));
    v128.store(dx + o, f32x4.add(v128.load(dx + o), t));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    if (load<f32>(x + o) > 0) store<f32>(dx + o, load<f32>(dx + o) + load<f32>(dy + o));
  }
}

export function abs_forward(y: usize, x: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, f32x4.abs(v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, abs<f32>(load<f32>(x + o)));
  }
}

export function abs_backward(dx: usize, x: usize, dy: usize, n: i32): void {
  // dx += dy·sign(x), sign(±0) = sign(NaN) = 0 (PyTorch's sgn on CPU)
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    const s = f32x4.sub(v128.and(f32x4.gt(v, zero), one), v128.and(f32x4.lt(v, zero), one));
    v128.store(dx + o, f32x4.add(v128.load(dx + o), f32x4.mul(v128.load(dy + o), s)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    const s: f32 = v > 0 ? 1 : v < 0 ? -1 : 0;
    store<f32>(dx + o, load<f32>(dx + o) + load<f32>(dy + o) * s);
  }
}

export function exp_forward(y: usize, x: usize, n: i32): void {
  let i = 0;
  // two independent vectors per iteration: the approximations are long dependency chains
  for (; i + 8 <= n; i += 8) {
    const o = <usize>i << 2;
    const a = exp4(v128.load(x + o));
    const b = exp4(v128.load(x + o, 16));
    v128.store(y + o, a);
    v128.store(y + o, b, 16);
  }
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, exp4(v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, exp1(load<f32>(x + o)));
  }
}

export function exp_backward(dx: usize, y: usize, dy: usize, n: i32): void {
  mul_acc(dx, dy, y, n);
}

export function log_forward(y: usize, x: usize, n: i32): void {
  let i = 0;
  // two independent vectors per iteration: the approximations are long dependency chains
  for (; i + 8 <= n; i += 8) {
    const o = <usize>i << 2;
    const a = log4(v128.load(x + o));
    const b = log4(v128.load(x + o, 16));
    v128.store(y + o, a);
    v128.store(y + o, b, 16);
  }
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, log4(v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, log1(load<f32>(x + o)));
  }
}

export function log_backward(dx: usize, x: usize, dy: usize, n: i32): void {
  div_acc(dx, dy, x, n);
}

/** Math.pow semantics (JS, not C: pow(1, NaN) and pow(±1, ±Inf) are NaN), computed in f64. */
// @ts-ignore: decorator
@inline function jsPow(x: f64, p: f64): f64 {
  if (isNaN(p)) return NaN;
  if (isFinite(p) == false && Math.abs(x) == 1) return NaN;
  return Math.pow(x, p);
}

export function pow_forward(y: usize, x: usize, p: f32, n: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, <f32>jsPow(<f64>load<f32>(x + o), <f64>p));
  }
}

export function pow_backward(dx: usize, x: usize, dy: usize, p: f32, n: i32): void {
  if (p == 0) return;
  const pd = <f64>p;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    const g = <f64>load<f32>(dy + o) * pd * jsPow(<f64>load<f32>(x + o), pd - 1);
    store<f32>(dx + o, <f32>(<f64>load<f32>(dx + o) + g));
  }
}

export function clamp_forward(y: usize, x: usize, lo: f32, hi: f32, n: i32): void {
  const vlo = f32x4.splat(lo);
  const vhi = f32x4.splat(hi);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, f32x4.min(f32x4.max(v128.load(x + o), vlo), vhi));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, min<f32>(max<f32>(load<f32>(x + o), lo), hi));
  }
}

export function clamp_backward(dx: usize, x: usize, dy: usize, lo: f32, hi: f32, n: i32): void {
  const vlo = f32x4.splat(lo);
  const vhi = f32x4.splat(hi);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const vx = v128.load(x + o);
    const inside = v128.and(f32x4.ge(vx, vlo), f32x4.le(vx, vhi));
    v128.store(dx + o, f32x4.add(v128.load(dx + o), v128.and(v128.load(dy + o), inside)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const vx = load<f32>(x + o);
    if (vx >= lo && vx <= hi) store<f32>(dx + o, load<f32>(dx + o) + load<f32>(dy + o));
  }
}

export function where_forward(out: usize, mask: usize, a: usize, b: usize, n: i32): void {
  const zero = f32x4.splat(0.0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const m = f32x4.ne(v128.load(mask + o), zero);
    v128.store(out + o, v128.bitselect(v128.load(a + o), v128.load(b + o), m));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(mask + o) != 0 ? load<f32>(a + o) : load<f32>(b + o));
  }
}

export function where_backward(da: usize, db: usize, mask: usize, dy: usize, n: i32): void {
  const zero = f32x4.splat(0.0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const m = f32x4.ne(v128.load(mask + o), zero);
    const g = v128.load(dy + o);
    if (da) v128.store(da + o, f32x4.add(v128.load(da + o), v128.and(g, m)));
    if (db) v128.store(db + o, f32x4.add(v128.load(db + o), v128.andnot(g, m)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const m = load<f32>(mask + o) != 0;
    const g = load<f32>(dy + o);
    if (da && m) store<f32>(da + o, load<f32>(da + o) + g);
    if (db && !m) store<f32>(db + o, load<f32>(db + o) + g);
  }
}

export function compare(out: usize, a: usize, b: usize, n: i32, op: i32): void {
  for (let i = 0; i < n; i++) {
    const x = load<f32>(a + (<usize>i << 2));
    const y = load<f32>(b + (<usize>i << 2));
    let r: bool;
    if (op == 0) r = x > y; else if (op == 1) r = x < y; else if (op == 2) r = x >= y;
    else if (op == 3) r = x <= y; else if (op == 4) r = x == y; else r = x != y;
    store<f32>(out + (<usize>i << 2), r ? 1.0 : 0.0);
  }
}
