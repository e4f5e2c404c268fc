import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addDays,
  formatOffset,
  isYmd,
  localDate,
  localInputToRfc3339,
  parseLocalDatetime,
  toDatetimeLocalValue,
  toRfc3339Local,
} from './datetime';
import { restoreTimeZone, useTimeZone } from './tz.testing';

afterEach(restoreTimeZone);

describe('RFC 3339 with the local offset', () => {
  it('writes the wall-clock time at the given offset', () => {
    const instant = new Date('2026-11-23T01:30:00Z');
    expect(toRfc3339Local(instant, 480)).toBe('2026-11-23T09:30:00+08:00');
    expect(toRfc3339Local(instant, -330)).toBe('2026-11-22T20:00:00-05:30');
    expect(toRfc3339Local(instant, 0)).toBe('2026-11-23T01:30:00+00:00');
    expect(toRfc3339Local(new Date('2026-11-23T01:30:45.999Z'), 345)).toBe('2026-11-23T07:15:45+05:45');
  });

  it('formats offsets', () => {
    expect(formatOffset(480)).toBe('+08:00');
    expect(formatOffset(-300)).toBe('-05:00');
    expect(formatOffset(-30)).toBe('-00:30');
    expect(formatOffset(0)).toBe('+00:00');
  });

  describe('in Asia/Shanghai', () => {
    beforeEach(() => useTimeZone('Asia/Shanghai'));

    it('uses the device offset by default', () => {
      expect(toRfc3339Local(new Date('2026-11-23T01:30:00Z'))).toBe('2026-11-23T09:30:00+08:00');
    });

    it('turns a datetime-local value into RFC 3339 with +08:00', () => {
      expect(localInputToRfc3339('2026-11-23T09:30')).toBe('2026-11-23T09:30:00+08:00');
      expect(localInputToRfc3339('2026-11-23 09:30:15')).toBe('2026-11-23T09:30:15+08:00');
    });

    it('gives the local date, not the UTC one', () => {
      // 16:30 UTC is already the next day in Shanghai
      expect(localDate(new Date('2026-11-23T16:30:00Z'))).toBe('2026-11-24');
      expect(toDatetimeLocalValue(new Date('2026-11-23T16:30:00Z'))).toBe('2026-11-24T00:30');
    });
  });

  describe('in America/New_York', () => {
    beforeEach(() => useTimeZone('America/New_York'));

    it('follows daylight saving time', () => {
      expect(localInputToRfc3339('2026-07-01T09:30')).toBe('2026-07-01T09:30:00-04:00');
      expect(localInputToRfc3339('2026-01-15T09:30')).toBe('2026-01-15T09:30:00-05:00');
    });
  });
});

describe('parseLocalDatetime', () => {
  it('rejects anything that is not a real local date and time', () => {
    expect(parseLocalDatetime('')).toBeNull();
    expect(parseLocalDatetime('2026-11-23')).toBeNull();
    expect(parseLocalDatetime('2026-02-30T10:00')).toBeNull();
    expect(parseLocalDatetime('2026-11-23T24:00')).toBeNull();
    expect(parseLocalDatetime('2026-11-23T09:60')).toBeNull();
    expect(parseLocalDatetime('23/11/2026 09:30')).toBeNull();
    expect(localInputToRfc3339('tomorrow')).toBeNull();
  });
});

describe('calendar dates', () => {
  it('add days across months, years and leap days', () => {
    expect(addDays('2026-11-23', 1)).toBe('2026-11-24');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('junk', 1)).toBe('junk');
  });

  it('check YYYY-MM-DD', () => {
    expect(isYmd('2026-11-23')).toBe(true);
    expect(isYmd('2028-02-29')).toBe(true);
    expect(isYmd('2026-02-29')).toBe(false);
    expect(isYmd('2026-13-01')).toBe(false);
    expect(isYmd('2026-1-1')).toBe(false);
    expect(isYmd('')).toBe(false);
  });
});
