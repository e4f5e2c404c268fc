import { describe, expect, it } from 'vitest';
import type { Customer } from '../bindings';
import { draftFromCustomer, emptyDraft, formatTags, inputFromDraft, isFormField, parseTags } from './form';

describe('parseTags', () => {
  it('splits, trims and drops empty pieces', () => {
    expect(parseTags('')).toEqual([]);
    expect(parseTags('  ,  , ')).toEqual([]);
    expect(parseTags('quality-first, fast-delivery ,price-sensitive')).toEqual([
      'quality-first',
      'fast-delivery',
      'price-sensitive',
    ]);
  });

  it('accepts full-width commas and 、', () => {
    expect(parseTags('重品质，快交货、重价格')).toEqual(['重品质', '快交货', '重价格']);
  });

  it('keeps inner spaces and removes duplicates', () => {
    expect(parseTags('needs technical support, a, a ,b')).toEqual(['needs technical support', 'a', 'b']);
  });

  it('round-trips with formatTags', () => {
    expect(parseTags(formatTags(['重品质', 'fast delivery']))).toEqual(['重品质', 'fast delivery']);
  });
});

describe('drafts', () => {
  it('start as a company in CNY', () => {
    const d = emptyDraft();
    expect(d.kind).toBe('company');
    expect(d.currency).toBe('CNY');
    expect(d.tags).toBe('');
  });

  it('become a CustomerInput with tags split and codes upper-cased, amount untouched', () => {
    const d = { ...emptyDraft(), name: '  深圳华为技术有限公司 ', country: 'cn', currency: 'usd', tags: 'a, b', credit_limit: ' 1000.50 ' };
    expect(inputFromDraft(d)).toEqual({
      kind: 'company',
      name: '深圳华为技术有限公司',
      phone: '',
      email: '',
      country: 'CN',
      province: '',
      city: '',
      tags: ['a', 'b'],
      credit_limit: '1000.50',
      currency: 'USD',
      notes: '',
    });
  });

  it('load from a Customer', () => {
    const c: Customer = {
      id: '0190',
      code: 'C-0001',
      kind: 'person',
      name: '张三',
      phone: '138',
      email: 'a@b.cn',
      country: 'CN',
      province: '广东',
      city: '深圳',
      tags: ['重品质', '快交货'],
      credit_limit: '5000.00',
      currency: 'CNY',
      notes: 'n',
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-02T00:00:00Z',
    };
    const d = draftFromCustomer(c);
    expect(d.tags).toBe('重品质, 快交货');
    expect(inputFromDraft(d).tags).toEqual(c.tags);
  });

  it('know which error fields belong to the form', () => {
    expect(isFormField('email')).toBe(true);
    expect(isFormField('credit_limit')).toBe(true);
    expect(isFormField('id')).toBe(false);
    expect(isFormField(null)).toBe(false);
  });
});
