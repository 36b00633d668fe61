// Naive-JS twins of kernels-as/optim.ts: SGD, Adam/AdamW, RMSprop in float32 as torch 1.13's
// single-tensor path computes them on an AVX2 CPU. `fr` rounds to f32 after every tensor op;
// `a.add(b, alpha)` and `addcmul` are fused there (FMA), so they round once: the exact product
// of two f32 fits an f64, and the f64 sum rounded to f32 is the FMA result.
import type { OptimKernels } from '../kernels.js';
import type { HeapViews } from '../wasm.js';

const fr = Math.fround;

export function optimJs(heap: HeapViews): OptimKernels {
  return {
    sgd_step(p, g, buf, n, lr, momentum, dampening, weightDecay, nesterov, first) {
      const f = heap.f32();
      const nlr = fr(-lr),
        mom = fr(momentum),
        damp1 = fr(1 - dampening),
        wd = fr(weightDecay);
      for (let i = 0; i < n; i++) {
        const pv = f[(p >> 2) + i];
        let d = f[(g >> 2) + i];
        if (weightDecay !== 0) d = fr(d + wd * pv);
        if (momentum !== 0) {
          const bi = (buf >> 2) + i;
          const b = first ? d : fr(fr(f[bi] * mom) + damp1 * d);
          f[bi] = b;
          d = nesterov ? fr(d + mom * b) : b;
        }
        f[(p >> 2) + i] = pv + nlr * d;
      }
    },
    adam_step(p, g, m, v, vmax, n, lr, beta1, beta2, eps, weightDecay, stepSize, bc2Sqrt, amsgrad, decoupled) {
      const f = heap.f32();
      const b1 = fr(beta1),
        omb1 = fr(1 - beta1),
        b2 = fr(beta2),
        omb2 = fr(1 - beta2),
        ep = fr(eps);
      const wd = fr(weightDecay),
        decay = fr(1 - lr * weightDecay),
        nss = fr(-stepSize),
        bc2 = fr(bc2Sqrt);
      for (let i = 0; i < n; i++) {
        let pv = f[(p >> 2) + i];
        let gv = f[(g >> 2) + i];
        if (decoupled) pv = fr(pv * decay);
        else if (weightDecay !== 0) gv = fr(gv + wd * pv);
        const mv = fr(fr(f[(m >> 2) + i] * b1) + omb1 * gv);
        let vv = fr(fr(f[(v >> 2) + i] * b2) + fr(omb2 * gv) * gv);
        f[(m >> 2) + i] = mv;
        f[(v >> 2) + i] = vv;
        if (amsgrad) {
          vv = Math.max(f[(vmax >> 2) + i], vv);
          f[(vmax >> 2) + i] = vv;
        }
        const denom = fr(fr(fr(Math.sqrt(vv)) / bc2) + ep);
        f[(p >> 2) + i] = pv + fr(fr(nss * mv) / denom);
      }
    },
    rmsprop_step(p, g, sq, buf, gavg, n, lr, alpha, eps, weightDecay, momentum, centered) {
      const f = heap.f32();
      const a = fr(alpha),
        oma = fr(1 - alpha),
        ep = fr(eps),
        wd = fr(weightDecay),
        mom = fr(momentum),
        nlr = fr(-lr);
      for (let i = 0; i < n; i++) {
        const pv = f[(p >> 2) + i];
        let gv = f[(g >> 2) + i];
        if (weightDecay !== 0) gv = fr(gv + wd * pv);
        const s = fr(fr(f[(sq >> 2) + i] * a) + fr(oma * gv) * gv);
        f[(sq >> 2) + i] = s;
        let avg: number;
        if (centered) {
          const ga = fr(fr(f[(gavg >> 2) + i] * a) + oma * gv);
          f[(gavg >> 2) + i] = ga;
          avg = fr(Math.sqrt(fr(s - ga * ga)));
        } else {
          avg = fr(Math.sqrt(s));
        }
        avg = fr(avg + ep);
        if (momentum > 0) {
          const b = fr(fr(f[(buf >> 2) + i] * mom) + fr(gv / avg));
          f[(buf >> 2) + i] = b;
          f[(p >> 2) + i] = pv + nlr * b;
        } else {
          f[(p >> 2) + i] = pv + fr(fr(nlr * gv) / avg);
        }
      }
    },
  };
}
