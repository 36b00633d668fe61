// Gather / scatter-add kernels: row gather / scatter-add (embedding forward/backward) and per-row column
// gather / scatter-add (picking target log-probs, their gradients). Indices are i32, range-checked by the caller.
//
//   buffer   shape           note
//   x        [?, cols]       index_select_rows source
//   idx      [nidx] i32      row indices (duplicates accumulate in index_add_rows)
//   out, dy  [nidx, cols]
//   dx       [?, cols]       accumulates
//   x, dx    [rows, xcols]   gather_cols / scatter_add_cols
//   idx, out, dy [rows, icols] i32 column indices / values

export function index_select_rows(out: usize, x: usize, idx: usize, nidx: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  for (let i = 0; i < nidx; i++) {
    const src = x + <usize>load<i32>(idx + (<usize>i << 2)) * rowBytes;
    memory.copy(out + <usize>i * rowBytes, src, rowBytes);
  }
}

export function index_add_rows(dx: usize, idx: usize, dy: usize, nidx: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  for (let i = 0; i < nidx; i++) {
    const d = dx + <usize>load<i32>(idx + (<usize>i << 2)) * rowBytes;
    const s = dy + <usize>i * rowBytes;
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const o = <usize>c << 2;
      v128.store(d + o, f32x4.add(v128.load(d + o), v128.load(s + o)));
    }
    for (; c < cols; c++) {
      const o = <usize>c << 2;
      store<f32>(d + o, load<f32>(d + o) + load<f32>(s + o));
    }
  }
}

export function gather_cols(out: usize, x: usize, idx: usize, rows: i32, xcols: i32, icols: i32): void {
  for (let r = 0; r < rows; r++) {
    const px = x + (<usize>r * <usize>xcols << 2);
    const base = <usize>r * <usize>icols << 2;
    for (let j = 0; j < icols; j++) {
      const o = base + (<usize>j << 2);
      store<f32>(out + o, load<f32>(px + (<usize>load<i32>(idx + o) << 2)));
    }
  }
}

export function scatter_add_cols(dx: usize, idx: usize, dy: usize, rows: i32, xcols: i32, icols: i32): void {
  for (let r = 0; r < rows; r++) {
    const px = dx + (<usize>r * <usize>xcols << 2);
    const base = <usize>r * <usize>icols << 2;
    for (let j = 0; j < icols; j++) {
      const o = base + (<usize>j << 2);
      const p = px + (<usize>load<i32>(idx + o) << 2);
      store<f32>(p, load<f32>(p) + load<f32>(dy + o));
    }
  }
}
