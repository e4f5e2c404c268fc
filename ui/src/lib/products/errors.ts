// Error messages for the product, movement and count forms. tError labels the field with
// `field.<name>` (the customer form's labels); these forms have their own labels, so their
// messages are built the same way (by code, never by message text) with those labels.
import type { CommandError } from '../bindings';
import { currentLocale, translate, type Locale, type MessageKey } from '../i18n';
import { genericErrorMessage } from '../i18n/core';
import { isProductField } from './form';
import { isMovementField } from './movement';

type Err = Pick<CommandError, 'code' | 'field' | 'limit'>;

/**
 * The message for an error, with `labelKey` as the field's label (null → "This field"). A SKU
 * another product has gets its own message rather than the generic "changed in the meantime".
 */
export function scopedErrorMessage(locale: Locale, err: Err, labelKey: MessageKey | null): string {
  if (err.code === 'conflict' && err.field === 'sku') return translate(locale, 'product.error.sku_taken');
  const field = translate(locale, labelKey ?? 'error.field_generic');
  return genericErrorMessage(locale, err, field);
}

export function productLabelKey(field: string | null): MessageKey | null {
  if (!isProductField(field)) return null;
  const key: `product.field.${typeof field}` & MessageKey = `product.field.${field}`;
  return key;
}

export function movementLabelKey(field: string | null): MessageKey | null {
  if (!isMovementField(field)) return null;
  const key: `stock.field.${typeof field}` & MessageKey = `stock.field.${field}`;
  return key;
}

/** A product form error in the current language. */
export const productError = (err: Err): string => scopedErrorMessage(currentLocale(), err, productLabelKey(err.field));
/**
 * A movement form error in `locale`. A quantity out of range is, in practice, zero (or a negative
 * receipt): said as what to type for the movement's kind — receipts, shipments and returns are
 * entered above zero, adjustments and count corrections carry a sign but are never zero.
 */
export function movementErrorMessage(locale: Locale, err: Err, kind: string): string {
  if (err.code === 'out_of_range' && err.field === 'quantity') {
    const signed = kind === 'adjustment' || kind === 'count_correction';
    return translate(locale, signed ? 'stock.error.quantity_nonzero' : 'stock.error.quantity_positive');
  }
  return scopedErrorMessage(locale, err, movementLabelKey(err.field));
}

/** A movement form error in the current language. */
export const movementError = (err: Err, kind: string): string => movementErrorMessage(currentLocale(), err, kind);
/** A count line error in the current language (its one field is the counted quantity). */
export const countLineError = (err: Err): string =>
  scopedErrorMessage(currentLocale(), err, err.field === 'counted' ? 'count.field.counted' : null);
