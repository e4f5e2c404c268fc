import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../bindings';
import { catalogs, LOCALES } from '../i18n/core';
import { ERROR_CODES } from '../ipc';
import {
  columnName,
  duplicateActions,
  fieldLabel,
  IMPORT_FIELDS,
  IMPORT_KINDS,
  issueText,
  mapColumn,
  missingFields,
  newPlan,
  reportWords,
  withChoice,
  withFix,
  withSkip,
} from './plan';

const preview: ImportPreview = {
  format: 'csv',
  encoding: 'gb18030',
  delimiter: ';',
  sheets: [],
  sheet: null,
  headers: ['客户编码', '客户名称', '手机'],
  mapping: ['code', null, 'contact_phone'],
  remembered: false,
  fields: [
    { key: 'code', required: false },
    { key: 'name', required: true },
    { key: 'contact_phone', required: false },
  ],
  rows: [],
};

describe('the import plan', () => {
  it('starts from the preview, with decimal commas for semicolon files', () => {
    const plan = newPlan('/tmp/a.csv', 'customers', preview);
    expect(plan.mapping).toEqual(['code', null, 'contact_phone']);
    expect(plan.decimal_mark).toBe('comma');
    expect(plan.on_duplicate).toBe('skip');
    expect(missingFields(preview, plan.mapping)).toEqual(['name']);
  });

  it('maps each field to one column', () => {
    const plan = mapColumn(newPlan('/a', 'customers', preview), 1, 'code');
    expect(plan.mapping).toEqual([null, 'code', 'contact_phone']);
    expect(mapColumn(plan, 2, null).mapping).toEqual([null, 'code', null]);
  });

  it('keeps the last fix of a cell and un-skips a fixed row', () => {
    let plan = withSkip(newPlan('/a', 'customers', preview), 3, true);
    expect(plan.skip).toEqual([3]);
    plan = withFix(plan, 3, 2, '123');
    plan = withFix(plan, 3, 2, '13900139000');
    expect(plan.fixes).toEqual([{ row: 3, column: 2, value: '13900139000' }]);
    expect(plan.skip).toEqual([]);
    plan = withChoice(withChoice(plan, 4, 'update'), 4, 'create');
    expect(plan.choices).toEqual([{ row: 4, action: 'create' }]);
  });

  it('offers the duplicate choices each kind supports', () => {
    expect(duplicateActions('orders')).toEqual(['skip', 'create']);
    expect(duplicateActions('customers')).toEqual(['skip', 'update', 'create']);
    expect(duplicateActions('products')).toEqual(['skip', 'update']);
  });

  it('names columns by header or letter', () => {
    expect(columnName(['a', ''], 0)).toBe('a');
    expect(columnName(['a', ''], 1)).toBe('B');
    expect(columnName([], 27)).toBe('AB');
    expect(columnName([], null)).toBe('');
  });
});

describe('the words of an import', () => {
  it('label every kind and field in both languages', () => {
    for (const locale of LOCALES) {
      const catalog = catalogs[locale] as Record<string, string>;
      for (const kind of IMPORT_KINDS) expect(catalog[`import.kind.${kind}`], `${locale} ${kind}`).toBeTruthy();
      for (const f of IMPORT_FIELDS) expect(catalog[`import.field.${f}`], `${locale} ${f}`).toBeTruthy();
    }
  });

  it('say what is wrong with a row, with its field and value', () => {
    expect(issueText('zh-CN', { code: 'not_found', field: 'sku', value: 'NOPE' })).toBe('找不到SKU为“NOPE”的记录。');
    expect(issueText('en', { code: 'invalid_date', field: 'created_on', value: '2025-02-30' })).toContain('Customer since');
    expect(issueText('en', { code: 'required', field: 'name', value: '' })).toContain('Name');
    expect(fieldLabel('en', 'no_such_field')).toBe('no_such_field');
  });

  it('give the report its titles and a reason for every code', () => {
    const words = reportWords('zh-CN', ERROR_CODES);
    expect(words.titles).toEqual(['行', '列', '字段', '值', '原因']);
    for (const code of ERROR_CODES) expect(words.reasons[code], code).toBeTruthy();
    expect(words.fields['contact_phone']).toBe('联系人电话');
  });
});
