// Pure helpers for the customer form: the editable model and its conversion to/from the IPC types.
import type { Customer, CustomerInput, CustomerKind } from '../bindings';

export const DEFAULT_CURRENCY = 'CNY';

/** The form's own model: like CustomerInput, but tags are the comma-separated text the user edits. */
export type CustomerDraft = {
  kind: CustomerKind;
  name: string;
  phone: string;
  email: string;
  country: string;
  province: string;
  city: string;
  tags: string;
  credit_limit: string;
  currency: string;
  notes: string;
};

/** The fields a backend error can point at (`CommandError.field`), in form order. */
export const FORM_FIELDS = [
  'kind',
  'name',
  'phone',
  'email',
  'country',
  'province',
  'city',
  'tags',
  'credit_limit',
  'currency',
  'notes',
] as const satisfies ReadonlyArray<keyof CustomerDraft>;
export type FormField = (typeof FORM_FIELDS)[number];

export function isFormField(field: string | null): field is FormField {
  return field !== null && (FORM_FIELDS as readonly string[]).includes(field);
}

/** Common ISO 3166-1 alpha-2 codes offered in the country datalist (any valid code may be typed). */
export const COMMON_COUNTRIES = ['CN', 'HK', 'TW', 'MO', 'US', 'DE', 'JP', 'KR', 'GB', 'FR', 'SG', 'MY', 'TH', 'VN', 'AU', 'CA'] as const;
/** Common ISO 4217 codes offered in the currency datalist. */
export const COMMON_CURRENCIES = ['CNY', 'USD', 'EUR', 'JPY', 'HKD', 'GBP', 'KRW', 'SGD', 'TWD'] as const;

/**
 * Splits the tags text into tags: separated by ASCII or full-width commas or 、, trimmed,
 * empty pieces dropped, duplicates removed (first one kept).
 */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const piece of text.split(/[,，、]/)) {
    const tag = piece.trim();
    if (tag !== '' && !seen.has(tag)) {
      seen.add(tag);
      tags.push(tag);
    }
  }
  return tags;
}

export function formatTags(tags: readonly string[]): string {
  return tags.join(', ');
}

export function emptyDraft(): CustomerDraft {
  return {
    kind: 'company',
    name: '',
    phone: '',
    email: '',
    country: '',
    province: '',
    city: '',
    tags: '',
    credit_limit: '',
    currency: DEFAULT_CURRENCY,
    notes: '',
  };
}

export function draftFromCustomer(c: Customer): CustomerDraft {
  return {
    kind: c.kind,
    name: c.name,
    phone: c.phone,
    email: c.email,
    country: c.country,
    province: c.province,
    city: c.city,
    tags: formatTags(c.tags),
    credit_limit: c.credit_limit,
    currency: c.currency,
    notes: c.notes,
  };
}

/**
 * The CustomerInput sent to the backend. Text is trimmed (notes keep inner line breaks), codes are
 * upper-cased; the backend validates everything else. The credit limit stays a string: never a number.
 */
export function inputFromDraft(d: CustomerDraft): CustomerInput {
  return {
    kind: d.kind,
    name: d.name.trim(),
    phone: d.phone.trim(),
    email: d.email.trim(),
    country: d.country.trim().toUpperCase(),
    province: d.province.trim(),
    city: d.city.trim(),
    tags: parseTags(d.tags),
    credit_limit: d.credit_limit.trim(),
    currency: d.currency.trim().toUpperCase(),
    notes: d.notes.trim(),
  };
}
