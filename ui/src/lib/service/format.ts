// Compact local date-times for the complaint list and timeline (the backend sends UTC instants).
import type { Locale } from '../i18n/core';

/** RFC 3339 → "11/23/26, 9:30 AM" / "2026/11/23 09:30" in the local time zone. */
export function shortDateTime(rfc3339: string, locale: Locale): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return rfc3339;
  return new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-US', { dateStyle: 'short', timeStyle: 'short' }).format(date);
}

/** RFC 3339 → the local calendar date, "11/23/26" / "2026/11/23". */
export function shortDate(rfc3339: string, locale: Locale): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return rfc3339;
  return new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-US', { dateStyle: 'short' }).format(date);
}
