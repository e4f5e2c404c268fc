// Pure i18n helpers (no Svelte state): catalogs, interpolation, locale resolution, error messages.
import type { CommandError, ErrorCode } from '../bindings';
import en from './en.json';
import zhCN from './zh-CN.json';

export type MessageKey = keyof typeof en;
export type Catalog = Record<MessageKey, string>;
export type Params = Record<string, string | number>;

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const FALLBACK_LOCALE: Locale = 'en';

// Typed as Catalog, so a key missing from zh-CN.json fails `npm run check`; the unit tests catch extra keys.
export const catalogs: Record<Locale, Catalog> = { en, 'zh-CN': zhCN };

/** Replaces `{name}` placeholders; unknown placeholders are left as they are. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** The `{name}` placeholders used in a template, sorted. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = catalogs[locale][key] ?? catalogs[FALLBACK_LOCALE][key] ?? key;
  return interpolate(template, params);
}

/** Maps a BCP-47 tag to a supported locale: anything starting with "zh" is zh-CN, anything else en; empty → null. */
export function normalizeLocale(tag: string | null | undefined): Locale | null {
  if (tag == null) return null;
  const trimmed = tag.trim();
  if (trimmed === '') return null;
  return trimmed.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/**
 * First start follows the OS: pass the saved choice, the OS locale and navigator.language, in that order.
 * The first non-empty one decides; none → en.
 */
export function resolveLocale(...candidates: Array<string | null | undefined>): Locale {
  for (const candidate of candidates) {
    const locale = normalizeLocale(candidate);
    if (locale) return locale;
  }
  return FALLBACK_LOCALE;
}

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

export function errorKey(code: ErrorCode): MessageKey {
  // Compile-time check: every ErrorCode has an `error.<code>` key in the catalogs.
  const key: `error.${ErrorCode}` & MessageKey = `error.${code}`;
  return key;
}

function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(catalogs[FALLBACK_LOCALE], key);
}

/**
 * The label key for an error's field. Row fields ("contacts.1.phone") use the row kind's label
 * (`field.contacts.phone`, "Contact phone"), then the plain field's (`field.phone`).
 */
export function fieldKey(field: string): MessageKey | null {
  const key = `field.${field}`;
  if (hasKey(key)) return key;
  const row = /^(\w+)\.\d+\.(\w+)$/.exec(field);
  if (row) {
    const rowKey = `field.${row[1]}.${row[2]}`;
    if (hasKey(rowKey)) return rowKey;
    const plain = `field.${row[2]}`;
    if (hasKey(plain)) return plain;
  }
  return null;
}

/**
 * The generic message for an error whose field label is `field`: `error.<code>`, or a more exact
 * variant when the error's facts allow one — a record chosen in a picker (`customer_id`,
 * `lines.2.product_id`) is chosen, not typed; a bound that crosses as a value is named. Every
 * scope's messages (orders, service, supply) fall back to this.
 */
export function genericErrorMessage(locale: Locale, err: Pick<CommandError, 'code' | 'field' | 'limit'>, field: string): string {
  if (err.code === 'required' && err.field && /(^|\.)\w+_id$/.test(err.field)) {
    return translate(locale, 'error.required_choice', { field });
  }
  if (err.code === 'too_long' && err.limit !== undefined) {
    return translate(locale, 'error.too_long_limit', { field, limit: String(err.limit) });
  }
  return translate(locale, errorKey(err.code), { field });
}

/** The message for an error, chosen by its code (never by its text), with the field label interpolated. */
export function errorMessage(locale: Locale, err: Pick<CommandError, 'code' | 'field' | 'limit'>): string {
  const labelKey = err.field ? fieldKey(err.field) : null;
  const field = labelKey ? translate(locale, labelKey) : translate(locale, 'error.field_generic');
  return genericErrorMessage(locale, err, field);
}
