// Sales-order money previewed while the user types, with exact decimal arithmetic (BigInt, never
// floats). It mirrors the backend's one rule (chainbook-core order.rs and money.rs):
//
//   net   = round(quantity × unit price × (1 − discount % / 100))
//   tax   = round(net × tax rate % / 100)
//   gross = net + tax
//
// where round() goes to the currency's minor unit (ISO 4217: CNY/USD 2, JPY 0, KWD 3), half away
// from zero (四舍五入), and the order's totals are the sums of the rounded lines. The figures the
// backend returns after saving are authoritative; this is only the preview next to the fields.

import { addDec, compareDec, formatFixed, mulDec, roundDec, subDec, ZERO, type Dec } from '../decimal';
import { plainNumber } from '../number';

export { addDec, compareDec, mulDec, roundDec, ZERO, type Dec };
/** The decimal as text with exactly its scale's places ("30.00", "-0.05", "12"). */
export const formatDec = formatFixed;

// ISO 4217 minor units that are not 2 (as in the `iso_currency` crate the backend uses; codes it
// does not know, and those without a minor unit such as XAU, count as 2 there too).
const MINOR_UNITS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** Decimal places of a currency's minor unit (2 unless ISO 4217 says otherwise). */
export function minorUnit(currency: string): number {
  return MINOR_UNITS[currency.trim().toUpperCase()] ?? 2;
}

const PLAIN = /^\+?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal as people type it ("12", "2.345", "+1.5", "１２", "¥1,200"; see `plainNumber`); anything else (exponents, separators,
 * "1.", ".5", signs other than a leading +) is null. Negative numbers are null: nothing on an
 * order line may be negative.
 */
export function parseDec(text: string): Dec | null {
  const m = PLAIN.exec(plainNumber(text));
  if (!m) return null;
  const int = m[1] ?? '0';
  const frac = m[2] ?? '';
  return { units: BigInt(int + frac), scale: frac.length };
}

/** `x × pct / 100`, exact. */
function percentOf(x: Dec, pct: Dec): Dec {
  return { units: x.units * pct.units, scale: x.scale + pct.scale + 2 };
}

// The limits the backend checks (money.rs, product.rs, order.rs): a preview is only shown for
// what it would accept.
const QTY_PLACES = 3;
const QTY_INT_DIGITS = 12;
const PERCENT_PLACES = 4;
const HUNDRED: Dec = { units: 100n, scale: 0 };
/** The largest amount in one money field: one trillion minus a cent. */
const AMOUNT_MAX: Dec = { units: 99999999999999n, scale: 2 };

/** A line's money fields as typed. Empty discount, tax rate or unit price mean 0. */
export type LineMoneyText = { quantity: string; unit_price: string; discount_pct: string; tax_rate_pct: string };

/** A line's money inputs once they parse and are in range. */
export type LineMoney = { quantity: Dec; unitPrice: Dec; discountPct: Dec; taxRatePct: Dec };

const orZero = (text: string): string => (text.trim() === '' ? '0' : text);

function percent(text: string): Dec | null {
  const d = parseDec(orZero(text));
  if (!d || d.scale > PERCENT_PLACES || compareDec(d, HUNDRED) > 0) return null;
  return d;
}

/** The money field of a line the backend would refuse. */
export type LineMoneyField = keyof LineMoneyText;

/** The line's inputs if the backend would accept them for `currency`, else the first field it would refuse. */
export function checkLineMoney(line: LineMoneyText, currency: string): LineMoney | { refused: LineMoneyField } {
  // Quantities take no sign at all, and at most 12 digits before the point (as typed).
  const qtyText = plainNumber(line.quantity);
  const quantity = /^\d+(\.\d+)?$/.test(qtyText) && qtyText.split('.')[0]!.length <= QTY_INT_DIGITS ? parseDec(qtyText) : null;
  if (!quantity || quantity.scale > QTY_PLACES || quantity.units === 0n) return { refused: 'quantity' };
  const unitPrice = parseDec(orZero(line.unit_price));
  if (!unitPrice || unitPrice.scale > minorUnit(currency) || compareDec(unitPrice, AMOUNT_MAX) > 0) return { refused: 'unit_price' };
  const discountPct = percent(line.discount_pct);
  if (!discountPct) return { refused: 'discount_pct' };
  const taxRatePct = percent(line.tax_rate_pct);
  if (!taxRatePct) return { refused: 'tax_rate_pct' };
  return { quantity, unitPrice, discountPct, taxRatePct };
}

/** The line's inputs if the backend would accept them for `currency`, else null. */
export function parseLineMoney(line: LineMoneyText, currency: string): LineMoney | null {
  const m = checkLineMoney(line, currency);
  return 'refused' in m ? null : m;
}

/** A line's rounded figures, as decimal strings with the currency's places. */
export type LineAmounts = { net: string; tax: string; gross: string };

/** The line's amounts (the backend's rule, see the top of this file). */
export function lineAmounts(m: LineMoney, currency: string): LineAmounts {
  const places = minorUnit(currency);
  // quantity × price × (100 − discount) / 100, exactly
  const keep = subDec(HUNDRED, m.discountPct);
  const net = roundDec(percentOf(mulDec(m.quantity, m.unitPrice), keep), places);
  const tax = roundDec(percentOf(net, m.taxRatePct), places);
  const gross = addDec(net, tax);
  return { net: formatDec(net), tax: formatDec(tax), gross: formatDec(gross) };
}

/** The line's preview, or null while a field would not be accepted. */
export function linePreview(line: LineMoneyText, currency: string): LineAmounts | null {
  const m = parseLineMoney(line, currency);
  return m ? lineAmounts(m, currency) : null;
}

export type OrderTotalsPreview = LineAmounts & {
  /** Every line could be computed (else the totals leave some out). */
  complete: boolean;
};

/** Sums of the rounded lines; lines that cannot be computed (null) are left out and flagged. */
export function orderTotals(lines: ReadonlyArray<LineAmounts | null>, currency: string): OrderTotalsPreview {
  const places = minorUnit(currency);
  let net = roundDec(ZERO, places);
  let tax = net;
  let gross = net;
  let complete = true;
  for (const l of lines) {
    if (l === null) {
      complete = false;
      continue;
    }
    net = addDec(net, parseDec(l.net) ?? ZERO);
    tax = addDec(tax, parseDec(l.tax) ?? ZERO);
    gross = addDec(gross, parseDec(l.gross) ?? ZERO);
  }
  return { net: formatDec(net), tax: formatDec(tax), gross: formatDec(gross), complete };
}

/** Whether a decimal string (a quantity from the backend) is more than zero. */
export function isPositive(text: string): boolean {
  const d = parseDec(text);
  return d !== null && d.units > 0n;
}
