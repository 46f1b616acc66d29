import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from '../../exchange/tabular.js';
import { type ChartData, chartGrid } from './chart-data.js';
import { chartOption, chartSize } from './chart-option.js';

/**
 * A chart as a file, on the server: ECharts' server-side SVG (no DOM; animation off and the
 * instance disposed, or timers would keep the process alive) and its numbers as CSV with a
 * byte-order mark, so spreadsheet programs read Cyrillic.
 */

/** ECharts weighs some 50 MB in memory: the server loads it when it first draws a chart, not at start. */
let library: Promise<typeof import('echarts')> | undefined;

export async function chartSvg(data: ChartData): Promise<string> {
  const echarts = await (library ??= import('echarts'));
  const { width, height } = chartSize(data, true);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(chartOption(data, { standalone: true }));
    // ECharts numbers its hover-style classes with counters that run across instances
    // (zr0-cls-3): renumber them per chart, so the same numbers give the same file and two charts
    // inlined in one report keep their styles apart.
    const names = new Map<string, string>();
    return chart.renderToSVGString().replace(/\bzr\d+-cls-\d+\b/g, (c) => names.get(c) ?? names.set(c, `${data.id}-${names.size}`).get(c)!);
  } finally {
    chart.dispose();
  }
}

export function chartCsv(data: ChartData): string {
  return `\uFEFF${stringify(chartGrid(data).map((row) => row.map(neutraliseFormula)))}`;
}
