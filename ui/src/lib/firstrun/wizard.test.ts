import { describe, expect, it } from 'vitest';
import type { AppInfo } from '../bindings';
import en from '../i18n/en.json';
import zhCN from '../i18n/zh-CN.json';
import { currencyFor, defaultChoices, regionOf, sampleShare, sampleStepKey } from './wizard';

const info = (over: Partial<AppInfo>): AppInfo => ({
  version: '0.1.0',
  data_dir: '/tmp',
  device_code: 'A3F',
  locale: null,
  os_locale: null,
  theme: 'system',
  home_country: 'CN',
  company: { name: '', address: '', phone: '', email: '', tax_id: '' },
  base_currency: 'CNY',
  set_up: false,
  now: '2026-12-07T08:00:00Z',
  ...over,
});

describe('first-run wizard', () => {
  it('reads the region of BCP 47 and POSIX locales', () => {
    expect(regionOf('zh-CN')).toBe('CN');
    expect(regionOf('en_US.UTF-8')).toBe('US');
    expect(regionOf('zh-Hant-TW')).toBe('TW');
    expect(regionOf('de')).toBeNull();
    expect(regionOf('C')).toBeNull();
    expect(regionOf(null)).toBeNull();
  });

  it('preselects the language, country and currency from the OS', () => {
    expect(defaultChoices(info({ os_locale: 'zh-CN' }), 'en-US')).toMatchObject({
      locale: 'zh-CN',
      home_country: 'CN',
      base_currency: 'CNY',
      sample: false,
    });
    expect(defaultChoices(info({ os_locale: 'en-US' }), null)).toMatchObject({ locale: 'en', home_country: 'US', base_currency: 'USD' });
    expect(defaultChoices(info({ os_locale: 'de-DE' }), null)).toMatchObject({ locale: 'en', home_country: 'DE', base_currency: 'EUR' });
    // No region anywhere: the database's own answers.
    expect(defaultChoices(info({ os_locale: 'C' }), 'en')).toMatchObject({ locale: 'en', home_country: 'CN', base_currency: 'CNY' });
    // A base currency set before (an earlier, unfinished run) is kept.
    expect(defaultChoices(info({ os_locale: 'en-US', base_currency: 'HKD' }), null).base_currency).toBe('HKD');
    // A saved language wins over the OS.
    expect(defaultChoices(info({ locale: 'en', os_locale: 'zh-CN' }), null).locale).toBe('en');
    // No app info at all (the call failed): the browser's language, Chinese defaults.
    expect(defaultChoices(null, 'zh-CN')).toMatchObject({ locale: 'zh-CN', home_country: 'CN', base_currency: 'CNY' });
  });

  it('knows the usual currency of common countries only', () => {
    expect(currencyFor('jp')).toBe('JPY');
    expect(currencyFor('ZZ')).toBeNull();
  });

  it('reports the sample build as a share with a worded step in both languages', () => {
    expect(sampleShare(null)).toBe(0);
    expect(sampleShare({ step: 'customers', index: 1, of: 5 })).toBeCloseTo(0.1);
    expect(sampleShare({ step: 'loading', index: 5, of: 5 })).toBeCloseTo(0.9);
    expect(sampleShare({ step: 'x', index: 9, of: 5 })).toBe(1);
    for (const step of ['customers', 'orders', 'service', 'checking', 'loading', 'unknown']) {
      const key = sampleStepKey({ step, index: 1, of: 5 });
      expect((en as Record<string, string>)[key], key).toBeTruthy();
      expect((zhCN as Record<string, string>)[key], key).toBeTruthy();
    }
    expect(sampleStepKey({ step: 'unknown', index: 1, of: 5 })).toBe('firstrun.progress.loading');
  });
});
