// Error messages for the order views. Chosen by code (never by the backend's text): a scope's
// own text for the code and field first (`order.ship.error.out_of_range`: more than is left to
// ship), then the order's (`order.error.out_of_range.quantity`), then the generic
// `error.<code>`. Field labels come from `order.field.<name>` ("lines.0.quantity" → Quantity).
import type { CommandError } from '../bindings';
import { catalogs, errorKey, FALLBACK_LOCALE, genericErrorMessage, translate, type Locale, type MessageKey } from '../i18n/core';

/** Where an error is shown. */
export type OrderErrorScope = 'form' | 'confirm' | 'action' | 'ship' | 'return';

function known(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(catalogs[FALLBACK_LOCALE], key);
}

/** The last part of an error's field path: "lines.0.quantity" → "quantity". */
export function leafField(field: string | null): string | null {
  if (field === null || field === '') return null;
  return field.split('.').pop() ?? field;
}

/** The catalog key of the label of an error's field, if there is one. */
export function orderFieldKey(field: string | null): MessageKey | null {
  const leaf = leafField(field);
  if (leaf === null) return null;
  const key = `order.field.${leaf}`;
  return known(key) ? key : null;
}

/** The catalog key of the message for an error shown in `scope`. */
export function orderErrorKey(scope: OrderErrorScope, err: Pick<CommandError, 'code' | 'field' | 'limit'>): MessageKey {
  const leaf = leafField(err.field);
  const candidates = [
    leaf ? `order.${scope}.error.${err.code}.${leaf}` : null,
    `order.${scope}.error.${err.code}`,
    leaf ? `order.error.${err.code}.${leaf}` : null,
    `order.error.${err.code}`,
  ];
  for (const c of candidates) if (c !== null && known(c)) return c;
  return errorKey(err.code);
}

export function orderErrorMessage(locale: Locale, scope: OrderErrorScope, err: Pick<CommandError, 'code' | 'field' | 'limit'>): string {
  const labelKey = orderFieldKey(err.field);
  const field = labelKey ? translate(locale, labelKey) : translate(locale, 'error.field_generic');
  const key = orderErrorKey(scope, err);
  return key === errorKey(err.code) ? genericErrorMessage(locale, err, field) : translate(locale, key, { field });
}

/**
 * Row errors: "lines.2.quantity" → { index: 2, field: "quantity" } when the row exists; a plain
 * field ("currency") → { index: null, field }. Anything else is null.
 */
export function parseRowPath(path: string | null, count: number): { index: number | null; field: string } | null {
  if (path === null || path === '') return null;
  const m = /^lines\.(\d+)\.(\w+)$/.exec(path);
  if (!m) return path.includes('.') ? null : { index: null, field: path };
  const index = Number(m[1]);
  if (index >= count) return null;
  return { index, field: m[2] ?? '' };
}
