// Translated customer-service labels (reactive: they follow the current language when read in
// markup). A value this UI does not know is shown as it is.
import type { CommandError } from '../bindings';
import { currentLocale, t } from '../i18n';
import { complaintStatusKey, feedbackKindKey } from '../timeline';
import { isEventKind, isFeedbackCategory, isFeedbackChannel, isRootCause, isSeverity } from './choices';
import { serviceErrorMessage, type ServiceErrorScope } from './errors';
import type { ComplaintAction } from './status';

export function tServiceError(scope: ServiceErrorScope, err: Pick<CommandError, 'code' | 'field' | 'limit'>): string {
  return serviceErrorMessage(currentLocale(), scope, err);
}

export function tKind(kind: string): string {
  const key = feedbackKindKey(kind);
  return key ? t(key) : kind;
}

export function tStatus(status: string): string {
  const key = complaintStatusKey(status);
  return key ? t(key) : status;
}

export function tChannel(channel: string): string {
  return isFeedbackChannel(channel) ? t(`service.channel.${channel}`) : channel;
}

export function tCategory(category: string): string {
  return isFeedbackCategory(category) ? t(`service.category.${category}`) : category;
}

export function tSeverity(severity: string | null): string {
  if (severity === null) return '';
  return isSeverity(severity) ? t(`service.severity.${severity}`) : severity;
}

export function tRootCause(cause: string | null): string {
  if (cause === null || cause === '') return '';
  return isRootCause(cause) ? t(`service.root_cause.${cause}`) : cause;
}

export function tAction(action: ComplaintAction): string {
  return t(`service.action.${action}`);
}

export function tEventKind(kind: string): string {
  return isEventKind(kind) ? t(`service.event.${kind}`) : kind;
}
