import type { EChartsOption } from 'echarts';
import type { ChartData } from './chart-data.js';

/**
 * The one ECharts definition of a chart, used by the server (an SVG for reports and downloads,
 * with its title drawn in, no animation) and by the browser (interactive, the page's heading
 * above it). Only plain data and small formatters: no DOM, no Node.
 */

/** Colours told apart by people with the common colour-vision deficiencies (Okabe–Ito order, darkened for contrast). */
export const PALETTE = ['#0b5d9e', '#c45a00', '#00806a', '#a33d7e', '#5a6b00', '#6b4fa3', '#8a5a2b', '#4d4d4d'];
const FONT = "'Noto Sans', 'DejaVu Sans', Arial, sans-serif";

export interface ChartMode {
  /** Draw the title and subtitle into the chart, for a file that stands alone. */
  readonly standalone: boolean;
  /** Animate the bars as they appear (never in a file; not for readers who ask for less motion). */
  readonly animate?: boolean;
}

/** Width and height that fit the chart's categories; the browser takes the height, the server both. */
export function chartSize(data: ChartData, standalone: boolean): { width: number; height: number } {
  const top = standalone ? 70 : 16;
  const legend = data.series.length > 1 ? 40 : 0;
  if (data.kind !== 'bar') return { width: 800, height: top + legend + 40 + Math.max(3, data.categories.length) * 34 };
  return { width: 800, height: top + legend + 320 };
}

const shown = (p: unknown) => {
  const v = (p as { value?: unknown }).value;
  return typeof v === 'number' && v > 0 ? String(v) : '';
};

export function chartOption(data: ChartData, mode: ChartMode): EChartsOption {
  const { standalone } = mode;
  const top = standalone ? 70 : 16;
  const legend = data.series.length > 1;
  const labels = data.categories.map((c) => c.short ?? c.label);
  const base: EChartsOption = {
    animation: !standalone && (mode.animate ?? true),
    color: PALETTE,
    textStyle: { fontFamily: FONT, color: '#1d2430' },
    ...(standalone ? { title: { text: data.title, subtext: data.subtitle, left: 'center', textStyle: { fontSize: 16 }, subtextStyle: { color: '#4a5565' } } } : {}),
    ...(legend ? { legend: { bottom: 4, data: data.series.map((s) => s.name) } } : {}),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
  };
  // The funnel's stages fall off steeply (fifteen crimes, one complaint): bars keep the small ones readable.
  const horizontal = data.kind !== 'bar';
  const category = {
    type: 'category' as const,
    data: labels,
    inverse: horizontal,
    axisLabel: horizontal ? { interval: 0, width: 260, overflow: 'truncate' as const } : { interval: 0, rotate: labels.length > 13 ? 45 : 0 },
  };
  const value = { type: 'value' as const, minInterval: 1, name: horizontal ? data.valueAxis : '', nameLocation: 'middle' as const, nameGap: 28 };
  return {
    ...base,
    grid: { left: 16, right: 32, top, bottom: (legend ? 40 : 8) + (horizontal ? 28 : 36), containLabel: true },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? category : value,
    series: data.series.map((s) => ({
      type: 'bar' as const,
      name: s.name,
      ...(data.stacked ? { stack: 'total' } : {}),
      barMaxWidth: 36,
      label: { show: true, position: data.stacked ? ('inside' as const) : horizontal ? ('right' as const) : ('top' as const), formatter: shown },
      data: s.points.map((p) => p.value),
    })),
  };
}
