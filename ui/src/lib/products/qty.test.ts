import { describe, expect, it } from 'vitest';
import { formatQty, formatSignedQty, milliToString, parseMilli, qtySign, subtractQty } from './qty';

describe('parseMilli', () => {
  it('reads plain decimals with up to three places', () => {
    expect(parseMilli('35')).toBe(35_000n);
    expect(parseMilli(' -2.5 ')).toBe(-2_500n);
    expect(parseMilli('0.125')).toBe(125n);
    expect(parseMilli('3.2500')).toBe(3_250n);
    expect(parseMilli('+4')).toBe(4_000n);
    expect(parseMilli('1000000000')).toBe(1_000_000_000_000n);
  });

  it('refuses anything else', () => {
    for (const bad of ['', ' ', 'abc', '1.', '.5', '1,5', '1.0001', '1e3', '--1', '1 0000']) {
      expect(parseMilli(bad), bad).toBeNull();
    }
  });
});

describe('milliToString', () => {
  it('writes the shortest decimal', () => {
    expect(milliToString(35_000n)).toBe('35');
    expect(milliToString(-2_500n)).toBe('-2.5');
    expect(milliToString(125n)).toBe('0.125');
    expect(milliToString(-5n)).toBe('-0.005');
    expect(milliToString(0n)).toBe('0');
  });
});

describe('subtractQty and qtySign', () => {
  it('subtracts exactly', () => {
    expect(subtractQty('0.3', '0.1')).toBe('0.2');
    expect(subtractQty('30', '35')).toBe('-5');
    expect(subtractQty('x', '1')).toBeNull();
  });

  it('gives the sign', () => {
    expect(qtySign('-0.001')).toBe(-1);
    expect(qtySign('0.000')).toBe(0);
    expect(qtySign('12')).toBe(1);
    expect(qtySign(null)).toBe(0);
    expect(qtySign('n/a')).toBe(0);
  });
});

describe('formatQty', () => {
  it('groups digits and keeps the places the value has', () => {
    expect(formatQty('38', 'en')).toBe('38');
    expect(formatQty('1250.5', 'en')).toBe('1,250.5');
    expect(formatQty('1250.5', 'zh-CN')).toBe('1,250.5');
    expect(formatQty('-3', 'en')).toBe('-3');
    expect(formatQty('0.125', 'en')).toBe('0.125');
  });

  it('shows unreadable values as they are', () => {
    expect(formatQty('n/a', 'en')).toBe('n/a');
  });

  it('signs changes', () => {
    expect(formatSignedQty('40', 'en')).toBe('+40');
    expect(formatSignedQty('-5', 'en')).toBe('-5');
    expect(formatSignedQty('0', 'en')).toBe('0');
    expect(formatSignedQty('1200', 'zh-CN')).toBe('+1,200');
  });
});
