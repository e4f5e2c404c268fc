import { describe, expect, it } from 'vitest';
import { leafField, serviceErrorKey, serviceErrorMessage, serviceFieldKey } from './errors';

describe('customer-service error messages', () => {
  it('are chosen by code and field, most specific first', () => {
    expect(serviceErrorKey('survey', { code: 'required', field: 'nps' })).toBe('service.error.required.nps');
    expect(serviceErrorKey('grid', { code: 'out_of_range', field: 'rows.2.csat' })).toBe('service.error.out_of_range.csat');
    expect(serviceErrorKey('sla', { code: 'date_order', field: 'high' })).toBe('service.sla.error.date_order');
    expect(serviceErrorKey('action', { code: 'invalid_transition', field: 'status' })).toBe('service.error.invalid_transition');
    expect(serviceErrorKey('form', { code: 'too_long', field: 'description' })).toBe('error.too_long');
  });

  it('read in both languages with the field’s label', () => {
    expect(serviceErrorMessage('en', 'action', { code: 'required', field: 'resolution' })).toBe(
      'Write the resolution first (what was done for the customer), then resolve.',
    );
    expect(serviceErrorMessage('zh-CN', 'grid', { code: 'out_of_range', field: 'rows.0.nps' })).toBe('净推荐值评分必须是 0 到 10 的整数。');
    expect(serviceErrorMessage('en', 'resolution', { code: 'too_many_decimals', field: 'compensation' })).toBe(
      'Compensation has too many decimal places.',
    );
    expect(serviceErrorMessage('zh-CN', 'resolution', { code: 'invalid_decimal', field: 'compensation' })).toContain('补偿金额');
    expect(serviceErrorMessage('en', 'form', { code: 'required', field: 'customer_id' })).toBe('Choose the customer.');
    expect(serviceErrorMessage('en', 'form', { code: 'not_found', field: null })).toBe('This record no longer exists. It may have been deleted.');
  });

  it('label fields by the last part of their path', () => {
    expect(leafField('rows.3.comment')).toBe('comment');
    expect(leafField('')).toBeNull();
    expect(serviceFieldKey('rows.3.comment')).toBe('service.field.comment');
    expect(serviceFieldKey('nothing_like_it')).toBeNull();
  });
});
