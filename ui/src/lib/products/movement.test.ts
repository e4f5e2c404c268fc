import { afterEach, describe, expect, it } from 'vitest';
import { emptyMovement, movementWhen, isMovementField, movementEffect, movementInput, onHandAfter } from './movement';
import { restoreTimeZone, useTimeZone } from '../tz.testing';

afterEach(() => restoreTimeZone());

describe('movement form', () => {
  it('sends trimmed text and an empty time for "now"', () => {
    const r = movementInput('p1', { ...emptyMovement('shipment'), quantity: ' 5 ', reason: ' 订单 ', reference: 'SO-1' });
    expect(r).toEqual({
      ok: true,
      input: { product_id: 'p1', kind: 'shipment', quantity: '5', reason: '订单', reference: 'SO-1', occurred_at: '' },
    });
  });

  it('sends a chosen time with the local offset', () => {
    useTimeZone('Asia/Shanghai');
    const r = movementInput('p1', { ...emptyMovement(), quantity: '1', occurred_at: '2026-11-20T09:30' });
    expect(r.ok && r.input.occurred_at).toBe('2026-11-20T09:30:00+08:00');
  });

  it('names the time field when the time cannot be read', () => {
    expect(movementInput('p1', { ...emptyMovement(), occurred_at: '2026-02-30T09:30' })).toEqual({ ok: false, field: 'occurred_at' });
  });

  it('says how each kind acts on stock', () => {
    expect(movementEffect('receipt')).toBe('adds');
    expect(movementEffect('return')).toBe('adds');
    expect(movementEffect('shipment')).toBe('removes');
    expect(movementEffect('adjustment')).toBe('signed');
    expect(movementEffect('count_correction')).toBe('signed');
  });

  it('knows its fields', () => {
    expect(isMovementField('quantity')).toBe(true);
    expect(isMovementField('product_id')).toBe(false);
  });
});

describe('onHandAfter', () => {
  it('previews on hand after the movement', () => {
    expect(onHandAfter('38', 'receipt', '2')).toBe('40');
    expect(onHandAfter('38', 'shipment', '40')).toBe('-2');
    expect(onHandAfter('38', 'return', '0.5')).toBe('38.5');
    expect(onHandAfter('38', 'adjustment', '-3')).toBe('35');
  });

  it('is null for quantities that cannot be recorded', () => {
    expect(onHandAfter('38', 'receipt', '')).toBeNull();
    expect(onHandAfter('38', 'receipt', '-2')).toBeNull();
    expect(onHandAfter('38', 'adjustment', '0')).toBeNull();
    expect(onHandAfter('38', 'shipment', 'x')).toBeNull();
  });
});

describe('movementWhen', () => {
  it('shows the moment on its business date, else the date with the moment as a hint', () => {
    useTimeZone('Asia/Shanghai');
    const today = movementWhen({ occurred_on: '2026-12-06', occurred_at: '2026-12-06T05:42:00.000Z' }, 'en');
    expect(today.title).toBeNull();
    expect(today.text).toContain('1:42');
    const later = movementWhen({ occurred_on: '2026-12-04', occurred_at: '2026-12-06T05:42:00.000Z' }, 'en');
    expect(later.text).not.toContain('1:42');
    expect(later.title).toContain('1:42');
  });
});
