// A small self-contained SVG line-chart writer: axes with ticks, labels, a legend, optional
// log-scale y, and figures of several panels. Returns the markup (no file system: it runs in a
// browser too); examples/lib/svg.ts writes files.

/** One line of a chart: y against x, named in the legend. */
export interface Series {
  /** The legend's entry. */
  name: string;
  /** The x values. */
  x: ArrayLike<number>;
  /** The y values, one per x. */
  y: ArrayLike<number>;
  /** A CSS color (default: the next of a matplotlib-like palette). */
  color?: string;
  /** Draws the line dashed. */
  dashed?: boolean;
}
/** Options of lineChart. */
export interface ChartOptions {
  /** The title above the plot area. */
  title: string;
  /** The x axis's label. */
  xLabel: string;
  /** The y axis's label. */
  yLabel: string;
  /** Log-scale y (values ≤ 0 are clamped to 1e-30). */
  logY?: boolean;
  /** Width in pixels (default 800). */
  width?: number;
  /** Height in pixels (default 450). */
  height?: number;
  /** Corner of the plot area that holds the legend (default 'top-right'). */
  legend?: 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left';
  /** Draws the legend on a white, outlined box (readable over the lines). */
  legendBox?: boolean;
  /** A fixed y range (linear scale), instead of the data's range plus 5%. */
  yRange?: [number, number];
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

function niceTicks(lo: number, hi: number, n = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(0) : String(+v.toPrecision(4)));

/** Renders the series as an SVG line chart and returns the markup. */
export function lineChart(series: Series[], o: ChartOptions): string {
  const W = o.width ?? 800;
  const Hh = o.height ?? 450;
  const m = { l: 70, r: 20, t: 40, b: 55 };
  const tr = (v: number) => (o.logY ? Math.log10(Math.max(v, 1e-30)) : v);
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.x.length; i++) {
      const yv = tr(s.y[i]);
      if (!Number.isFinite(yv)) continue;
      x0 = Math.min(x0, s.x[i]);
      x1 = Math.max(x1, s.x[i]);
      y0 = Math.min(y0, yv);
      y1 = Math.max(y1, yv);
    }
  }
  if (y0 === y1) {
    y0 -= 1;
    y1 += 1;
  }
  const pad = (y1 - y0) * 0.05;
  y0 -= pad;
  y1 += pad;
  if (o.yRange && !o.logY) [y0, y1] = o.yRange;
  const px = (v: number) => m.l + ((v - x0) / (x1 - x0 || 1)) * (W - m.l - m.r);
  const py = (v: number) => Hh - m.b - ((tr(v) - y0) / (y1 - y0)) * (Hh - m.t - m.b);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${Hh}" viewBox="0 0 ${W} ${Hh}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${Hh}" fill="white"/>`);
  parts.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="16">${esc(o.title)}</text>`);
  // grid + ticks
  for (const t of niceTicks(x0, x1)) {
    const x = px(t);
    parts.push(`<line x1="${x}" y1="${m.t}" x2="${x}" y2="${Hh - m.b}" stroke="#eee"/>`);
    parts.push(`<text x="${x}" y="${Hh - m.b + 16}" text-anchor="middle">${fmt(t)}</text>`);
  }
  const yt = o.logY ? niceTicks(Math.floor(y0), Math.ceil(y1)).filter((v) => Number.isInteger(v)) : niceTicks(y0, y1);
  for (const t of yt) {
    const y = Hh - m.b - ((t - y0) / (y1 - y0)) * (Hh - m.t - m.b);
    if (y < m.t - 1 || y > Hh - m.b + 1) continue;
    parts.push(`<line x1="${m.l}" y1="${y}" x2="${W - m.r}" y2="${y}" stroke="#eee"/>`);
    parts.push(`<text x="${m.l - 6}" y="${y + 4}" text-anchor="end">${o.logY ? `1e${t}` : fmt(t)}</text>`);
  }
  parts.push(`<line x1="${m.l}" y1="${Hh - m.b}" x2="${W - m.r}" y2="${Hh - m.b}" stroke="black"/>`);
  parts.push(`<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${Hh - m.b}" stroke="black"/>`);
  parts.push(`<text x="${(W + m.l - m.r) / 2}" y="${Hh - 12}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  parts.push(`<text transform="translate(18 ${(Hh + m.t - m.b) / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}${o.logY ? ' (log scale)' : ''}</text>`);
  // legend: 150 px, or wider for long names (≈ 6.6 px per character at 12 px)
  const legendW = Math.max(150, 40 + 6.6 * series.reduce((m, s) => Math.max(m, s.name.length), 0));
  const legendH = 18 * series.length;
  const pos = o.legend ?? 'top-right';
  const lx = pos.endsWith('left') ? m.l + 12 : W - m.r - legendW;
  const ly0 = pos.startsWith('bottom') ? Hh - m.b - legendH - 6 : m.t;
  const legend: string[] = [];
  series.forEach((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length];
    const pts: string[] = [];
    for (let i = 0; i < s.x.length; i++) if (Number.isFinite(tr(s.y[i]))) pts.push(`${px(s.x[i]).toFixed(1)},${py(s.y[i]).toFixed(1)}`);
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="6 4"' : ''} points="${pts.join(' ')}"/>`);
    const ly = ly0 + 8 + k * 18;
    legend.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 25}" y2="${ly}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    legend.push(`<text x="${lx + 32}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  if (o.legendBox) {
    // drawn after the lines, so it covers them
    parts.push(`<rect x="${lx - 6}" y="${ly0 - 2}" width="${legendW}" height="${legendH + 4}" fill="white" fill-opacity="0.9" stroke="#bbb"/>`);
  }
  parts.push(...legend);
  parts.push('</svg>');
  return parts.join('\n');
}

/** One panel of a figure: a line chart's series and options (as matplotlib's `axes[k]`). */
export interface Panel {
  /** The panel's lines. */
  series: Series[];
  /** Its title, labels and options (its width and height come from figureSvg). */
  options: ChartOptions;
}

/**
 * A grid of panels in one SVG (matplotlib's `plt.subplots(rows, cols)`), row by row, with an
 * optional figure title (`suptitle`). Panels take `panelWidth` × `panelHeight` each.
 */
export function figureSvg(panels: Panel[], o: { cols?: number; title?: string; panelWidth?: number; panelHeight?: number } = {}): string {
  const cols = Math.max(1, Math.min(o.cols ?? panels.length, panels.length));
  const rows = Math.ceil(panels.length / cols);
  const pw = o.panelWidth ?? 480,
    ph = o.panelHeight ?? 360;
  const top = o.title ? 36 : 0;
  const W = cols * pw,
    H = rows * ph + top;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
  ];
  if (o.title) parts.push(`<text x="${W / 2}" y="24" text-anchor="middle" font-size="18">${esc(o.title)}</text>`);
  panels.forEach((p, k) => {
    const inner = lineChart(p.series, { ...p.options, width: pw, height: ph }).replace(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" /, '<svg ');
    parts.push(`<g transform="translate(${(k % cols) * pw} ${top + Math.floor(k / cols) * ph})">`, inner, '</g>');
  });
  parts.push('</svg>');
  return parts.join('\n');
}
