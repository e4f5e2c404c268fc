import { describe, expect, it } from 'vitest';
import { factText, interactionSummary } from './facts';

describe('facts in the user language', () => {
  it('word a back-order and a credit override with the amounts in the currency', () => {
    expect(factText({ kind: 'backorder', lines: 2 }, 'zh-CN')).toBe('延期交货：2 行库存不足');
    expect(factText({ kind: 'backorder', lines: 2 }, 'en')).toBe('Back-order: 2 line(s) short on stock');
    const credit = factText({ kind: 'credit_override', open: '800', order: '300.5', limit: '1000', currency: 'CNY' }, 'en');
    expect(credit).toContain('800.00');
    expect(credit).toContain('300.50');
    expect(credit).toContain('1,000.00');
  });

  it('word the feedback follow-up the app made, in whichever language is shown now', () => {
    const made = { summary: '', fact: { kind: 'delivery_feedback', order_id: 'o1', order_number: 'SO-2612-A3F-00007' } } as const;
    expect(interactionSummary(made, 'en')).toBe('Ask for feedback on SO-2612-A3F-00007');
    expect(interactionSummary(made, 'zh-CN')).toBe('回访：了解订单 SO-2612-A3F-00007 的反馈');
    expect(interactionSummary({ summary: '询价', fact: null }, 'en')).toBe('询价');
  });

  it('word a compensation', () => {
    expect(factText({ kind: 'compensation', amount: '200', currency: 'CNY' }, 'en')).toContain('200.00');
  });

  it('name the partner a root cause names, by its kind', () => {
    const partner = { kind: 'root_cause_partner', supplier_id: 's1', code: 'SF', name: '顺丰速运' } as const;
    expect(factText({ ...partner, supplier_kind: 'logistics' }, 'zh-CN')).toBe('责任承运商：顺丰速运（SF）');
    expect(factText({ ...partner, supplier_kind: 'goods' }, 'en')).toBe('Supplier responsible: 顺丰速运 (SF)');
    expect(factText({ ...partner, supplier_kind: 'service' }, 'en')).toBe('Service agent responsible: 顺丰速运 (SF)');
  });
});
