// A float64 n-d array and the few numpy functions article 000's from-scratch code calls (`np.*`),
// over Float64Array, with numpy's global generator (np.random: the legacy RandomState, bit-exact).
// Not the engine: the engine is float32 autodiff; these ports compute in float64 as numpy does.
import { RandomState } from '../../engine/random_numpy.js';
import { print } from './output.js';
import { pyExp } from './pyfmt.js';

/** A row-major float64 array with numpy's shape semantics (a 0-d array has shape []). */
export class NDArray {
  constructor(readonly data: Float64Array, readonly shape: readonly number[]) {
    if (data.length !== sizeOf(shape)) throw new Error(`NDArray: ${data.length} values do not fill shape ${fmt(shape)}`);
  }

  get ndim(): number { return this.shape.length; }
  get size(): number { return this.data.length; }

  /** `a[i]`: the sub-array at index i of axis 0 (negative counts from the end), a copy. */
  at(i: number): NDArray {
    const n = this.shape[0];
    if (this.ndim === 0 || i < -n || i >= n) throw new Error(`NDArray.at: index ${i} is out of bounds for axis 0 with size ${n ?? 0} (shape ${fmt(this.shape)})`);
    if (i < 0) i += n;
    const inner = this.size / n;
    return new NDArray(this.data.slice(i * inner, (i + 1) * inner), this.shape.slice(1));
  }

  /** `a[::-1]`: axis 0 reversed. */
  flip(): NDArray {
    const n = this.shape[0], inner = this.size / n, out = new Float64Array(this.size);
    for (let i = 0; i < n; i++) out.set(this.data.subarray((n - 1 - i) * inner, (n - i) * inner), i * inner);
    return new NDArray(out, this.shape);
  }

  /** `a.T` of a 1-d or 2-d array. */
  get T(): NDArray {
    if (this.ndim < 2) return this;
    if (this.ndim !== 2) throw new Error(`NDArray.T: only 1-d and 2-d arrays here (shape ${fmt(this.shape)})`);
    const [m, n] = this.shape, out = new Float64Array(this.size);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = this.data[i * n + j];
    return new NDArray(out, [n, m]);
  }

  /** `a @ b` for 1-d and 2-d operands (a 1-d operand is a row on the left, a column on the right). */
  matmul(b: NDArray): NDArray {
    const a = this;
    if (a.ndim === 0 || b.ndim === 0 || a.ndim > 2 || b.ndim > 2) throw new Error(`matmul: shapes ${fmt(a.shape)} @ ${fmt(b.shape)}: only 1-d and 2-d operands here`);
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

  add(b: NDArray | number): NDArray { return broadcast('add', this, b, (x, y) => x + y); }
  sub(b: NDArray | number): NDArray { return broadcast('sub', this, b, (x, y) => x - y); }
  mul(b: NDArray | number): NDArray { return broadcast('mul', this, b, (x, y) => x * y); }
  div(b: NDArray | number): NDArray { return broadcast('div', this, b, (x, y) => x / y); }
  /** `-a`. */
  neg(): NDArray { return this.map((x) => -x); }

  map(f: (x: number) => number): NDArray {
    return new NDArray(this.data.map(f), this.shape);
  }

  /** `a[start:stop] = value` on axis 0 of a 1-d array (numpy's slice assignment). */
  setSlice(start: number, stop: number, value: number): void {
    this.data.fill(value, start, stop);
  }

  /** A flat list of the values (row-major), for printing and plotting. */
  toArray(): number[] { return Array.from(this.data); }
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
    const da = dimOf(a.shape, k), db = dimOf(b.shape, k);
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
  const sa = strides(a.shape), sb = strides(b.shape);
  const out = new Float64Array(sizeOf(shape));
  const idx = new Array<number>(nd).fill(0);
  for (let i = 0; i < out.length; i++) {
    let ia = 0, ib = 0;
    for (let k = 0; k < nd; k++) { ia += idx[k] * sa[k]; ib += idx[k] * sb[k]; }
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
    const outer = sizeOf(arrays[0].shape.slice(0, ax)), inner = sizeOf(arrays[0].shape.slice(ax + 1));
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
    return new NDArray(Float64Array.from({ length: stop }, (_, i) => i), [stop]);
  },
  random: {
    /** np.random.seed(seed): re-seeds the global generator. */
    seed(seed: number): void { globalState.seed(seed); },
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
  linalg: {
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
