// The date field's rules, apart from its markup (components/DateInput.svelte): reading what people
// type, showing a value in the UI language, and the calendar's month grid and keys. WebKitGTK draws
// <input type="date"> in the OS locale whatever the page's language, so the app has its own field;
// its value stays what the native input gave ("YYYY-MM-DD", or "YYYY-MM-DDTHH:mm" with a time), so
// no caller's logic changes.
import { addDays } from './datetime';
import { formatDate } from './format';
import type { Locale, MessageKey, Params } from './i18n/core';
import { halfWidth } from './number';
import { dateTimeFormat } from './intl';

/** What a typed text means: a value, nothing, or why it is not a date. */
export type DateReading =
  | { kind: 'empty' }
  | { kind: 'ok'; value: string }
  | { kind: 'unreadable' }
  | { kind: 'no_such_month'; month: number }
  | { kind: 'no_such_day'; year: number; month: number; days: number }
  | { kind: 'no_time' }
  | { kind: 'bad_time' };

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Days in a month (1–12) of a year, leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Half-width, one space between words, no surrounding spaces. */
function plain(text: string): string {
  return halfWidth(text)
    .replace(/[\u00A0\u202F\u2009]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function monthNamed(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return null;
  const i = MONTHS.findIndex((m) => w.startsWith(m));
  if (i < 0) return null;
  // "Sept" and full names are fine; "Decx" is not.
  const full = dateTimeFormat('en-US', { month: 'long', timeZone: 'UTC' })
    .format(new Date(Date.UTC(2000, i, 1)))
    .toLowerCase();
  return full.startsWith(w) || (i === 8 && w === 'sept') ? i + 1 : null;
}

/** The year, month and day a date text names, in the orders people write them. */
function dateParts(s: string, locale: Locale): [number, number, number] | null {
  let m = /^(\d{4}) ?[-/.年] ?(\d{1,2}) ?[-/.月] ?(\d{1,2}) ?日?$/.exec(s);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  if (locale === 'en') {
    // The US order of the English UI: month/day/year.
    m = /^(\d{1,2}) ?[/] ?(\d{1,2}) ?[/] ?(\d{4})$/.exec(s);
    if (m) return [Number(m[3]), Number(m[1]), Number(m[2])];
    m = /^([a-z]+\.?) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/i.exec(s);
    const named = m ? monthNamed(m[1] ?? '') : null;
    if (m && named) return [Number(m[3]), named, Number(m[2])];
    m = /^(\d{1,2}) ([a-z]+\.?),? (\d{4})$/i.exec(s);
    const named2 = m ? monthNamed(m[2] ?? '') : null;
    if (m && named2) return [Number(m[3]), named2, Number(m[1])];
  }
  return null;
}

/** Reads a typed date: "2026-12-07", "2026/12/7", "20261207", "2026年12月7日", full-width digits;
 *  in English also "12/7/2026" and "Dec 7, 2026". */
export function readDate(text: string, locale: Locale): DateReading {
  const s = plain(text);
  if (s === '') return { kind: 'empty' };
  const parts = dateParts(s, locale);
  if (!parts) return { kind: 'unreadable' };
  const [year, month, day] = parts;
  if (year < 1000 || day < 1) return { kind: 'unreadable' };
  if (month < 1 || month > 12) return { kind: 'no_such_month', month };
  const days = daysInMonth(year, month);
  if (day > days) return { kind: 'no_such_day', year, month, days };
  return { kind: 'ok', value: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
}

// A time at the end of the text: "14:30", "2:30 PM", "下午2:30"; a space, "T" or a comma before it,
// or nothing after 日.
const TIME_AT_END =
  /^(.*?)(?:[\sT,]+|(?<=日))(?:(上午|早上|凌晨|中午|下午|晚上) ?)?(\d{1,2})[:：](\d{2})(?::\d{2})?(?: ?([ap])\.? ?m\.?)?$/i;

/** Reads a typed date and time ("2026-12-07 14:30", "Dec 7, 2026, 2:30 PM") as "YYYY-MM-DDTHH:mm". */
export function readDateTime(text: string, locale: Locale): DateReading {
  const s = plain(text);
  if (s === '') return { kind: 'empty' };
  const m = TIME_AT_END.exec(s);
  if (!m) {
    const date = readDate(s, locale);
    return date.kind === 'ok' ? { kind: 'no_time' } : date;
  }
  const date = readDate(m[1] ?? '', locale);
  if (date.kind !== 'ok') return date.kind === 'empty' ? { kind: 'unreadable' } : date;
  const half = m[2] ?? '';
  let hour = Number(m[3]);
  const minute = Number(m[4]);
  const ampm = (m[5] ?? '').toLowerCase();
  if (ampm !== '' || half !== '') {
    if (hour < 1 || hour > 12) return { kind: 'bad_time' };
    const afternoon = ampm === 'p' || half === '下午' || half === '晚上' || (half === '中午' && hour < 11);
    hour = (hour % 12) + (afternoon ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return { kind: 'bad_time' };
  return { kind: 'ok', value: `${date.value}T${pad(hour)}:${pad(minute)}` };
}

/** The text the field shows for a value: the app's date style ("2026年12月7日", "Dec 7, 2026") and,
 *  with a time, "14:30" / "2:30 PM". A value that is not a date is shown as it is. */
export function showValue(value: string, locale: Locale): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(value);
  if (!m) return value;
  const day = formatDate(m[1] ?? '', locale);
  if (m[2] === undefined) return day;
  const hour = Number(m[2]);
  if (locale === 'zh-CN') return `${day} ${m[2]}:${m[3]}`;
  return `${day}, ${hour % 12 === 0 ? 12 : hour % 12}:${m[3]} ${hour < 12 ? 'AM' : 'PM'}`;
}

/** The message (a catalog key and its parameters) for a reading that is not a date, or a date
 *  outside `min`–`max`; null when there is nothing to say. */
export function problemOf(
  reading: DateReading,
  locale: Locale,
  min?: string | null,
  max?: string | null,
): { key: MessageKey; params?: Params } | null {
  switch (reading.kind) {
    case 'empty':
      return null;
    case 'unreadable':
      return { key: 'date.error.unreadable' };
    case 'no_such_month':
      return { key: 'date.error.no_such_month', params: { month: reading.month } };
    case 'no_such_day':
      return {
        key: 'date.error.no_such_day',
        params: { month: monthTitle(reading.year, reading.month, locale), days: reading.days },
      };
    case 'no_time':
      return { key: 'date.error.no_time' };
    case 'bad_time':
      return { key: 'date.error.bad_time' };
    case 'ok': {
      const day = reading.value.slice(0, 10);
      if (min && /^\d{4}-\d{2}-\d{2}/.test(min) && day < min.slice(0, 10))
        return { key: 'date.error.before', params: { date: formatDate(min.slice(0, 10), locale) } };
      if (max && /^\d{4}-\d{2}-\d{2}/.test(max) && day > max.slice(0, 10))
        return { key: 'date.error.after', params: { date: formatDate(max.slice(0, 10), locale) } };
      return null;
    }
  }
}

// ---- the calendar ----

/** The first day of the week: Monday in China (GB/T 7408), Sunday in the US English UI. */
export function weekStart(locale: Locale): 0 | 1 {
  return locale === 'zh-CN' ? 1 : 0;
}

function intlTag(locale: Locale): string {
  return locale === 'zh-CN' ? 'zh-CN' : 'en-US';
}

/** The month's title in the UI language: "2026年12月", "December 2026". */
export function monthTitle(year: number, month: number, locale: Locale): string {
  return dateTimeFormat(intlTag(locale), { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, 1)),
  );
}

/** The column heads from the week's first day: short ("一"/"Mon") and full ("星期一"/"Monday"). */
export function weekdayNames(locale: Locale): Array<{ short: string; long: string }> {
  const tag = intlTag(locale);
  const short = dateTimeFormat(tag, { weekday: locale === 'zh-CN' ? 'narrow' : 'short', timeZone: 'UTC' });
  const long = dateTimeFormat(tag, { weekday: 'long', timeZone: 'UTC' });
  // 2026-11-01 is a Sunday.
  return Array.from({ length: 7 }, (_, i) => {
    const d = new Date(Date.UTC(2026, 10, 1 + ((weekStart(locale) + i) % 7)));
    return { short: short.format(d), long: long.format(d) };
  });
}

/** The weeks shown for a month: whole weeks from the week's first day, days of the months around
 *  included, as "YYYY-MM-DD". */
export function monthGrid(year: number, month: number, locale: Locale): string[][] {
  const first = `${pad(year, 4)}-${pad(month)}-01`;
  const weekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const lead = (weekday - weekStart(locale) + 7) % 7;
  const cells = lead + daysInMonth(year, month);
  const weeks = Math.ceil(cells / 7);
  const start = addDays(first, -lead);
  return Array.from({ length: weeks }, (_, w) => Array.from({ length: 7 }, (_, d) => addDays(start, w * 7 + d)));
}

/** The same day `n` months later, or the month's last day when it has fewer days. */
export function addMonths(ymd: string, n: number): string {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, daysInMonth(year, month)))}`;
}

/** `ymd` moved into `min`–`max` (either may be empty). */
export function clampDay(ymd: string, min?: string | null, max?: string | null): string {
  const lo = min ? min.slice(0, 10) : '';
  const hi = max ? max.slice(0, 10) : '';
  if (lo && ymd < lo) return lo;
  if (hi && ymd > hi) return hi;
  return ymd;
}

/** True when `ymd` lies within `min`–`max`. */
export function inRange(ymd: string, min?: string | null, max?: string | null): boolean {
  return clampDay(ymd, min, max) === ymd;
}

/** Where a key moves the calendar's active day (arrows a day or a week, PageUp/PageDown a month,
 *  with Shift a year, Home/End the week's ends), kept within `min`–`max`; null for other keys. */
export function moveByKey(
  ymd: string,
  key: string,
  shift: boolean,
  locale: Locale,
  min?: string | null,
  max?: string | null,
): string | null {
  const weekday = (new Date(`${ymd}T12:00:00Z`).getUTCDay() - weekStart(locale) + 7) % 7;
  const moved =
    key === 'ArrowLeft'
      ? addDays(ymd, -1)
      : key === 'ArrowRight'
        ? addDays(ymd, 1)
        : key === 'ArrowUp'
          ? addDays(ymd, -7)
          : key === 'ArrowDown'
            ? addDays(ymd, 7)
            : key === 'PageUp'
              ? addMonths(ymd, shift ? -12 : -1)
              : key === 'PageDown'
                ? addMonths(ymd, shift ? 12 : 1)
                : key === 'Home'
                  ? addDays(ymd, -weekday)
                  : key === 'End'
                    ? addDays(ymd, 6 - weekday)
                    : null;
  return moved === null ? null : clampDay(moved, min, max);
}
