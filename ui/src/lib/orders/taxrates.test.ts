import { describe, expect, it } from 'vitest';
import type { TaxRates } from '../bindings';
import { blankRow, newLineRate, rateLabel, rowsOf, toInput } from './taxrates';

const cn: TaxRates = {
  rates: [
    { name: '', rate_pct: '13' },
    { name: '免税', rate_pct: '0' },
  ],
  default_pct: '13',
};

describe('tax rates', () => {
  it('edits rows with their own keys and sends what was typed, read as numbers', () => {
    const rows = [...rowsOf(cn), blankRow()];
    expect(new Set(rows.map((r) => r.key)).size).toBe(3);
    rows[2]!.rate_pct = '６%';
    rows[2]!.name = '服务';
    expect(toInput(rows, '１３')).toEqual({
      rates: [
        { name: '', rate_pct: '13' },
        { name: '免税', rate_pct: '0' },
        { name: '服务', rate_pct: '6' },
      ],
      default_pct: '13',
    });
  });

  it('labels a rate with its name when it has one', () => {
    expect(rateLabel(cn.rates[0]!)).toBe('13 %');
    expect(rateLabel(cn.rates[1]!)).toBe('免税 0 %');
  });

  it('starts a new line at the default in the base currency only', () => {
    expect(newLineRate(cn, 'cny', 'CNY')).toBe('13');
    expect(newLineRate(cn, 'USD', 'CNY')).toBe('');
    expect(newLineRate({ ...cn, default_pct: '' }, 'CNY', 'CNY')).toBe('');
    expect(newLineRate(null, 'CNY', 'CNY')).toBe('');
  });
});
