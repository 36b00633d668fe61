// Attaches the ops to Tensor as PyTorch-style methods (x.add(y), x.sum(1, true), …).
import { backward as runBackward } from '../autograd.js';
import { Tensor } from '../tensor.js';
import { bmm, clone, narrow, t } from './aliases.js';
import { abs, binary, clamp, compare, pow, unary, where } from './elementwise.js';
import { indexSelect, gather } from './gather-scatter.js';
import { matmul } from './linalg.js';
import { mean, sum } from './reduce.js';
import { logSoftmax, softmax } from './softmax.js';
import { amax, amin, argmax, argmin, max, min, topk } from './extrema.js';
import { norm, std, var_ } from './statistics.js';
import { chunk, expand, flatten, flip, permute, repeat, reshape, select, sizesArg, slice, split, squeeze, transpose, unsqueeze } from './shape.js';

declare module '../tensor.js' {
  interface Tensor {
    /** Elementwise x + other, broadcasting: shapes as torch.add; a number is a 0-dim tensor. */
    add(other: Tensor | number): Tensor;
    /** Elementwise x − other, broadcasting. */
    sub(other: Tensor | number): Tensor;
    /** Elementwise x · other, broadcasting. */
    mul(other: Tensor | number): Tensor;
    /** Elementwise x / other, broadcasting. */
    div(other: Tensor | number): Tensor;
    /** −x, same shape. */
    neg(): Tensor;
    /** Matrix product as torch.matmul: [N] · [N] → [], [n, m] · [m, p] → [n, p], batched dims broadcast ([..., n, m] · [..., m, p] → [..., n, p]). */
    matmul(other: Tensor): Tensor;
    /** Elementwise tanh, same shape. */
    tanh(): Tensor;
    /** Elementwise 1 / (1 + e^−x), same shape. */
    sigmoid(): Tensor;
    /** Elementwise max(x, 0), same shape. */
    relu(): Tensor;
    /** Elementwise e^x, same shape. */
    exp(): Tensor;
    /** Elementwise natural log, same shape. */
    log(): Tensor;
    /** Elementwise √x (pow(x, 0.5)), same shape. */
    sqrt(): Tensor;
    /** Elementwise x^exponent for a number exponent, same shape. */
    pow(exponent: number): Tensor;
    /** Elementwise clamp to [min, max] (either may be null, not both), same shape; the gradient is 0 outside. */
    clamp(min?: number | null, max?: number | null): Tensor;
    /** Sum over dim(s) (all when omitted → 0-dim); keepdim keeps them as size 1. */
    sum(dim?: number | number[] | null, keepdim?: boolean): Tensor;
    /** Mean over dim(s) (all when omitted → 0-dim); keepdim keeps them as size 1. */
    mean(dim?: number | number[] | null, keepdim?: boolean): Tensor;
    /** Elementwise |x|, same shape; the gradient is sign(x), 0 at 0. */
    abs(): Tensor;
    /** max of all elements (0-dim) */
    max(): Tensor;
    /** [values, indices] along dim */
    max(dim: number, keepdim?: boolean): [Tensor, Tensor];
    /** Min of all elements (0-dim). */
    min(): Tensor;
    /** [values, indices] of the min along dim (the dim removed unless keepdim). */
    min(dim: number, keepdim?: boolean): [Tensor, Tensor];
    /** Index of the max along dim (of the flattened tensor when omitted → 0-dim); no gradient. */
    argmax(dim?: number | null, keepdim?: boolean): Tensor;
    /** Index of the min along dim (of the flattened tensor when omitted → 0-dim); no gradient. */
    argmin(dim?: number | null, keepdim?: boolean): Tensor;
    /** Max over dim(s) (all when omitted), values only (torch.amax); the gradient is shared among ties. */
    amax(dim?: number | number[] | null, keepdim?: boolean): Tensor;
    /** Min over dim(s) (all when omitted), values only (torch.amin); the gradient is shared among ties. */
    amin(dim?: number | number[] | null, keepdim?: boolean): Tensor;
    /** [values, indices] of the k largest (smallest when largest = false) along dim (default −1): x.shape with dim = k; always sorted. */
    topk(k: number, dim?: number, largest?: boolean, sorted?: boolean): [Tensor, Tensor];
    /** Vector p-norm over dim(s) (all when omitted): p = 2 (default, or 'fro'), 1, ±Infinity, 0 or any number, as torch.norm. */
    norm(p?: number | 'fro', dim?: number | number[] | null, keepdim?: boolean): Tensor;
    /** var(dim, unbiased = true, keepdim = false) or var(unbiased) */
    var(dim?: number | number[] | null | boolean, unbiased?: boolean, keepdim?: boolean): Tensor;
    /** Standard deviation √var, same arguments as var (unbiased by default). */
    std(dim?: number | number[] | null | boolean, unbiased?: boolean, keepdim?: boolean): Tensor;
    /** flip(0, 1) or flip([0, 1]) */
    flip(...dims: (number | number[])[]): Tensor;
    /** repeat(2, 3) or repeat([2, 3]) */
    repeat(...sizes: (number | number[])[]): Tensor;
    /** reshape(6, 4) or reshape([6, 4]); one -1 is inferred */
    reshape(...shape: (number | number[])[]): Tensor;
    /** view(6, 4) or view([6, 4]); one -1 is inferred. The same as reshape here (no contiguity requirement). */
    view(...shape: (number | number[])[]): Tensor;
    /** Broadcasts size-1 dims to `shape` (-1 keeps a dim; new leading dims allowed) without copying: expand(3, 4) on [1, 4] → [3, 4]. */
    expand(...shape: (number | number[])[]): Tensor;
    /** Merges dims startDim..endDim (default all) into one: [B, T, H].flatten(1) → [B, T·H]. */
    flatten(startDim?: number, endDim?: number): Tensor;
    /** Removes size-1 dims (only `dim` when given; a no-op when that dim is not 1). */
    squeeze(dim?: number): Tensor;
    /** Inserts a size-1 dim at `dim`: [B, H].unsqueeze(1) → [B, 1, H]. */
    unsqueeze(dim: number): Tensor;
    /** Swaps two dims: [T, B, H].transpose(0, 1) → [B, T, H]. */
    transpose(dim0: number, dim1: number): Tensor;
    /** permute(0, 2, 1) or permute([0, 2, 1]) */
    permute(...dims: (number | number[])[]): Tensor;
    /** x[..., index, ...] along dim, the dim removed: [T, B, H].select(0, t) → [B, H] (x[t] in PyTorch). */
    select(dim: number, index: number): Tensor;
    /** x[..., start:end:step, ...] along dim, Python's clamping of start/end; PyTorch's x[:, a:b]. */
    slice(dim: number, start?: number | null, end?: number | null, step?: number): Tensor;
    /** Pieces along dim of `size` each (the last smaller) or of the given sizes, as torch.split. */
    split(sizeOrSizes: number | number[], dim?: number): Tensor[];
    /** `chunks` near-equal pieces along dim (the last smaller), as torch.chunk. */
    chunk(chunks: number, dim?: number): Tensor[];
    /** The entries at `index` (1-D) along dim: [V, H].indexSelect(0, ids[N]) → [N, H] (torch.index_select). */
    indexSelect(dim: number, index: ArrayLike<number> | Tensor): Tensor;
    /** out[i][j] = x[i][index[i][j]] for dim = 1 (any rank): the shape of index (torch.gather). */
    gather(dim: number, index: Tensor): Tensor;
    /** Softmax along dim, same shape. */
    softmax(dim: number): Tensor;
    /** log(softmax) along dim computed stably, same shape (torch.log_softmax). */
    logSoftmax(dim: number): Tensor;
    /** x with `value` where mask ≠ 0 (mask broadcasts to x), as torch.masked_fill; no gradient through the filled entries. */
    maskedFill(mask: Tensor, value: number): Tensor;
    /** x > other as a 0/1 float tensor, broadcasting; no gradient (PyTorch returns bool). */
    gt(other: Tensor | number): Tensor;
    /** x < other as a 0/1 float tensor, broadcasting; no gradient. */
    lt(other: Tensor | number): Tensor;
    /** x ≥ other as a 0/1 float tensor, broadcasting; no gradient. */
    ge(other: Tensor | number): Tensor;
    /** x ≤ other as a 0/1 float tensor, broadcasting; no gradient. */
    le(other: Tensor | number): Tensor;
    /** x = other as a 0/1 float tensor, broadcasting; no gradient. */
    eq(other: Tensor | number): Tensor;
    /** x ≠ other as a 0/1 float tensor, broadcasting; no gradient. */
    ne(other: Tensor | number): Tensor;
    /** The same values cut from the graph (requiresGrad false), sharing storage. */
    detach(): Tensor;
    /** (b, n, m) · (b, m, p) → (b, n, p) */
    bmm(mat2: Tensor): Tensor;
    /** A copy that gradients flow through. */
    clone(): Tensor;
    /** The number of elements (also the `size` property: PyTorch's x.size() is `x.shape`). */
    numel(): number;
    /** The number of dimensions (also `ndim`). */
    dim(): number;
    /** `length` entries of dim from `start` (negative counts from the end), as torch.narrow. */
    narrow(dim: number, start: number, length: number): Tensor;
    /** Transpose of a ≤ 2-D tensor. */
    t(): Tensor;
    /** Reverse-mode pass from this tensor: accumulates (+=) into .grad of every leaf with requiresGrad. `gradient` (x.shape) is required unless x has one element; the graph is freed unless retainGraph. */
    backward(gradient?: Tensor, options?: { retainGraph?: boolean }): void;
  }
}

/**
 * Installs the methods on T.prototype: called by tensor.ts right after the class is defined, so
 * that every module that imports Tensor gets them (no side-effect import to remember).
 * NOTE: tensor.ts and the ops import each other; nothing here runs before that call, and the
 * ops use Tensor only inside functions, so the cycle is safe whichever module is imported first
 * (tests/modules.test.ts imports each engine module alone).
 */
export function installMethods(T: typeof Tensor): void {
  const P = T.prototype;
  P.add = function (o) {
    return binary('add', this, o);
  };
  P.sub = function (o) {
    return binary('sub', this, o);
  };
  P.mul = function (o) {
    return binary('mul', this, o);
  };
  P.div = function (o) {
    return binary('div', this, o);
  };
  P.neg = function () {
    return binary('mul', this, -1);
  };
  P.matmul = function (o) {
    return matmul(this, o);
  };
  P.tanh = function () {
    return unary('tanh', this);
  };
  P.sigmoid = function () {
    return unary('sigmoid', this);
  };
  P.relu = function () {
    return unary('relu', this);
  };
  P.exp = function () {
    return unary('exp', this);
  };
  P.log = function () {
    return unary('log', this);
  };
  P.sqrt = function () {
    return pow(this, 0.5);
  };
  P.pow = function (p) {
    return pow(this, p);
  };
  P.clamp = function (lo, hi) {
    return clamp(this, lo, hi);
  };
  P.sum = function (dim, keepdim = false) {
    return sum(this, dim, keepdim);
  };
  P.mean = function (dim, keepdim = false) {
    return mean(this, dim, keepdim);
  };
  P.abs = function () {
    return abs(this);
  };
  P.max = function (this: Tensor, dim?: number, keepdim: boolean = false) {
    return dim === undefined || dim === null ? max(this) : max(this, dim, keepdim);
  } as Tensor['max'];
  P.min = function (this: Tensor, dim?: number, keepdim: boolean = false) {
    return dim === undefined || dim === null ? min(this) : min(this, dim, keepdim);
  } as Tensor['min'];
  P.argmax = function (dim, keepdim = false) {
    return argmax(this, dim, keepdim);
  };
  P.argmin = function (dim, keepdim = false) {
    return argmin(this, dim, keepdim);
  };
  P.amax = function (dim, keepdim = false) {
    return amax(this, dim, keepdim);
  };
  P.amin = function (dim, keepdim = false) {
    return amin(this, dim, keepdim);
  };
  P.topk = function (k, dim = -1, largest = true, sorted = true) {
    return topk(this, k, dim, largest, sorted);
  };
  P.norm = function (p = 2, dim, keepdim = false) {
    return norm(this, p, dim, keepdim);
  };
  P.var = function (dim, unbiased = true, keepdim = false) {
    return var_(this, dim, unbiased, keepdim);
  };
  P.std = function (dim, unbiased = true, keepdim = false) {
    return std(this, dim, unbiased, keepdim);
  };
  P.flip = function (...dims) {
    return flip(this, sizesArg(dims));
  };
  P.repeat = function (...sizes) {
    return repeat(this, sizesArg(sizes));
  };
  P.reshape = function (...shape) {
    return reshape(this, sizesArg(shape));
  };
  P.view = function (...shape) {
    return reshape(this, sizesArg(shape), 'view');
  };
  P.expand = function (...shape) {
    return expand(this, sizesArg(shape));
  };
  P.flatten = function (a = 0, b = -1) {
    return flatten(this, a, b);
  };
  P.squeeze = function (dim) {
    return squeeze(this, dim);
  };
  P.unsqueeze = function (dim) {
    return unsqueeze(this, dim);
  };
  P.transpose = function (a, b) {
    return transpose(this, a, b);
  };
  P.permute = function (...dims) {
    return permute(this, sizesArg(dims));
  };
  P.select = function (dim, index) {
    return select(this, dim, index);
  };
  P.slice = function (dim, start, end, step = 1) {
    return slice(this, dim, start, end, step);
  };
  P.split = function (s, dim = 0) {
    return split(this, s, dim);
  };
  P.chunk = function (c, dim = 0) {
    return chunk(this, c, dim);
  };
  P.indexSelect = function (dim, index) {
    return indexSelect(this, dim, index);
  };
  P.gather = function (dim, index) {
    return gather(this, dim, index);
  };
  P.softmax = function (dim) {
    return softmax(this, dim);
  };
  P.logSoftmax = function (dim) {
    return logSoftmax(this, dim);
  };
  P.maskedFill = function (mask, value) {
    return where(mask, value, this, 'maskedFill');
  };
  P.gt = function (o) {
    return compare('gt', this, o);
  };
  P.lt = function (o) {
    return compare('lt', this, o);
  };
  P.ge = function (o) {
    return compare('ge', this, o);
  };
  P.le = function (o) {
    return compare('le', this, o);
  };
  P.eq = function (o) {
    return compare('eq', this, o);
  };
  P.ne = function (o) {
    return compare('ne', this, o);
  };
  P.bmm = function (o) {
    return bmm(this, o);
  };
  P.clone = function () {
    return clone(this);
  };
  P.numel = function () {
    return this.size;
  };
  P.dim = function () {
    return this.ndim;
  };
  P.narrow = function (dim, start, length) {
    return narrow(this, dim, start, length);
  };
  P.t = function () {
    return t(this);
  };
  P.detach = function () {
    return new Tensor(this._js ?? this._block!, this.shape.slice());
  };
  P.backward = function (gradient, options = {}) {
    runBackward(this, gradient, options.retainGraph ?? false);
  };
}
