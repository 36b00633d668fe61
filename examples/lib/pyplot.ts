// A small matplotlib look-alike that renders to SVG: `plt.subplots`, and on an Axes `plot` (with
// format strings such as 'bo-'), `fill_between`, `text`, titles, labels, limits, a log y scale,
// grid, legend and `axis('off')`, so a ported plotting block keeps the article's calls one for one.
// The methods keep matplotlib's names (set_title, fill_between) on purpose: the ports read like the
// Python they reproduce. A figure is rendered once, by `fig.svg()`, and handed to output.figure().

/** Options of `ax.plot`. */
export interface PlotOptions {
  label?: string;
  linewidth?: number;
  markersize?: number;
  color?: string;
}

/** Options of `ax.fill_between`. */
export interface FillOptions {
  alpha?: number;
  color?: string;
}

/** Options of `ax.text`. */
export interface TextOptions {
  fontsize?: number;
  ha?: 'left' | 'center' | 'right';
}

/** A line as plotted: points, color, width, marker. */
interface Line {
  x: number[];
  y: number[];
  color: string;
  linewidth: number;
  marker: boolean;
  markersize: number;
  linestyle: boolean;
  label?: string;
}
interface Fill {
  x: number[];
  y1: number[];
  y2: number[];
  color: string;
  alpha: number;
}
interface Label {
  x: number;
  y: number;
  text: string;
  fontsize: number;
  ha: 'left' | 'center' | 'right';
}

// matplotlib's default color cycle (tab10) and its one-letter colors
const CYCLE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const LETTERS: Record<string, string> = { b: '#0000ff', g: '#008000', r: '#ff0000', c: '#00bfbf', m: '#bf00bf', y: '#bfbf00', k: '#000000', w: '#ffffff' };
const NAMED: Record<string, string> = { blue: '#0000ff', green: '#008000', red: '#ff0000', black: '#000000', orange: '#ffa500', gray: '#808080' };
const PT = 80 / 72; // px per point at the 80 px-per-inch figures drawn here

function colorOf(c: string): string {
  return LETTERS[c] ?? NAMED[c] ?? c;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A label with matplotlib's mathtext reduced to what the articles use: `$f_t$`, `$x_{t}$` (italic, subscript). */
function mathtext(s: string): string {
  return s
    .split(/(\$[^$]*\$)/)
    .map((part) => {
      if (!(part.startsWith('$') && part.endsWith('$') && part.length > 1)) return esc(part);
      return part
        .slice(1, -1)
        .replace(/([A-Za-z])_(\{([^}]*)\}|([A-Za-z0-9]))|([^_]+)/g, (_m, base, _s, braced, single, rest) =>
          rest !== undefined
            ? `<tspan font-style="italic">${esc(rest)}</tspan>`
            : `<tspan font-style="italic">${esc(base)}</tspan><tspan baseline-shift="sub" font-size="75%">${esc(braced ?? single)}</tspan>`,
        );
    })
    .join('');
}

/** Axis ticks at 1, 2 or 5 × 10^k, about n of them between lo and hi. */
function niceTicks(lo: number, hi: number, n = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : +v.toPrecision(12));
  return out;
}

/** Tick labels with one number of decimals for the whole axis, as matplotlib's ScalarFormatter (0.0 … 1.0). */
function tickTexts(ticks: number[]): string[] {
  const decimals = ticks.reduce((m, t) => Math.max(m, (String(+t.toPrecision(10)).split('.')[1] ?? '').length), 0);
  return ticks.map((t) => (Math.abs(t) >= 1e5 || (Math.abs(t) < 1e-3 && t !== 0) ? t.toExponential(1) : t.toFixed(decimals)));
}

/** One panel (matplotlib's Axes). */
export class Axes {
  private lines: Line[] = [];
  private fills: Fill[] = [];
  private labels: Label[] = [];
  private title = '';
  private titleSize = 12;
  private xlabel = '';
  private ylabel = '';
  private xlim: [number, number] | null = null;
  private ylim: [number, number] | null = null;
  private yscale: 'linear' | 'log' = 'linear';
  private gridAlpha: number | null = null;
  private showLegend = false;
  private axisOn = true;
  private cycle = 0;
  private fillCycle = 0;

  /** `ax.plot(y, fmt?, opts?)` (x = 0, 1, …) or `ax.plot(x, y, fmt?, opts?)`; fmt as matplotlib ('bo-', 'r-'). */
  plot(y: ArrayLike<number>, fmt?: string, o?: PlotOptions): void;
  plot(x: ArrayLike<number>, y: ArrayLike<number>, fmt?: string, o?: PlotOptions): void;
  plot(a: ArrayLike<number>, b?: ArrayLike<number> | string, c?: string | PlotOptions, d?: PlotOptions): void {
    let x: number[], y: number[], fmt: string, o: PlotOptions;
    if (b === undefined || typeof b === 'string') {
      y = Array.from(a);
      x = y.map((_, i) => i);
      fmt = b ?? '';
      o = (c as PlotOptions | undefined) ?? {};
    } else {
      x = Array.from(a);
      y = Array.from(b);
      fmt = (typeof c === 'string' ? c : '') ?? '';
      o = (typeof c === 'object' ? c : d) ?? {};
    }
    if (x.length !== y.length) throw new Error(`Axes.plot: x and y must have same first dimension, but have shapes (${x.length},) and (${y.length},)`);
    const letter = /[bgrcmykw]/.exec(fmt)?.[0];
    const marker = fmt.includes('o');
    const color = o.color ? colorOf(o.color) : letter ? LETTERS[letter] : CYCLE[this.cycle++ % CYCLE.length];
    this.lines.push({
      x,
      y,
      color,
      linewidth: o.linewidth ?? 1.5,
      marker,
      markersize: o.markersize ?? 6,
      linestyle: !marker || fmt.includes('-'),
      label: o.label,
    });
  }

  /** `ax.fill_between(x, y1, y2, alpha=…, color=…)`: the area between two curves (a number is a constant curve). */
  fill_between(x: ArrayLike<number>, y1: number | ArrayLike<number>, y2: number | ArrayLike<number>, o: FillOptions = {}): void {
    const xs = Array.from(x);
    const curve = (v: number | ArrayLike<number>) => (typeof v === 'number' ? xs.map(() => v) : Array.from(v));
    const color = o.color ? colorOf(o.color) : CYCLE[this.fillCycle++ % CYCLE.length];
    this.fills.push({ x: xs, y1: curve(y1), y2: curve(y2), color, alpha: o.alpha ?? 1 });
  }

  /** `ax.text(x, y, s, fontsize=…, ha=…)` at data coordinates. */
  text(x: number, y: number, s: string, o: TextOptions = {}): void {
    this.labels.push({ x, y, text: s, fontsize: o.fontsize ?? 10, ha: o.ha ?? 'left' });
  }

  set_title(s: string, o: { fontsize?: number } = {}): void {
    this.title = s;
    this.titleSize = o.fontsize ?? 12;
  }
  set_xlabel(s: string): void {
    this.xlabel = s;
  }
  set_ylabel(s: string): void {
    this.ylabel = s;
  }
  set_xlim(lo: number, hi: number): void {
    this.xlim = [lo, hi];
  }
  set_ylim(lo: number, hi: number): void {
    this.ylim = [lo, hi];
  }
  set_yscale(s: 'linear' | 'log'): void {
    this.yscale = s;
  }
  grid(on: boolean, o: { alpha?: number } = {}): void {
    this.gridAlpha = on ? (o.alpha ?? 1) : null;
  }
  legend(): void {
    this.showLegend = true;
  }
  /** `ax.axis('off')`: no frame, ticks or labels (the title stays). */
  axis(mode: 'off' | 'on'): void {
    this.axisOn = mode === 'on';
  }

  /** The panel as SVG elements inside the box (left, top, width, height) of its figure. */
  render(left: number, top: number, width: number, height: number): string {
    const log = this.yscale === 'log';
    const ty = (v: number) => (log ? Math.log10(v) : v);
    // data limits, with matplotlib's 5% margins where the limits are automatic
    const xs = [...this.lines.flatMap((l) => l.x), ...this.fills.flatMap((f) => f.x)];
    const ys = [...this.lines.flatMap((l) => l.y), ...this.fills.flatMap((f) => [...f.y1, ...f.y2])].map(ty).filter(Number.isFinite);
    const auto = (v: number[]): [number, number] => {
      if (v.length === 0) return [0, 1];
      let lo = v.reduce((m, x) => Math.min(m, x), Infinity),
        hi = v.reduce((m, x) => Math.max(m, x), -Infinity);
      if (lo === hi) {
        lo -= 0.5;
        hi += 0.5;
      }
      const m = (hi - lo) * 0.05;
      return [lo - m, hi + m];
    };
    const [x0, x1] = this.xlim ?? auto(xs);
    const [y0, y1] = this.ylim ? [ty(this.ylim[0]), ty(this.ylim[1])] : auto(ys);
    const px = (v: number) => left + ((v - x0) / (x1 - x0)) * width;
    const py = (v: number) => top + height - ((ty(v) - y0) / (y1 - y0)) * height;
    const out: string[] = [];
    const xticks = niceTicks(x0, x1).filter((t) => t >= x0 - 1e-12 && t <= x1 + 1e-12);
    const yticks = log
      ? (() => {
          const step = Math.max(1, Math.ceil((Math.floor(y1) - Math.ceil(y0)) / 7));
          const t: number[] = [];
          for (let k = Math.ceil(y0 / step) * step; k <= y1; k += step) t.push(k);
          return t;
        })()
      : niceTicks(y0, y1).filter((t) => t >= y0 - 1e-12 && t <= y1 + 1e-12);
    const yAt = (t: number) => top + height - ((t - y0) / (y1 - y0)) * height;
    if (this.axisOn && this.gridAlpha !== null) {
      for (const t of xticks)
        out.push(
          `<line x1="${px(t).toFixed(1)}" y1="${top}" x2="${px(t).toFixed(1)}" y2="${top + height}" stroke="#b0b0b0" stroke-opacity="${this.gridAlpha}" stroke-width="0.8"/>`,
        );
      for (const t of yticks)
        out.push(
          `<line x1="${left}" y1="${yAt(t).toFixed(1)}" x2="${left + width}" y2="${yAt(t).toFixed(1)}" stroke="#b0b0b0" stroke-opacity="${this.gridAlpha}" stroke-width="0.8"/>`,
        );
    }
    out.push(`<clipPath id="clip${Math.round(left)}_${Math.round(top)}"><rect x="${left}" y="${top}" width="${width}" height="${height}"/></clipPath>`);
    out.push(`<g clip-path="url(#clip${Math.round(left)}_${Math.round(top)})">`);
    for (const f of this.fills) {
      const upper = f.x.map((x, i) => `${px(x).toFixed(1)},${py(f.y2[i]).toFixed(1)}`);
      const lower = f.x.map((x, i) => `${px(x).toFixed(1)},${py(f.y1[i]).toFixed(1)}`).reverse();
      out.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${f.color}" fill-opacity="${f.alpha}" stroke="none"/>`);
    }
    for (const l of this.lines) {
      const pts = l.x.map((x, i) => [px(x), py(l.y[i])]).filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
      if (l.linestyle)
        out.push(
          `<polyline fill="none" stroke="${l.color}" stroke-width="${(l.linewidth * PT).toFixed(2)}" stroke-linejoin="round" points="${pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>`,
        );
      if (l.marker)
        for (const [a, b] of pts) out.push(`<circle cx="${a.toFixed(1)}" cy="${b.toFixed(1)}" r="${((l.markersize * PT) / 2).toFixed(1)}" fill="${l.color}"/>`);
    }
    out.push('</g>');
    for (const t of this.labels) {
      const anchor = t.ha === 'center' ? 'middle' : t.ha === 'right' ? 'end' : 'start';
      out.push(
        `<text x="${px(t.x).toFixed(1)}" y="${py(t.y).toFixed(1)}" font-size="${(t.fontsize * PT).toFixed(1)}" text-anchor="${anchor}">${mathtext(t.text)}</text>`,
      );
    }
    if (this.axisOn) {
      out.push(`<rect x="${left}" y="${top}" width="${width}" height="${height}" fill="none" stroke="black" stroke-width="0.8"/>`);
      const xtext = tickTexts(xticks),
        ytext = tickTexts(yticks);
      xticks.forEach((t, k) => {
        const x = px(t).toFixed(1);
        out.push(
          `<line x1="${x}" y1="${top + height}" x2="${x}" y2="${top + height + 4}" stroke="black"/>`,
          `<text x="${x}" y="${top + height + 17}" text-anchor="middle">${xtext[k]}</text>`,
        );
      });
      yticks.forEach((t, k) => {
        const y = yAt(t).toFixed(1);
        const label = log ? `10<tspan baseline-shift="super" font-size="75%">${t}</tspan>` : ytext[k];
        out.push(
          `<line x1="${left - 4}" y1="${y}" x2="${left}" y2="${y}" stroke="black"/>`,
          `<text x="${left - 7}" y="${(+y + 4).toFixed(1)}" text-anchor="end">${label}</text>`,
        );
      });
      if (this.xlabel) out.push(`<text x="${left + width / 2}" y="${top + height + 38}" text-anchor="middle" font-size="13">${mathtext(this.xlabel)}</text>`);
      if (this.ylabel)
        out.push(
          `<text transform="translate(${left - 52} ${top + height / 2}) rotate(-90)" text-anchor="middle" font-size="13">${mathtext(this.ylabel)}</text>`,
        );
    }
    if (this.title)
      out.push(
        `<text x="${left + width / 2}" y="${top - 10}" text-anchor="middle" font-size="${(this.titleSize * PT).toFixed(1)}">${mathtext(this.title)}</text>`,
      );
    if (this.showLegend) out.push(this.renderLegend(left, top, width, height, px, py));
    return out.join('\n');
  }

  /** The legend in the corner that covers the fewest plotted points (matplotlib's loc='best', corners only). */
  private renderLegend(left: number, top: number, width: number, height: number, px: (v: number) => number, py: (v: number) => number): string {
    const items = this.lines.filter((l) => l.label !== undefined);
    const w = 50 + 7 * items.reduce((m, l) => Math.max(m, l.label!.length), 0),
      h = 8 + 18 * items.length;
    const corners: [number, number][] = [
      [left + width - w - 8, top + 8],
      [left + 8, top + 8],
      [left + 8, top + height - h - 8],
      [left + width - w - 8, top + height - h - 8],
    ];
    const pts = this.lines.flatMap((l) => l.x.map((x, i) => [px(x), py(l.y[i])]));
    const covered = ([cx, cy]: [number, number]) => pts.filter(([a, b]) => a >= cx && a <= cx + w && b >= cy && b <= cy + h).length;
    const [lx, ly] = corners.reduce((best, c) => (covered(c) < covered(best) ? c : best));
    const out = [`<rect x="${lx}" y="${ly}" width="${w}" height="${h}" fill="white" fill-opacity="0.8" stroke="#cccccc" rx="3"/>`];
    items.forEach((l, k) => {
      const y = ly + 13 + 18 * k;
      out.push(
        `<line x1="${lx + 8}" y1="${y}" x2="${lx + 34}" y2="${y}" stroke="${l.color}" stroke-width="${(l.linewidth * PT).toFixed(2)}"/>`,
        `<text x="${lx + 40}" y="${y + 4}">${mathtext(l.label!)}</text>`,
      );
    });
    return out.join('\n');
  }
}

/** A figure of rows × cols panels (matplotlib's Figure). */
export class Figure {
  readonly axes: Axes[];
  constructor(
    readonly nrows: number,
    readonly ncols: number,
    readonly figsize: [number, number],
  ) {
    this.axes = Array.from({ length: nrows * ncols }, () => new Axes());
  }

  /** `plt.tight_layout()`: the panels here are always laid out with room for their labels. */
  tight_layout(): void {}

  /** The figure as an SVG document (80 px per inch of figsize). */
  svg(): string {
    const W = Math.round(this.figsize[0] * 80),
      H = Math.round(this.figsize[1] * 80);
    const cw = W / this.ncols,
      ch = H / this.nrows;
    const m = { l: 78, r: 16, t: 34, b: 52 };
    const parts = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
      `<rect width="${W}" height="${H}" fill="white"/>`,
    ];
    this.axes.forEach((ax, k) => {
      const c = k % this.ncols,
        r = Math.floor(k / this.ncols);
      parts.push(ax.render(c * cw + m.l, r * ch + m.t, cw - m.l - m.r, ch - m.t - m.b));
    });
    parts.push('</svg>');
    return parts.join('\n');
  }
}

/** `plt.subplots(...)`: one Axes, or an array of them row by row. */
function subplots(o?: { figsize?: [number, number] }): [Figure, Axes];
function subplots(nrows: number, ncols: number, o?: { figsize?: [number, number] }): [Figure, Axes[]];
function subplots(a?: number | { figsize?: [number, number] }, b?: number, c?: { figsize?: [number, number] }): [Figure, Axes | Axes[]] {
  if (typeof a !== 'number') {
    const fig = new Figure(1, 1, a?.figsize ?? [6.4, 4.8]);
    return [fig, fig.axes[0]];
  }
  const fig = new Figure(a, b ?? 1, c?.figsize ?? [6.4, 4.8]);
  return [fig, fig.axes];
}

export const plt = { subplots };
