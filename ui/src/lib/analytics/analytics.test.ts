import { describe, expect, it } from 'vitest';
import type { Dashboard, Figures } from '../bindings';
import { defaultPeriod, periodInput } from './period';
import { delta, formatDelta, formatNumber, KPIS, type FigureSet } from './kpis';
import { npsOption, paretoOption, revenueOption, rfmOption } from './charts';

const kpi = (key: string) => {
  const k = KPIS.find((x) => x.key === key);
  if (!k) throw new Error(key);
  return k;
};

function figures(over: Partial<Figures>): Figures {
  return {
    revenue: '0',
    orders: 0,
    buyers: 0,
    repurchase_rate: null,
    delivered: 0,
    delivered_with_promise: 0,
    on_time_rate: null,
    accuracy: null,
    perfect_order_rate: null,
    processing_hours: null,
    promoters: 0,
    passives: 0,
    detractors: 0,
    nps: null,
    csat: null,
    csat_responses: 0,
    complaints: 0,
    first_response_hours: null,
    resolution_hours: null,
    sla_compliance: null,
    sla_decided: 0,
    ...over,
  };
}

const set = (over: Partial<Figures>): FigureSet => ({ figures: figures(over), supply: null });

describe('analysis period', () => {
  it('defaults to the 365 days up to today', () => {
    expect(periodInput(defaultPeriod('2026-12-06'))).toEqual({ from: '2025-12-07', as_of: '2026-12-06' });
  });

  it('turns presets into first days', () => {
    const p = (preset: 'last_30' | 'this_year' | 'all') => periodInput({ preset, asOf: '2026-03-31', from: '' });
    expect(p('last_30')).toEqual({ from: '2026-03-02', as_of: '2026-03-31' });
    expect(p('this_year')).toEqual({ from: '2026-01-01', as_of: '2026-03-31' });
    expect(p('all')).toEqual({ from: '', as_of: '2026-03-31' });
  });

  it('waits for a complete custom period', () => {
    expect(periodInput({ preset: 'custom', asOf: '2026-03-31', from: '2026-0' })).toBeNull();
    expect(periodInput({ preset: 'custom', asOf: '', from: '2026-01-01' })).toBeNull();
    expect(periodInput({ preset: 'custom', asOf: '2026-03-31', from: '2026-01-01' })).toEqual({ from: '2026-01-01', as_of: '2026-03-31' });
  });
});

describe('dashboard figures', () => {
  it('show no data rather than 0 %', () => {
    expect(formatNumber('rate', null, 'en')).toBeNull();
    expect(formatNumber('rate', 0.5, 'en')).toBe('50%');
    expect(formatNumber('rate', 0.125, 'zh-CN')).toBe('12.5%');
    expect(formatNumber('hours', 24, 'en')).toBe('24');
  });

  it('compare rates in points and amounts in percent, knowing which way is better', () => {
    const on = kpi('on_time');
    const d = delta(on, set({ on_time_rate: 0.9 }), set({ on_time_rate: 0.8 }));
    expect(d?.sign).toBe(1);
    expect(d?.good).toBe(true);
    expect(formatDelta(on, d!, 'en')).toEqual({ value: '+10', unit: 'points' });
    const hours = kpi('processing');
    const slower = delta(
      hours,
      set({ processing_hours: { median: 30, p90: 50, count: 3 } }),
      set({ processing_hours: { median: 20, p90: 40, count: 3 } }),
    );
    expect(slower?.good).toBe(false);
    expect(formatDelta(hours, slower!, 'en')).toEqual({ value: '+50', unit: 'percent' });
    const rev = kpi('revenue');
    expect(delta(rev, set({ revenue: '100' }), set({ revenue: '0' }))).toBeNull();
    expect(delta(rev, set({ revenue: '100' }), null)).toBeNull();
    expect(delta(on, set({ on_time_rate: null }), set({ on_time_rate: 0.8 }))).toBeNull();
    // Stock figures wait for their own answer.
    const turns = kpi('turnover');
    expect(turns.value(set({}))).toBeNull();
    const supplied: FigureSet = {
      figures: figures({}),
      supply: {
        turnover: 4.5,
        days_of_supply: 81.1,
        cogs: '1',
        average_inventory_value: '1',
        supplier_on_time: null,
        po_lines_due: 0,
        defects_per_million: null,
      },
    };
    expect(turns.value(supplied)).toBe(4.5);
  });
});

describe('charts', () => {
  const d = {
    months: [
      { month: '2026-10', revenue: '80.00', promoters: 1, passives: 0, detractors: 0, nps: '100.0' },
      { month: '2026-11', revenue: '350.00', promoters: 1, passives: 1, detractors: 1, nps: null },
    ],
    pareto: [
      [0, 0],
      [0.5, 0.571],
      [1, 1],
    ],
    rfm_grid: [{ r: 5, fm: 1, segment: 'new', customers: 2 }],
  } as unknown as Dashboard;

  it('draw the backend numbers as they are', () => {
    const rev = revenueOption(d, 'Revenue') as { series: { data: number[] }[] };
    expect(rev.series[0]?.data).toEqual([80, 350]);
    const nps = npsOption(d, { promoters: 'P', passives: 'Pa', detractors: 'D', nps: 'NPS' }) as { series: { data: (number | null)[] }[] };
    expect(nps.series[3]?.data).toEqual([100, null]);
    const p = paretoOption(d, { customers: 'c', revenue: 'r' }) as { series: { data: number[][] }[] };
    expect(p.series[0]?.data).toEqual([
      [0, 0],
      [50, 57.1],
      [100, 100],
    ]);
    const rfm = rfmOption(d, (c) => c) as { series: { data: unknown[][] }[] };
    expect(rfm.series[0]?.data).toEqual([[0, 4, 2, 'new']]);
  });
});
