// Translated labels and badge tones for suppliers and purchase orders (reactive: they follow
// the current language when read in markup).
import type { CommandError, PoStatus } from '../bindings';
import { currentLocale, t } from '../i18n';
import { scopedErrorMessage, type ErrorScope } from './errors';
import type { SupplierKind, SupplierStatus } from './form';

/** An error's message as shown in `scope` (see errors.ts). */
export function tErr(scope: ErrorScope, err: Pick<CommandError, 'code' | 'field' | 'limit'>): string {
  return scopedErrorMessage(currentLocale(), scope, err);
}

export function tKind(kind: SupplierKind): string {
  return t(`supplier.kind.${kind}`);
}

export function tStatus(status: SupplierStatus): string {
  return t(`supplier.status.${status}`);
}

export function tPoStatus(status: PoStatus): string {
  return t(`po.status.${status}`);
}

/** Blocked suppliers are red, those on probation amber. */
export function supplierStatusTone(status: SupplierStatus): 'success' | 'warning' | 'danger' {
  return status === 'blocked' ? 'danger' : status === 'probation' ? 'warning' : 'success';
}
