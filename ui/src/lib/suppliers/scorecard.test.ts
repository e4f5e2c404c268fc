import { describe, expect, it } from 'vitest';
import type { ScoreInputs } from '../bindings';
import { formatScore, gradeTone, historyOption, inputParams, kindOf, periodOf, shiftPeriod, weightSum } from './scorecard';

const inputs: ScoreInputs = {
  lines_due: 3,
  lines_on_time: 1,
  on_time_rate: 1 / 3,
  accepted: '158',
  rejected: '7',
  receipts: 5,
  receipts_with_rejection: 2,
  defects_per_million: 42424.24,
  rejection_share: 0.4,
  price_paid: '1000.00',
  price_at_average: '900.00',
  price_products: 1,
  price_index: 111.111,
  complaints: 1,
  complaints_per_thousand: 6.0606,
  evaluations: 0,
  mean_rating: null,
};

describe('scorecard periods', () => {
  it('names the period of a day as the backend does', () => {
    expect(periodOf('month', '2026-08-20')).toBe('2026-08');
    expect(periodOf('quarter', '2026-08-20')).toBe('2026-Q3');
    expect(periodOf('year', '2026-08-20')).toBe('2026');
    expect(periodOf('quarter', 'junk')).toBe('');
    expect(kindOf('2026-Q1')).toBe('quarter');
    expect(kindOf('2026-13')).toBeNull();
  });

  it('moves across year ends', () => {
    expect(shiftPeriod('2026-01', -1)).toBe('2025-12');
    expect(shiftPeriod('2025-12', 1)).toBe('2026-01');
    expect(shiftPeriod('2026-Q1', -1)).toBe('2025-Q4');
    expect(shiftPeriod('2026-Q4', 1)).toBe('2027-Q1');
    expect(shiftPeriod('2026', -2)).toBe('2024');
    expect(shiftPeriod('nonsense', 1)).toBe('nonsense');
  });
});

describe('scorecard figures', () => {
  it('sums the weights the form holds', () => {
    expect(weightSum({ on_time: 30, quality: 30, price: 15, complaints: 15, ratings: 10 })).toBe(100);
    expect(weightSum({ on_time: 30, quality: 30, price: 15, complaints: 15, ratings: Number.NaN })).toBe(90);
  });

  it('shows no score as null and grades with tones', () => {
    expect(formatScore(null)).toBeNull();
    expect(formatScore(48.134)).toBe('48.1');
    expect(gradeTone('D')).toBe('danger');
    expect(gradeTone(null)).toBe('neutral');
  });

  it('gives each criterion its checkable inputs, or none without data', () => {
    expect(inputParams('on_time', inputs)).toEqual({ key: 'on_time', params: { on_time: 1, due: 3, rate: '33.3' } });
    expect(inputParams('quality', inputs)?.params).toMatchObject({ rejected: '7', received: '165', dpm: 42424, share: '40.0' });
    expect(inputParams('price', inputs)?.params).toMatchObject({ index: '111.1', products: 1 });
    expect(inputParams('complaints', inputs)?.params).toMatchObject({ complaints: 1, received: '165', rate: '6.06' });
    expect(inputParams('ratings', inputs)).toBeNull();
  });

  it('draws a gap where a period has no score', () => {
    const o = historyOption(
      [
        { period: '2026-Q2', score: null, grade: null },
        { period: '2026-Q3', score: 48.13, grade: 'D' },
      ],
      'Score',
    );
    const series = (o['series'] as Array<{ data: Array<number | null> }>)[0];
    expect(series?.data).toEqual([null, 48.1]);
  });
});
