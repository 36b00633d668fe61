// Prints shapes and values the way the articles' Python prints them: `torch.Size([3, 2, 6])`,
// numpy's `(15, 3, 20)` and `[ 0.01 -0.02]`, PyTorch's `tensor([…])`, and aligned text tables.

/** PyTorch's `print(t.shape)`: `torch.Size([3, 2, 6])`. */
export function torchSize(shape: readonly number[]): string {
  return `torch.Size([${shape.join(', ')}])`;
}

/** numpy's `print(a.shape)`: `(15, 3, 20)`, `(5,)`, `()`. */
export function npShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/**
 * A 1-D row as numpy prints it with fixed precision (`np.set_printoptions(precision=p,
 * suppress=True)`): a sign column when any value is negative, p decimals.
 */
export function npArray(values: ArrayLike<number>, precision = 8): string {
  const anyNeg = Array.from(values).some((v) => v < 0);
  const items = Array.from(values, (v) => (v < 0 ? '-' : anyNeg ? ' ' : '') + Math.abs(v).toFixed(precision));
  return `[${items.join(' ')}]`;
}

/** A 1-D tensor as PyTorch prints it (4 decimals): `tensor([ 0.1234, -0.5678])`. */
export function torchTensor(values: ArrayLike<number>, precision = 4): string {
  const anyNeg = Array.from(values).some((v) => v < 0);
  const items = Array.from(values, (v) => {
    const s = Math.abs(v).toFixed(precision);
    return (v < 0 ? '-' : anyNeg ? ' ' : '') + s;
  });
  return `tensor([${items.join(', ')}])`;
}

/** Formats rows as an aligned text table with a header rule; numbers are right-aligned. */
export function textTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, j) => cells.reduce((m, r) => Math.max(m, (r[j] ?? '').length), -Infinity));
  const numeric = (c: string) => /^[-+]?(\d[\d,]*)?(\.\d+)?(e[-+]?\d+)?$/i.test(c) && /\d/.test(c);
  const line = (r: string[], isHeader: boolean) =>
    r
      .map((c, j) => (isHeader || !numeric(c) ? c.padEnd(widths[j]) : c.padStart(widths[j])))
      .join('  ')
      .trimEnd();
  return [line(header, true), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => line(r.map(String), false))].join('\n');
}

/** 1,234,567: thousands separators, as the articles write parameter counts. */
export function commas(n: number): string {
  return n.toLocaleString('en-US');
}

/** Python's `'%.{digits}e' % v`: `9.397e+00`, `2.020e-16` (two-digit exponent at least). */
export function pyExp(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : v < 0 ? '-inf' : 'nan';
  return v.toExponential(digits).replace(/e([+-])(\d)$/, 'e$10$2');
}
