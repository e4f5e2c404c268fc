// The one place `Intl` formatters are made. Building one costs WebKit's JavaScriptCore far
// more than using it (ICU loads the locale's data each time), and a list page formats a few
// hundred cells: made per cell, the formatters took a large share of the time between the
// answer and the painted rows. They are immutable, so each (locale, options) pair is made once
// and kept for the life of the page.

type Options = Intl.NumberFormatOptions | Intl.DateTimeFormatOptions | Intl.DisplayNamesOptions;

const kept = new Map<string, unknown>();

function cached<T>(kind: string, locale: string, options: Options | undefined, make: () => T): T {
  const key = `${kind}|${locale}|${options === undefined ? '' : JSON.stringify(options)}`;
  let f = kept.get(key) as T | undefined;
  if (f === undefined) {
    f = make();
    kept.set(key, f);
  }
  return f;
}

/** `new Intl.NumberFormat(locale, options)`, made once per pair. Throws as the constructor does. */
export function numberFormat(locale: string, options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached('n', locale, options, () => new Intl.NumberFormat(locale, options));
}

/**
 * `new Intl.DateTimeFormat(locale, options)`, made once per pair and local time zone. A
 * formatter fixes the zone it was made in; the laptop may travel while the app runs, so one
 * without its own `timeZone` is kept per zone, told apart by its UTC offsets in January and
 * July (cheap to read, unlike the zone's name, which would need a formatter).
 */
export function dateTimeFormat(locale: string, options?: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const kind = options?.timeZone === undefined ? `d${zoneSignature()}` : 'd';
  return cached(kind, locale, options, () => new Intl.DateTimeFormat(locale, options));
}

function zoneSignature(): string {
  const year = new Date().getFullYear();
  return `${new Date(year, 0, 1).getTimezoneOffset()},${new Date(year, 6, 1).getTimezoneOffset()}`;
}

/** `new Intl.DisplayNames([locale], options)`, made once per pair. */
export function displayNames(locale: string, options: Intl.DisplayNamesOptions): Intl.DisplayNames {
  return cached('r', locale, options, () => new Intl.DisplayNames([locale], options));
}

/** How many formatters are kept (for tests). */
export function keptFormatters(): number {
  return kept.size;
}
