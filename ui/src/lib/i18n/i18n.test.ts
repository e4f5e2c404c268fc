import { describe, expect, it } from 'vitest';
import en from './en.json';
import zhCN from './zh-CN.json';
import {
  catalogs,
  errorMessage,
  interpolate,
  LOCALES,
  normalizeLocale,
  placeholders,
  resolveLocale,
  translate,
} from './core';
import { currentLocale, setCurrentLocale, t, tError } from './state.svelte';
import { ERROR_CODES } from '../ipc';
import { ADDRESS_FIELDS, CONTACT_FIELDS, FORM_FIELDS } from '../customers/form';
import { CHOICE_GROUPS, choiceKey } from '../customers/choices';
import { FOLLOW_UP_RANGES } from '../followups';
import { fieldKey } from './core';
import { orderErrorMessage } from '../orders/errors';
import { scopedErrorMessage } from '../suppliers/errors';

describe('catalogs', () => {
  const enKeys = Object.keys(en).sort();
  const zhKeys = Object.keys(zhCN).sort();

  it('have exactly the same keys', () => {
    expect(zhKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
    expect(enKeys.filter((k) => !zhKeys.includes(k))).toEqual([]);
  });

  it('use the same interpolation params for every key', () => {
    for (const key of enKeys) {
      const a = placeholders((en as Record<string, string>)[key] ?? '');
      const b = placeholders((zhCN as Record<string, string>)[key] ?? '');
      expect({ key, params: b }).toEqual({ key, params: a });
    }
  });

  it('have no empty strings', () => {
    for (const locale of LOCALES) {
      for (const [key, value] of Object.entries(catalogs[locale])) {
        expect({ locale, key, empty: value.trim() === '' }).toEqual({ locale, key, empty: false });
      }
    }
  });

  it('translate every ErrorCode in both languages', () => {
    expect(ERROR_CODES.length).toBe(60);
    for (const locale of LOCALES) {
      const catalog = catalogs[locale] as Record<string, string>;
      for (const code of ERROR_CODES) {
        expect(catalog[`error.${code}`], `${locale}: error.${code}`).toBeTruthy();
      }
    }
  });

  it('label every form field in both languages', () => {
    for (const locale of LOCALES) {
      const catalog = catalogs[locale] as Record<string, string>;
      for (const field of FORM_FIELDS) expect(catalog[`field.${field}`], `${locale}: field.${field}`).toBeTruthy();
    }
  });

  it('label every choice key in both languages', () => {
    for (const locale of LOCALES) {
      const catalog = catalogs[locale] as Record<string, string>;
      for (const [group, values] of Object.entries(CHOICE_GROUPS)) {
        for (const value of values) {
          const key = choiceKey(group as keyof typeof CHOICE_GROUPS, value);
          expect(key, `${group}.${value}`).not.toBeNull();
          expect(catalog[key ?? ''], `${locale}: ${key}`).toBeTruthy();
        }
      }
      for (const range of FOLLOW_UP_RANGES) {
        expect(catalog[`followups.tab.${range}`], `${locale}: tab ${range}`).toBeTruthy();
        expect(catalog[`followups.empty.${range}`], `${locale}: empty ${range}`).toBeTruthy();
      }
    }
  });

  it('use the glossary terms for the need tags', () => {
    expect(translate('zh-CN', 'need.quality_first')).toBe('重品质');
    expect(translate('zh-CN', 'need.price_sensitive')).toBe('重价格');
    expect(translate('zh-CN', 'need.fast_delivery')).toBe('快交货');
    expect(translate('zh-CN', 'need.needs_tech_support')).toBe('需技术支持');
    expect(translate('zh-CN', 'nav.segments')).toBe('客户群');
  });

  it('label every contact and address field', () => {
    for (const field of CONTACT_FIELDS) expect(fieldKey(`contacts.0.${field}`), field).not.toBeNull();
    for (const field of ADDRESS_FIELDS) expect(fieldKey(`addresses.3.${field}`), field).not.toBeNull();
  });

  it('have the contract text for invalid_email', () => {
    expect(errorMessage('en', { code: 'invalid_email', field: 'email' })).toBe(
      'Enter a valid email address, e.g. name@example.com',
    );
    expect(errorMessage('zh-CN', { code: 'invalid_email', field: 'email' })).toBe(
      '请输入有效的邮箱地址，例如 name@example.com',
    );
  });
});

describe('interpolate / translate', () => {
  it('replaces known params and leaves unknown ones', () => {
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(interpolate('no params')).toBe('no params');
  });

  it('translates with params', () => {
    expect(translate('en', 'pager.info', { page: 2, pages: 3, total: 120 })).toBe('Page 2 of 3 · 120 customers');
    expect(translate('zh-CN', 'pager.info', { page: 2, pages: 3, total: 120 })).toBe('第 2 / 3 页 · 共 120 位客户');
  });
});

describe('error messages', () => {
  it('interpolate the translated field label', () => {
    expect(errorMessage('en', { code: 'required', field: 'name' })).toBe('Name is required.');
    expect(errorMessage('zh-CN', { code: 'required', field: 'name' })).toBe('请填写名称。');
    expect(errorMessage('zh-CN', { code: 'negative', field: 'credit_limit' })).toBe('信用额度不能为负数。');
  });

  it('ask to choose what is picked, and name a broken bound', () => {
    expect(orderErrorMessage('zh-CN', 'form', { code: 'required', field: 'customer_id' })).toBe('请选择客户。');
    expect(orderErrorMessage('zh-CN', 'form', { code: 'required', field: 'lines.2.product_id' })).toBe('请选择产品。');
    expect(scopedErrorMessage('en', 'po', { code: 'required', field: 'supplier_id' })).toBe('Choose Supplier.');
    expect(errorMessage('zh-CN', { code: 'too_long', field: 'name', limit: 200 })).toBe('名称过长，最多 200 个字符。');
    expect(errorMessage('en', { code: 'too_long', field: 'name', limit: 200 })).toBe('Name is too long: at most 200 characters.');
    expect(errorMessage('en', { code: 'too_long', field: 'name' })).toBe('Name is too long.');
  });

  it('label row fields by their path', () => {
    expect(errorMessage('en', { code: 'required', field: 'contacts.1.name' })).toBe('Contact name is required.');
    expect(errorMessage('zh-CN', { code: 'required', field: 'addresses.0.country' })).toBe('请填写地址的国家/地区。');
    expect(errorMessage('en', { code: 'unreachable_contact', field: 'contacts.1.phone' })).toBe(
      'Give the contact a phone number, an email or a WeChat ID.',
    );
    expect(errorMessage('zh-CN', { code: 'invalid_choice', field: 'channel' })).toBe('请从选项中选择销售渠道。');
    expect(errorMessage('en', { code: 'date_order', field: 'follow_up_on' })).toBe(
      'The follow-up date cannot be before the interaction.',
    );
  });

  it('fall back to a generic label for an unknown or missing field', () => {
    expect(errorMessage('en', { code: 'too_long', field: null })).toBe('This field is too long.');
    expect(errorMessage('en', { code: 'too_long', field: 'nonexistent' })).toBe('This field is too long.');
  });

  it('leave no placeholder behind for any code', () => {
    for (const locale of LOCALES) {
      for (const code of ERROR_CODES) {
        expect(errorMessage(locale, { code, field: 'email' })).not.toMatch(/\{\w+\}/);
        expect(errorMessage(locale, { code, field: null })).not.toMatch(/\{\w+\}/);
      }
    }
  });
});

describe('locale resolution', () => {
  it('maps tags to supported locales', () => {
    expect(normalizeLocale('zh-Hans-CN')).toBe('zh-CN');
    expect(normalizeLocale('zh_CN.UTF-8')).toBe('zh-CN');
    expect(normalizeLocale('zh-TW')).toBe('zh-CN');
    expect(normalizeLocale('ZH')).toBe('zh-CN');
    expect(normalizeLocale('en-US')).toBe('en');
    expect(normalizeLocale('de-DE')).toBe('en');
    expect(normalizeLocale(null)).toBeNull();
    expect(normalizeLocale(undefined)).toBeNull();
    expect(normalizeLocale('  ')).toBeNull();
  });

  it('prefers the saved choice, then the OS, then the browser, then en', () => {
    expect(resolveLocale('en', 'zh-Hans-CN', 'zh-CN')).toBe('en');
    expect(resolveLocale(null, 'zh-Hans-CN', 'en-US')).toBe('zh-CN');
    expect(resolveLocale(null, null, 'en-US')).toBe('en');
    expect(resolveLocale(null, '', 'zh-CN')).toBe('zh-CN');
    expect(resolveLocale(null, null, null)).toBe('en');
    expect(resolveLocale()).toBe('en');
  });
});

describe('reactive locale', () => {
  it('switches t() and tError() immediately', () => {
    setCurrentLocale('en');
    expect(currentLocale()).toBe('en');
    expect(t('nav.customers')).toBe('Customers');
    setCurrentLocale('zh-CN');
    expect(t('nav.customers')).toBe('客户');
    expect(tError({ code: 'invalid_email', field: 'email' })).toBe('请输入有效的邮箱地址，例如 name@example.com');
    setCurrentLocale('en');
  });
});
