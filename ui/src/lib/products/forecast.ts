// A product's demand forecast as the product page shows it: the next months with their
// bands, the chart of history and forecast, and how the model was chosen. Pure, so tested
// beside it; the component only renders.
import type { ProductForecast } from '../bindings';
import type { Option } from '../analytics/charts';
import { t } from '../i18n';
import { numberFormat } from '../intl';

/** The forecasting models' codes, as the backend names them. */
export const MODELS = [
  'naive',
  'seasonal_naive',
  'ses',
  'holt',
  'holt_damped',
  'hw_additive',
  'hw_additive_damped',
  'hw_multiplicative',
  'hw_multiplicative_damped',
  'croston',
  'sba',
  'tsb',
] as const;
export type ModelCode = (typeof MODELS)[number];
const isModel = (c: string): c is ModelCode => (MODELS as readonly string[]).includes(c);

/** The demand classes (Syntetos–Boylan). */
export const DEMAND_CLASSES = ['smooth', 'erratic', 'intermittent', 'lumpy'] as const;
export type DemandClassCode = (typeof DEMAND_CLASSES)[number];
const isDemandClass = (c: string): c is DemandClassCode => (DEMAND_CLASSES as readonly string[]).includes(c);

/** A model's name in the user's language (an unknown code as it is). */
export const tModel = (code: string): string => (isModel(code) ? t(`forecast.model.${code}`) : code);

/** A demand class in the user's language (an unknown code as it is). */
export const tDemandClass = (code: string): string => (isDemandClass(code) ? t(`forecast.class.${code}`) : code);

/** Months of history drawn before the forecast. */
export const HISTORY_SHOWN = 24;

/** "2026-12-01" → "2026-12". */
export const monthLabel = (month: string): string => month.slice(0, 7);

/** The first `n` forecast months. */
export function nextMonths(f: ProductForecast, n = 3): ProductForecast['points'] {
  return f.points.slice(0, n);
}

/** Units rounded for reading (forecasts are not exact quantities). */
export function roundUnits(v: number, locale: string): string {
  return numberFormat(locale, { maximumFractionDigits: v < 10 ? 1 : 0 }).format(v);
}

/** Whether the forecast beat the naive baseline in its backtest (a lower MASE). */
export function beatsBaseline(f: ProductForecast): boolean | null {
  if (f.mase === null || f.baseline_mase === null) return null;
  return f.mase < f.baseline_mase;
}

/**
 * The chart: the last months of history, the forecast's mean (dashed) and its 80 % and 95 %
 * bands, drawn as stacked areas on their lower bound.
 */
export function forecastOption(
  f: ProductForecast,
  labels: { history: string; forecast: string; band80: string; band95: string },
): Option {
  const history = f.history.slice(-HISTORY_SHOWN);
  const months = [...history.map((h) => monthLabel(h.month)), ...f.points.map((p) => monthLabel(p.month))];
  const gap = history.map(() => null);
  const pad = f.points.map(() => null);
  const band = (lo: (p: ProductForecast['points'][number]) => number, hi: (p: ProductForecast['points'][number]) => number) => ({
    base: [...gap, ...f.points.map(lo)],
    width: [...gap, ...f.points.map((p) => Math.max(0, hi(p) - lo(p)))],
  });
  const b95 = band((p) => p.lo95, (p) => p.hi95);
  const b80 = band((p) => p.lo80, (p) => p.hi80);
  const baseSeries = (stack: string, data: (number | null)[]) => ({
    type: 'line',
    stack,
    data,
    lineStyle: { opacity: 0 },
    symbol: 'none',
    tooltip: { show: false },
  });
  const bandSeries = (name: string, stack: string, data: (number | null)[], opacity: number) => ({
    name,
    type: 'line',
    stack,
    data,
    lineStyle: { opacity: 0 },
    symbol: 'none',
    areaStyle: { color: '#2f6fdb', opacity },
    // The legend's swatch shows the band's own colour.
    itemStyle: { color: '#2f6fdb', opacity: Math.min(1, opacity * 3) },
  });
  return {
    grid: { left: 48, right: 16, top: 32, bottom: 32 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [labels.history, labels.forecast, labels.band80, labels.band95] },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', min: 0 },
    series: [
      baseSeries('b95', b95.base),
      bandSeries(labels.band95, 'b95', b95.width, 0.12),
      baseSeries('b80', b80.base),
      bandSeries(labels.band80, 'b80', b80.width, 0.22),
      { name: labels.history, type: 'line', data: [...history.map((h) => Number(h.qty)), ...pad], itemStyle: { color: '#334155' } },
      {
        name: labels.forecast,
        type: 'line',
        data: [...gap, ...f.points.map((p) => p.mean)],
        lineStyle: { type: 'dashed' },
        itemStyle: { color: '#2f6fdb' },
      },
    ],
  };
}
