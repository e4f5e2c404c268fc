// Local dates and times for the backend. The backend wants the user's own UTC offset in
// timestamps (it decides which calendar day something happened on) and plain local dates
// ("YYYY-MM-DD") for follow-ups and "today".

const pad = (n: number, width = 2): string => String(Math.trunc(Math.abs(n))).padStart(width, '0');

/** The offset as "+08:00" / "-05:30" / "+00:00"; `offsetMinutes` is east of UTC (UTC+8 → 480). */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * RFC 3339 with the local UTC offset and whole seconds, e.g. "2026-11-23T09:30:00+08:00".
 * `offsetMinutes` defaults to the offset this device had at that instant (DST included).
 */
export function toRfc3339Local(date: Date, offsetMinutes: number = -date.getTimezoneOffset()): string {
  // Shift the instant by the offset and read the UTC fields: those are the wall-clock fields there.
  const shifted = new Date(date.getTime() + offsetMinutes * 60_000);
  const d = `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
  const time = `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`;
  return `${d}T${time}${formatOffset(offsetMinutes)}`;
}

/** The local calendar date as "YYYY-MM-DD". */
export function localDate(date: Date): string {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The value an <input type="datetime-local"> shows for this instant: "YYYY-MM-DDTHH:mm". */
export function toDatetimeLocalValue(date: Date): string {
  return `${localDate(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Adds whole days to a "YYYY-MM-DD" date (calendar arithmetic, no time zones involved). */
export function addDays(ymd: string, days: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return ymd;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

const LOCAL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Reads what a datetime-local input holds ("YYYY-MM-DDTHH:mm[:ss]", a space also accepted) as a
 * local wall-clock time. Returns null for anything else, including impossible dates (2026-02-30).
 */
export function parseLocalDatetime(value: string): Date | null {
  const m = LOCAL_DATETIME.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (h > 23 || mi > 59 || s > 59) return null;
  const date = new Date(y, mo - 1, d, h, mi, s);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return date;
}

/** A datetime-local value → RFC 3339 with the local offset, or null when it is not a valid time. */
export function localInputToRfc3339(value: string): string | null {
  const date = parseLocalDatetime(value);
  return date ? toRfc3339Local(date) : null;
}

/** True for a real calendar date written "YYYY-MM-DD". */
export function isYmd(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  return addDays(value, 0) === value && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}
