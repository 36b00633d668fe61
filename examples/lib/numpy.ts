// A float64 n-d array and the few numpy functions article 000's from-scratch code calls (`np.*`),
// over Float64Array, with numpy's global generator (np.random: the legacy RandomState, bit-exact).
// Not the engine: the engine is float32 autodiff; these ports compute in float64 as numpy does.
import { RandomState } from '../../engine/random/numpy.js';
import { print } from './output.js';
import { pyExp } from './pyfmt.js';

/** A row-major float64 array with numpy's shape semantics (a 0-d array has shape []). */
export class NDArray {
  constructor(
    readonly data: Float64Array,
    readonly shape: readonly number[],
  ) {
    if (data.length !== sizeOf(shape)) throw new Error(`NDArray: ${data.length} values do not fill shape ${fmt(shape)}`);
  }

  get ndim(): number {
    return this.shape.length;
  }
  get size(): number {
    return this.data.length;
  }

  /** `a[i]`: the sub-array at index i of axis 0 (negative counts from the end), a copy. */
  at(i: number): NDArray {
    const n = this.shape[0];
    if (this.ndim === 0 || i < -n || i >= n)
      throw new Error(`NDArray.at: index ${i} is out of bounds for axis 0 with size ${n ?? 0} (shape ${fmt(this.shape)})`);
    if (i < 0) i += n;
    const inner = this.size / n;
    return new NDArray(this.data.slice(i * inner, (i + 1) * inner), this.shape.slice(1));
  }

  /** `a[::-1]`: axis 0 reversed. */
  flip(): NDArray {
    const n = this.shape[0],
      inner = this.size / n,
      out = new Float64Array(this.size);
    for (let i = 0; i < n; i++) out.set(this.data.subarray((n - 1 - i) * inner, (n - i) * inner), i * inner);
    return new NDArray(out, this.shape);
  }

  /** `a.T` of a 1-d or 2-d array. */
  get T(): NDArray {
    if (this.ndim < 2) return this;
    if (this.ndim !== 2) throw new Error(`NDArray.T: only 1-d and 2-d arrays here (shape ${fmt(this.shape)})`);
    const [m, n] = this.shape,
      out = new Float64Array(this.size);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = this.data[i * n + j];
    return new NDArray(out, [n, m]);
  }

  /** `a @ b` for 1-d and 2-d operands (a 1-d operand is a row on the left, a column on the right). */
  matmul(b: NDArray): NDArray {
    // biome-ignore lint/complexity/noUselessThisAlias: a names the left operand of a @ b
    const a = this;
    if (a.ndim === 0 || b.ndim === 0 || a.ndim > 2 || b.ndim > 2)
      throw new Error(`matmul: shapes ${fmt(a.shape)} @ ${fmt(b.shape)}: only 1-d and 2-d operands here`);
    const [m, k] = a.ndim === 2 ? a.shape : [1, a.shape[0]];
    const [k2, n] = b.ndim === 2 ? b.shape : [b.shape[0], 1];
    if (k !== k2) throw new Error(`matmul: shapes ${fmt(a.shape)} @ ${fmt(b.shape)}: ${k} (dim 1) != ${k2} (dim 0)`);
    const out = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a.data[i * k + p] * b.data[p * n + j];
        out[i * n + j] = s;
      }
    }
    const shape = [...(a.ndim === 2 ? [m] : []), ...(b.ndim === 2 ? [n] : [])];
    return new NDArray(out, shape);
  }

  add(b: NDArray | number): NDArray {
    return broadcast('add', this, b, (x, y) => x + y);
  }
  sub(b: NDArray | number): NDArray {
    return broadcast('sub', this, b, (x, y) => x - y);
  }
  mul(b: NDArray | number): NDArray {
    return broadcast('mul', this, b, (x, y) => x * y);
  }
  div(b: NDArray | number): NDArray {
    return broadcast('div', this, b, (x, y) => x / y);
  }
  /** `-a`. */
  neg(): NDArray {
    return this.map((x) => -x);
  }

  map(f: (x: number) => number): NDArray {
    return new NDArray(this.data.map(f), this.shape);
  }

  /** `a[start:stop] = value` on axis 0 of a 1-d array (numpy's slice assignment). */
  setSlice(start: number, stop: number, value: number): void {
    this.data.fill(value, start, stop);
  }

  /** A flat list of the values (row-major), for printing and plotting. */
  toArray(): number[] {
    return Array.from(this.data);
  }
}

/** A vector of complex numbers (what np.linalg.eigvals returns), as real and imaginary parts. */
export interface Complex {
  re: Float64Array;
  im: Float64Array;
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** numpy's `(15, 3, 20)` / `(5,)`. */
function fmt(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** An elementwise op with numpy's broadcasting (shapes aligned from the right, size-1 dims stretch). */
function broadcast(op: string, a: NDArray, b: NDArray | number, f: (x: number, y: number) => number): NDArray {
  if (typeof b === 'number') return a.map((x) => f(x, b));
  const nd = Math.max(a.ndim, b.ndim);
  const dimOf = (s: readonly number[], k: number) => s[s.length - nd + k] ?? 1;
  const shape: number[] = [];
  for (let k = 0; k < nd; k++) {
    const da = dimOf(a.shape, k),
      db = dimOf(b.shape, k);
    if (da !== db && da !== 1 && db !== 1) throw new Error(`${op}: operands could not be broadcast together with shapes ${fmt(a.shape)} ${fmt(b.shape)}`);
    shape.push(Math.max(da, db));
  }
  const strides = (s: readonly number[]) => {
    const st = new Array<number>(nd).fill(0);
    let acc = 1;
    for (let k = nd - 1; k >= 0; k--) {
      const d = dimOf(s, k);
      st[k] = d === 1 ? 0 : acc;
      acc *= d;
    }
    return st;
  };
  const sa = strides(a.shape),
    sb = strides(b.shape);
  const out = new Float64Array(sizeOf(shape));
  const idx = new Array<number>(nd).fill(0);
  for (let i = 0; i < out.length; i++) {
    let ia = 0,
      ib = 0;
    for (let k = 0; k < nd; k++) {
      ia += idx[k] * sa[k];
      ib += idx[k] * sb[k];
    }
    out[i] = f(a.data[ia], b.data[ib]);
    for (let k = nd - 1; k >= 0 && ++idx[k] === shape[k]; k--) idx[k] = 0;
  }
  return new NDArray(out, shape);
}

/** The shape of `randn(d0, d1, …)` / `randn([d0, d1, …])`; numpy's scalar form (no dims) is not needed here. */
function shapeOf(where: string, dims: (number | readonly number[])[]): number[] {
  const shape = dims.length === 1 && Array.isArray(dims[0]) ? [...dims[0]] : (dims as number[]);
  if (shape.length === 0) throw new Error(`np.random.${where}: give the dimensions (the scalar form is not supported)`);
  return shape;
}

// numpy's global generator (np.random.seed / randn / rand), shared by every block of an article.
const globalState = new RandomState(0);

/** The subset of the numpy namespace the article's code uses. */
export const np = {
  pi: Math.PI,
  zeros(shape: number | readonly number[]): NDArray {
    const s = typeof shape === 'number' ? [shape] : [...shape];
    return new NDArray(new Float64Array(sizeOf(s)), s);
  },
  ones(shape: number | readonly number[]): NDArray {
    return np.zeros(shape).map(() => 1);
  },
  /** `np.array(list)` of equally shaped arrays: stacked on a new axis 0. */
  array(list: readonly (NDArray | number)[]): NDArray {
    if (list.every((v) => typeof v === 'number')) return new NDArray(Float64Array.from(list as number[]), [list.length]);
    const arrays = list as NDArray[];
    const inner = arrays[0].shape;
    for (const a of arrays) if (fmt(a.shape) !== fmt(inner)) throw new Error(`np.array: arrays of shapes ${fmt(inner)} and ${fmt(a.shape)} cannot be stacked`);
    const out = new Float64Array(arrays.length * sizeOf(inner));
    arrays.forEach((a, i) => out.set(a.data, i * a.size));
    return new NDArray(out, [arrays.length, ...inner]);
  },
  /** `np.concatenate(arrays, axis)`; a negative axis counts from the end. */
  concatenate(arrays: readonly NDArray[], axis = 0): NDArray {
    const nd = arrays[0].ndim;
    const ax = axis < 0 ? axis + nd : axis;
    if (ax < 0 || ax >= nd) throw new Error(`np.concatenate: axis ${axis} is out of bounds for arrays of dimension ${nd}`);
    for (const a of arrays) {
      if (a.ndim !== nd || a.shape.some((d, k) => k !== ax && d !== arrays[0].shape[k])) {
        throw new Error(`np.concatenate: shapes ${arrays.map((x) => fmt(x.shape)).join(', ')} differ outside axis ${ax}`);
      }
    }
    const outer = sizeOf(arrays[0].shape.slice(0, ax)),
      inner = sizeOf(arrays[0].shape.slice(ax + 1));
    const width = arrays.reduce((n, a) => n + a.shape[ax], 0);
    const out = new Float64Array(outer * width * inner);
    let offset = 0;
    for (const a of arrays) {
      const w = a.shape[ax] * inner;
      for (let o = 0; o < outer; o++) out.set(a.data.subarray(o * w, (o + 1) * w), o * width * inner + offset);
      offset += w;
    }
    const shape = [...arrays[0].shape];
    shape[ax] = width;
    return new NDArray(out, shape);
  },
  /** `a - b` with a number on the left (`1 - z`). */
  subtract: (a: number, b: NDArray) => b.map((y) => a - y),
  /** `a / b` with a number on the left (`1 / (1 + e)`). */
  divide: (a: number, b: NDArray) => b.map((y) => a / y),
  tanh: (x: NDArray) => x.map(Math.tanh),
  exp: (x: NDArray) => x.map(Math.exp),
  sin: (x: NDArray) => x.map(Math.sin),
  clip: (x: NDArray, lo: number, hi: number) => x.map((v) => Math.min(Math.max(v, lo), hi)),
  /** numpy's linspace: i·step + start, the last point exactly `stop`. */
  linspace(start: number, stop: number, num = 50): NDArray {
    const step = (stop - start) / (num - 1);
    const out = new Float64Array(num);
    for (let i = 0; i < num; i++) out[i] = i * step + start;
    if (num > 1) out[num - 1] = stop;
    return new NDArray(out, [num]);
  },
  arange(stop: number): NDArray {
    return new NDArray(
      Float64Array.from({ length: stop }, (_, i) => i),
      [stop],
    );
  },
  random: {
    /** np.random.seed(seed): re-seeds the global generator. */
    seed(seed: number): void {
      globalState.seed(seed);
    },
    /** np.random.randn(d0, d1, …): standard normals (numpy's legacy polar method). */
    randn(...dims: (number | readonly number[])[]): NDArray {
      const shape = shapeOf('randn', dims);
      return new NDArray(Float64Array.from(globalState.randn(...shape)), shape);
    },
    /** np.random.rand(d0, d1, …): uniform [0, 1). */
    rand(...dims: (number | readonly number[])[]): NDArray {
      const shape = shapeOf('rand', dims);
      return new NDArray(Float64Array.from(globalState.rand(...shape)), shape);
    },
  },
  /** `np.abs`: elementwise |x|, or the moduli of complex values (eigvals' result). */
  abs(x: NDArray | Complex): NDArray {
    if (x instanceof NDArray) return x.map(Math.abs);
    return new NDArray(
      x.re.map((r, i) => Math.hypot(r, x.im[i])),
      [x.re.length],
    );
  },
  /** `np.max`: the largest value of the flattened array. */
  max(x: NDArray): number {
    if (x.size === 0) throw new Error('np.max: zero-size array to reduction operation maximum which has no identity');
    return x.data.reduce((m, v) => (v > m || Number.isNaN(v) ? v : m), -Infinity);
  },
  linalg: {
    /** `np.linalg.eigvals(A)` of a square matrix: the eigenvalues as real and imaginary parts. */
    eigvals(A: NDArray): Complex {
      return eigvals(A);
    },
    /** The 2-norm of the flattened array: √(Σ x²), as np.linalg.norm(x) (= √(x·x)). */
    norm(x: NDArray): number {
      let s = 0;
      for (let i = 0; i < x.size; i++) s += x.data[i] * x.data[i];
      return Math.sqrt(s);
    },
  },
};

/**
 * With `--check`, a few values the article computes but does not print, as
 * `check LABEL v1 v2 …` (`%.10e`, 11 digits), so tests see the numbers and not only the shapes.
 */
export function printCheck(label: string, values: readonly number[]): void {
  print(`check ${label} ${values.map((v) => pyExp(v, 10)).join(' ')}`);
}

/** Python's str() of a float: `0.5`, `1.0`. */
export function floatStr(v: number): string {
  return Number.isInteger(v) && Math.abs(v) < 1e16 ? v.toFixed(1) : String(v);
}

/**
 * The eigenvalues of a square real matrix, as np.linalg.eigvals: reduction to upper Hessenberg
 * form by Gaussian elimination with pivoting, then Francis double-shift QR iterations until
 * every 1×1 or 2×2 diagonal block has split off. Returns real and imaginary parts (unsorted;
 * complex eigenvalues come in conjugate pairs).
 */
export function eigvals(A: NDArray): Complex {
  const n = A.shape[0];
  if (A.ndim !== 2 || A.shape[1] !== n) throw new Error(`np.linalg.eigvals: the matrix must be square, got shape ${fmt(A.shape)}`);
  const a: Float64Array[] = Array.from({ length: n }, (_, i) => A.data.slice(i * n, (i + 1) * n));
  toHessenberg(a);
  return hessenbergEigenvalues(a);
}

/** In place: a becomes upper Hessenberg with the same eigenvalues (elimination with row pivoting). */
function toHessenberg(a: Float64Array[]): void {
  const n = a.length;
  for (let m = 1; m < n - 1; m++) {
    // the largest entry of column m−1 at or below row m is the pivot
    let x = 0,
      piv = m;
    for (let j = m; j < n; j++)
      if (Math.abs(a[j][m - 1]) > Math.abs(x)) {
        x = a[j][m - 1];
        piv = j;
      }
    if (piv !== m) {
      // a similarity transform: swap rows piv, m and columns piv, m
      [a[piv], a[m]] = [a[m], a[piv]];
      for (let j = 0; j < n; j++) {
        const t = a[j][piv];
        a[j][piv] = a[j][m];
        a[j][m] = t;
      }
    }
    if (x === 0) continue;
    for (let i = m + 1; i < n; i++) {
      const y = a[i][m - 1] / x;
      if (y === 0) continue;
      // row i −= y·row m, then column m += y·column i (the inverse on the right)
      for (let j = m - 1; j < n; j++) a[i][j] -= y * a[m][j];
      for (let j = 0; j < n; j++) a[j][m] += y * a[j][i];
      a[i][m - 1] = 0;
    }
  }
}

/** The eigenvalues of an upper Hessenberg matrix (destroyed) by the Francis double-shift QR algorithm. */
function hessenbergEigenvalues(a: Float64Array[]): Complex {
  const n = a.length;
  const re = new Float64Array(n),
    im = new Float64Array(n);
  let anorm = 0;
  for (let i = 0; i < n; i++) for (let j = Math.max(i - 1, 0); j < n; j++) anorm += Math.abs(a[i][j]);
  const sign = (v: number, s: number) => (s >= 0 ? Math.abs(v) : -Math.abs(v));
  let nn = n - 1;
  let t = 0; // the accumulated exceptional shifts
  while (nn >= 0) {
    let its = 0;
    let l: number;
    do {
      // a negligible subdiagonal element splits the matrix at l
      for (l = nn; l >= 1; l--) {
        let s = Math.abs(a[l - 1][l - 1]) + Math.abs(a[l][l]);
        if (s === 0) s = anorm;
        if (Math.abs(a[l][l - 1]) + s === s) {
          a[l][l - 1] = 0;
          break;
        }
      }
      let x = a[nn][nn];
      if (l === nn) {
        // one root found
        re[nn] = x + t;
        im[nn] = 0;
        nn--;
        continue;
      }
      let y = a[nn - 1][nn - 1];
      let w = a[nn][nn - 1] * a[nn - 1][nn];
      if (l === nn - 1) {
        // two roots found
        const p = 0.5 * (y - x),
          q = p * p + w;
        let z = Math.sqrt(Math.abs(q));
        x += t;
        if (q >= 0) {
          z = p + sign(z, p);
          re[nn - 1] = re[nn] = x + z;
          if (z !== 0) re[nn] = x - w / z;
          im[nn - 1] = im[nn] = 0;
        } else {
          re[nn - 1] = re[nn] = x + p;
          im[nn - 1] = -z;
          im[nn] = z;
        }
        nn -= 2;
        continue;
      }
      if (its === 60) throw new Error(`np.linalg.eigvals: no convergence after ${its} iterations (matrix of size ${n})`);
      if (its === 10 || its === 20) {
        // an exceptional shift
        t += x;
        for (let i = 0; i <= nn; i++) a[i][i] -= x;
        const s = Math.abs(a[nn][nn - 1]) + Math.abs(a[nn - 1][nn - 2]);
        y = x = 0.75 * s;
        w = -0.4375 * s * s;
      }
      its++;
      // look for two consecutive small subdiagonal elements: the double shift starts at m
      let m: number,
        p = 0,
        q = 0,
        r = 0,
        z: number;
      for (m = nn - 2; m >= l; m--) {
        z = a[m][m];
        r = x - z;
        let s = y - z;
        p = (r * s - w) / a[m + 1][m] + a[m][m + 1];
        q = a[m + 1][m + 1] - z - r - s;
        r = a[m + 2][m + 1];
        s = Math.abs(p) + Math.abs(q) + Math.abs(r);
        p /= s;
        q /= s;
        r /= s;
        if (m === l) break;
        const u = Math.abs(a[m][m - 1]) * (Math.abs(q) + Math.abs(r));
        const v = Math.abs(p) * (Math.abs(a[m - 1][m - 1]) + Math.abs(z) + Math.abs(a[m + 1][m + 1]));
        if (u + v === v) break;
      }
      for (let i = m + 2; i <= nn; i++) {
        a[i][i - 2] = 0;
        if (i !== m + 2) a[i][i - 3] = 0;
      }
      // the double-shift QR step on rows and columns l … nn
      for (let k = m; k <= nn - 1; k++) {
        if (k !== m) {
          p = a[k][k - 1];
          q = a[k + 1][k - 1];
          r = k !== nn - 1 ? a[k + 2][k - 1] : 0;
          x = Math.abs(p) + Math.abs(q) + Math.abs(r);
          if (x !== 0) {
            p /= x;
            q /= x;
            r /= x;
          }
        }
        const s = sign(Math.sqrt(p * p + q * q + r * r), p);
        if (s === 0) continue;
        if (k === m) {
          if (l !== m) a[k][k - 1] = -a[k][k - 1];
        } else a[k][k - 1] = -s * x;
        p += s;
        x = p / s;
        y = q / s;
        z = r / s;
        q /= p;
        r /= p;
        for (let j = k; j <= nn; j++) {
          // rows
          p = a[k][j] + q * a[k + 1][j];
          if (k !== nn - 1) {
            p += r * a[k + 2][j];
            a[k + 2][j] -= p * z;
          }
          a[k + 1][j] -= p * y;
          a[k][j] -= p * x;
        }
        const mmin = nn < k + 3 ? nn : k + 3;
        for (let i = l; i <= mmin; i++) {
          // columns
          p = x * a[i][k] + y * a[i][k + 1];
          if (k !== nn - 1) {
            p += z * a[i][k + 2];
            a[i][k + 2] -= p * r;
          }
          a[i][k + 1] -= p * q;
          a[i][k] -= p;
        }
      }
    } while (nn >= 0 && l! < nn - 1);
  }
  return { re, im };
}
