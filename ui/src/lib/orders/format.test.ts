import { describe, expect, it } from 'vitest';
import { formatAmount } from './format';

describe('formatAmount', () => {
  it('groups and pads to the currency’s places, exactly', () => {
    expect(formatAmount('1234.5', 'CNY', 'en')).toBe('1,234.50');
    expect(formatAmount('9999999999999.99', 'CNY', 'en')).toBe('9,999,999,999,999.99');
    expect(formatAmount('989', 'JPY', 'zh-CN')).toBe('989');
    expect(formatAmount('0.501', 'KWD', 'en')).toBe('0.501');
    expect(formatAmount('0.125', 'CNY', 'en')).toBe('0.125');
  });

  it('shows anything else as it is', () => {
    expect(formatAmount('n/a', 'CNY', 'en')).toBe('n/a');
  });
});
