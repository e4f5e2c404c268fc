// Error messages for the customer-service views. Chosen by code (never by the backend's text):
// the scope's own text for the code and field first (`service.survey.error.required.nps`: give
// an NPS or a CSAT score), then the section's (`service.error.out_of_range.nps`), then the generic
// `error.<code>` with the field's label from `service.field.<name>` ("rows.2.csat" → CSAT).
import type { CommandError } from '../bindings';
import { catalogs, errorKey, FALLBACK_LOCALE, genericErrorMessage, translate, type Locale, type MessageKey } from '../i18n/core';

/** Where an error is shown. */
export type ServiceErrorScope = 'form' | 'action' | 'note' | 'resolution' | 'satisfaction' | 'survey' | 'grid' | 'sla';

function known(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(catalogs[FALLBACK_LOCALE], key);
}

/** The last part of an error's field path: "rows.0.nps" → "nps". */
export function leafField(field: string | null): string | null {
  if (field === null || field === '') return null;
  return field.split('.').pop() ?? field;
}

/** The catalog key of the label of an error's field, if there is one. */
export function serviceFieldKey(field: string | null): MessageKey | null {
  const leaf = leafField(field);
  if (leaf === null) return null;
  const key = `service.field.${leaf}`;
  return known(key) ? key : null;
}

/** The catalog key of the message for an error shown in `scope`. */
export function serviceErrorKey(scope: ServiceErrorScope, err: Pick<CommandError, 'code' | 'field' | 'limit'>): MessageKey {
  const leaf = leafField(err.field);
  const candidates = [
    leaf ? `service.${scope}.error.${err.code}.${leaf}` : null,
    `service.${scope}.error.${err.code}`,
    leaf ? `service.error.${err.code}.${leaf}` : null,
    `service.error.${err.code}`,
  ];
  for (const c of candidates) if (c !== null && known(c)) return c;
  return errorKey(err.code);
}

export function serviceErrorMessage(locale: Locale, scope: ServiceErrorScope, err: Pick<CommandError, 'code' | 'field' | 'limit'>): string {
  const labelKey = serviceFieldKey(err.field);
  const field = labelKey ? translate(locale, labelKey) : translate(locale, 'error.field_generic');
  const key = serviceErrorKey(scope, err);
  return key === errorKey(err.code) ? genericErrorMessage(locale, err, field) : translate(locale, key, { field });
}
