// Display formatting. Money arrives from the backend as a decimal string and is only formatted here,
// never computed: the string goes to Intl.NumberFormat as-is (exact decimal formatting), so no
// float rounding happens, and the shown fraction digits never drop digits the backend sent.
import type { Locale } from './i18n/core';
import { dateTimeFormat, displayNames, numberFormat } from './intl';

const DECIMAL = /^[-+]?\d+(\.\d+)?$/;

function intlLocale(locale: Locale): string {
  return locale === 'zh-CN' ? 'zh-CN' : 'en-US';
}

function currencyDigits(locale: string, currency: string): number {
  return numberFormat(locale, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Formats a decimal string (e.g. "12500.5") with its ISO 4217 currency (e.g. "CNY") for the UI locale.
 * "" means 0 (as in CustomerInput). Input that is not a plain decimal, or an unknown currency, is shown as
 * text rather than guessed at.
 */
export function formatMoney(amount: string, currency: string, locale: Locale): string {
  const value = amount.trim() === '' ? '0' : amount.trim();
  const code = currency.trim().toUpperCase();
  if (!DECIMAL.test(value)) return code ? `${amount} ${code}` : amount;
  const decimals = value.includes('.') ? value.length - value.indexOf('.') - 1 : 0;
  const tag = intlLocale(locale);
  try {
    if (!/^[A-Z]{3}$/.test(code)) throw new RangeError('no currency');
    const digits = currencyDigits(tag, code);
    const nf = numberFormat(tag, {
      style: 'currency',
      currency: code,
      minimumFractionDigits: digits,
      maximumFractionDigits: Math.min(Math.max(digits, decimals), 20),
    });
    return nf.format(value as Intl.StringNumericLiteral);
  } catch {
    const nf = numberFormat(tag, { maximumFractionDigits: Math.min(decimals, 20) });
    const shown = nf.format(value as Intl.StringNumericLiteral);
    return code ? `${shown} ${code}` : shown;
  }
}

/** RFC 3339 timestamp → local date and time in the UI language. */
export function formatDateTime(rfc3339: string, locale: Locale): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return rfc3339;
  return dateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/**
 * RFC 3339 → the local calendar day in the same style as `formatDate` ("2026年11月24日",
 * "Nov 24, 2026") and the local time ("06:30", "6:30 AM"): lists show the day, with the time
 * under it where it matters, so every list reads its dates the same way. Text that is not a
 * time is returned as it is (day) and empty (time).
 */
export function formatDayAndTime(rfc3339: string, locale: Locale): { day: string; time: string } {
  const date = new Date(rfc3339);
  if (rfc3339 === '' || Number.isNaN(date.getTime())) return { day: rfc3339, time: '' };
  return {
    day: dateTimeFormat(intlLocale(locale), { dateStyle: 'medium' }).format(date),
    time: dateTimeFormat(intlLocale(locale), { timeStyle: 'short' }).format(date),
  };
}

/** Localised name of an ISO 3166-1 alpha-2 region code, or the code itself. */
export function regionName(code: string, locale: Locale): string {
  try {
    return displayNames(intlLocale(locale), { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A calendar date "YYYY-MM-DD" → the local medium date style ("Nov 23, 2026" / "2026年11月23日"). */
export function formatDate(ymd: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return ymd;
  // noon local time: no time zone or DST shift can move it to another day
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
  if (Number.isNaN(date.getTime())) return ymd;
  return dateTimeFormat(intlLocale(locale), { dateStyle: 'medium' }).format(date);
}

/** A count with the locale's grouping ("12,000"). */
export function formatCount(n: number, locale: Locale): string {
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}
