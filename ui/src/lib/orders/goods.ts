// The ship and return dialogs' models: per-line quantities as typed, and their conversion to
// ShipmentInput / ReturnInput.
import type { Order, QtyLineInput, ReturnInput, ShipmentInput } from '../bindings';
import { parseDec } from './money';
import { returnableOf } from './status';

/** Why goods came back (chainbook-core ReturnReason), in menu order. */
export const RETURN_REASONS = ['wrong_item', 'damaged', 'quality', 'other'] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

export type ShipDraft = { shipped_on: string; carrier: string; tracking: string; quantities: string[] };
export type ReturnDraft = { returned_on: string; reason: ReturnReason; note: string; quantities: string[] };

const isZero = (text: string): boolean => {
  const d = parseDec(text);
  return d !== null && d.units === 0n;
};

/** Each line prefilled with what is left to ship (blank when nothing is). */
export function shipDraft(order: Pick<Order, 'lines'>, today: string): ShipDraft {
  return {
    shipped_on: today,
    carrier: '',
    tracking: '',
    quantities: order.lines.map((l) => (parseDec(l.unshipped)?.units ?? 0n) > 0n ? l.unshipped : ''),
  };
}

/** Nothing prefilled: the user says what came back. */
export function returnDraft(order: Pick<Order, 'lines'>, today: string): ReturnDraft {
  return { returned_on: today, reason: 'damaged', note: '', quantities: order.lines.map(() => '') };
}

/** What each line can still take back (shipped − returned), or null. */
export function returnable(order: Pick<Order, 'lines'>): Array<string | null> {
  return order.lines.map(returnableOf);
}

/**
 * The lines with a quantity typed (blank and zero are left out), and for each the index of its
 * row on screen (errors come back as "lines.<sent index>.quantity").
 */
export function qtyLines(order: Pick<Order, 'lines'>, quantities: readonly string[]): { lines: QtyLineInput[]; rows: number[] } {
  const rows: number[] = [];
  const lines: QtyLineInput[] = [];
  order.lines.forEach((l, i) => {
    const q = (quantities[i] ?? '').trim();
    if (q === '' || isZero(q)) return;
    rows.push(i);
    lines.push({ line_id: l.id, quantity: q });
  });
  return { lines, rows };
}

export function shipmentInput(order: Pick<Order, 'lines'>, d: ShipDraft): { input: ShipmentInput; rows: number[] } {
  const { lines, rows } = qtyLines(order, d.quantities);
  return { input: { shipped_on: d.shipped_on.trim(), carrier: d.carrier.trim(), tracking: d.tracking.trim(), lines }, rows };
}

export function returnInput(order: Pick<Order, 'lines'>, d: ReturnDraft): { input: ReturnInput; rows: number[] } {
  const { lines, rows } = qtyLines(order, d.quantities);
  return { input: { returned_on: d.returned_on.trim(), reason: d.reason, note: d.note.trim(), lines }, rows };
}
