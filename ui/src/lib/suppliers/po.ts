// Purchase orders (采购订单): which actions a status offers, the entry form's model and its
// conversion to PoInput, and line amounts computed exactly (decimal strings, never floats).
import type { PoInput, PoLine, PoStatus, PurchaseOrder, SuppliedProduct } from '../bindings';
import { addDays } from '../datetime';
import { addDec, formatDec, mulDec, parseDec, ZERO, type Dec } from './decimal';
import { baseCurrency } from '../currency';

export const PO_STATUSES: readonly PoStatus[] = ['draft', 'sent', 'partially_received', 'received', 'closed', 'cancelled'];
/** Expected date of a line when the supplier's lead time for the product is unknown. */
export const DEFAULT_LEAD_DAYS = 7;

export type PoAction = 'send' | 'receive' | 'cancel' | 'close';

/**
 * What the user can do with a PO, in button order. Mirrors the state machine in
 * chainbook-core (purchase.rs): draft → send/cancel; sent → receive, cancel while nothing
 * arrived; partially received → receive more or short-close; received → close.
 */
export function poActions(status: PoStatus, receivedAny: boolean): PoAction[] {
  switch (status) {
    case 'draft':
      return ['send', 'cancel'];
    case 'sent':
      return receivedAny ? ['receive'] : ['receive', 'cancel'];
    case 'partially_received':
      return ['receive', 'close'];
    case 'received':
      return ['close'];
    case 'closed':
    case 'cancelled':
      return [];
  }
}

/** Whether anything (accepted or rejected) has arrived on any line. */
export function receivedAny(lines: readonly Pick<PoLine, 'accepted' | 'rejected'>[]): boolean {
  const some = (v: string): boolean => (parseDec(v)?.units ?? 0n) !== 0n;
  return lines.some((l) => some(l.accepted) || some(l.rejected));
}

export function poActionsFor(po: Pick<PurchaseOrder, 'status' | 'lines'>): PoAction[] {
  return poActions(po.status, receivedAny(po.lines));
}

/** The badge colour of a status. */
export function poStatusTone(status: PoStatus): 'neutral' | 'accent' | 'warning' | 'success' | 'danger' {
  switch (status) {
    case 'draft':
      return 'neutral';
    case 'sent':
      return 'accent';
    case 'partially_received':
      return 'warning';
    case 'received':
    case 'closed':
      return 'success';
    case 'cancelled':
      return 'danger';
  }
}

/** A supplier as the PO form's picker shows it. */
export type SupplierChoice = { id: string; code: string; name: string; status: 'approved' | 'probation' | 'blocked' };

/** The product of a line as the picker shows it. */
/** A product picked for a line; its cost (in its currency) is the price of last resort. */
export type PickedProduct = { id: string; sku: string; name: string; unit: string; cost?: string; currency?: string };

export type PoLineDraft = {
  key: string;
  product: PickedProduct | null;
  quantity: string;
  unit_price: string;
  expected_on: string;
};

export type PoDraft = {
  currency: string;
  lines: PoLineDraft[];
  notes: string;
};

let lineSeq = 0;

export function emptyLine(): PoLineDraft {
  lineSeq += 1;
  return { key: `line-${lineSeq}`, product: null, quantity: '', unit_price: '', expected_on: '' };
}

export function emptyPoDraft(): PoDraft {
  return { currency: baseCurrency(), lines: [emptyLine()], notes: '' };
}

/**
 * A product was picked for a line: the supplier's price for it (when in the PO's currency), else
 * the product's own cost (when in that currency and not zero), and an expected date from the
 * supplier's lead time fill the fields the user has not typed in yet.
 */
export function pickProduct(
  line: PoLineDraft,
  product: PickedProduct | null,
  supplies: readonly SuppliedProduct[],
  currency: string,
  today: string,
): PoLineDraft {
  const next = { ...line, product };
  if (!product) return next;
  const offer = supplies.find((s) => s.product_id === product.id);
  const inCurrency = (c: string | undefined): boolean => c !== undefined && c.toUpperCase() === currency.trim().toUpperCase();
  if (next.unit_price.trim() === '') {
    if (offer && inCurrency(offer.currency)) next.unit_price = offer.price;
    else if (product.cost !== undefined && inCurrency(product.currency) && !/^0*(\.0*)?$/.test(product.cost.trim())) {
      next.unit_price = product.cost;
    }
  }
  if (next.expected_on.trim() === '') {
    next.expected_on = addDays(today, offer && offer.lead_time_days > 0 ? offer.lead_time_days : DEFAULT_LEAD_DAYS);
  }
  return next;
}

/** Lines the user left completely empty are dropped; any line with something typed is sent (the backend checks it). */
export function isBlankLine(l: PoLineDraft): boolean {
  return l.product === null && l.quantity.trim() === '' && l.unit_price.trim() === '';
}

/** Rows with something typed but no product picked: the backend cannot be asked about them. */
export function linesWithoutProduct(lines: readonly PoLineDraft[]): number[] {
  return lines.flatMap((l, i) => (l.product === null && !isBlankLine(l) ? [i] : []));
}

/**
 * The PoInput for the draft, and for each sent line the index of its row on screen (errors come
 * back as "lines.<sent index>.<field>").
 */
export function poInputFromDraft(supplierId: string, d: PoDraft): { input: PoInput; rows: number[] } {
  const rows: number[] = [];
  const lines = d.lines.flatMap((l, i) => {
    if (isBlankLine(l)) return [];
    rows.push(i);
    return [
      {
        product_id: l.product?.id ?? '',
        quantity: l.quantity.trim(),
        unit_price: l.unit_price.trim(),
        expected_on: l.expected_on.trim(),
      },
    ];
  });
  return {
    input: { supplier_id: supplierId, currency: d.currency.trim().toUpperCase(), lines, notes: d.notes.trim() },
    rows,
  };
}

/** Quantity × unit price, exact; null while either is not a number. */
export function lineAmount(quantity: string, unitPrice: string): string | null {
  const q = parseDec(quantity);
  const p = parseDec(unitPrice);
  return q && p ? formatDec(mulDec(q, p)) : null;
}

/** The sum of the line amounts that can be computed, exact (the backend's total is the one saved). */
export function draftTotal(lines: readonly PoLineDraft[]): string {
  let total: Dec = ZERO;
  for (const l of lines) {
    const q = parseDec(l.quantity);
    const p = parseDec(l.unit_price);
    if (q && p) total = addDec(total, mulDec(q, p));
  }
  return formatDec(total);
}
