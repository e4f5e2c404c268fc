// The command palette's list: actions matching the query first, then the records the store
// found, grouped by kind in a fixed order, numbered for keyboard navigation.
import type { PaletteResults } from '../bindings';
import type { MessageKey } from '../i18n';
import { SECTIONS, type ActionId, actionLabel } from './shortcuts';

export type RecordKind = 'customer' | 'order' | 'product' | 'supplier' | 'purchase_order' | 'complaint';
export type GroupKind = 'action' | RecordKind;

export type PaletteItem =
  | { kind: 'action'; action: ActionId; title: string; code: string; meta: string }
  | { kind: RecordKind; id: string; title: string; code: string; meta: string };

export type PaletteGroup = { kind: GroupKind; label: MessageKey; items: { item: PaletteItem; index: number }[] };

/** Every action the palette offers, in the order it lists them with an empty query. */
export const PALETTE_ACTIONS: readonly ActionId[] = [
  'new_order',
  'new_customer',
  'new_complaint',
  'stock_count',
  ...SECTIONS.map((s): ActionId => `go_${s}`),
  'shortcuts',
  'tour',
];

/** Folds case and full-width forms, so `ＳＯ` and `so` compare equal. */
export function fold(s: string): string {
  return s.normalize('NFKC').toLowerCase().trim();
}

/** Actions whose label in any language (`labels` gives them all) contains the query, so
 * 「新建订单」 finds "New order" in the English UI too; all actions for no query. */
export function matchActions(q: string, labels: (key: MessageKey) => string[]): ActionId[] {
  const f = fold(q);
  if (f === '') return [...PALETTE_ACTIONS];
  return PALETTE_ACTIONS.filter((a) => labels(actionLabel(a)).some((s) => fold(s).includes(f)));
}

const GROUPS: { kind: RecordKind; field: keyof PaletteResults; label: MessageKey }[] = [
  { kind: 'customer', field: 'customers', label: 'palette.group.customer' },
  { kind: 'order', field: 'orders', label: 'palette.group.order' },
  { kind: 'product', field: 'products', label: 'palette.group.product' },
  { kind: 'supplier', field: 'suppliers', label: 'palette.group.supplier' },
  { kind: 'purchase_order', field: 'purchase_orders', label: 'palette.group.purchase_order' },
  { kind: 'complaint', field: 'complaints', label: 'palette.group.complaint' },
];

/** The groups to show, each item numbered in display order (the arrows move through them). */
export function paletteGroups(
  actions: ActionId[],
  results: PaletteResults | null,
  actionTitle: (a: ActionId) => string,
  actionKeys: (a: ActionId) => string,
): { groups: PaletteGroup[]; items: PaletteItem[] } {
  const items: PaletteItem[] = [];
  const groups: PaletteGroup[] = [];
  const add = (kind: GroupKind, label: MessageKey, list: PaletteItem[]): void => {
    if (list.length === 0) return;
    groups.push({ kind, label, items: list.map((item) => ({ item, index: items.push(item) - 1 })) });
  };
  add(
    'action',
    'palette.group.action',
    actions.map((action) => ({ kind: 'action', action, title: actionTitle(action), code: actionKeys(action), meta: '' })),
  );
  if (results) {
    for (const g of GROUPS) {
      const list: PaletteItem[] =
        g.kind === 'customer'
          ? results.customers.map((h) => ({
              kind: 'customer',
              id: h.id,
              title: h.name,
              code: h.code,
              meta: [h.city, h.phone].filter((s) => s !== '').join(' · '),
            }))
          : (results[g.field] as PaletteResults['orders']).map((h) => ({
              kind: g.kind,
              id: h.id,
              // Documents read by their number; products and suppliers by their name.
              title: g.kind === 'product' || g.kind === 'supplier' ? h.name : h.code,
              code: g.kind === 'product' || g.kind === 'supplier' ? h.code : '',
              meta: g.kind === 'product' || g.kind === 'supplier' ? h.detail : [h.name, h.detail].filter((s) => s !== '').join(' · '),
            }));
      add(g.kind, g.label, list);
    }
  }
  return { groups, items };
}
