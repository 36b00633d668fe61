// Extrema: the selecting reductions max / min with the index they come from (per row), the evenly
// split gradient of amax / amin, and top-k per row.
//
//   buffer        shape          note
//   x             [rows, cols]
//   out, idx      [rows]         max_cols / min_cols: the value and its column (f32, integral)
//   y, dy         [rows]         amax_backward: the reduced values and their gradient
//   dx            [rows, cols]   accumulates
//   values, idx   [rows, k]      topk_cols: best first, idx f32 integral
// NOTE: as PyTorch, NaN counts as greater than every number: a row holding NaN has max (and min)
// NaN at its first NaN; topk puts NaN first when largest, last otherwise. Ties give the lowest
// index (max / min: PyTorch's CPU choice; topk: PyTorch leaves the order of ties unspecified).
// Indices are f32, exact for cols < 2^24.

/** Whether (v at column vi) beats the current best (b at column bi): NaN first, then the extreme value, then the lower column. */
// @ts-ignore: decorator
@inline function beats(v: f32, vi: i32, b: f32, bi: i32, isMax: bool): bool {
  if (b != b) return v != v && vi < bi;
  if (v != v) return true;
  if (isMax ? v > b : v < b) return true;
  return v == b && vi < bi;
}

// @ts-ignore: decorator
@inline function extremeCols(out: usize, idx: usize, x: usize, rows: i32, cols: i32, isMax: bool): void {
  const four = f32x4.splat(4);
  for (let r = 0; r < rows; r++) {
    const p = x + ((<usize>r * <usize>cols) << 2);
    let best = load<f32>(p);
    let bi: i32 = 0;
    let c = 1;
    if (cols >= 8) {
      // per lane: the best value so far and its column; strict comparison keeps the first of equals
      let m = v128.load(p);
      let mi = f32x4(0, 1, 2, 3);
      let ci = f32x4(4, 5, 6, 7);
      c = 4;
      for (; c + 4 <= cols; c += 4) {
        const v = v128.load(p + (<usize>c << 2));
        const better = isMax ? f32x4.gt(v, m) : f32x4.lt(v, m);
        // or v is NaN and m is not
        const take = v128.or(better, v128.andnot(f32x4.ne(v, v), f32x4.ne(m, m)));
        m = v128.bitselect(v, m, take);
        mi = v128.bitselect(ci, mi, take);
        ci = f32x4.add(ci, four);
      }
      best = f32x4.extract_lane(m, 0);
      bi = <i32>f32x4.extract_lane(mi, 0);
      let v = f32x4.extract_lane(m, 1), vi = <i32>f32x4.extract_lane(mi, 1);
      if (beats(v, vi, best, bi, isMax)) { best = v; bi = vi; }
      v = f32x4.extract_lane(m, 2); vi = <i32>f32x4.extract_lane(mi, 2);
      if (beats(v, vi, best, bi, isMax)) { best = v; bi = vi; }
      v = f32x4.extract_lane(m, 3); vi = <i32>f32x4.extract_lane(mi, 3);
      if (beats(v, vi, best, bi, isMax)) { best = v; bi = vi; }
    }
    for (; c < cols; c++) {
      const v = load<f32>(p + (<usize>c << 2));
      if (beats(v, c, best, bi, isMax)) { best = v; bi = c; }
    }
    store<f32>(out + (<usize>r << 2), best);
    store<f32>(idx + (<usize>r << 2), <f32>bi);
  }
}

export function max_cols(out: usize, idx: usize, x: usize, rows: i32, cols: i32): void {
  if (cols <= 0) return;
  extremeCols(out, idx, x, rows, cols, true);
}

export function min_cols(out: usize, idx: usize, x: usize, rows: i32, cols: i32): void {
  if (cols <= 0) return;
  extremeCols(out, idx, x, rows, cols, false);
}

export function amax_backward(dx: usize, x: usize, y: usize, dy: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const p = x + ((<usize>r * <usize>cols) << 2);
    const d = dx + ((<usize>r * <usize>cols) << 2);
    const yv = load<f32>(y + (<usize>r << 2));
    const yNaN = yv != yv;
    const vy = f32x4.splat(yv);
    // 1. how many entries equal the reduced value (NaN matches NaN)
    let cnt = i32x4.splat(0);
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const v = v128.load(p + (<usize>c << 2));
      cnt = i32x4.sub(cnt, yNaN ? f32x4.ne(v, v) : f32x4.eq(v, vy));
    }
    let count = i32x4.extract_lane(cnt, 0) + i32x4.extract_lane(cnt, 1) + i32x4.extract_lane(cnt, 2) + i32x4.extract_lane(cnt, 3);
    for (let j = c; j < cols; j++) {
      const v = load<f32>(p + (<usize>j << 2));
      if (yNaN ? v != v : v == yv) count++;
    }
    if (count == 0) continue;
    // 2. each of them gets dy / count
    const g = load<f32>(dy + (<usize>r << 2)) / <f32>count;
    const vg = f32x4.splat(g);
    c = 0;
    for (; c + 4 <= cols; c += 4) {
      const o = <usize>c << 2;
      const v = v128.load(p + o);
      const mask = yNaN ? f32x4.ne(v, v) : f32x4.eq(v, vy);
      v128.store(d + o, f32x4.add(v128.load(d + o), v128.and(mask, vg)));
    }
    for (; c < cols; c++) {
      const o = <usize>c << 2;
      const v = load<f32>(p + o);
      if (yNaN ? v != v : v == yv) store<f32>(d + o, load<f32>(d + o) + g);
    }
  }
}

export function topk_cols(values: usize, idx: usize, x: usize, rows: i32, cols: i32, k: i32, largest: i32): void {
  if (k <= 0) return;
  const isMax = largest != 0;
  for (let r = 0; r < rows; r++) {
    const p = x + ((<usize>r * <usize>cols) << 2);
    const vo = values + ((<usize>r * <usize>k) << 2);
    const io = idx + ((<usize>r * <usize>k) << 2);
    // insertion into the row's k slots, kept sorted best first; an equal value goes after (stable)
    let n = 0;
    for (let c = 0; c < cols; c++) {
      const v = load<f32>(p + (<usize>c << 2));
      if (n == k && !beatsValue(v, load<f32>(vo + (<usize>(k - 1) << 2)), isMax)) continue;
      let j = n < k ? n : k - 1;
      while (j > 0 && beatsValue(v, load<f32>(vo + (<usize>(j - 1) << 2)), isMax)) {
        store<f32>(vo + (<usize>j << 2), load<f32>(vo + (<usize>(j - 1) << 2)));
        store<f32>(io + (<usize>j << 2), load<f32>(io + (<usize>(j - 1) << 2)));
        j--;
      }
      store<f32>(vo + (<usize>j << 2), v);
      store<f32>(io + (<usize>j << 2), <f32>c);
      if (n < k) n++;
    }
  }
}

/** Strictly better for topk: NaN is the greatest value (first when largest, last otherwise). */
// @ts-ignore: decorator
@inline function beatsValue(v: f32, b: f32, isMax: bool): bool {
  if (isMax) return (v != v && b == b) || v > b;
  return (b != b && v == v) || v < b;
}
