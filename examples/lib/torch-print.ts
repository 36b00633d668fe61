// PyTorch's print format for tensors, ported from torch 1.13's torch/_tensor_str.py (_Formatter,
// _tensor_str, _add_suffixes, _str_intern for dense CPU tensors): precision 4, the choice of
// fixed / integer / scientific notation from the values, lines wrapped at 80 characters, nested
// brackets indented under `tensor(`, summaries (`...`) above 1000 elements, and the suffixes
// `dtype=`, `grad_fn=<…>`, `requires_grad=True`. Numbers are rounded from their exact binary value,
// half to even, as Python's format() does (JS's toFixed rounds exact ties away from zero).
import { Parameter, Tensor } from '../../engine/index.js';

/** torch.set_printoptions: the defaults are PyTorch's. */
export interface PrintOptions {
  precision?: number;
  /** Above this many elements the tensor is summarized with `...`. */
  threshold?: number;
  /** Items shown at each end of a summarized dimension. */
  edgeitems?: number;
  linewidth?: number;
  /** Force (true) or forbid (false) scientific notation; undefined/null lets the values decide. */
  sciMode?: boolean | null;
}

const DEFAULTS: Required<Omit<PrintOptions, 'sciMode'>> = { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 };

/** The dtypes a port prints; float32 is the default dtype (no suffix), as are int64 and bool. */
export type DType = 'float32' | 'float64' | 'int64' | 'int32';

/** Values and a shape, for tensors the engine does not hold (token ids, float64 results). */
export interface TensorValues {
  data: ArrayLike<number>;
  shape: readonly number[];
}

export interface ReprOptions extends PrintOptions {
  /** The dtype torch would have (default float32). The engine's tensors are float32: say 'int64' for ids. */
  dtype?: DType;
  /**
   * The class name of torch's grad_fn for this tensor (`StackBackward0`, `AddmmBackward0`): the
   * engine's ops do not carry torch's names, so a port names the op torch would have recorded.
   * Required for an engine tensor made by a recorded op.
   */
  gradFn?: string;
  /** For TensorValues: print `requires_grad=True` (a leaf that requires grad). */
  requiresGrad?: boolean;
}

// ---- numbers as Python's format() writes them ----

/** The exact value of a finite non-negative double as digits · 10^-scale. */
function exactDecimal(x: number): { digits: bigint; scale: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0),
    lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e = -1074;
  if (biased !== 0) {
    mant |= 1n << 52n;
    e = biased - 1075;
  }
  if (e >= 0) return { digits: mant << BigInt(e), scale: 0 };
  return { digits: mant * 5n ** BigInt(-e), scale: -e };
}

/** digits / 10^k rounded half to even. */
function dropDigits(digits: bigint, k: number): bigint {
  if (k <= 0) return digits * 10n ** BigInt(-k);
  const p = 10n ** BigInt(k);
  let q = digits / p;
  const r2 = (digits % p) * 2n;
  if (r2 > p || (r2 === p && q % 2n === 1n)) q += 1n;
  return q;
}

function nonFinite(x: number): string {
  return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
}

/** Python's `'{:.{p}f}'.format(x)`. */
export function formatFixed(x: number, p: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const { digits, scale } = exactDecimal(Math.abs(x));
  const s = dropDigits(digits, scale - p)
    .toString()
    .padStart(p + 1, '0');
  return p === 0 ? sign + s : `${sign}${s.slice(0, s.length - p)}.${s.slice(s.length - p)}`;
}

/** Python's `'{:.{p}e}'.format(x)`: `1.2346e+05`, `-3.0000e-07`. */
export function formatExp(x: number, p: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  let mantissa: string;
  let e10 = 0;
  if (x === 0) {
    mantissa = '0'.repeat(p + 1);
  } else {
    const { digits, scale } = exactDecimal(Math.abs(x));
    const len = digits.toString().length;
    e10 = len - 1 - scale;
    let n = dropDigits(digits, len - (p + 1));
    if (n.toString().length > p + 1) {
      n /= 10n;
      e10 += 1;
    } // 9.99995 → 10.0000: one digit more
    mantissa = n.toString();
  }
  const frac = p > 0 ? `.${mantissa.slice(1)}` : '';
  const exp = `${e10 < 0 ? '-' : '+'}${String(Math.abs(e10)).padStart(2, '0')}`;
  return `${sign}${mantissa[0]}${frac}e${exp}`;
}

// ---- _Formatter ----

/** How every element of one tensor is written: one notation and one width for all (torch's _Formatter). */
class Formatter {
  readonly floating: boolean;
  intMode = true;
  sciMode = false;
  maxWidth = 1;
  private readonly precision: number;

  /** `values`: the elements shown (the summarized ones when the tensor is summarized). */
  constructor(values: readonly number[], floating: boolean, precision: number, sciMode: boolean | null | undefined) {
    this.floating = floating;
    this.precision = precision;
    if (!floating) {
      for (const v of values) this.maxWidth = Math.max(this.maxWidth, String(v).length);
      return;
    }
    const nonzeroFinite = values.filter((v) => Number.isFinite(v) && v !== 0);
    if (nonzeroFinite.length === 0) return; // NOTE: as torch, a forced sciMode is not applied then
    let min = Infinity,
      max = 0;
    for (const v of nonzeroFinite) {
      const a = Math.abs(v);
      if (a < min) min = a;
      if (a > max) max = a;
    }
    this.intMode = nonzeroFinite.every((v) => v === Math.ceil(v));
    let width: (v: number) => number;
    if (this.intMode) {
      // integers get a '.' after them to show the tensor is floating
      if (max / min > 1000 || max > 1e8) {
        this.sciMode = true;
        width = (v) => formatExp(v, precision).length;
      } else {
        width = (v) => formatFixed(v, 0).length + 1;
      }
    } else if (max / min > 1000 || max > 1e8 || min < 1e-4) {
      this.sciMode = true;
      width = (v) => formatExp(v, precision).length;
    } else {
      width = (v) => formatFixed(v, precision).length;
    }
    for (const v of nonzeroFinite) this.maxWidth = Math.max(this.maxWidth, width(v));
    if (sciMode !== undefined && sciMode !== null) this.sciMode = sciMode;
  }

  format(v: number): string {
    let s: string;
    if (!this.floating) s = String(v);
    else if (this.sciMode) s = formatExp(v, this.precision);
    else if (this.intMode) s = formatFixed(v, 0) + (Number.isFinite(v) ? '.' : '');
    else s = formatFixed(v, this.precision);
    return s.padStart(this.maxWidth, ' ');
  }
}

// ---- _tensor_str ----

interface Layout {
  data: ArrayLike<number>;
  shape: readonly number[];
  strides: number[];
}

function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let n = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    s[d] = n;
    n *= shape[d];
  }
  return s;
}

/** The elements torch's formatter sees: all of them, or those a summary shows (get_summarized_data). */
function shownValues(t: Layout, dim: number, offset: number, summarize: boolean, edge: number, out: number[]): void {
  if (dim === t.shape.length) {
    out.push(t.data[offset]);
    return;
  }
  const n = t.shape[dim];
  const idx = summarize && n > 2 * edge ? [...range(0, edge), ...range(n - edge, n)] : range(0, n);
  for (const i of idx) shownValues(t, dim + 1, offset + i * t.strides[dim], summarize, edge, out);
}

function range(a: number, b: number): number[] {
  return Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);
}

function vectorStr(t: Layout, offset: number, indent: number, summarize: boolean, fmt: Formatter, o: Required<Omit<PrintOptions, 'sciMode'>>): string {
  const elementLength = fmt.maxWidth + 2; // the element, a comma and a space
  const perLine = Math.max(1, Math.floor((o.linewidth - indent) / elementLength));
  const dim = t.shape.length - 1;
  const n = t.shape[dim];
  const at = (i: number) => fmt.format(t.data[offset + i * t.strides[dim]]);
  const items = summarize && n > 2 * o.edgeitems ? [...range(0, o.edgeitems).map(at), ' ...', ...range(n - o.edgeitems, n).map(at)] : range(0, n).map(at);
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
  return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`;
}

function tensorStrWith(
  t: Layout,
  dim: number,
  offset: number,
  indent: number,
  summarize: boolean,
  fmt: Formatter,
  o: Required<Omit<PrintOptions, 'sciMode'>>,
): string {
  const rest = t.shape.length - dim;
  if (rest === 0) return fmt.format(t.data[offset]);
  if (rest === 1) return vectorStr(t, offset, indent, summarize, fmt, o);
  const n = t.shape[dim];
  const sub = (i: number) => tensorStrWith(t, dim + 1, offset + i * t.strides[dim], indent + 1, summarize, fmt, o);
  const slices = summarize && n > 2 * o.edgeitems ? [...range(0, o.edgeitems).map(sub), '...', ...range(n - o.edgeitems, n).map(sub)] : range(0, n).map(sub);
  return `[${slices.join(`,${'\n'.repeat(rest - 1)}${' '.repeat(indent + 1)}`)}]`;
}

/**
 * torch's `_tensor_str(t, indent)`: the bracketed values alone, lines after the first indented by
 * `indent` (the length of what precedes the first bracket, 7 for `tensor(`).
 */
export function tensorStr(t: TensorValues, indent: number, opts: PrintOptions & { dtype?: DType } = {}): string {
  const o = { ...DEFAULTS, ...definedOnly(opts) };
  const numel = t.shape.reduce((a, b) => a * b, 1);
  if (t.data.length !== numel) throw new Error(`tensorStr: ${t.data.length} values for shape [${t.shape.join(', ')}] (${numel} elements)`);
  if (numel === 0) return '[]';
  const layout: Layout = { data: t.data, shape: t.shape, strides: stridesOf(t.shape) };
  const summarize = numel > o.threshold;
  const shown: number[] = [];
  shownValues(layout, 0, 0, summarize, o.edgeitems, shown);
  const floating = (opts.dtype ?? 'float32').startsWith('float');
  const fmt = new Formatter(shown, floating, o.precision, opts.sciMode);
  return tensorStrWith(layout, 0, 0, indent, summarize, fmt, o);
}

function definedOnly(opts: PrintOptions): Partial<Required<Omit<PrintOptions, 'sciMode'>>> {
  const out: Record<string, number> = {};
  for (const k of ['precision', 'threshold', 'edgeitems', 'linewidth'] as const) if (opts[k] !== undefined) out[k] = opts[k]!;
  return out;
}

/** torch's _add_suffixes: each suffix after `, ` or, when the line would pass the width, on a new line under `indent`. */
function addSuffixes(str: string, suffixes: readonly string[], indent: number, linewidth: number): string {
  const parts = [str];
  let lastLineLen = str.length - str.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLen + suffix.length + 2 > linewidth) {
      parts.push(`,\n${' '.repeat(indent)}${suffix}`);
      lastLineLen = indent + suffix.length;
    } else {
      parts.push(`, ${suffix}`);
      lastLineLen += suffix.length + 2;
    }
  }
  return `${parts.join('')})`;
}

/**
 * `repr(t)` / `print(t)` as PyTorch 1.13 writes a dense CPU tensor: `tensor([[ 0.4282, -0.8475]],
 * grad_fn=<StackBackward0>)`. An engine Parameter prints as `Parameter containing:` and the tensor.
 */
export function tensorRepr(t: Tensor | TensorValues, opts: ReprOptions = {}): string {
  const prefix = 'tensor(';
  const indent = prefix.length;
  const dtype = opts.dtype ?? 'float32';
  const linewidth = opts.linewidth ?? DEFAULTS.linewidth;
  const values: TensorValues = t instanceof Tensor ? { data: t.data, shape: t.shape } : t;
  let gradFn = opts.gradFn;
  let requiresGrad = opts.requiresGrad ?? false;
  if (t instanceof Tensor) {
    requiresGrad = t.requiresGrad;
    if (t._node && !gradFn) {
      throw new Error(
        `tensorRepr: the tensor (shape [${t.shape.join(', ')}]) was made by the engine's op '${t._node.op}'; pass opts.gradFn with the grad_fn torch prints for it (e.g. 'StackBackward0')`,
      );
    }
    if (!t._node) gradFn = undefined;
  }
  const numel = values.shape.reduce((a, b) => a * b, 1);
  const suffixes: string[] = [];
  if (numel === 0) {
    if (values.shape.length !== 1) suffixes.push(`size=(${values.shape.join(', ')})`);
    if (dtype !== 'float32') suffixes.push(`dtype=torch.${dtype}`);
  } else if (dtype !== 'float32' && dtype !== 'int64') {
    suffixes.push(`dtype=torch.${dtype}`);
  }
  if (gradFn) suffixes.push(`grad_fn=<${gradFn}>`);
  else if (requiresGrad) suffixes.push('requires_grad=True');
  const repr = addSuffixes(prefix + tensorStr(values, indent, opts), suffixes, indent, linewidth);
  return t instanceof Parameter ? `Parameter containing:\n${repr}` : repr;
}
