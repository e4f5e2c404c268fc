// The replenishment page's logic: which lines are selected with what quantity, what goes to
// the backend, and the numbers each line's reasoning shows. Quantities stay decimal strings
// (checked with the stock quantities' own parser); statistics are numbers from the backend.
import type { DraftLineInput, ProductPlan, SupplierSuggestions } from '../bindings';
import type { Locale } from '../i18n/core';
import { formatQty, parseMilli } from '../products/qty';
import { numberFormat } from '../intl';

/** Per product id: selected or not, and the quantity to order as typed. */
export type Selection = Record<string, { selected: boolean; quantity: string }>;

/** Nothing selected; each quantity is the suggestion. */
export function initialSelection(groups: SupplierSuggestions[]): Selection {
  const out: Selection = {};
  for (const g of groups) for (const l of g.lines) out[l.product_id] = { selected: false, quantity: l.quantity };
  return out;
}

/** A line can become a draft only with a preferred supplier to order from. */
export function selectable(line: Pick<ProductPlan, 'supplier_id'>): boolean {
  return line.supplier_id !== null;
}

/** A quantity to order: a positive decimal with at most three places. */
export function quantityValid(text: string): boolean {
  const m = parseMilli(text);
  return m !== null && m > 0n;
}

/** The selected lines in page order, as the backend takes them (quantities trimmed). */
export function selectedLines(groups: SupplierSuggestions[], sel: Selection): DraftLineInput[] {
  const out: DraftLineInput[] = [];
  for (const g of groups)
    for (const l of g.lines) {
      const s = sel[l.product_id];
      if (s?.selected && selectable(l)) out.push({ product_id: l.product_id, quantity: s.quantity.trim() });
    }
  return out;
}

/** Whether every selected quantity is valid (and something is selected). */
export function canCreate(groups: SupplierSuggestions[], sel: Selection): boolean {
  const lines = selectedLines(groups, sel);
  return lines.length > 0 && lines.every((l) => quantityValid(l.quantity));
}

/** Selects or clears every selectable line of a group. */
export function selectGroup(group: SupplierSuggestions, sel: Selection, on: boolean): void {
  for (const l of group.lines) {
    const s = sel[l.product_id];
    if (s && selectable(l)) s.selected = on;
  }
}

/** The group's selection state for its "all" box. */
export function groupState(group: SupplierSuggestions, sel: Selection): 'all' | 'some' | 'none' {
  const lines = group.lines.filter(selectable);
  const n = lines.filter((l) => sel[l.product_id]?.selected).length;
  return n === 0 ? 'none' : n === lines.length ? 'all' : 'some';
}

const num = (n: number, places: number, locale: Locale): string =>
  numberFormat(locale, { minimumFractionDigits: places, maximumFractionDigits: places }).format(n);

/** The figures a line's reasoning names, formatted for `locale`. */
export function reasoningParams(l: ProductPlan, locale: Locale): Record<string, string> {
  const q = (s: string): string => formatQty(s, locale);
  return {
    level: num(l.service_level_pct, 1, locale),
    z: num(l.z, 3, locale),
    sd: num(l.sd_daily, 2, locale),
    mean: num(l.mean_daily, 2, locale),
    history: String(l.history_days),
    lead: String(l.lead_time_days),
    review: String(l.review_days),
    horizon: String(l.horizon_days),
    ss: q(l.safety_stock),
    computed_ss: q(l.computed_safety_stock),
    rop: q(l.reorder_point),
    computed_rop: q(l.computed_reorder_point),
    demand: q(l.horizon_demand),
    on_hand: q(l.on_hand),
    on_order: q(l.on_order),
    backorders: q(l.backorders),
    position: q(l.position),
    need: q(l.need),
    pack: q(l.pack_size),
    moq: q(l.min_order_qty),
    qty: q(l.quantity),
    unit: l.unit,
  };
}

/** "AX", "CZ": the class pair as shown. */
export function classLabel(l: Pick<ProductPlan, 'abc' | 'xyz'>): string {
  return `${l.abc}${l.xyz}`.toUpperCase();
}
