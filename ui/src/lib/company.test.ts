import { describe, expect, it } from 'vitest';
import { COMPANY_FIELDS, companyErrorMessage, emptyCompany, isCompanyEmpty, isCompanyField, sameCompany } from './company';
import { catalogs, LOCALES } from './i18n/core';

describe('company header', () => {
  it('is empty until something is typed', () => {
    expect(isCompanyEmpty(null)).toBe(true);
    expect(isCompanyEmpty(emptyCompany())).toBe(true);
    expect(isCompanyEmpty({ ...emptyCompany(), name: '  ' })).toBe(true);
    expect(isCompanyEmpty({ ...emptyCompany(), tax_id: '9144' })).toBe(false);
  });

  it('knows its fields', () => {
    expect(COMPANY_FIELDS.map(isCompanyField)).toEqual([true, true, true, true, true]);
    expect([isCompanyField(null), isCompanyField('home_country')]).toEqual([false, false]);
    expect(sameCompany(emptyCompany(), { ...emptyCompany(), email: 'a@b.cn' })).toBe(false);
  });

  it('labels every field in both languages', () => {
    for (const locale of LOCALES) {
      for (const f of COMPANY_FIELDS) expect(catalogs[locale][`company.field.${f}`], `${locale}: ${f}`).toBeTruthy();
    }
  });

  it('explains errors with the company field labels', () => {
    expect(companyErrorMessage('zh-CN', { code: 'too_long', field: 'name' })).toBe('公司名称过长。');
    expect(companyErrorMessage('en', { code: 'too_long', field: 'tax_id' })).toBe('Tax number (USCC / VAT ID) is too long.');
    expect(companyErrorMessage('en', { code: 'invalid_email', field: 'email' })).toBe('Enter a valid email address, e.g. name@example.com');
    expect(companyErrorMessage('en', { code: 'invalid_chars', field: null })).toBe('This field contains characters that are not allowed.');
  });
});
