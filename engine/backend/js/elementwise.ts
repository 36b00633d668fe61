// Naive-JS twins of kernels-as/elementwise.ts: plain loops with exact Math.* activations (the
// oracle the wasm approximations are tested against). Scalar arguments are rounded to f32 first,
// as the wasm ABI passes them as f32.
import type { ElementwiseKernels } from '../kernels.js';
import type { HeapViews } from '../wasm.js';

const fr = Math.fround;

/** Math.pow semantics on f32 inputs. */
const powGrad = (x: number, p: number) => p * x ** (p - 1);

export function elementwiseJs(heap: HeapViews): ElementwiseKernels {
  /** out[i] = g(a[i], b[i]) over n */
  const binary = (g: (a: number, b: number) => number) => (out: number, a: number, b: number, n: number) => {
    const f = heap.f32();
    const O = out >> 2,
      A = a >> 2,
      B = b >> 2;
    for (let i = 0; i < n; i++) f[O + i] = g(f[A + i], f[B + i]);
  };
  /** y[i] = g(x[i]) over n */
  const unary = (g: (x: number) => number) => (y: number, x: number, n: number) => {
    const f = heap.f32();
    const Y = y >> 2,
      X = x >> 2;
    for (let i = 0; i < n; i++) f[Y + i] = g(f[X + i]);
  };
  /** dx[i] += g(s[i], dy[i]) over n (s = saved y or x) */
  const backward = (g: (s: number, dy: number) => number) => (dx: number, s: number, dy: number, n: number) => {
    const f = heap.f32();
    const D = dx >> 2,
      S = s >> 2,
      G = dy >> 2;
    for (let i = 0; i < n; i++) f[D + i] += g(f[S + i], f[G + i]);
  };
  return {
    fill(out, value, n) {
      heap.f32().fill(fr(value), out >> 2, (out >> 2) + n);
    },
    copy(out, x, n) {
      if (n > 0) heap.f32().copyWithin(out >> 2, x >> 2, (x >> 2) + n);
    },
    copy_strided(out, x, shape, strides, ndim) {
      const f = heap.f32(),
        I = heap.i32();
      const sh: number[] = [],
        st: number[] = [];
      let total = 1;
      for (let d = 0; d < ndim; d++) {
        sh.push(I[(shape >> 2) + d]);
        st.push(I[(strides >> 2) + d]);
        total *= Math.max(sh[d], 0);
      }
      const idx = new Array<number>(ndim).fill(0);
      for (let o = 0; o < total; o++) {
        let src = x >> 2;
        for (let d = 0; d < ndim; d++) src += idx[d] * st[d];
        f[(out >> 2) + o] = f[src];
        for (let d = ndim - 1; d >= 0; d--) {
          if (++idx[d] < sh[d]) break;
          idx[d] = 0;
        }
      }
    },
    add: binary((a, b) => a + b),
    sub: binary((a, b) => a - b),
    mul: binary((a, b) => a * b),
    div: binary((a, b) => a / b),
    add_row_vector(out, a, b, rows, cols) {
      const f = heap.f32();
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) f[(out >> 2) + r * cols + c] = f[(a >> 2) + r * cols + c] + f[(b >> 2) + c];
      }
    },
    axpy(y, x, alpha, n) {
      const f = heap.f32(),
        al = fr(alpha);
      for (let i = 0; i < n; i++) f[(y >> 2) + i] += al * f[(x >> 2) + i];
    },
    scale(out, x, alpha, n) {
      const al = fr(alpha);
      unary((v) => al * v)(out, x, n);
    },
    add_scalar(out, x, alpha, n) {
      const al = fr(alpha);
      unary((v) => v + al)(out, x, n);
    },
    mul_acc(out, a, b, n) {
      const f = heap.f32();
      for (let i = 0; i < n; i++) f[(out >> 2) + i] += f[(a >> 2) + i] * f[(b >> 2) + i];
    },
    div_acc(out, a, b, n) {
      const f = heap.f32();
      for (let i = 0; i < n; i++) f[(out >> 2) + i] += f[(a >> 2) + i] / f[(b >> 2) + i];
    },
    div_grad_b_acc(out, a, b, c, n) {
      const f = heap.f32();
      for (let i = 0; i < n; i++) {
        const ci = f[(c >> 2) + i];
        f[(out >> 2) + i] -= (f[(a >> 2) + i] * f[(b >> 2) + i]) / (ci * ci);
      }
    },

    tanh_forward: unary(Math.tanh),
    tanh_backward: backward((y, dy) => dy * (1 - y * y)),
    sigmoid_forward: unary((x) => 1 / (1 + Math.exp(-x))),
    sigmoid_backward: backward((y, dy) => dy * y * (1 - y)),
    relu_forward: unary((x) => Math.max(x, 0)),
    relu_backward: backward((x, dy) => (x > 0 ? dy : 0)),
    abs_forward: unary(Math.abs),
    abs_backward: backward((x, dy) => dy * (x > 0 ? 1 : x < 0 ? -1 : 0)),
    exp_forward: unary(Math.exp),
    exp_backward: backward((y, dy) => dy * y),
    log_forward: unary(Math.log),
    log_backward: backward((x, dy) => dy / x),
    pow_forward(y, x, p, n) {
      const pf = fr(p);
      unary((v) => v ** pf)(y, x, n);
    },
    pow_backward(dx, x, dy, p, n) {
      const pf = fr(p);
      if (pf === 0) return;
      backward((v, g) => g * powGrad(v, pf))(dx, x, dy, n);
    },
    clamp_forward(y, x, lo, hi, n) {
      const l = fr(lo),
        h = fr(hi);
      unary((v) => Math.min(Math.max(v, l), h))(y, x, n);
    },
    clamp_backward(dx, x, dy, lo, hi, n) {
      const l = fr(lo),
        h = fr(hi);
      backward((v, g) => (v >= l && v <= h ? g : 0))(dx, x, dy, n);
    },
    where_forward(out, mask, a, b, n) {
      const f = heap.f32();
      for (let i = 0; i < n; i++) f[(out >> 2) + i] = f[(mask >> 2) + i] !== 0 ? f[(a >> 2) + i] : f[(b >> 2) + i];
    },
    where_backward(da, db, mask, dy, n) {
      const f = heap.f32();
      for (let i = 0; i < n; i++) {
        const m = f[(mask >> 2) + i] !== 0,
          g = f[(dy >> 2) + i];
        if (da && m) f[(da >> 2) + i] += g;
        if (db && !m) f[(db >> 2) + i] += g;
      }
    },
    compare(out, a, b, n, op) {
      const F = heap.f32();
      const o = out >> 2,
        pa = a >> 2,
        pb = b >> 2;
      for (let i = 0; i < n; i++) {
        const x = F[pa + i],
          y = F[pb + i];
        const r = op === 0 ? x > y : op === 1 ? x < y : op === 2 ? x >= y : op === 3 ? x <= y : op === 4 ? x === y : x !== y;
        F[o + i] = r ? 1 : 0;
      }
    },
  };
}
