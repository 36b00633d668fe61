// Optimizer updates, in place, one call per parameter tensor: SGD, Adam/AdamW, RMSprop as torch
// 1.13's single-tensor (foreach=False) float32 code computes them.
//
// | buffer                        | shape | contents                                   |
// |-------------------------------|-------|--------------------------------------------|
// | p                             | [n]   | parameter, updated in place                |
// | g                             | [n]   | gradient (read only)                       |
// | buf, m, v, vmax, sq, gavg     | [n]   | optimizer state, updated in place          |
//
// NOTE: scalars arrive as f64 and are rounded to f32 exactly where PyTorch turns a Python float
// into the tensor's dtype (so 1 − β1 is computed in f64, then rounded). PyTorch's AVX2 kernels fuse
// `a.add(b, alpha)` and `addcmul` into one FMA but not `addcdiv`: the relaxed build does the same
// with relaxed_madd; the plain SIMD build rounds the product (≤ 1 ulp apart).
import { fma } from './math';

// @ts-ignore: decorator
@inline function ldw(p: usize, wide: bool): v128 { return wide ? v128.load(p) : f32x4.splat(load<f32>(p)); }
// @ts-ignore: decorator
@inline function stw(p: usize, v: v128, wide: bool): void {
  if (wide) v128.store(p, v); else store<f32>(p, f32x4.extract_lane(v, 0));
}

// @ts-ignore: decorator
@inline function sgdLanes(p: usize, g: usize, buf: usize, wide: bool, nlr: v128, mom: v128, damp1: v128,
                          wd: v128, hasWd: bool, hasMom: bool, nesterov: bool, first: bool): void {
  const pv = ldw(p, wide);
  let d = ldw(g, wide);
  if (hasWd) d = fma(wd, pv, d); // d_p.add(param, alpha=wd)
  if (hasMom) {
    let b: v128;
    if (first) b = d; // buf = clone(d_p)
    else b = fma(damp1, d, f32x4.mul(ldw(buf, wide), mom)); // buf.mul_(m).add_(d_p, alpha=1−dampening)
    stw(buf, b, wide);
    d = nesterov ? fma(mom, b, d) : b;
  }
  stw(p, fma(nlr, d, pv), wide); // param.add_(d_p, alpha=−lr)
}

export function sgd_step(p: usize, g: usize, buf: usize, n: i32, lr: f64, momentum: f64, dampening: f64,
                         weightDecay: f64, nesterov: i32, first: i32): void {
  const nlr = f32x4.splat(<f32>-lr);
  const mom = f32x4.splat(<f32>momentum);
  const damp1 = f32x4.splat(<f32>(1 - dampening));
  const wd = f32x4.splat(<f32>weightDecay);
  const hasWd = weightDecay != 0;
  const hasMom = momentum != 0;
  const nest = nesterov != 0;
  const fst = first != 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    sgdLanes(p + o, g + o, buf + o, true, nlr, mom, damp1, wd, hasWd, hasMom, nest, fst);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    sgdLanes(p + o, g + o, buf + o, false, nlr, mom, damp1, wd, hasWd, hasMom, nest, fst);
  }
}

// @ts-ignore: decorator
@inline function adamLanes(p: usize, g: usize, m: usize, v: usize, vmax: usize, wide: bool,
                           b1: v128, omb1: v128, b2: v128, omb2: v128, eps: v128, wd: v128, decay: v128,
                           nss: v128, bc2: v128, hasWd: bool, amsgrad: bool, decoupled: bool): void {
  let pv = ldw(p, wide);
  let gv = ldw(g, wide);
  if (decoupled) pv = f32x4.mul(pv, decay); // param.mul_(1 − lr·wd)
  else if (hasWd) gv = fma(wd, pv, gv); // grad.add(param, alpha=wd)
  // exp_avg.mul_(β1).add_(grad, alpha=1−β1)
  const mv = fma(omb1, gv, f32x4.mul(ldw(m, wide), b1));
  // exp_avg_sq.mul_(β2).addcmul_(grad, grad, value=1−β2)
  let vv = fma(f32x4.mul(omb2, gv), gv, f32x4.mul(ldw(v, wide), b2));
  stw(m, mv, wide);
  stw(v, vv, wide);
  if (amsgrad) {
    vv = f32x4.max(ldw(vmax, wide), vv);
    stw(vmax, vv, wide);
  }
  // denom = (v.sqrt() / bc2Sqrt).add_(eps); param.addcdiv_(m, denom, value=−stepSize)
  const denom = f32x4.add(f32x4.div(f32x4.sqrt(vv), bc2), eps);
  stw(p, f32x4.add(pv, f32x4.div(f32x4.mul(nss, mv), denom)), wide);
}

export function adam_step(p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32, lr: f64, beta1: f64,
                          beta2: f64, eps: f64, weightDecay: f64, stepSize: f64, bc2Sqrt: f64, amsgrad: i32,
                          decoupled: i32): void {
  const b1 = f32x4.splat(<f32>beta1);
  const omb1 = f32x4.splat(<f32>(1 - beta1));
  const b2 = f32x4.splat(<f32>beta2);
  const omb2 = f32x4.splat(<f32>(1 - beta2));
  const ep = f32x4.splat(<f32>eps);
  const wd = f32x4.splat(<f32>weightDecay);
  const decay = f32x4.splat(<f32>(1 - lr * weightDecay));
  const nss = f32x4.splat(<f32>-stepSize);
  const bc2 = f32x4.splat(<f32>bc2Sqrt);
  const hasWd = weightDecay != 0;
  const ams = amsgrad != 0;
  const dec = decoupled != 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    adamLanes(p + o, g + o, m + o, v + o, vmax + o, true, b1, omb1, b2, omb2, ep, wd, decay, nss, bc2, hasWd, ams, dec);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    adamLanes(p + o, g + o, m + o, v + o, vmax + o, false, b1, omb1, b2, omb2, ep, wd, decay, nss, bc2, hasWd, ams, dec);
  }
}

// @ts-ignore: decorator
@inline function rmspropLanes(p: usize, g: usize, sq: usize, buf: usize, gavg: usize, wide: bool,
                              a: v128, oma: v128, eps: v128, wd: v128, mom: v128, nlr: v128,
                              hasWd: bool, hasMom: bool, centered: bool): void {
  const pv = ldw(p, wide);
  let gv = ldw(g, wide);
  if (hasWd) gv = fma(wd, pv, gv); // grad.add(param, alpha=wd)
  // square_avg.mul_(α).addcmul_(grad, grad, value=1−α)
  const s = fma(f32x4.mul(oma, gv), gv, f32x4.mul(ldw(sq, wide), a));
  stw(sq, s, wide);
  let avg: v128;
  if (centered) {
    // grad_avg.mul_(α).add_(grad, alpha=1−α); avg = square_avg.addcmul(grad_avg, grad_avg, value=−1).sqrt_()
    const ga = fma(oma, gv, f32x4.mul(ldw(gavg, wide), a));
    stw(gavg, ga, wide);
    avg = f32x4.sqrt(fma(f32x4.neg(ga), ga, s));
  } else {
    avg = f32x4.sqrt(s);
  }
  avg = f32x4.add(avg, eps);
  if (hasMom) {
    // buf.mul_(momentum).addcdiv_(grad, avg); param.add_(buf, alpha=−lr)
    const b = f32x4.add(f32x4.mul(ldw(buf, wide), mom), f32x4.div(gv, avg));
    stw(buf, b, wide);
    stw(p, fma(nlr, b, pv), wide);
  } else {
    // param.addcdiv_(grad, avg, value=−lr)
    stw(p, f32x4.add(pv, f32x4.div(f32x4.mul(nlr, gv), avg)), wide);
  }
}

export function rmsprop_step(p: usize, g: usize, sq: usize, buf: usize, gavg: usize, n: i32, lr: f64, alpha: f64,
                             eps: f64, weightDecay: f64, momentum: f64, centered: i32): void {
  const a = f32x4.splat(<f32>alpha);
  const oma = f32x4.splat(<f32>(1 - alpha));
  const ep = f32x4.splat(<f32>eps);
  const wd = f32x4.splat(<f32>weightDecay);
  const mom = f32x4.splat(<f32>momentum);
  const nlr = f32x4.splat(<f32>-lr);
  const hasWd = weightDecay != 0;
  const hasMom = momentum > 0;
  const cen = centered != 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    rmspropLanes(p + o, g + o, sq + o, buf + o, gavg + o, true, a, oma, ep, wd, mom, nlr, hasWd, hasMom, cen);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    rmspropLanes(p + o, g + o, sq + o, buf + o, gavg + o, false, a, oma, ep, wd, mom, nlr, hasWd, hasMom, cen);
  }
}
