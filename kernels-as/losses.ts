// Cross-entropy (fused log-softmax + NLL) with PyTorch's CrossEntropyLoss options: class weights,
// ignore_index, label smoothing. Per-row losses only; the caller applies the reduction.
//
// | buffer  | shape  | contents                                              |
// |---------|--------|-------------------------------------------------------|
// | x       | [N, C] | logits                                                |
// | logp    | [N, C] | log-softmax of x (written by forward, saved for backward) |
// | target  | [N]    | i32 class ids (range-checked by the caller) or ignoreIndex |
// | weight  | [C]    | class weights, or pointer 0 = all ones                |
// | loss    | [N]    | per-row loss (0 for ignored rows)                     |
// | dloss   | [N]    | gradient of each row's loss (reduction scale included) |
// | dx      | [N, C] | accumulates                                           |
//
// NOTE: PyTorch's smoothing term weights every class: loss = (1−ε)·(−w[t]·logp[t]) +
// (ε/C)·Σ_c(−w[c]·logp[c]). For reduction 'mean' with weights it divides the summed rows by
// Σ_r w[t_r] over the non-ignored rows (both terms), without weights by the non-ignored count.
import { exp1, exp4 } from './math';

// @ts-ignore: decorator
@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}
// @ts-ignore: decorator
@inline function hmax(v: v128): f32 {
  return max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
}

export function cross_entropy_forward(loss: usize, logp: usize, x: usize, target: usize, weight: usize, N: i32, C: i32,
                                      ignoreIndex: i32, smoothing: f64): void {
  const oneMinusEps = <f32>(1 - smoothing);
  const epsOverC = <f32>(smoothing / <f64>C);
  const rowBytes = <usize>C << 2;
  for (let r = 0; r < N; r++) {
    const xr = x + <usize>r * rowBytes;
    const lr = logp + <usize>r * rowBytes;
    const t = load<i32>(target + (<usize>r << 2));
    if (C == 0) { store<f32>(loss + (<usize>r << 2), 0); continue; }
    // max, then Σ e^(x − max)
    let mv = f32x4.splat(-Infinity);
    let j = 0;
    for (; j + 4 <= C; j += 4) mv = f32x4.max(mv, v128.load(xr + (<usize>j << 2)));
    let m = hmax(mv);
    for (; j < C; j++) m = max(m, load<f32>(xr + (<usize>j << 2)));
    const ms = f32x4.splat(m);
    let sv = f32x4.splat(0);
    j = 0;
    for (; j + 4 <= C; j += 4) sv = f32x4.add(sv, exp4(f32x4.sub(v128.load(xr + (<usize>j << 2)), ms)));
    let s = hsum(sv);
    for (; j < C; j++) s += exp1(load<f32>(xr + (<usize>j << 2)) - m);
    const lse = <f32>Math.log(<f64>s);
    // logp = (x − max) − log Σ
    const ls = f32x4.splat(lse);
    j = 0;
    for (; j + 4 <= C; j += 4) {
      const o = <usize>j << 2;
      v128.store(lr + o, f32x4.sub(f32x4.sub(v128.load(xr + o), ms), ls));
    }
    for (; j < C; j++) {
      const o = <usize>j << 2;
      store<f32>(lr + o, (load<f32>(xr + o) - m) - lse);
    }
    if (t == ignoreIndex) { store<f32>(loss + (<usize>r << 2), 0); continue; }
    const wt: f32 = weight ? load<f32>(weight + (<usize>t << 2)) : 1;
    const nll = -(wt * load<f32>(lr + (<usize>t << 2)));
    let l = nll;
    if (smoothing > 0) {
      // smooth = −Σ_c w[c]·logp[c]
      let av = f32x4.splat(0);
      let a: f32 = 0;
      j = 0;
      if (weight) {
        for (; j + 4 <= C; j += 4) {
          const o = <usize>j << 2;
          av = f32x4.add(av, f32x4.mul(v128.load(lr + o), v128.load(weight + o)));
        }
        a = hsum(av);
        for (; j < C; j++) a += load<f32>(lr + (<usize>j << 2)) * load<f32>(weight + (<usize>j << 2));
      } else {
        for (; j + 4 <= C; j += 4) av = f32x4.add(av, v128.load(lr + (<usize>j << 2)));
        a = hsum(av);
        for (; j < C; j++) a += load<f32>(lr + (<usize>j << 2));
      }
      l = oneMinusEps * nll + (-a) * epsOverC;
    }
    store<f32>(loss + (<usize>r << 2), l);
  }
}

export function cross_entropy_backward(dx: usize, logp: usize, target: usize, weight: usize, dloss: usize, N: i32, C: i32,
                                       ignoreIndex: i32, smoothing: f64): void {
  const hasSmooth = smoothing > 0;
  const oneMinusEps = hasSmooth ? <f32>(1 - smoothing) : <f32>1;
  const epsOverC = hasSmooth ? <f32>(smoothing / <f64>C) : <f32>0;
  // W = Σ_c w[c]
  let W: f32 = <f32>C;
  if (weight && hasSmooth) {
    let wv = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= C; j += 4) wv = f32x4.add(wv, v128.load(weight + (<usize>j << 2)));
    W = hsum(wv);
    for (; j < C; j++) W += load<f32>(weight + (<usize>j << 2));
  }
  const rowBytes = <usize>C << 2;
  for (let r = 0; r < N; r++) {
    const t = load<i32>(target + (<usize>r << 2));
    if (t == ignoreIndex || C == 0) continue;
    const dxr = dx + <usize>r * rowBytes;
    const lr = logp + <usize>r * rowBytes;
    const dl = load<f32>(dloss + (<usize>r << 2));
    const wt: f32 = weight ? load<f32>(weight + (<usize>t << 2)) : 1;
    // ∂loss/∂x_j = p_j·((1−ε)·w[t] + (ε/C)·W) − (1−ε)·w[t]·[j = t] − (ε/C)·w[j]
    const a = dl * (oneMinusEps * wt + epsOverC * W);
    const b = dl * epsOverC;
    const av = f32x4.splat(a);
    const bv = f32x4.splat(b);
    let j = 0;
    if (hasSmooth) {
      for (; j + 4 <= C; j += 4) {
        const o = <usize>j << 2;
        const w = weight ? v128.load(weight + o) : f32x4.splat(1);
        const d = f32x4.sub(f32x4.mul(av, exp4(v128.load(lr + o))), f32x4.mul(bv, w));
        v128.store(dxr + o, f32x4.add(v128.load(dxr + o), d));
      }
      for (; j < C; j++) {
        const o = <usize>j << 2;
        const w: f32 = weight ? load<f32>(weight + o) : 1;
        store<f32>(dxr + o, load<f32>(dxr + o) + (a * exp1(load<f32>(lr + o)) - b * w));
      }
    } else {
      for (; j + 4 <= C; j += 4) {
        const o = <usize>j << 2;
        v128.store(dxr + o, f32x4.add(v128.load(dxr + o), f32x4.mul(av, exp4(v128.load(lr + o)))));
      }
      for (; j < C; j++) {
        const o = <usize>j << 2;
        store<f32>(dxr + o, load<f32>(dxr + o) + a * exp1(load<f32>(lr + o)));
      }
    }
    const ot = <usize>t << 2;
    store<f32>(dxr + ot, load<f32>(dxr + ot) - dl * oneMinusEps * wt);
  }
}
