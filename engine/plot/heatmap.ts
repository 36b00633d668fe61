// A small self-contained SVG heat-map writer (attention matrices): one cell per (row, column) shaded
// by its value in [0, 1], row labels on the left, column labels rotated on top, values in the cells.
// Returns the markup (no file system: it runs in a browser too); examples/lib/heatmap.ts writes files.

/** Options of heatmapSvg. */
export interface HeatmapOptions {
  /** A title above the map. */
  title?: string;
  /** A label above the column labels (e.g. 'source'). */
  xLabel?: string;
  /** A label left of the row labels (e.g. 'output'). */
  yLabel?: string;
  /** The side of one cell in pixels (default 36). */
  cell?: number;
  /** Prints each value (2 decimals) in its cell (default true). */
  showValues?: boolean;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** White (0) → dark blue (1). */
function shade(v: number): string {
  const t = Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0));
  const c = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${c(255, 8)},${c(255, 48)},${c(255, 107)})`;
}

/**
 * The SVG markup of a heat map of matrix[rows][cols] (values in [0, 1]: white → dark blue, e.g.
 * attention weights) with a label per row and per column.
 */
export function heatmapSvg(matrix: readonly (readonly number[])[], rowLabels: readonly string[], colLabels: readonly string[], o: HeatmapOptions = {}): string {
  const cell = o.cell ?? 36;
  const rows = matrix.length;
  const cols = colLabels.length;
  const longest = (ls: readonly string[]) => ls.reduce((m, l) => Math.max(m, l.length), 0);
  const left = 20 + 7.5 * longest(rowLabels) + (o.yLabel ? 20 : 0);
  const top = (o.title ? 34 : 10) + 7.5 * longest(colLabels) + 14 + (o.xLabel ? 18 : 0);
  // rotated column labels lean right by ~cos 60° of their length; the title needs its own width
  const W = Math.ceil(Math.max(left + cols * cell + 20 + 3.8 * longest(colLabels.slice(-1)), 8 * (o.title?.length ?? 0) + 40));
  const H = Math.ceil(top + rows * cell + 20);
  const p: string[] = [];
  p.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="13">`);
  p.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  if (o.title) p.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(o.title)}</text>`);
  if (o.xLabel) p.push(`<text x="${left + (cols * cell) / 2}" y="${(o.title ? 34 : 10) + 12}" text-anchor="middle" fill="#555">${esc(o.xLabel)}</text>`);
  if (o.yLabel) p.push(`<text transform="translate(14 ${top + (rows * cell) / 2}) rotate(-90)" text-anchor="middle" fill="#555">${esc(o.yLabel)}</text>`);
  colLabels.forEach((l, j) => {
    const x = left + j * cell + cell / 2 + 4;
    p.push(`<text transform="translate(${x} ${top - 6}) rotate(-60)">${esc(l)}</text>`);
  });
  for (let i = 0; i < rows; i++) {
    const y = top + i * cell;
    p.push(`<text x="${left - 6}" y="${y + cell / 2 + 4}" text-anchor="end">${esc(rowLabels[i] ?? '')}</text>`);
    for (let j = 0; j < cols; j++) {
      const v = matrix[i][j] ?? 0;
      const x = left + j * cell;
      p.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${shade(v)}" stroke="#ddd"><title>${esc(rowLabels[i] ?? '')} ← ${esc(colLabels[j])}: ${v.toFixed(3)}</title></rect>`,
      );
      if (o.showValues ?? true)
        p.push(
          `<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" font-size="10" fill="${v > 0.5 ? 'white' : '#333'}">${v >= 0.005 ? v.toFixed(2) : ''}</text>`,
        );
    }
  }
  p.push('</svg>');
  return p.join('\n');
}
