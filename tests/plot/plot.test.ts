// The library's SVG writers (plot.heatmapSvg, plot.lineChart, plot.figureSvg), through the public entry.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { plot } from '../../engine/index.js';

const test = suite('plot');

test('heatmapSvg: one cell per value, shaded white (0) to dark blue (1), labels escaped', () => {
  const svg = plot.heatmapSvg(
    [
      [0, 1, 0.5],
      [1, 0, 2],
    ],
    ['<s>', 'b&c'],
    ['x', 'y', 'z'],
    { title: 'attn' },
  );
  const cells = [...svg.matchAll(/<rect x="[^"]+" y="[^"]+" width="36" height="36" fill="([^"]+)"/g)].map((m) => m[1]);
  // 255 + (8 − 255)·0.5 = 131.5 → 132, 255 + (48 − 255)·0.5 = 151.5 → 152, 255 + (107 − 255)·0.5 = 181; 2 clamps to 1
  assert.equal(cells, ['rgb(255,255,255)', 'rgb(8,48,107)', 'rgb(132,152,181)', 'rgb(8,48,107)', 'rgb(255,255,255)', 'rgb(8,48,107)']);
  assert.ok(svg.includes('&lt;s&gt;') && svg.includes('b&amp;c') && !svg.includes('<s>'));
  assert.ok(svg.startsWith('<svg ') && svg.endsWith('</svg>'));
});

test('lineChart: one polyline per series with its points; figureSvg nests one chart per panel', () => {
  const series = [
    { name: 'a', x: [0, 1, 2], y: [1, 2, 3] },
    { name: 'b', x: [0, 1], y: [3, 1], dashed: true },
  ];
  const svg = plot.lineChart(series, { title: 't', xLabel: 'x', yLabel: 'y' });
  const lines = [...svg.matchAll(/<polyline [^>]*points="([^"]*)"/g)].map((m) => [m[1].split(' ').length, m[0].includes('dasharray')]);
  assert.equal(lines, [
    [3, false],
    [2, true],
  ]);
  const fig = plot.figureSvg(
    [
      { series, options: { title: 'p1', xLabel: 'x', yLabel: 'y' } },
      { series, options: { title: 'p2', xLabel: 'x', yLabel: 'y' } },
    ],
    { cols: 2 },
  );
  assert.is((fig.match(/<polyline /g) ?? []).length, 4);
  assert.ok(fig.includes('width="960"'), 'two 480-pixel panels side by side');
});

test.run();
