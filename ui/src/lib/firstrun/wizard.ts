// The first-run wizard's logic: what it preselects from the OS and the database, the steps,
// and the sample's progress as a share. The wizard itself is components/firstrun/FirstRun.svelte.
import type { AppInfo, FirstRun, SampleProgress } from '../bindings';
import { resolveLocale, type Locale } from '../i18n';

/** The wizard's pages, in order. */
export const WIZARD_STEPS = ['language', 'company', 'start'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** The currency a home country usually keeps its books in (the common ones; else the
 * database's base currency stays). */
const COUNTRY_CURRENCY: Record<string, string> = {
  CN: 'CNY',
  HK: 'HKD',
  MO: 'MOP',
  TW: 'TWD',
  US: 'USD',
  CA: 'CAD',
  GB: 'GBP',
  DE: 'EUR',
  FR: 'EUR',
  IT: 'EUR',
  ES: 'EUR',
  NL: 'EUR',
  JP: 'JPY',
  KR: 'KRW',
  SG: 'SGD',
  MY: 'MYR',
  TH: 'THB',
  VN: 'VND',
  AU: 'AUD',
};

export function currencyFor(country: string): string | null {
  return COUNTRY_CURRENCY[country.trim().toUpperCase()] ?? null;
}

/** The region of a BCP 47 or POSIX locale (`zh-CN`, `en_US.UTF-8` → `CN`, `US`), if any. */
export function regionOf(locale: string | null | undefined): string | null {
  const m = /^[a-z]{2,3}(?:[-_][A-Za-z]{4})?[-_]([A-Za-z]{2})\b/i.exec(locale ?? '');
  return m ? m[1]!.toUpperCase() : null;
}

/** The wizard's first answers: the language from the OS (then the WebView), the country from
 * the OS locale's region when the database has none of its own, and that country's currency. */
export function defaultChoices(info: AppInfo | null, browserLanguage: string | null): FirstRun & { locale: Locale } {
  const locale = resolveLocale(info?.locale, info?.os_locale, browserLanguage);
  const saved = info?.home_country ?? '';
  const region = regionOf(info?.os_locale) ?? regionOf(browserLanguage);
  // The store answers CN until a country is set; the OS's region says more on a new machine.
  const country = region && currencyFor(region) ? region : saved || 'CN';
  const currency =
    info && info.base_currency !== 'CNY' ? info.base_currency : (currencyFor(country) ?? info?.base_currency ?? 'CNY');
  return {
    locale,
    company_name: info?.company.name ?? '',
    home_country: country,
    base_currency: currency,
    sample: false,
  };
}

/** How far the sample's build is, 0–1: steps done of all steps (the step running counts half). */
export function sampleShare(p: SampleProgress | null): number {
  if (!p || p.of <= 0) return 0;
  return Math.min(1, Math.max(0, (p.index - 0.5) / p.of));
}

const SAMPLE_STEPS = ['customers', 'orders', 'service', 'checking', 'loading'] as const;
export type SampleStepName = (typeof SAMPLE_STEPS)[number];

/** The catalog key naming a progress step (an unknown one reads as "loading"). */
export function sampleStepKey(p: SampleProgress): `firstrun.progress.${SampleStepName}` {
  const step = (SAMPLE_STEPS as readonly string[]).includes(p.step) ? (p.step as SampleStepName) : 'loading';
  return `firstrun.progress.${step}`;
}
