import { describe, expect, it } from 'vitest';
import type { PaletteResults } from '../bindings';
import { LOCALES, translate, type MessageKey } from '../i18n/core';
import { fold, matchActions, paletteGroups, PALETTE_ACTIONS } from './results';

const labels = (key: MessageKey) => LOCALES.map((l) => translate(l, key));

const empty: PaletteResults = { customers: [], orders: [], products: [], suppliers: [], purchase_orders: [], complaints: [] };
const hit = (id: string, code: string, name: string, detail = '') => ({ id, code, name, detail });

describe('palette actions', () => {
  it('all of them with no query', () => {
    expect(matchActions('  ', labels)).toEqual([...PALETTE_ACTIONS]);
  });

  it('match the label in any language, whichever the UI shows', () => {
    expect(matchActions('新建订单', labels)).toEqual(['new_order']);
    expect(matchActions('订单', labels)).toEqual(['new_order', 'go_orders', 'go_purchasing']);
    expect(matchActions('new order', labels)).toEqual(['new_order']);
    expect(matchActions('盘点', labels)).toEqual(['stock_count']);
    expect(matchActions('Stock count', labels)).toEqual(['stock_count']);
    expect(matchActions('settings', labels)).toEqual(['go_settings']);
    expect(matchActions('ＮＥＷ ＯＲＤＥＲ', labels)).toEqual(['new_order']);
    expect(matchActions('BOLT-M8', labels)).toEqual([]);
  });

  it('fold full-width and case', () => {
    expect(fold(' ＳＯ-２６ ')).toBe('so-26');
  });
});

describe('palette groups', () => {
  const title = (a: string) => `T:${a}`;
  const keys = () => '';

  it('number items across groups in display order: actions, customers, orders, products…', () => {
    const { groups, items } = paletteGroups(
      ['new_order'],
      {
        ...empty,
        customers: [{ id: 'c1', code: 'KH-1', name: '华为', city: '深圳', phone: '' }],
        orders: [hit('o1', 'SO-2612-A1-00001', '华为', '2026-12-01')],
        products: [hit('p1', 'BOLT-M8', '六角螺栓', '紧固件')],
        complaints: [hit('k1', 'CP-1', '华为', '2026-12-02')],
      },
      title,
      keys,
    );
    expect(groups.map((g) => g.kind)).toEqual(['action', 'customer', 'order', 'product', 'complaint']);
    expect(items.map((i) => (i.kind === 'action' ? i.action : i.id))).toEqual(['new_order', 'c1', 'o1', 'p1', 'k1']);
    expect(groups.flatMap((g) => g.items.map((i) => i.index))).toEqual([0, 1, 2, 3, 4]);
    // Documents read by number with their customer and date; products by name with the SKU.
    expect(items[2]).toMatchObject({ title: 'SO-2612-A1-00001', meta: '华为 · 2026-12-01' });
    expect(items[3]).toMatchObject({ title: '六角螺栓', code: 'BOLT-M8', meta: '紧固件' });
    expect(items[1]).toMatchObject({ title: '华为', code: 'KH-1', meta: '深圳' });
  });

  it('leave out empty groups and records while there is no answer', () => {
    expect(paletteGroups([], empty, title, keys).groups).toEqual([]);
    expect(paletteGroups(['go_home'], null, title, keys).items).toHaveLength(1);
  });
});
