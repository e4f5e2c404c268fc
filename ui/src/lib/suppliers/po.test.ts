import { describe, expect, it } from 'vitest';
import type { PoLine, PoStatus, SuppliedProduct } from '../bindings';
import {
  draftTotal,
  emptyLine,
  emptyPoDraft,
  lineAmount,
  linesWithoutProduct,
  pickProduct,
  poActions,
  poActionsFor,
  poInputFromDraft,
  PO_STATUSES,
  receivedAny,
  type PickedProduct,
} from './po';

const line = (accepted: string, rejected: string): PoLine => ({
  id: 'l',
  product_id: 'p',
  sku: 'A',
  name: 'Widget',
  ordered: '10',
  unit_price: '1',
  expected_on: '2026-12-01',
  accepted,
  rejected,
  outstanding: '0',
});

describe('PO actions by status', () => {
  it('follow the state machine', () => {
    const table: Record<PoStatus, string[]> = {
      draft: ['send', 'cancel'],
      sent: ['receive', 'cancel'],
      partially_received: ['receive', 'close'],
      received: ['close'],
      closed: [],
      cancelled: [],
    };
    for (const s of PO_STATUSES) expect({ s, a: poActions(s, s === 'partially_received' || s === 'received') }).toEqual({ s, a: table[s] });
  });

  it('offer no cancel once anything arrived', () => {
    expect(poActions('sent', true)).toEqual(['receive']);
    expect(receivedAny([line('0', '0')])).toBe(false);
    expect(receivedAny([line('0', '0'), line('0', '0.5')])).toBe(true);
    expect(poActionsFor({ status: 'sent', lines: [line('6', '2')] })).toEqual(['receive']);
    expect(poActionsFor({ status: 'sent', lines: [line('0', '0')] })).toEqual(['receive', 'cancel']);
  });
});

describe('PO form', () => {
  const widget: PickedProduct = { id: 'p1', sku: 'W-1', name: 'Widget', unit: 'pcs' };
  const supplies: SuppliedProduct[] = [
    { product_id: 'p1', sku: 'W-1', name: 'Widget', currency: 'CNY', price: '12.50', lead_time_days: 10, preferred: true },
    { product_id: 'p2', sku: 'G-1', name: 'Gadget', currency: 'USD', price: '3', lead_time_days: 0, preferred: false },
  ];

  it('starts with one empty line in CNY', () => {
    const d = emptyPoDraft();
    expect(d.currency).toBe('CNY');
    expect(d.lines).toHaveLength(1);
  });

  it('prefills the supplier price and the expected date from its lead time', () => {
    const l = pickProduct(emptyLine(), widget, supplies, 'cny', '2026-11-23');
    expect(l.unit_price).toBe('12.50');
    expect(l.expected_on).toBe('2026-12-03');
  });

  it('keeps what the user typed, and skips a price in another currency', () => {
    const typed = { ...emptyLine(), unit_price: '11', expected_on: '2026-12-24' };
    expect(pickProduct(typed, widget, supplies, 'CNY', '2026-11-23')).toMatchObject({ unit_price: '11', expected_on: '2026-12-24' });
    const gadget = pickProduct(emptyLine(), { id: 'p2', sku: 'G-1', name: 'Gadget', unit: '' }, supplies, 'CNY', '2026-11-23');
    expect(gadget.unit_price).toBe('');
    expect(gadget.expected_on).toBe('2026-11-30');
    const unknown = pickProduct(emptyLine(), { id: 'p9', sku: 'X', name: 'X', unit: '' }, [], 'CNY', '2026-12-30');
    expect(unknown).toMatchObject({ unit_price: '', expected_on: '2027-01-06' });
    expect(pickProduct(emptyLine(), null, supplies, 'CNY', '2026-11-23').product).toBeNull();
  });

  it("falls back to the product's cost when the supplier has no price in the PO's currency", () => {
    const bolt = { id: 'p9', sku: 'B', name: 'Bolt', unit: '件', cost: '0.80', currency: 'CNY' };
    expect(pickProduct(emptyLine(), bolt, [], 'CNY', '2026-11-23').unit_price).toBe('0.80');
    expect(pickProduct(emptyLine(), { ...bolt, id: 'p1' }, supplies, 'CNY', '2026-11-23').unit_price).toBe('12.50');
    expect(pickProduct(emptyLine(), bolt, [], 'USD', '2026-11-23').unit_price).toBe('');
    expect(pickProduct(emptyLine(), { ...bolt, cost: '0.00' }, [], 'CNY', '2026-11-23').unit_price).toBe('');
  });

  it('sends the lines that have something in them, remembering their rows', () => {
    const d = emptyPoDraft();
    d.currency = ' usd ';
    d.notes = ' rush ';
    d.lines = [
      emptyLine(),
      { ...emptyLine(), product: widget, quantity: ' 10 ', unit_price: '12.5', expected_on: '2026-12-01' },
      emptyLine(),
      { ...emptyLine(), product: widget, quantity: '2', unit_price: '', expected_on: '' },
    ];
    const { input, rows } = poInputFromDraft('s1', d);
    expect(rows).toEqual([1, 3]);
    expect(input).toEqual({
      supplier_id: 's1',
      currency: 'USD',
      notes: 'rush',
      lines: [
        { product_id: 'p1', quantity: '10', unit_price: '12.5', expected_on: '2026-12-01' },
        { product_id: 'p1', quantity: '2', unit_price: '', expected_on: '' },
      ],
    });
  });

  it('finds lines typed in without a product', () => {
    const lines = [emptyLine(), { ...emptyLine(), quantity: '3' }, { ...emptyLine(), product: widget }];
    expect(linesWithoutProduct(lines)).toEqual([1]);
  });

  it('computes line amounts and the total exactly', () => {
    expect(lineAmount('10', '12.35')).toBe('123.5');
    expect(lineAmount('0.333', '3')).toBe('0.999');
    expect(lineAmount('', '3')).toBeNull();
    expect(lineAmount('2', 'abc')).toBeNull();
    const lines = [
      { ...emptyLine(), quantity: '3', unit_price: '0.1' },
      { ...emptyLine(), quantity: '3', unit_price: '0.2' },
      { ...emptyLine(), quantity: 'x', unit_price: '5' },
    ];
    expect(draftTotal(lines)).toBe('0.9');
  });
});
