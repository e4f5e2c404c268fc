// The "record movement" form: its model and the MovementInput it sends.
import type { Movement, MovementInput } from '../bindings';
import { localDate, localInputToRfc3339 } from '../datetime';
import { formatDate, formatDateTime } from '../format';
import type { Locale } from '../i18n/core';
import { milliToString, parseMilli } from './qty';

/** Kinds a user records by hand (count corrections come only from posting a count). */
export const MOVEMENT_KINDS = ['receipt', 'shipment', 'return', 'adjustment'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];
/** Every kind a movement in the history can have. */
export const HISTORY_KINDS = [...MOVEMENT_KINDS, 'count_correction'] as const;

export const MOVEMENT_FIELDS = ['kind', 'quantity', 'reason', 'reference', 'occurred_at'] as const;
export type MovementField = (typeof MOVEMENT_FIELDS)[number];

export function isMovementField(field: string | null): field is MovementField {
  return field !== null && (MOVEMENT_FIELDS as readonly string[]).includes(field);
}

export type MovementDraft = {
  kind: MovementKind;
  quantity: string;
  reason: string;
  reference: string;
  /** A datetime-local value ("YYYY-MM-DDTHH:mm"), or empty for "now". */
  occurred_at: string;
};

export function emptyMovement(kind: MovementKind = 'receipt'): MovementDraft {
  return { kind, quantity: '', reason: '', reference: '', occurred_at: '' };
}

/** How the entered quantity acts on stock: adds, removes, or carries its own sign. */
export function movementEffect(kind: string): 'adds' | 'removes' | 'signed' {
  if (kind === 'shipment') return 'removes';
  if (kind === 'adjustment' || kind === 'count_correction') return 'signed';
  return 'adds';
}

/**
 * The input for stock_move, or the field that cannot be sent (only an unreadable time is caught
 * here; the backend checks everything else and names the field).
 */
export function movementInput(
  productId: string,
  d: MovementDraft,
): { ok: true; input: MovementInput } | { ok: false; field: MovementField } {
  let occurred = '';
  if (d.occurred_at.trim() !== '') {
    const rfc = localInputToRfc3339(d.occurred_at);
    if (rfc === null) return { ok: false, field: 'occurred_at' };
    occurred = rfc;
  }
  return {
    ok: true,
    input: {
      product_id: productId,
      kind: d.kind,
      quantity: d.quantity.trim(),
      reason: d.reason.trim(),
      reference: d.reference.trim(),
      occurred_at: occurred,
    },
  };
}

/**
 * On hand after recording the movement, for the preview in the dialog; null while the quantity
 * cannot be recorded (unreadable, zero, or negative for a kind that is entered positive).
 */
export function onHandAfter(onHand: string, kind: string, quantity: string): string | null {
  const q = parseMilli(quantity);
  const now = parseMilli(onHand);
  if (q === null || now === null || q === 0n) return null;
  const effect = movementEffect(kind);
  if (effect !== 'signed' && q < 0n) return null;
  return milliToString(effect === 'removes' ? now - q : now + q);
}

/**
 * When a history row happened, as shown: the moment when it falls on the movement's business
 * date (the usual case: entered as it happened), else the business date alone (entered later
 * for an earlier day), with the moment it was recorded as the hint.
 */
export function movementWhen(
  m: Pick<Movement, 'occurred_on' | 'occurred_at'>,
  locale: Locale,
): { text: string; title: string | null } {
  const moment = formatDateTime(m.occurred_at, locale);
  if (localDate(new Date(m.occurred_at)) === m.occurred_on) return { text: moment, title: null };
  return { text: formatDate(m.occurred_on, locale), title: moment };
}
