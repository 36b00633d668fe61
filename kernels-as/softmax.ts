// Softmax and log-softmax over the rows of a matrix, forward + backward (max-subtracted, so
// stable). NOTE: a row of all −Inf gives NaN (as PyTorch); −Inf entries in a row get probability 0.
//
//   buffer      shape          note
//   x, y        [rows, cols]   y = softmax(x) or log_softmax(x), saved for backward
//   dy          [rows, cols]
//   dx          [rows, cols]   accumulates
import { exp4, exp1, log1 } from './math';

// @ts-ignore: decorator
@inline function rowMax(p: usize, cols: i32): f32 {
  let m = f32x4.splat(-Infinity);
  let c = 0;
  for (; c + 4 <= cols; c += 4) m = f32x4.max(m, v128.load(p + (<usize>c << 2)));
  let r = max<f32>(max<f32>(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)),
    max<f32>(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
  for (; c < cols; c++) r = max<f32>(r, load<f32>(p + (<usize>c << 2)));
  return r;
}

// @ts-ignore: decorator
@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) +
    (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** Writes e = exp(x − mx) to out (when out ≠ 0) and returns Σ e. */
// @ts-ignore: decorator
@inline function expShiftSum(out: usize, p: usize, mx: f32, cols: i32): f32 {
  const vm = f32x4.splat(mx);
  let s = f32x4.splat(0);
  let c = 0;
  for (; c + 4 <= cols; c += 4) {
    const o = <usize>c << 2;
    const e = exp4(f32x4.sub(v128.load(p + o), vm));
    if (out) v128.store(out + o, e);
    s = f32x4.add(s, e);
  }
  let r = hsum(s);
  for (; c < cols; c++) {
    const o = <usize>c << 2;
    const e = exp1(load<f32>(p + o) - mx);
    if (out) store<f32>(out + o, e);
    r += e;
  }
  return r;
}

/** Σ a[c]·b[c] */
// @ts-ignore: decorator
@inline function dot(a: usize, b: usize, cols: i32): f32 {
  let s = f32x4.splat(0);
  let c = 0;
  for (; c + 4 <= cols; c += 4) {
    const o = <usize>c << 2;
    s = f32x4.add(s, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  let r = hsum(s);
  for (; c < cols; c++) {
    const o = <usize>c << 2;
    r += load<f32>(a + o) * load<f32>(b + o);
  }
  return r;
}

export function softmax_forward(y: usize, x: usize, rows: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const px = x + <usize>r * rowBytes;
    const py = y + <usize>r * rowBytes;
    const mx = rowMax(px, cols);
    const s = expShiftSum(py, px, mx, cols);
    const vs = f32x4.splat(s);
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const o = <usize>c << 2;
      v128.store(py + o, f32x4.div(v128.load(py + o), vs));
    }
    for (; c < cols; c++) {
      const o = <usize>c << 2;
      store<f32>(py + o, load<f32>(py + o) / s);
    }
  }
}

export function softmax_backward(dx: usize, y: usize, dy: usize, rows: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * rowBytes;
    const py = y + off, pdy = dy + off, pdx = dx + off;
    const s = dot(pdy, py, cols);
    const vs = f32x4.splat(s);
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const o = <usize>c << 2;
      const t = f32x4.mul(v128.load(py + o), f32x4.sub(v128.load(pdy + o), vs));
      v128.store(pdx + o, f32x4.add(v128.load(pdx + o), t));
    }
    for (; c < cols; c++) {
      const o = <usize>c << 2;
      store<f32>(pdx + o, load<f32>(pdx + o) + load<f32>(py + o) * (load<f32>(pdy + o) - s));
    }
  }
}

export function log_softmax_forward(y: usize, x: usize, rows: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const px = x + <usize>r * rowBytes;
    const py = y + <usize>r * rowBytes;
    const mx = rowMax(px, cols);
    const s = expShiftSum(0, px, mx, cols);
    const ls = log1(s);
    const vm = f32x4.splat(mx);
    const vl = f32x4.splat(ls);
    let c = 0;
    // y = (x − mx) − log Σ e^{x−mx}: no cancellation when |mx| ≫ log s
    for (; c + 4 <= cols; c += 4) {
      const o = <usize>c << 2;
      v128.store(py + o, f32x4.sub(f32x4.sub(v128.load(px + o), vm), vl));
    }
    for (; c < cols; c++) {
      const o = <usize>c << 2;
      store<f32>(py + o, (load<f32>(px + o) - mx) - ls);
    }
  }
}

export function log_softmax_backward(dx: usize, y: usize, dy: usize, rows: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * rowBytes;
    const py = y + off, pdy = dy + off, pdx = dx + off;
    let sv = f32x4.splat(0);
    let c = 0;
    for (; c + 4 <= cols; c += 4) sv = f32x4.add(sv, v128.load(pdy + (<usize>c << 2)));
    let s = hsum(sv);
    for (; c < cols; c++) s += load<f32>(pdy + (<usize>c << 2));
    const vs = f32x4.splat(s);
    c = 0;
    for (; c + 4 <= cols; c += 4) {
      const o = <usize>c << 2;
      const t = f32x4.sub(v128.load(pdy + o), f32x4.mul(exp4(v128.load(py + o)), vs));
      v128.store(pdx + o, f32x4.add(v128.load(pdx + o), t));
    }
    for (; c < cols; c++) {
      const o = <usize>c << 2;
      store<f32>(pdx + o, load<f32>(pdx + o) + (load<f32>(pdy + o) - exp1(load<f32>(py + o)) * s));
    }
  }
}
