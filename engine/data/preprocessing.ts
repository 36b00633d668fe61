// Preprocessing with scikit-learn's semantics: trainTestSplit, MinMaxScaler; and slidingWindows
// for time series.
import { RandomState } from '../random/numpy.js';
import { checkOptions } from '../options.js';

/** sklearn's train_test_split keyword arguments, camelCase. */
export interface TrainTestSplitOptions {
  /** A fraction in (0, 1) (test count rounded up) or a count; default 0.25. */
  testSize?: number;
  /** Default: the rest. */
  trainSize?: number;
  /** Shuffle before splitting (default true; false: the first trainSize rows train, the next testSize test). */
  shuffle?: boolean;
  /** Seed of numpy's RandomState, as sklearn's random_state (an unseeded one when omitted). */
  randomState?: number;
}

/**
 * Splits each array into [train, test] like sklearn.model_selection.train_test_split
 * (ShuffleSplit: RandomState(randomState).permutation(n), first nTest are the test set).
 * Returns [aTrain, aTest, bTrain, bTest, …] for arrays a, b, … of the same length.
 */
export function trainTestSplit<T>(arrays: readonly (readonly T[])[], opts: TrainTestSplitOptions = {}): T[][] {
  if (arrays.length === 0) throw new Error('trainTestSplit: at least one array required as input');
  const n = arrays[0].length;
  for (const [i, a] of arrays.entries())
    if (a.length !== n) throw new Error(`trainTestSplit: found input arrays with inconsistent numbers of samples: ${n} and ${a.length} (array ${i})`);
  const { shuffle = true } = checkOptions('trainTestSplit', opts, { testSize: 'number', trainSize: 'number', shuffle: 'boolean', randomState: 'int' });
  const count = (v: number, what: string, ceil: boolean): number => {
    if (v > 0 && v < 1 && !Number.isInteger(v)) return ceil ? Math.ceil(v * n) : Math.floor(v * n);
    if (Number.isInteger(v) && v >= 0 && v <= n) return v;
    throw new Error(`trainTestSplit: ${what}=${v} should be either positive and smaller than the number of samples ${n} or a float in the (0, 1) range`);
  };
  const ts = opts.testSize ?? (opts.trainSize === undefined ? 0.25 : undefined);
  let nTest = ts === undefined ? -1 : count(ts, 'testSize', true);
  let nTrain = opts.trainSize === undefined ? -1 : count(opts.trainSize, 'trainSize', false);
  if (nTest < 0) nTest = n - nTrain;
  if (nTrain < 0) nTrain = n - nTest;
  if (nTrain + nTest > n)
    throw new Error(`trainTestSplit: the sum of trainSize and testSize = ${nTrain + nTest} should be smaller than the number of samples ${n}`);
  if (nTrain === 0) throw new Error(`trainTestSplit: with n_samples=${n}, test_size=${ts} the resulting train set will be empty`);
  let train: number[];
  let test: number[];
  if (shuffle) {
    const perm = new RandomState(opts.randomState).permutation(n);
    test = perm.slice(0, nTest);
    train = perm.slice(nTest, nTest + nTrain);
  } else {
    train = Array.from({ length: nTrain }, (_, i) => i);
    test = Array.from({ length: nTest }, (_, i) => nTrain + i);
  }
  return arrays.flatMap((a) => [train.map((i) => a[i]), test.map((i) => a[i])]);
}

/**
 * Scales each feature (column) to featureRange like sklearn's MinMaxScaler:
 * X·scale + min with scale = (hi − lo)/(max − min) (1 for constant features), min = lo − dataMin·scale.
 * Rows are number[] (features); a plain number[] is treated as one feature.
 */
export class MinMaxScaler {
  /** [lo, hi]: the range each feature is scaled to (default [0, 1]). */
  readonly featureRange: [number, number];
  /** Per-feature minimum seen by fit (sklearn's data_min_), null before fit. */
  dataMin: number[] | null = null;
  /** Per-feature maximum seen by fit (data_max_), null before fit. */
  dataMax: number[] | null = null;
  /** Per-feature factor (hi − lo)/(max − min) (scale_), null before fit. */
  scale: number[] | null = null;
  /** Per-feature offset lo − dataMin·scale (min_), null before fit. */
  min: number[] | null = null;

  /** `new MinMaxScaler({ featureRange: [-1, 1] })`, or the range itself as sklearn's positional feature_range. */
  constructor(opts: { featureRange?: [number, number] } | [number, number] = {}) {
    const fr = Array.isArray(opts) ? opts : (checkOptions('MinMaxScaler', opts, { featureRange: 'array' }).featureRange ?? [0, 1]);
    if (fr.length !== 2 || !fr.every((v) => typeof v === 'number' && Number.isFinite(v)))
      throw new Error(`MinMaxScaler: featureRange must be two finite numbers [min, max], got ${JSON.stringify(fr)}`);
    if (!(fr[0] < fr[1])) throw new Error(`MinMaxScaler: minimum of desired feature range must be smaller than maximum, got ${JSON.stringify(fr)}`);
    this.featureRange = [fr[0], fr[1]];
  }

  private rows(where: string, X: readonly number[] | readonly (readonly number[])[]): { rows: number[][]; flat: boolean } {
    if (!Array.isArray(X) || X.length === 0) throw new Error(`MinMaxScaler.${where}: expected a non-empty array`);
    const flat = !Array.isArray(X[0]);
    const rows = flat ? (X as number[]).map((v) => [v]) : (X as number[][]).map((r) => r.slice());
    const F = rows[0].length;
    for (const [i, r] of rows.entries()) {
      if (r.length !== F) throw new Error(`MinMaxScaler.${where}: row ${i} has ${r.length} features, row 0 has ${F}`);
      for (const v of r) if (!Number.isFinite(v)) throw new Error(`MinMaxScaler.${where}: input contains NaN or infinity (row ${i})`);
    }
    if (this.scale && where !== 'fit' && F !== this.scale.length)
      throw new Error(`MinMaxScaler.${where}: X has ${F} features, but MinMaxScaler is expecting ${this.scale.length} features as input`);
    return { rows, flat };
  }

  /** Records each feature's min and max of X (rows (N, F), or a plain series as one feature); returns this. */
  fit(X: readonly number[] | readonly (readonly number[])[]): this {
    const { rows } = this.rows('fit', X);
    const F = rows[0].length;
    // a loop, not Math.min(...column): spreading a long series overflows the call stack
    this.dataMin = rows[0].slice();
    this.dataMax = rows[0].slice();
    for (const r of rows) {
      for (let j = 0; j < F; j++) {
        if (r[j] < this.dataMin[j]) this.dataMin[j] = r[j];
        if (r[j] > this.dataMax[j]) this.dataMax[j] = r[j];
      }
    }
    const [lo, hi] = this.featureRange;
    this.scale = this.dataMin.map((mn, j) => {
      const range = this.dataMax![j] - mn;
      return (hi - lo) / (range === 0 ? 1 : range);
    });
    this.min = this.dataMin.map((mn, j) => lo - mn * this.scale![j]);
    return this;
  }

  /** X·scale + min, in X's form ((N, F) rows or a series). Throws before fit or on a feature count mismatch. */
  transform(X: readonly number[]): number[];
  transform(X: readonly (readonly number[])[]): number[][];
  transform(X: readonly number[] | readonly (readonly number[])[]): number[] | number[][] {
    if (!this.scale) throw new Error('MinMaxScaler.transform: this MinMaxScaler instance is not fitted yet; call fit first');
    const { rows, flat } = this.rows('transform', X);
    const out = rows.map((r) => r.map((v, j) => v * this.scale![j] + this.min![j]));
    return flat ? out.map((r) => r[0]) : out;
  }

  /** fit(X) then transform(X). */
  fitTransform(X: readonly number[]): number[];
  fitTransform(X: readonly (readonly number[])[]): number[][];
  fitTransform(X: readonly number[] | readonly (readonly number[])[]): number[] | number[][] {
    return this.fit(X).transform(X as number[][]);
  }

  /** (X − min)/scale: back to the original units (predictions from a model trained on scaled data). */
  inverseTransform(X: readonly number[]): number[];
  inverseTransform(X: readonly (readonly number[])[]): number[][];
  inverseTransform(X: readonly number[] | readonly (readonly number[])[]): number[] | number[][] {
    if (!this.scale) throw new Error('MinMaxScaler.inverseTransform: this MinMaxScaler instance is not fitted yet; call fit first');
    const { rows, flat } = this.rows('inverseTransform', X);
    const out = rows.map((r) => r.map((v, j) => (v - this.min![j]) / this.scale![j]));
    return flat ? out.map((r) => r[0]) : out;
  }
}

/**
 * Supervised windows of a series: x[i] = series[i … i+window−1], y[i] = series[i+window … i+window+horizon−1],
 * for every i with a full target (series.length − window − horizon + 1 windows). Works on numbers or rows.
 */
export function slidingWindows<T>(series: readonly T[], window: number, horizon = 1): { x: T[][]; y: T[][] } {
  if (!Number.isInteger(window) || window <= 0) throw new Error(`slidingWindows: window must be a positive integer, got ${window}`);
  if (!Number.isInteger(horizon) || horizon <= 0) throw new Error(`slidingWindows: horizon must be a positive integer, got ${horizon}`);
  const x: T[][] = [];
  const y: T[][] = [];
  for (let i = 0; i + window + horizon <= series.length; i++) {
    x.push(series.slice(i, i + window));
    y.push(series.slice(i + window, i + window + horizon));
  }
  return { x, y };
}
