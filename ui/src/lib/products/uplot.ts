// Loads uPlot on first use (it is only needed on the product page, so it stays out of the
// start-up bundle).
//
// uPlot makes `new Intl.NumberFormat(navigator.language)` when its module is evaluated. Under a
// POSIX locale (LANG=C) WebKitGTK reports navigator.language as "C", which Intl rejects with a
// RangeError, and the import would fail. While the module is evaluated, an unusable language is
// shadowed with "en-US" (uPlot's own fallback); the chart's labels use our own formatters anyway.
import type uPlotType from 'uplot';

type Nav = { language: string };

/** Whether Intl accepts this language tag. */
export function usableLanguage(tag: string): boolean {
  try {
    new Intl.NumberFormat(tag);
    return true;
  } catch {
    return false;
  }
}

/** Runs `load` with `nav.language` reading a usable tag, then removes the shadow again. */
export async function withUsableLanguage<T>(nav: Nav, load: () => Promise<T>): Promise<T> {
  if (usableLanguage(nav.language)) return load();
  Object.defineProperty(nav, 'language', { value: 'en-US', configurable: true });
  try {
    return await load();
  } finally {
    delete (nav as Partial<Nav>).language;
  }
}

let loading: Promise<typeof uPlotType> | null = null;

export function loadUplot(): Promise<typeof uPlotType> {
  if (loading === null) {
    loading = withUsableLanguage(navigator, () => import('uplot')).then((m) => m.default);
    // A failed load may be retried (the next time a chart is drawn).
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}
