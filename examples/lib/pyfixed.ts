// Python's fixed-point float formatting ('%.4f' % v, f'{v:.4f}'): the exact binary value rounded
// half to even. JS's toFixed rounds an exact tie up instead (0.03125 → '0.0313'; Python '0.0312').

/** Python's `'%.{digits}f' % v`. */
export function pyFixed(v: number, digits = 4): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  const a = Math.abs(v);
  if (a >= 1e21) return sign + a.toFixed(digits);
  const rounded = a.toFixed(digits);
  // a tie has an exact expansion ending in 5 at digit digits + 1; a float's expansion is finite
  const long = a.toFixed(100); // the exact expansion (a double below 1e21 has at most 100 digits that matter here)
  const point = long.indexOf('.');
  const tail = long.slice(point + 1 + digits);
  if (!/^50*$/.test(tail)) return sign + rounded;
  const truncated = long.slice(0, digits === 0 ? point : point + 1 + digits);
  const lastDigit = Number(truncated[truncated.length - 1]);
  return sign + (lastDigit % 2 === 0 ? truncated : rounded);
}

/** Python's `' '.join('%.{digits}f' % v for v in values)`. */
export function pyFixedRow(values: Iterable<number>, digits = 4): string {
  return Array.from(values, (v) => pyFixed(v, digits)).join(' ');
}
