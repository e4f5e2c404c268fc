// The company header (Settings → Company): its fields, emptiness and error messages. The backend
// checks and trims it (chainbook-core company.rs); errors name the field (name | address | phone |
// email | tax_id) and are translated here by code, with the company's own field labels.
import type { CommandError, Company } from './bindings';
import { errorKey, translate, type Locale, type MessageKey } from './i18n/core';

export const COMPANY_FIELDS = ['name', 'address', 'phone', 'email', 'tax_id'] as const;
export type CompanyField = (typeof COMPANY_FIELDS)[number];

export function emptyCompany(): Company {
  return { name: '', address: '', phone: '', email: '', tax_id: '' };
}

export function isCompanyField(field: string | null): field is CompanyField {
  return field !== null && (COMPANY_FIELDS as readonly string[]).includes(field);
}

/** Nothing typed at all: documents show a hint to fill it in instead of an empty header. */
export function isCompanyEmpty(company: Company | null | undefined): boolean {
  if (!company) return true;
  return COMPANY_FIELDS.every((f) => company[f].trim() === '');
}

export function companyFieldKey(field: CompanyField): MessageKey {
  const key: `company.field.${CompanyField}` & MessageKey = `company.field.${field}`;
  return key;
}

/** The message for an error on the company form, chosen by code, with the company's field label. */
export function companyErrorMessage(locale: Locale, err: Pick<CommandError, 'code' | 'field' | 'limit'>): string {
  const field = isCompanyField(err.field) ? translate(locale, companyFieldKey(err.field)) : translate(locale, 'error.field_generic');
  return translate(locale, errorKey(err.code), { field });
}

/** Whether two headers hold the same text (the form shows "saved" until something differs). */
export function sameCompany(a: Company, b: Company): boolean {
  return COMPANY_FIELDS.every((f) => a[f] === b[f]);
}
