// The line-chart writer for the demos: the markup comes from the library (engine/plot/chart.ts,
// exported as `plot.lineChart` and `plot.figureSvg`); this adds writing it to a file in Node.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { figureSvg, lineChart, type ChartOptions, type Panel, type Series } from '../../engine/plot/chart.js';

export { figureSvg, lineChart, type ChartOptions, type Panel, type Series };

/** Writes the chart to `path` (creating the folder) and returns the path. */
export function writeChart(path: string, series: Series[], o: ChartOptions): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, lineChart(series, o));
  return path;
}
