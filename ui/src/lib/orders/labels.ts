// Translated order labels and errors (reactive: they follow the current language when read in
// markup).
import type { CommandError } from '../bindings';
import { currentLocale, t } from '../i18n';
import { orderStatusKey } from '../timeline';
import { orderErrorMessage, type OrderErrorScope } from './errors';
import type { ReturnReason } from './goods';

export function tOrderError(scope: OrderErrorScope, err: Pick<CommandError, 'code' | 'field' | 'limit'>): string {
  return orderErrorMessage(currentLocale(), scope, err);
}

/** A status as shown; one this UI does not know is shown as it is. */
export function tOrderStatus(status: string): string {
  const key = orderStatusKey(status);
  return key ? t(key) : status;
}

export function tReturnReason(reason: string): string {
  switch (reason as ReturnReason) {
    case 'wrong_item':
      return t('order.return.reason.wrong_item');
    case 'damaged':
      return t('order.return.reason.damaged');
    case 'quality':
      return t('order.return.reason.quality');
    case 'other':
      return t('order.return.reason.other');
    default:
      return reason;
  }
}
