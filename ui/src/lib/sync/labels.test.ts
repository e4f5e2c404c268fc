import { describe, expect, it } from 'vitest';
import { fieldLabel, tableLabel } from './labels';

describe('conflict labels', () => {
  it('names tables and fields in the user language, else shows the identifier', () => {
    expect(tableLabel('en', 'customers')).toBe('Customer');
    expect(tableLabel('zh-CN', 'customers')).toBe('客户');
    expect(tableLabel('en', 'mystery_table')).toBe('mystery_table');
    expect(fieldLabel('en', 'credit_limit')).toBe('Credit limit');
    expect(fieldLabel('en', 'deleted')).toBe('Deleted');
    expect(fieldLabel('en', 'no_such_column')).toBe('no_such_column');
  });
});
