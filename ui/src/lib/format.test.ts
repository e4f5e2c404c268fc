import { describe, expect, it } from 'vitest';
import { afterEach } from 'vitest';
import { restoreTimeZone, useTimeZone } from './tz.testing';
import { formatDate, formatDateTime, formatDayAndTime, formatMoney, regionName } from './format';

// Intl output uses narrow/no-break spaces in some locales; compare with plain spaces.
const plain = (s: string): string => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMoney', () => {
  it('formats with the currency in the UI locale', () => {
    expect(formatMoney('12500', 'CNY', 'zh-CN')).toBe('¥12,500.00');
    expect(formatMoney('12500.5', 'USD', 'en')).toBe('$12,500.50');
    expect(plain(formatMoney('1000', 'EUR', 'en'))).toBe('€1,000.00');
    expect(formatMoney('1000', 'JPY', 'en')).toBe('¥1,000');
  });

  it('treats "" as zero', () => {
    expect(formatMoney('', 'CNY', 'zh-CN')).toBe('¥0.00');
  });

  it('never rounds away digits the backend sent, and never goes through floats', () => {
    expect(formatMoney('0.125', 'CNY', 'en')).toBe('CN¥0.125');
    // 2^53 + 1 is not representable as a double
    expect(formatMoney('9007199254740993.01', 'USD', 'en')).toBe('$9,007,199,254,740,993.01');
  });

  it('formats negative amounts', () => {
    expect(formatMoney('-5', 'USD', 'en')).toBe('-$5.00');
  });

  it('shows odd input as text instead of guessing', () => {
    expect(formatMoney('abc', 'CNY', 'en')).toBe('abc CNY');
    expect(formatMoney('12.5', '', 'en')).toBe('12.5');
    expect(formatMoney('12.5', 'XX', 'en')).toBe('12.5 XX');
  });
});

describe('formatDateTime', () => {
  it('formats RFC 3339 and passes junk through', () => {
    expect(formatDateTime('2026-01-31T10:20:30Z', 'en')).toMatch(/2026/);
    expect(formatDateTime('2026-01-31T10:20:30Z', 'zh-CN')).toMatch(/2026年/);
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
  });
});

describe('regionName', () => {
  it('names regions in the UI language', () => {
    expect(regionName('DE', 'en')).toBe('Germany');
    expect(regionName('DE', 'zh-CN')).toBe('德国');
  });
});

describe('formatDate', () => {
  it('formats a calendar date without shifting the day', () => {
    expect(formatDate('2026-11-23', 'en')).toBe('Nov 23, 2026');
    expect(formatDate('2026-11-23', 'zh-CN')).toBe('2026年11月23日');
    expect(formatDate('junk', 'en')).toBe('junk');
  });
});

describe('formatDayAndTime', () => {
  afterEach(restoreTimeZone);

  it('shows a UTC instant as its local day, in the style of formatDate, and its time', () => {
    useTimeZone('Asia/Shanghai');
    // 22:30 UTC is 06:30 the next day in Beijing.
    expect(formatDayAndTime('2026-11-23T22:30:00.000Z', 'zh-CN')).toEqual({ day: formatDate('2026-11-24', 'zh-CN'), time: '06:30' });
    useTimeZone('America/New_York');
    expect(formatDayAndTime('2026-11-23T02:00:00.000Z', 'en').day).toBe(formatDate('2026-11-22', 'en'));
  });

  it('leaves text that is not a time as it is', () => {
    expect(formatDayAndTime('soon', 'en')).toEqual({ day: 'soon', time: '' });
    expect(formatDayAndTime('', 'en')).toEqual({ day: '', time: '' });
  });
});
