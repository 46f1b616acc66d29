import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { ChartData } from '../../../src/stats/charts/chart-data.js';
import { chartOption, chartSize } from '../../../src/stats/charts/chart-option.js';

/**
 * ECharts for the browser, only the parts the dashboard draws, fetched on demand so the public
 * first load stays small. The option is the server's own (`chart-option.ts`); the renderer is the
 * canvas, because the page's Content-Security-Policy refuses the inline style attributes that the
 * SVG renderer writes onto its text. ECharts' own ARIA description is left off: it speaks English
 * only; the page labels each chart and gives its numbers in a table.
 */
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Draws a chart into an element; a click on a bar reports its series and category. Returns the clean-up. */
export function drawChart(el: HTMLElement, data: ChartData, onPick: (series: number, index: number) => void): () => void {
  const chart = echarts.init(el, null, { renderer: 'canvas', height: chartSize(data, false).height });
  chart.setOption(chartOption(data, { standalone: false, animate: !window.matchMedia('(prefers-reduced-motion: reduce)').matches }));
  chart.on('click', (p) => onPick(p.seriesIndex ?? 0, p.dataIndex));
  const resize = () => chart.resize();
  window.addEventListener('resize', resize);
  return () => {
    window.removeEventListener('resize', resize);
    chart.dispose();
  };
}
