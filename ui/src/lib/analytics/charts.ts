// The dashboard's charts as Apache ECharts options, built from the backend's figures (pure, so
// they are unit-tested), and the loader that brings ECharts in only when the dashboard opens.
// Labels arrive translated from the caller; the numbers are the backend's.
import type { Dashboard } from '../bindings';

/** ECharts with the dashboard's charts registered, loaded on first use. */
export async function loadECharts(): Promise<typeof import('echarts/core')> {
  return (await import('./echarts')).echarts;
}

/** ECharts' own locale names (its bundled ZH and EN). */
export function echartsLocale(locale: string): 'ZH' | 'EN' {
  return locale === 'zh-CN' ? 'ZH' : 'EN';
}

const BLUE = '#2563eb';
const GREEN = '#16a34a';
const GREY = '#9ca3af';
const RED = '#dc2626';

export type Option = Record<string, unknown>;

/** Revenue per month (bars). */
export function revenueOption(d: Dashboard, label: string): Option {
  return {
    grid: { left: 64, right: 16, top: 24, bottom: 32 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: d.months.map((m) => m.month) },
    yAxis: { type: 'value' },
    series: [{ name: label, type: 'bar', data: d.months.map((m) => Number(m.revenue)), itemStyle: { color: BLUE } }],
  };
}

/** Promoters, passives and detractors per month (stacked bars) and the NPS (line, right axis). */
export function npsOption(d: Dashboard, labels: { promoters: string; passives: string; detractors: string; nps: string }): Option {
  const months = d.months.map((m) => m.month);
  return {
    grid: { left: 48, right: 48, top: 32, bottom: 32 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: months },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', min: -100, max: 100 },
    ],
    series: [
      { name: labels.promoters, type: 'bar', stack: 'n', data: d.months.map((m) => m.promoters), itemStyle: { color: GREEN } },
      { name: labels.passives, type: 'bar', stack: 'n', data: d.months.map((m) => m.passives), itemStyle: { color: GREY } },
      { name: labels.detractors, type: 'bar', stack: 'n', data: d.months.map((m) => m.detractors), itemStyle: { color: RED } },
      {
        name: labels.nps,
        type: 'line',
        yAxisIndex: 1,
        connectNulls: false,
        data: d.months.map((m) => (m.nps === null ? null : Number(m.nps))),
        itemStyle: { color: BLUE },
      },
    ],
  };
}

/** The ABC Pareto curve: share of revenue against share of customers, with the 80 % and 95 % lines. */
export function paretoOption(d: Dashboard, labels: { customers: string; revenue: string }): Option {
  return {
    grid: { left: 48, right: 32, top: 24, bottom: 40 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', min: 0, max: 100, name: labels.customers, nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'value', min: 0, max: 100, name: labels.revenue },
    series: [
      {
        type: 'line',
        showSymbol: false,
        data: d.pareto.map(([x, y]) => [round1(x * 100), round1(y * 100)]),
        itemStyle: { color: BLUE },
        markLine: { silent: true, symbol: 'none', data: [{ yAxis: 80 }, { yAxis: 95 }], lineStyle: { color: GREY, type: 'dashed' } },
      },
    ],
  };
}

/** The RFM grid as a heat map: R down the side (5 at the top), FM along the bottom; each cell named by its segment. */
export function rfmOption(d: Dashboard, segmentName: (code: string) => string): Option {
  const max = Math.max(1, ...d.rfm_grid.map((c) => c.customers));
  return {
    grid: { left: 40, right: 16, top: 8, bottom: 56 },
    tooltip: {
      formatter: (p: { data: [number, number, number, string] }) => `${segmentName(p.data[3])}: ${p.data[2]}`,
    },
    xAxis: { type: 'category', data: ['1', '2', '3', '4', '5'], name: 'FM', nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'category', data: ['1', '2', '3', '4', '5'], name: 'R' },
    visualMap: { min: 0, max, dimension: 2, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 80, inRange: { color: ['#eff6ff', BLUE] } },
    series: [
      {
        type: 'heatmap',
        data: d.rfm_grid.map((c) => [c.fm - 1, c.r - 1, c.customers, c.segment]),
        label: { show: true, formatter: (p: { data: [number, number, number, string] }) => String(p.data[2]) },
      },
    ],
  };
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
