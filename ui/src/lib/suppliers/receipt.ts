// Receiving goods against a PO (收货): one row per PO line, prefilled with what is still
// outstanding; lines where nothing arrived are left out of the receipt.
import type { PoLine, ReceiptInput } from '../bindings';
import { addDec, cmpDec, formatDec, parseDec, subDec, ZERO } from './decimal';

export type ReceiptLineDraft = {
  poLineId: string;
  productId: string;
  sku: string;
  name: string;
  ordered: string;
  outstanding: string;
  /** Accepted into stock. */
  received: string;
  /** Refused as defective. */
  rejected: string;
};

/**
 * What is still open on a line: ordered − accepted − rejected, never below zero (the backend
 * sends it as `outstanding`; this is the same rule, for lines being edited).
 */
export function outstandingOf(l: Pick<PoLine, 'ordered' | 'accepted' | 'rejected'>): string {
  const ordered = parseDec(l.ordered);
  const accepted = parseDec(l.accepted) ?? ZERO;
  const rejected = parseDec(l.rejected) ?? ZERO;
  if (!ordered) return '0';
  const left = subDec(subDec(ordered, accepted), rejected);
  return cmpDec(left, ZERO) < 0 ? '0' : formatDec(left);
}

/** The dialog's rows: accepted prefilled with the outstanding quantity, nothing rejected. */
export function receiptDraft(lines: readonly PoLine[]): ReceiptLineDraft[] {
  return lines.map((l) => {
    const outstanding = outstandingOf(l);
    return {
      poLineId: l.id,
      productId: l.product_id,
      sku: l.sku,
      name: l.name,
      ordered: l.ordered,
      outstanding,
      received: outstanding,
      rejected: '0',
    };
  });
}

function isZeroOrEmpty(v: string): boolean {
  if (v.trim() === '') return true;
  const d = parseDec(v);
  return d !== null && d.units === 0n;
}

/** True when the row's accepted + rejected is more than is outstanding (an over-delivery). */
export function isOverDelivered(l: Pick<ReceiptLineDraft, 'outstanding' | 'received' | 'rejected'>): boolean {
  const received = l.received.trim() === '' ? ZERO : parseDec(l.received);
  const rejected = l.rejected.trim() === '' ? ZERO : parseDec(l.rejected);
  const outstanding = parseDec(l.outstanding);
  if (!received || !rejected || !outstanding) return false;
  return cmpDec(addDec(received, rejected), outstanding) > 0;
}

/**
 * The ReceiptInput, and for each sent line the index of its row (errors come back as
 * "lines.<sent index>.received"). Rows where nothing arrived are left out; rows with anything
 * typed are sent as typed, for the backend to check.
 */
export function receiptInput(
  rows: readonly ReceiptLineDraft[],
  receivedOn: string,
  confirmOverDelivery: boolean,
): { input: ReceiptInput; rows: number[] } {
  const sent: number[] = [];
  const lines = rows.flatMap((r, i) => {
    if (isZeroOrEmpty(r.received) && isZeroOrEmpty(r.rejected)) return [];
    sent.push(i);
    return [
      {
        po_line_id: r.poLineId,
        received: r.received.trim() === '' ? '0' : r.received.trim(),
        rejected: r.rejected.trim() === '' ? '0' : r.rejected.trim(),
      },
    ];
  });
  return { input: { received_on: receivedOn.trim(), lines, confirm_over_delivery: confirmOverDelivery }, rows: sent };
}
