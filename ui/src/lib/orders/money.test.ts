import { describe, expect, it } from 'vitest';
import {
  addDec,
  checkLineMoney,
  formatDec,
  isPositive,
  linePreview,
  minorUnit,
  orderTotals,
  parseDec,
  parseLineMoney,
  roundDec,
  type LineMoneyText,
} from './money';

const dec = (s: string) => {
  const d = parseDec(s);
  if (!d) throw new Error(`not a decimal: ${s}`);
  return d;
};
const neg = (s: string) => {
  const d = dec(s);
  return { units: -d.units, scale: d.scale };
};
const line = (quantity: string, unit_price: string, discount_pct = '', tax_rate_pct = ''): LineMoneyText => ({
  quantity,
  unit_price,
  discount_pct,
  tax_rate_pct,
});

describe('decimal helpers', () => {
  it('parse plain notation only', () => {
    expect(parseDec('12.80')).toEqual({ units: 1280n, scale: 2 });
    expect(parseDec(' +3 ')).toEqual({ units: 3n, scale: 0 });
    // As people type them: full-width digits, thousands separators, a currency sign.
    expect(parseDec('１２．５')).toEqual({ units: 125n, scale: 1 });
    expect(parseDec('1,000.50')).toEqual({ units: 100050n, scale: 2 });
    expect(parseDec('¥1,200')).toEqual({ units: 1200n, scale: 0 });
    for (const bad of ['', '1e3', '1,5', '1.', '.5', '-1', 'abc', '１,２', '1,0000', 'NaN']) {
      expect(parseDec(bad), bad).toBeNull();
    }
  });

  it('format with exactly the scale', () => {
    expect(formatDec(dec('30.00'))).toBe('30.00');
    expect(formatDec({ units: -5n, scale: 2 })).toBe('-0.05');
    expect(formatDec({ units: 7n, scale: 3 })).toBe('0.007');
    expect(formatDec({ units: 12n, scale: 0 })).toBe('12');
    expect(formatDec(addDec(dec('0.1'), dec('0.2')))).toBe('0.3');
  });

  it('round half away from zero', () => {
    expect(formatDec(roundDec(dec('2.345'), 2))).toBe('2.35');
    expect(formatDec(roundDec(neg('2.345'), 2))).toBe('-2.35');
    expect(formatDec(roundDec(dec('2.344'), 2))).toBe('2.34');
    expect(formatDec(roundDec(dec('2.5'), 0))).toBe('3');
    expect(formatDec(roundDec(neg('2.5'), 0))).toBe('-3');
    expect(formatDec(roundDec(dec('1.0005'), 3))).toBe('1.001');
    expect(formatDec(roundDec(dec('0.0049'), 2))).toBe('0.00');
    expect(formatDec(roundDec(dec('7'), 2))).toBe('7.00');
  });

  it('know the minor units of ISO 4217', () => {
    expect(minorUnit('CNY')).toBe(2);
    expect(minorUnit('usd')).toBe(2);
    expect(minorUnit('JPY')).toBe(0);
    expect(minorUnit('KRW')).toBe(0);
    expect(minorUnit('KWD')).toBe(3);
    expect(minorUnit('XAU')).toBe(2);
    expect(minorUnit('')).toBe(2);
  });
});

describe('line preview (net = round(q × p × (1 − d%)), tax = round(net × r%))', () => {
  it('2.345 × 12.80 CNY at 13 % tax', () => {
    // 2.345 × 12.80 = 30.016 → 30.02; 30.02 × 13 % = 3.9026 → 3.90
    expect(linePreview(line('2.345', '12.80', '', '13'), 'CNY')).toEqual({ net: '30.02', tax: '3.90', gross: '33.92' });
  });

  it('rounds a half cent away from zero', () => {
    // 1 × 0.05 × 50 % = 0.025 → 0.03; 0.03 × 10 % = 0.003 → 0.00
    expect(linePreview(line('1', '0.05', '50', '10'), 'CNY')).toEqual({ net: '0.03', tax: '0.00', gross: '0.03' });
    // 1 × 0.10 × 15 % tax = 0.015 → 0.02
    expect(linePreview(line('1', '0.10', '0', '15'), 'USD')).toEqual({ net: '0.10', tax: '0.02', gross: '0.12' });
  });

  it('applies a fractional discount', () => {
    // 3 × 19.99 = 59.97 × 87.5 % = 52.47375 → 52.47; × 13 % = 6.8211 → 6.82
    expect(linePreview(line('3', '19.99', '12.5', '13'), 'CNY')).toEqual({ net: '52.47', tax: '6.82', gross: '59.29' });
  });

  it('rounds JPY to whole yen', () => {
    // 3 × 333 = 999 × 90 % = 899.1 → 899; × 10 % = 89.9 → 90
    expect(linePreview(line('3', '333', '10', '10'), 'JPY')).toEqual({ net: '899', tax: '90', gross: '989' });
    // 1 × 5 × 90 % = 4.5 → 5; 5 × 10 % = 0.5 → 1
    expect(linePreview(line('1', '5', '10', '10'), 'JPY')).toEqual({ net: '5', tax: '1', gross: '6' });
    // yen have no decimals: 1.5 is refused by the backend, so no preview
    expect(linePreview(line('1', '1.5'), 'JPY')).toBeNull();
  });

  it('rounds KWD to three places', () => {
    // 0.5 × 1.001 = 0.5005 → 0.501
    expect(linePreview(line('0.5', '1.001'), 'KWD')).toEqual({ net: '0.501', tax: '0.000', gross: '0.501' });
  });

  it('treats empty price, discount and tax as zero', () => {
    expect(linePreview(line('4', ''), 'CNY')).toEqual({ net: '0.00', tax: '0.00', gross: '0.00' });
    expect(linePreview(line('4', '2.50'), 'CNY')).toEqual({ net: '10.00', tax: '0.00', gross: '10.00' });
    expect(linePreview(line('2', '9.99', '100', '13'), 'CNY')).toEqual({ net: '0.00', tax: '0.00', gross: '0.00' });
  });

  it('shows nothing for what the backend would refuse', () => {
    for (const q of ['', '0', '0.000', '-1', '+1', '1.2345', '1e3', '1,5', '1234567890123']) {
      expect(parseLineMoney(line(q, '1'), 'CNY'), `quantity ${q}`).toBeNull();
    }
    expect(parseLineMoney(line('123456789012', '1'), 'CNY')).not.toBeNull();
    expect(parseLineMoney(line('1', '12.345'), 'CNY')).toBeNull();
    expect(parseLineMoney(line('1', '1000000000000'), 'CNY')).toBeNull();
    expect(parseLineMoney(line('1', '999999999999.99'), 'CNY')).not.toBeNull();
    expect(parseLineMoney(line('1', '1', '100.5'), 'CNY')).toBeNull();
    expect(parseLineMoney(line('1', '1', '', '12.34567'), 'CNY')).toBeNull();
    expect(parseLineMoney(line('1', '1', '33.3333', '100'), 'CNY')).not.toBeNull();
  });
});

describe('order totals', () => {
  it('are sums of the rounded lines', () => {
    // each line: 1 × 0.01 × 50 % = 0.005 → 0.01; the order is 0.02, not round(0.010) = 0.01
    const l = linePreview(line('1', '0.01', '50'), 'CNY');
    expect(l).toEqual({ net: '0.01', tax: '0.00', gross: '0.01' });
    expect(orderTotals([l, l], 'CNY')).toEqual({ net: '0.02', tax: '0.00', gross: '0.02', complete: true });
  });

  it('add up several lines and flag the ones left out', () => {
    const a = linePreview(line('2.345', '12.80', '', '13'), 'CNY');
    const b = linePreview(line('3', '19.99', '12.5', '13'), 'CNY');
    expect(orderTotals([a, b], 'CNY')).toEqual({ net: '82.49', tax: '10.72', gross: '93.21', complete: true });
    expect(orderTotals([a, null], 'CNY')).toEqual({ net: '30.02', tax: '3.90', gross: '33.92', complete: false });
  });

  it('are zero in the currency’s places when empty', () => {
    expect(orderTotals([], 'CNY')).toEqual({ net: '0.00', tax: '0.00', gross: '0.00', complete: true });
    expect(orderTotals([], 'JPY')).toEqual({ net: '0', tax: '0', gross: '0', complete: true });
  });
});

describe('isPositive', () => {
  it('is true only above zero', () => {
    expect(isPositive('2')).toBe(true);
    expect(isPositive('0.001')).toBe(true);
    expect(isPositive('0')).toBe(false);
    expect(isPositive('-1')).toBe(false);
    expect(isPositive('')).toBe(false);
  });
});

describe('why a line has no preview', () => {
  const line = (o: Partial<{ quantity: string; unit_price: string; discount_pct: string; tax_rate_pct: string }>) => ({
    quantity: '2',
    unit_price: '10',
    discount_pct: '',
    tax_rate_pct: '13',
    ...o,
  });
  it('names the first field the backend would refuse', () => {
    expect(checkLineMoney(line({ quantity: '0' }), 'CNY')).toEqual({ refused: 'quantity' });
    expect(checkLineMoney(line({ quantity: 'abc' }), 'CNY')).toEqual({ refused: 'quantity' });
    expect(checkLineMoney(line({ unit_price: '1.234' }), 'CNY')).toEqual({ refused: 'unit_price' });
    expect(checkLineMoney(line({ unit_price: '1.5' }), 'JPY')).toEqual({ refused: 'unit_price' });
    expect(checkLineMoney(line({ discount_pct: '150' }), 'CNY')).toEqual({ refused: 'discount_pct' });
    expect(checkLineMoney(line({ tax_rate_pct: '-1' }), 'CNY')).toEqual({ refused: 'tax_rate_pct' });
  });
  it('reads quantities as people type them', () => {
    expect('refused' in checkLineMoney(line({ quantity: '１２' }), 'CNY')).toBe(false);
    expect('refused' in checkLineMoney(line({ quantity: '1,000', unit_price: '¥2.50' }), 'CNY')).toBe(false);
  });
});
