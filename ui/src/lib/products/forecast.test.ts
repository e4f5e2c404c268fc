import { describe, expect, it } from 'vitest';
import type { ProductForecast } from '../bindings';
import { beatsBaseline, forecastOption, HISTORY_SHOWN, monthLabel, nextMonths } from './forecast';

function forecast(history: number, points: number): ProductForecast {
  return {
    product_id: 'p',
    history: Array.from({ length: history }, (_, i) => ({ month: `2024-${String((i % 12) + 1).padStart(2, '0')}-01`, qty: String(i) })),
    current: true,
    computed_at: '2026-12-02T00:00:00Z',
    class: 'smooth',
    components: [{ model: 'ses', weight: 1 }],
    mase: 0.8,
    mape: 12,
    baseline_model: 'seasonal_naive',
    baseline_mase: 1.1,
    points: Array.from({ length: points }, (_, i) => ({
      month: `2027-${String(i + 1).padStart(2, '0')}-01`,
      mean: 10,
      lo80: 8,
      hi80: 12,
      lo95: 6,
      hi95: 15,
    })),
  };
}

describe('forecast view', () => {
  it('draws the last two years of history, then the forecast with its bands', () => {
    const f = forecast(30, 12);
    const o = forecastOption(f, { history: 'H', forecast: 'F', band80: '80', band95: '95' }) as {
      xAxis: { data: string[] };
      series: { name?: string; data: (number | null)[] }[];
    };
    expect(o.xAxis.data).toHaveLength(HISTORY_SHOWN + 12);
    expect(o.xAxis.data[HISTORY_SHOWN]).toBe('2027-01');
    const byName = (n: string) => o.series.find((s) => s.name === n)!.data;
    expect(byName('H').slice(0, 2)).toEqual([6, 7]);
    expect(byName('H')[HISTORY_SHOWN]).toBeNull();
    expect(byName('F')[HISTORY_SHOWN - 1]).toBeNull();
    expect(byName('F')[HISTORY_SHOWN]).toBe(10);
    // Bands stack their width on their lower bound.
    expect(o.series[0]!.data[HISTORY_SHOWN]).toBe(6);
    expect(byName('95')[HISTORY_SHOWN]).toBe(9);
    expect(o.series[2]!.data[HISTORY_SHOWN]).toBe(8);
    expect(byName('80')[HISTORY_SHOWN]).toBe(4);
  });

  it('names the next months and compares with the baseline', () => {
    const f = forecast(3, 12);
    expect(nextMonths(f).map((p) => monthLabel(p.month))).toEqual(['2027-01', '2027-02', '2027-03']);
    expect(beatsBaseline(f)).toBe(true);
    expect(beatsBaseline({ ...f, mase: 1.2 })).toBe(false);
    expect(beatsBaseline({ ...f, baseline_mase: null })).toBeNull();
  });
});
