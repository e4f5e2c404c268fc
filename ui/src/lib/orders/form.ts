// The sales-order entry form's model and its conversion to and from the IPC types.
import type { Order, OrderInput } from '../bindings';
import { baseCurrency } from '../currency';

/** When neither the order nor its customer names a currency. */

/** A customer as the picker shows it. */
export type PickedCustomer = { id: string; code: string; name: string };

/** A product as the line picker shows it: with its list price (in its own currency). */
export type PickedProduct = { id: string; sku: string; name: string; unit: string; price: string; currency: string };

/** A line as edited. `key` only identifies the row on screen; `id` is the saved line's (edit). */
export type OrderLineDraft = {
  key: string;
  id: string | null;
  product: PickedProduct | null;
  quantity: string;
  unit_price: string;
  discount_pct: string;
  tax_rate_pct: string;
};

export type OrderDraft = {
  customer: PickedCustomer | null;
  /** Blank: the customer's currency. */
  currency: string;
  channel: string;
  payment_method: string;
  /** Blank: today. */
  ordered_on: string;
  promised_on: string;
  notes: string;
  lines: OrderLineDraft[];
};

/** The fields of a line, in entry order (also the keys of their errors: "lines.0.quantity"). */
export const LINE_FIELDS = ['product_id', 'quantity', 'unit_price', 'discount_pct', 'tax_rate_pct'] as const;
export type LineField = (typeof LINE_FIELDS)[number];

/** The order's own fields an error can point at. */
export const ORDER_FIELDS = ['customer_id', 'ordered_on', 'promised_on', 'currency', 'channel', 'payment_method', 'notes', 'lines'] as const;
export type OrderField = (typeof ORDER_FIELDS)[number];

let lineSeq = 0;

export function emptyLine(): OrderLineDraft {
  lineSeq += 1;
  return { key: `line-${lineSeq}`, id: null, product: null, quantity: '', unit_price: '', discount_pct: '', tax_rate_pct: '' };
}

export function emptyOrderDraft(): OrderDraft {
  return { customer: null, currency: '', channel: '', payment_method: '', ordered_on: '', promised_on: '', notes: '', lines: [emptyLine()] };
}

/** A saved (draft) order as the form edits it. */
export function draftFromOrder(o: Order): OrderDraft {
  return {
    customer: { id: o.customer_id, code: '', name: o.customer_name },
    currency: o.currency,
    channel: o.channel,
    payment_method: o.payment_method,
    ordered_on: o.ordered_on,
    promised_on: o.promised_on ?? '',
    notes: o.notes,
    lines: o.lines.map((l) => {
      lineSeq += 1;
      return {
        key: `line-${lineSeq}`,
        id: l.id,
        product: { id: l.product_id, sku: l.sku, name: l.name, unit: l.unit, price: l.unit_price, currency: o.currency },
        quantity: l.quantity,
        unit_price: l.unit_price,
        discount_pct: l.discount_pct === '0' ? '' : l.discount_pct,
        tax_rate_pct: l.tax_rate_pct === '0' ? '' : l.tax_rate_pct,
      };
    }),
  };
}

/** The currency the order will be in: as typed, else the customer's, else the base currency. */
export function effectiveCurrency(typed: string, customerCurrency: string | null): string {
  const own = typed.trim().toUpperCase();
  if (own !== '') return own;
  const theirs = (customerCurrency ?? '').trim().toUpperCase();
  return theirs !== '' ? theirs : baseCurrency();
}

const sameCurrency = (a: string, b: string): boolean => a.trim().toUpperCase() === b.trim().toUpperCase();

/**
 * A product was picked for a line. Its list price fills the unit price when it is in the order's
 * currency and the user has not typed a price of their own (blank, or still the previous
 * product's price); a blank tax rate gets `taxRate`, the rate a new line starts with
 * (Settings → Tax rates, see `taxrates.ts`'s `newLineRate`).
 */
export function pickProduct(line: OrderLineDraft, product: PickedProduct | null, currency: string, taxRate: string): OrderLineDraft {
  const next: OrderLineDraft = { ...line, product };
  if (!product) return next;
  const previous = line.product;
  const untouched =
    line.unit_price.trim() === '' ||
    (previous !== null && sameCurrency(previous.currency, currency) && line.unit_price.trim() === previous.price);
  if (untouched) next.unit_price = sameCurrency(product.currency, currency) ? product.price : '';
  if (next.tax_rate_pct.trim() === '') next.tax_rate_pct = taxRate;
  return next;
}

/** A line with nothing typed and no product: left out when saving. */
export function isBlankLine(l: OrderLineDraft): boolean {
  return (
    l.product === null &&
    l.quantity.trim() === '' &&
    l.unit_price.trim() === '' &&
    l.discount_pct.trim() === '' &&
    l.tax_rate_pct.trim() === ''
  );
}

/** Rows with something typed but no product: the backend cannot be asked about them. */
export function linesWithoutProduct(lines: readonly OrderLineDraft[]): number[] {
  return lines.flatMap((l, i) => (l.product === null && !isBlankLine(l) ? [i] : []));
}

/**
 * The OrderInput for the draft, and for each line sent the index of its row on screen (errors
 * come back as "lines.<sent index>.<field>"). Blank lines are left out; text is trimmed.
 */
export function orderInputFromDraft(d: OrderDraft): { input: OrderInput; rows: number[] } {
  const rows: number[] = [];
  const lines = d.lines.flatMap((l, i) => {
    if (isBlankLine(l)) return [];
    rows.push(i);
    return [
      {
        id: l.id,
        product_id: l.product?.id ?? '',
        quantity: l.quantity.trim(),
        unit_price: l.unit_price.trim(),
        discount_pct: l.discount_pct.trim(),
        tax_rate_pct: l.tax_rate_pct.trim(),
      },
    ];
  });
  return {
    input: {
      customer_id: d.customer?.id ?? '',
      currency: d.currency.trim().toUpperCase(),
      channel: d.channel,
      payment_method: d.payment_method,
      ordered_on: d.ordered_on.trim(),
      promised_on: d.promised_on.trim(),
      notes: d.notes.trim(),
      lines,
    },
    rows,
  };
}
