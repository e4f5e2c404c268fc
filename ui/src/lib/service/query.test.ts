import { describe, expect, it } from 'vitest';
import { activeFilterCount, breachedOpenQuery, buildComplaintQuery, emptyFilters, overdueFilters, sameFilters } from './query';

describe('complaint list query', () => {
  it('asks for everything, 50 a page, without filters', () => {
    expect(buildComplaintQuery(emptyFilters(), 2)).toEqual({
      page: 2,
      page_size: 50,
      kind: null,
      status: null,
      open_only: false,
      severity: null,
      category: null,
      customer_id: null,
      assignee: null,
      supplier_id: null,
      breached_only: false,
    });
    expect(activeFilterCount(emptyFilters())).toBe(0);
  });

  it('passes every filter, "open" as open only, unknown choices as none', () => {
    const f = {
      kind: 'complaint',
      status: 'open',
      severity: 'high',
      category: 'damaged',
      customer: { id: 'c1', code: '', name: 'A' },
      assignee: ' 李娜 ',
      supplier: { id: 's1', code: 'SF', name: '顺丰', kind: 'logistics' as const },
      breached: true,
    };
    expect(buildComplaintQuery(f, 0)).toEqual({
      page: 0,
      page_size: 50,
      kind: 'complaint',
      status: null,
      open_only: true,
      severity: 'high',
      category: 'damaged',
      customer_id: 'c1',
      assignee: '李娜',
      supplier_id: 's1',
      breached_only: true,
    });
    expect(activeFilterCount(f)).toBe(8);
    expect(buildComplaintQuery({ ...emptyFilters(), status: 'resolved', kind: 'nope', severity: 'x' }, 0)).toMatchObject({
      status: 'resolved',
      open_only: false,
      kind: null,
      severity: null,
    });
  });

  it('makes the overdue list and the badge query from open, breached complaints', () => {
    expect(overdueFilters()).toMatchObject({ status: 'open', breached: true });
    expect(breachedOpenQuery()).toMatchObject({ page: 0, page_size: 1, open_only: true, breached_only: true, status: null });
    expect(sameFilters(overdueFilters(), { ...overdueFilters(), assignee: ' ' })).toBe(true);
    expect(sameFilters(overdueFilters(), emptyFilters())).toBe(false);
  });
});
