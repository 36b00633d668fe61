// The heat-map writer for the demos: the markup comes from the library (engine/plot/heatmap.ts,
// exported as `plot.heatmapSvg`); this adds writing it to a file in Node.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { heatmapSvg, type HeatmapOptions } from '../../engine/plot/heatmap.js';

export { heatmapSvg, type HeatmapOptions };

/** Writes the heat map to `path` (creating the folder) and returns the path. */
export function writeHeatmap(
  path: string,
  matrix: readonly (readonly number[])[],
  rowLabels: readonly string[],
  colLabels: readonly string[],
  o: HeatmapOptions = {},
): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, heatmapSvg(matrix, rowLabels, colLabels, o));
  return path;
}
