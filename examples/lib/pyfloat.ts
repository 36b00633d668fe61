// Python's fixed-point float formatting: f'{v:.4f}' rounds the exact binary value half to even,
// where JavaScript's toFixed rounds an exact tie up (0.90625 → '0.9062' in Python, '0.9063' in JS).

/** f'{v:.{digits}f}' as Python prints it. */
export function pyFixed(v: number, digits: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  if (Math.abs(v) >= 1e21) return v.toFixed(digits);
  const exact = Math.abs(v).toFixed(100); // the exact decimal expansion of the double (|v| < 1e21)
  const dot = exact.indexOf('.');
  const rest = exact.slice(dot + 1 + digits);
  const tie = rest[0] === '5' && /^50*$/.test(rest);
  let s = v.toFixed(digits);
  if (tie) {
    // toFixed rounded the tie away from zero; Python keeps the even last digit
    const kept = exact.slice(0, dot + 1 + digits).replace(/\.$/, '');
    const last = Number(kept[kept.length - 1]);
    if (last % 2 === 0) s = (v < 0 ? '-' : '') + kept;
  }
  return Object.is(v, -0) ? `-${s}` : s;
}
