import { describe, expect, it } from 'vitest';
import { npsGroupOf, surveyQuery } from './surveys.svelte';

describe('survey answer list', () => {
  it('sends the period and group, leaving out half-typed dates', () => {
    expect(surveyQuery({ from: '2026-11-01', to: ' 2026-11-30 ', group: 'detractor', page: 2 })).toEqual({
      page: 2,
      page_size: 50,
      from: '2026-11-01',
      to: '2026-11-30',
      nps_group: 'detractor',
    });
    expect(surveyQuery({ from: '2026-1', to: '', group: '', page: 0 })).toMatchObject({ from: null, to: null, nps_group: null });
  });

  it('groups scores as the NPS formula does', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsGroupOf)).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
  });
});
