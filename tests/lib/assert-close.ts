// The one closeness check of the tests: values against expected ones within a tolerance, failing
// with a label, the worst index and how many values are out.
import * as assert from 'uvu/assert';

/**
 * |actual − expected| ≤ atol + rtol·|expected| (numpy's and torch's allclose), or, as a function,
 * the |diff| allowed at index i (a test whose bound is not of that form: softmax's max(1, |y|)).
 */
export type Tolerance = { rtol: number; atol: number } | ((i: number) => number);

/**
 * Asserts that actual exists (a missing gradient fails by its label), has expected's length and
 * agrees with it within `tol` everywhere: NaN matches only NaN, ±Infinity only itself, equal values
 * always. Fails naming the label, the worst index (by |diff|) and the count out of tolerance.
 * Returns the largest relative difference |diff| / (|expected| + atol) over the values within
 * tolerance, for reports.
 */
export function assertClose(actual: ArrayLike<number> | null | undefined, expected: ArrayLike<number>, tol: Tolerance, label: string): number {
  if (actual === null || actual === undefined) {
    assert.unreachable(`${label}: missing (${actual})`);
    return Infinity; // unreachable throws
  }
  assert.is(actual.length, expected.length, `${label}: ${actual.length} values, expected ${expected.length}`);
  if (typeof tol !== 'function' && !(tol.rtol >= 0 && tol.atol >= 0)) {
    throw new Error(`assertClose (${label}): tolerances must be numbers ≥ 0, got rtol ${tol.rtol}, atol ${tol.atol}`);
  }
  const allowed = typeof tol === 'function' ? tol : (i: number) => tol.atol + tol.rtol * Math.abs(expected[i]);
  const atol = typeof tol === 'function' ? 0 : tol.atol;
  let bad = 0;
  let worst = -1;
  let worstDiff = -1;
  let rel = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (a === e || (Number.isNaN(a) && Number.isNaN(e))) continue;
    const d = Math.abs(a - e);
    if (Number.isFinite(e) && d <= allowed(i)) {
      // a non-finite e matches only itself (above)
      rel = Math.max(rel, d / (Math.abs(e) + atol));
      continue;
    }
    bad++;
    const dd = Number.isNaN(d) ? Infinity : d;
    if (dd > worstDiff) {
      worstDiff = dd;
      worst = i;
    }
  }
  if (bad > 0) {
    assert.unreachable(
      `${label}: [${worst}] = ${actual[worst]}, expected ${expected[worst]} (|diff| ${Math.abs(actual[worst] - expected[worst]).toExponential(2)}; ${bad} of ${expected.length} out of tolerance)`,
    );
  }
  return rel;
}
