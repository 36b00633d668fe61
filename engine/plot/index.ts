// SVG plots for users who want figures without a plotting library: line charts (loss curves,
// forecasts), grids of them, and heat maps (attention weights). Each returns the SVG markup as a
// string: write it to a file in Node, or put it in a page.
export { lineChart, figureSvg, type Series, type ChartOptions, type Panel } from './chart.js';
export { heatmapSvg, type HeatmapOptions } from './heatmap.js';
