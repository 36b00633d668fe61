// The matplotlib look-alike of the article ports: what each call puts in the SVG (format strings,
// markers, fills, log ticks, axis('off'), legend), and errors for mismatched data.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { plt } from '../../../examples/lib/pyplot.js';

const test = suite('pyplot');

test('subplots: one Axes, or rows × cols of them; the size follows figsize (80 px per inch)', () => {
  const [fig1, ax] = plt.subplots({ figsize: [10, 6] });
  assert.ok(!Array.isArray(ax));
  assert.match(fig1.svg(), /width="800" height="480"/);
  const [fig3, axes] = plt.subplots(3, 1, { figsize: [12, 8] });
  assert.is(axes.length, 3);
  assert.is((fig3.svg().match(/fill="none" stroke="black"/g) ?? []).length, 3, 'three framed panels');
});

test("format strings: 'bo-' is a blue line with circle markers, 'r-' a red line, none the color cycle", () => {
  const [fig, ax] = plt.subplots();
  ax.plot([1, 2, 3], 'bo-', { markersize: 10 });
  ax.plot([0, 1, 2], [3, 2, 1], 'r-');
  ax.plot([2, 2, 2]);
  const svg = fig.svg();
  assert.is((svg.match(/<circle [^>]*fill="#0000ff"/g) ?? []).length, 3);
  assert.match(svg, /<polyline fill="none" stroke="#0000ff"/);
  assert.match(svg, /<polyline fill="none" stroke="#ff0000"/);
  assert.match(svg, /<polyline fill="none" stroke="#1f77b4"/);
});

test('fill_between, text, mathtext labels, axis off, legend', () => {
  const [fig, axes] = plt.subplots(1, 2);
  axes[0].text(0, 0.5, 'a<b', { fontsize: 20, ha: 'center' });
  axes[0].set_title('off panel');
  axes[0].axis('off');
  axes[1].plot([0, 1], [0.2, 0.4], 'g-', { label: 'W scale=1.0' });
  axes[1].fill_between([0, 1], 0, [0.2, 0.4], { alpha: 0.3, color: 'green' });
  axes[1].set_ylabel('gate $f_t$');
  axes[1].legend();
  const svg = fig.svg();
  assert.match(svg, /text-anchor="middle">a&lt;b<\/text>/);
  assert.match(svg, />off panel<\/text>/);
  assert.is((svg.match(/fill="none" stroke="black"/g) ?? []).length, 1, 'the panel turned off has no frame');
  assert.match(svg, /<polygon [^>]*fill="#008000" fill-opacity="0.3"/);
  assert.match(svg, /<tspan font-style="italic">f<\/tspan><tspan baseline-shift="sub" font-size="75%">t<\/tspan>/);
  assert.match(svg, />W scale=1\.0<\/text>/);
});

test('log y: decade ticks as 10^k across 1e1 … 1e58, every coordinate finite', () => {
  const [fig, ax] = plt.subplots();
  ax.plot(Array.from({ length: 50 }, (_, i) => 10 ** (1 + (57 * i) / 49)));
  ax.set_yscale('log');
  const svg = fig.svg();
  const decades = [...svg.matchAll(/10<tspan baseline-shift="super" font-size="75%">(\d+)<\/tspan>/g)].map((m) => Number(m[1]));
  assert.ok(decades.length >= 4 && decades.length <= 9, `${decades.length} decade ticks`);
  assert.ok(decades[0] <= 10 && decades[decades.length - 1] >= 50, `ticks ${decades}`);
  assert.not.match(svg, /NaN|Infinity/);
});

test('linear ticks share one number of decimals (1.2 … 2.0, as matplotlib)', () => {
  const [fig, ax] = plt.subplots();
  ax.plot([1.2, 1.5, 1.3, 1.8, 2.1, 2.0]);
  assert.match(fig.svg(), />2\.0<\/text>/);
});

test('x and y of different lengths: an Error naming both', () => {
  const [, ax] = plt.subplots();
  assert.throws(() => ax.plot([1, 2, 3], [1, 2]), /Axes\.plot: x and y must have same first dimension, but have shapes \(3,\) and \(2,\)/);
});

test.run();
