// Reductions: row / column sums (bias gradients, reduce over the last dim), sum of squares and
// sum (f64 accumulation: grad norms, losses), max |x| and the all-finite check (grad clipping, AMP-style guards).
//
//   buffer   shape          note
//   x        [rows, cols]   or [n]
//   out      [cols]         sum_rows: accumulates column sums (sum_rows_ld: of the first cols columns of rows ld floats apart)
//   out      [rows]         sum_cols: accumulates row sums

export function sum_rows(out: usize, x: usize, rows: i32, cols: i32): void {
  sum_rows_ld(out, x, rows, cols, cols);
}

// Each column is summed alone, down the rows in order, whichever of the three loops takes it: a
// block of columns (the thread pool's chunks) gets the bits of the whole call.
export function sum_rows_ld(out: usize, x: usize, rows: i32, cols: i32, ld: i32): void {
  const rowBytes = <usize>ld << 2;
  let c = 0;
  // 16 columns at a time in 4 registers, down all rows
  for (; c + 16 <= cols; c += 16) {
    const o = <usize>c << 2;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let p = x + o;
    for (let r = 0; r < rows; r++) {
      a0 = f32x4.add(a0, v128.load(p));
      a1 = f32x4.add(a1, v128.load(p, 16));
      a2 = f32x4.add(a2, v128.load(p, 32));
      a3 = f32x4.add(a3, v128.load(p, 48));
      p += rowBytes;
    }
    v128.store(out + o, f32x4.add(v128.load(out + o), a0));
    v128.store(out + o, f32x4.add(v128.load(out + o, 16), a1), 16);
    v128.store(out + o, f32x4.add(v128.load(out + o, 32), a2), 32);
    v128.store(out + o, f32x4.add(v128.load(out + o, 48), a3), 48);
  }
  for (; c + 4 <= cols; c += 4) {
    const o = <usize>c << 2;
    let a0 = f32x4.splat(0);
    let p = x + o;
    for (let r = 0; r < rows; r++) {
      a0 = f32x4.add(a0, v128.load(p));
      p += rowBytes;
    }
    v128.store(out + o, f32x4.add(v128.load(out + o), a0));
  }
  for (; c < cols; c++) {
    const o = <usize>c << 2;
    let s: f32 = 0;
    let p = x + o;
    for (let r = 0; r < rows; r++) {
      s += load<f32>(p);
      p += rowBytes;
    }
    store<f32>(out + o, load<f32>(out + o) + s);
  }
}

// @ts-ignore: decorator
@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) +
    (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

export function sum_cols(out: usize, x: usize, rows: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const p = x + <usize>r * rowBytes;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
    let c = 0;
    for (; c + 8 <= cols; c += 8) {
      a0 = f32x4.add(a0, v128.load(p + (<usize>c << 2)));
      a1 = f32x4.add(a1, v128.load(p + (<usize>c << 2), 16));
    }
    for (; c + 4 <= cols; c += 4) a0 = f32x4.add(a0, v128.load(p + (<usize>c << 2)));
    let s = hsum(f32x4.add(a0, a1));
    for (; c < cols; c++) s += load<f32>(p + (<usize>c << 2));
    const o = out + (<usize>r << 2);
    store<f32>(o, load<f32>(o) + s);
  }
}

export function sum_squares(x: usize, n: i32): f64 {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    const lo = f64x2.promote_low_f32x4(v);
    const hi = f64x2.promote_low_f32x4(i64x2.shuffle(v, v, 1, 0));
    a0 = f64x2.add(a0, f64x2.mul(lo, lo));
    a1 = f64x2.add(a1, f64x2.mul(hi, hi));
  }
  const s = f64x2.add(a0, a1);
  let t = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < n; i++) {
    const v = <f64>load<f32>(x + (<usize>i << 2));
    t += v * v;
  }
  return t;
}

export function sum_all(x: usize, n: i32): f64 {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v));
    a1 = f64x2.add(a1, f64x2.promote_low_f32x4(i64x2.shuffle(v, v, 1, 0)));
  }
  const s = f64x2.add(a0, a1);
  let t = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < n; i++) t += <f64>load<f32>(x + (<usize>i << 2));
  return t;
}

export function max_abs(x: usize, n: i32): f32 {
  // f32x4.max propagates NaN
  let m = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) m = f32x4.max(m, f32x4.abs(v128.load(x + (<usize>i << 2))));
  let r = max<f32>(max<f32>(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)),
    max<f32>(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
  for (; i < n; i++) r = max<f32>(r, abs<f32>(load<f32>(x + (<usize>i << 2))));
  return r;
}

export function all_finite(x: usize, n: i32): i32 {
  const inf = f32x4.splat(Infinity);
  let ok = i32x4.splat(-1);
  let i = 0;
  for (; i + 4 <= n; i += 4) ok = v128.and(ok, f32x4.lt(f32x4.abs(v128.load(x + (<usize>i << 2))), inf));
  if (!i32x4.all_true(ok)) return 0;
  for (; i < n; i++) {
    if (!(abs<f32>(load<f32>(x + (<usize>i << 2))) < Infinity)) return 0;
  }
  return 1;
}
