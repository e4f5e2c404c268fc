// Error messages for the supply-side forms. The generic `error.<code>` texts are reused, but
// a scope may say it better (`contract.error.date_order`: the end date is before the start), and
// field labels come from the scope first (`po.field.quantity` for "lines.0.quantity").
import type { CommandError } from '../bindings';
import { catalogs, fieldKey, FALLBACK_LOCALE, genericErrorMessage, translate, type Locale, type MessageKey } from '../i18n/core';

/** Where an error is shown; also the key prefix of its own texts and labels. */
export type ErrorScope = 'supplier' | 'supplier.supply' | 'contract' | 'evaluation' | 'po' | 'po.action' | 'receipt';

function known(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(catalogs[FALLBACK_LOCALE], key);
}

/** The label key for an error's field path within a scope ("lines.0.quantity" → `po.field.quantity`). */
export function scopedFieldKey(scope: ErrorScope, field: string | null): MessageKey | null {
  if (field === null || field === '') return null;
  const last = field.split('.').pop() ?? field;
  const own = `${scope}.field.${last}`;
  if (!field.startsWith('contacts.') && known(own)) return own;
  return fieldKey(field);
}

/** The translated message for an error shown in `scope`. */
export function scopedErrorMessage(locale: Locale, scope: ErrorScope, err: Pick<CommandError, 'code' | 'field' | 'limit'>): string {
  const labelKey = scopedFieldKey(scope, err.field);
  const field = labelKey ? translate(locale, labelKey) : translate(locale, 'error.field_generic');
  const own = `${scope}.error.${err.code}`;
  return known(own) ? translate(locale, own, { field }) : genericErrorMessage(locale, err, field);
}

/**
 * Row errors: "lines.2.quantity" → { index: 2, field: "quantity" } when the row exists; a
 * plain field ("currency") → { index: null, field }. Anything else is null.
 */
export function parseRowPath(
  path: string | null,
  rows: string,
  count: number,
): { index: number | null; field: string } | null {
  if (path === null || path === '') return null;
  const m = /^(\w+)\.(\d+)\.(\w+)$/.exec(path);
  if (!m) return path.includes('.') ? null : { index: null, field: path };
  const index = Number(m[2]);
  if (m[1] !== rows || index >= count) return null;
  return { index, field: m[3] ?? '' };
}
