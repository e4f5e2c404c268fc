import { describe, expect, it } from 'vitest';
import type { AttentionGroup, AttentionKind } from '../bindings';
import en from '../i18n/en.json';
import zhCN from '../i18n/zh-CN.json';
import { allClear, GROUP_TITLES, lineText, showAllFor } from './attention';

const group = (kind: AttentionKind, dates: (string | null)[], count = dates.length): AttentionGroup => ({
  kind,
  count,
  lines: dates.map((date, i) => ({ id: `id${i}`, code: `C${i}`, name: `N${i}`, date, values: ['12', '80'] })),
});

describe('home attention', () => {
  it('titles every group in both languages', () => {
    for (const key of Object.values(GROUP_TITLES)) {
      expect((en as Record<string, string>)[key]).toBeTruthy();
      expect((zhCN as Record<string, string>)[key]).toBeTruthy();
    }
  });

  it('words an overdue follow-up with its date, today’s without', () => {
    const g = group('follow_ups', ['2026-11-21', '2026-11-23']);
    const [a, b] = g.lines;
    expect(lineText('follow_ups', a!, '2026-11-23', 'en')).toEqual({ title: 'N0', subtitle: '12', when: 'Was due Nov 21, 2026', overdue: true });
    expect(lineText('follow_ups', b!, '2026-11-23', 'zh-CN')).toMatchObject({ when: '今天跟进', overdue: false });
    expect(lineText('follow_ups', a!, '2026-11-23', 'zh-CN').when).toBe('应于 2026年11月21日 跟进');
  });

  it('words documents by number and stock by its figures', () => {
    const line = group('late_orders', ['2026-11-22']).lines[0]!;
    expect(lineText('late_orders', line, '2026-11-23', 'zh-CN')).toEqual({
      title: 'C0',
      subtitle: 'N0',
      when: '承诺交期 2026年11月22日',
      overdue: true,
    });
    const stock = group('reorder', [null]).lines[0]!;
    expect(lineText('reorder', stock, '2026-11-23', 'en').when).toBe('Position 12 · reorder point 80');
  });

  it('words a complaint near its SLA with its deadline to the minute', () => {
    const line = { id: 'k', code: 'TS-0001', name: '深圳华为', date: '2026-11-20', values: ['2026-11-20T10:00:00.000Z'] };
    const zh = lineText('complaints_due_soon', line, '2026-11-20', 'zh-CN');
    expect(zh).toMatchObject({ title: 'TS-0001', subtitle: '深圳华为', overdue: false });
    expect(zh.when).toMatch(/^2026年11月20日 .*\d{2}:00 到期$/);
    expect(lineText('complaints_due_soon', line, '2026-11-20', 'en').when).toMatch(/^Due Nov 20, 2026/);
    expect(showAllFor(group('complaints_due_soon', ['2026-11-20']), '2026-11-20')).toBeNull();
  });

  it('shows all in the filtered list where one exists', () => {
    expect(showAllFor(group('follow_ups', ['2026-11-23']), '2026-11-23')).toBe('followups_today');
    expect(showAllFor(group('follow_ups', ['2026-11-20', '2026-11-23']), '2026-11-23')).toBe('followups_overdue');
    expect(showAllFor(group('complaints', ['2026-11-20']), '2026-11-23')).toBe('complaints_overdue');
    expect(showAllFor(group('late_orders', ['2026-11-20']), '2026-11-23')).toBe('orders_late');
    expect(showAllFor(group('late_purchase_orders', ['2026-11-20']), '2026-11-23')).toBeNull();
  });

  it('is all clear only when every count is zero', () => {
    expect(allClear([group('reorder', []), group('contracts', [])])).toBe(true);
    expect(allClear([group('reorder', [], 3)])).toBe(false);
  });
});
