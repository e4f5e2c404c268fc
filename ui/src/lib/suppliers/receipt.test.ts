import { describe, expect, it } from 'vitest';
import type { PoLine } from '../bindings';
import { isOverDelivered, outstandingOf, receiptDraft, receiptInput } from './receipt';

const line = (id: string, ordered: string, accepted: string, rejected: string): PoLine => ({
  id,
  product_id: `p-${id}`,
  sku: `SKU-${id}`,
  name: `Product ${id}`,
  ordered,
  unit_price: '1',
  expected_on: '2026-12-01',
  accepted,
  rejected,
  outstanding: outstandingOf({ ordered, accepted, rejected }),
});

describe('receipt', () => {
  it('computes what is outstanding, never below zero', () => {
    expect(outstandingOf({ ordered: '10', accepted: '6', rejected: '2' })).toBe('2');
    expect(outstandingOf({ ordered: '10', accepted: '0', rejected: '0' })).toBe('10');
    expect(outstandingOf({ ordered: '1.5', accepted: '0.25', rejected: '0' })).toBe('1.25');
    expect(outstandingOf({ ordered: '10', accepted: '11', rejected: '0' })).toBe('0');
  });

  it('prefills accepted with the outstanding quantity and nothing rejected', () => {
    const rows = receiptDraft([line('a', '10', '0', '0'), line('b', '5', '3', '2')]);
    expect(rows.map((r) => [r.sku, r.outstanding, r.received, r.rejected])).toEqual([
      ['SKU-a', '10', '10', '0'],
      ['SKU-b', '0', '0', '0'],
    ]);
  });

  it('sends only lines where something arrived, with their rows', () => {
    const rows = receiptDraft([line('a', '10', '0', '0'), line('b', '5', '3', '2'), line('c', '4', '0', '0')]);
    rows[0] = { ...rows[0]!, received: '6', rejected: '2' };
    rows[2] = { ...rows[2]!, received: '', rejected: '1' };
    const { input, rows: sent } = receiptInput(rows, '2026-11-23', false);
    expect(sent).toEqual([0, 2]);
    expect(input).toEqual({
      received_on: '2026-11-23',
      confirm_over_delivery: false,
      lines: [
        { po_line_id: 'a', received: '6', rejected: '2' },
        { po_line_id: 'c', received: '0', rejected: '1' },
      ],
    });
  });

  it('sends what is typed for the backend to check, and the confirmation', () => {
    const rows = receiptDraft([line('a', '10', '0', '0')]);
    rows[0] = { ...rows[0]!, received: 'abc' };
    const { input } = receiptInput(rows, '2026-11-23', true);
    expect(input.lines).toEqual([{ po_line_id: 'a', received: 'abc', rejected: '0' }]);
    expect(input.confirm_over_delivery).toBe(true);
  });

  it('notices an over-delivery: accepted + rejected above outstanding', () => {
    const base = { outstanding: '2' };
    expect(isOverDelivered({ ...base, received: '2', rejected: '0' })).toBe(false);
    expect(isOverDelivered({ ...base, received: '1', rejected: '1' })).toBe(false);
    expect(isOverDelivered({ ...base, received: '2', rejected: '0.001' })).toBe(true);
    expect(isOverDelivered({ ...base, received: '5', rejected: '' })).toBe(true);
    expect(isOverDelivered({ ...base, received: 'x', rejected: '9' })).toBe(false);
  });
});
