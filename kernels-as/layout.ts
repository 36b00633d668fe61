// Layout kernels: strided scatter (write and accumulate) over up to 8 dims.
//
// | buffer  | shape                              |
// |---------|------------------------------------|
// | x       | contiguous, row-major over shape   |
// | out     | element strides `strides` over shape (0 = broadcast, for add_strided) |
// | shape, strides | ndim i32 each, ndim ≤ 8     |

// Walks every index of `shape` (row-major) with an odometer; the innermost dim is a tight loop.
@inline
function scatter(out: usize, x: usize, shape: usize, strides: usize, ndim: i32, accumulate: bool): void {
  if (ndim == 0) {
    if (accumulate) store<f32>(out, load<f32>(out) + load<f32>(x));
    else store<f32>(out, load<f32>(x));
    return;
  }
  let total: i32 = 1;
  for (let d = 0; d < ndim; d++) total *= load<i32>(shape + (<usize>d << 2));
  if (total == 0) return;
  const inner = load<i32>(shape + (<usize>(ndim - 1) << 2));
  const innerStride = load<i32>(strides + (<usize>(ndim - 1) << 2));
  // odometer over the outer dims (ndim-1 of them), kept in a small stack-free array: at most 7 counters
  let c0: i32 = 0, c1: i32 = 0, c2: i32 = 0, c3: i32 = 0, c4: i32 = 0, c5: i32 = 0, c6: i32 = 0;
  let base: isize = 0; // element offset into out
  let xi: usize = x;
  const rows = total / inner;
  for (let r = 0; r < rows; r++) {
    const o = out + (<usize>base << 2);
    if (innerStride == 1) {
      let j = 0;
      if (accumulate) {
        for (; j + 4 <= inner; j += 4) {
          const p = o + (<usize>j << 2);
          v128.store(p, f32x4.add(v128.load(p), v128.load(xi + (<usize>j << 2))));
        }
        for (; j < inner; j++) {
          const p = o + (<usize>j << 2);
          store<f32>(p, load<f32>(p) + load<f32>(xi + (<usize>j << 2)));
        }
      } else {
        memory.copy(o, xi, <usize>inner << 2);
      }
    } else {
      for (let j = 0; j < inner; j++) {
        const p = o + (<usize>(<isize>j * innerStride) << 2);
        const v = load<f32>(xi + (<usize>j << 2));
        if (accumulate) store<f32>(p, load<f32>(p) + v);
        else store<f32>(p, v);
      }
    }
    xi += <usize>inner << 2;
    // advance the odometer over dims ndim-2 … 0
    let d = ndim - 2;
    while (d >= 0) {
      const size = load<i32>(shape + (<usize>d << 2));
      const stride = <isize>load<i32>(strides + (<usize>d << 2));
      let c: i32;
      if (d == 0) c = ++c0; else if (d == 1) c = ++c1; else if (d == 2) c = ++c2; else if (d == 3) c = ++c3;
      else if (d == 4) c = ++c4; else if (d == 5) c = ++c5; else c = ++c6;
      base += stride;
      if (c < size) break;
      base -= stride * <isize>size;
      if (d == 0) c0 = 0; else if (d == 1) c1 = 0; else if (d == 2) c2 = 0; else if (d == 3) c3 = 0;
      else if (d == 4) c4 = 0; else if (d == 5) c5 = 0; else c6 = 0;
      d--;
    }
  }
}

export function copy_to_strided(out: usize, x: usize, shape: usize, strides: usize, ndim: i32): void {
  scatter(out, x, shape, strides, ndim, false);
}

export function add_strided(out: usize, x: usize, shape: usize, strides: usize, ndim: i32): void {
  scatter(out, x, shape, strides, ndim, true);
}
