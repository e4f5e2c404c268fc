import { describe, expect, it } from 'vitest';
import { activeFilterCount, buildOrderQuery, emptyFilters } from './query';

describe('order list query', () => {
  it('asks for everything by default, 50 at a time', () => {
    expect(buildOrderQuery(emptyFilters(), 0, '2026-11-23')).toEqual({
      page: 0,
      page_size: 50,
      status: null,
      customer_id: null,
      from: null,
      to: null,
      late_only: false,
      delivered_from: null,
      delivered_to: null,
      delivered_shortfall: null,
      shipped_from: null,
      shipped_to: null,
      today: '2026-11-23',
    });
    expect(activeFilterCount(emptyFilters())).toBe(0);
  });

  it('sends the filters', () => {
    const f = {
      status: 'shipped',
      lateOnly: true,
      from: '2026-11-01',
      to: ' 2026-11-30 ',
      customer: { id: 'c1', code: 'C', name: 'N' },
      delivered: { from: '2026-10-01', to: '2026-10-31', shortfall: 'inaccurate' as const },
      shipped: null,
    };
    expect(buildOrderQuery(f, 2, '2026-11-23')).toEqual({
      page: 2,
      page_size: 50,
      status: 'shipped',
      customer_id: 'c1',
      from: '2026-11-01',
      to: '2026-11-30',
      late_only: true,
      delivered_from: '2026-10-01',
      delivered_to: '2026-10-31',
      delivered_shortfall: 'inaccurate',
      shipped_from: null,
      shipped_to: null,
      today: '2026-11-23',
    });
    expect(activeFilterCount(f)).toBe(6);
  });

  it('asks for the orders behind the processing time', () => {
    const q = buildOrderQuery({ ...emptyFilters(), shipped: { from: '2026-01-01', to: '2026-12-31' } }, 0, '2026-11-23');
    expect([q.shipped_from, q.shipped_to, q.delivered_from]).toEqual(['2026-01-01', '2026-12-31', null]);
    expect(activeFilterCount({ ...emptyFilters(), shipped: { from: '2026-01-01', to: '2026-12-31' } })).toBe(1);
  });

  it('ignores an unknown status and half-typed dates', () => {
    const q = buildOrderQuery({ ...emptyFilters(), status: 'bogus', from: '2026-1' }, 0, '2026-11-23');
    expect(q.status).toBeNull();
    expect(q.from).toBeNull();
  });
});
