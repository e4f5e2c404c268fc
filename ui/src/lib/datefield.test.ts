import { describe, expect, it } from 'vitest';
import {
  addMonths,
  clampDay,
  daysInMonth,
  monthGrid,
  monthTitle,
  moveByKey,
  problemOf,
  readDate,
  readDateTime,
  showValue,
  weekdayNames,
} from './datefield';
import { translate } from './i18n/core';

const ok = (value: string) => ({ kind: 'ok', value });

describe('readDate', () => {
  it('reads the ways people write a date in Chinese', () => {
    for (const text of ['2026-12-07', '2026/12/7', '2026.12.7', '20261207', '2026年12月7日', '2026年12月7', ' 2026 年 12 月 7 日 '])
      expect(readDate(text, 'zh-CN'), text).toEqual(ok('2026-12-07'));
  });

  it('reads full-width digits and separators as an input method types them', () => {
    expect(readDate('２０２６－１２－０７', 'zh-CN')).toEqual(ok('2026-12-07'));
    expect(readDate('２０２６年１２月７日', 'zh-CN')).toEqual(ok('2026-12-07'));
    expect(readDate('２０２６／１２／７', 'zh-CN')).toEqual(ok('2026-12-07'));
  });

  it('reads the English order and month names in English only', () => {
    for (const text of ['12/7/2026', '12/07/2026', 'Dec 7, 2026', 'December 7 2026', 'dec. 7th, 2026', '7 Dec 2026', 'Sept 1, 2026'])
      expect(readDate(text, 'en'), text).toEqual(ok(text.startsWith('Sept') ? '2026-09-01' : '2026-12-07'));
    expect(readDate('2026-12-07', 'en')).toEqual(ok('2026-12-07'));
    // A Chinese reader never means month/day/year.
    expect(readDate('12/7/2026', 'zh-CN')).toEqual({ kind: 'unreadable' });
    expect(readDate('Dec 7, 2026', 'zh-CN')).toEqual({ kind: 'unreadable' });
  });

  it('knows leap years', () => {
    expect(readDate('2024-02-29', 'zh-CN')).toEqual(ok('2024-02-29'));
    expect(readDate('2000-02-29', 'zh-CN')).toEqual(ok('2000-02-29'));
    expect(readDate('2026-02-29', 'zh-CN')).toEqual({ kind: 'no_such_day', year: 2026, month: 2, days: 28 });
    expect(readDate('1900-02-29', 'zh-CN')).toEqual({ kind: 'no_such_day', year: 1900, month: 2, days: 28 });
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2026, 4)).toBe(30);
  });

  it('says why a text is not a date', () => {
    expect(readDate('', 'zh-CN')).toEqual({ kind: 'empty' });
    expect(readDate('   ', 'en')).toEqual({ kind: 'empty' });
    expect(readDate('2026-02-30', 'zh-CN')).toEqual({ kind: 'no_such_day', year: 2026, month: 2, days: 28 });
    expect(readDate('2026-13-01', 'en')).toEqual({ kind: 'no_such_month', month: 13 });
    expect(readDate('2026-00-10', 'en')).toEqual({ kind: 'no_such_month', month: 0 });
    for (const text of ['tomorrow', '2026-12', '26-12-07', '2026-12-00', '0999-01-01', 'Decx 7, 2026', '2026-12-07x', '202612071'])
      expect(readDate(text, 'en'), text).toEqual({ kind: 'unreadable' });
  });
});

describe('readDateTime', () => {
  it('reads a date with a 24-hour or 12-hour time', () => {
    expect(readDateTime('2026-12-07 14:30', 'zh-CN')).toEqual(ok('2026-12-07T14:30'));
    expect(readDateTime('2026-12-07T09:05', 'zh-CN')).toEqual(ok('2026-12-07T09:05'));
    expect(readDateTime('2026年12月7日14:30', 'zh-CN')).toEqual(ok('2026-12-07T14:30'));
    expect(readDateTime('2026年12月7日 下午2:30', 'zh-CN')).toEqual(ok('2026-12-07T14:30'));
    expect(readDateTime('２０２６－１２－０７　１４：３０', 'zh-CN')).toEqual(ok('2026-12-07T14:30'));
    expect(readDateTime('Dec 7, 2026, 2:30 PM', 'en')).toEqual(ok('2026-12-07T14:30'));
    expect(readDateTime('12/7/2026 12:15 am', 'en')).toEqual(ok('2026-12-07T00:15'));
    expect(readDateTime('12/7/2026 12:15 p.m.', 'en')).toEqual(ok('2026-12-07T12:15'));
    // Intl's English time puts a narrow no-break space before "PM".
    expect(readDateTime('Dec 7, 2026, 2:30\u202FPM', 'en')).toEqual(ok('2026-12-07T14:30'));
  });

  it('refuses a missing or impossible time, and passes on the date problem', () => {
    expect(readDateTime('2026-12-07', 'zh-CN')).toEqual({ kind: 'no_time' });
    expect(readDateTime('2026-12-07 24:00', 'zh-CN')).toEqual({ kind: 'bad_time' });
    expect(readDateTime('2026-12-07 13:00 PM', 'en')).toEqual({ kind: 'bad_time' });
    expect(readDateTime('2026-12-07 10:60', 'en')).toEqual({ kind: 'bad_time' });
    expect(readDateTime('2026-02-30 10:00', 'zh-CN')).toEqual({ kind: 'no_such_day', year: 2026, month: 2, days: 28 });
    expect(readDateTime('14:30', 'zh-CN')).toEqual({ kind: 'unreadable' });
    expect(readDateTime('', 'zh-CN')).toEqual({ kind: 'empty' });
  });
});

describe('showValue', () => {
  it('shows the app date style of each language, and reads back what it shows', () => {
    expect(showValue('2026-12-07', 'zh-CN')).toBe('2026年12月7日');
    expect(showValue('2026-12-07', 'en')).toBe('Dec 7, 2026');
    expect(showValue('2026-12-07T14:30', 'zh-CN')).toBe('2026年12月7日 14:30');
    expect(showValue('2026-12-07T00:05', 'en')).toBe('Dec 7, 2026, 12:05 AM');
    for (const locale of ['zh-CN', 'en'] as const) {
      expect(readDate(showValue('2024-02-29', locale), locale)).toEqual(ok('2024-02-29'));
      expect(readDateTime(showValue('2026-12-07T14:30', locale), locale)).toEqual(ok('2026-12-07T14:30'));
      expect(readDateTime(showValue('2026-12-07T12:00', locale), locale)).toEqual(ok('2026-12-07T12:00'));
    }
  });

  it('shows what is not a date as it is', () => {
    expect(showValue('', 'zh-CN')).toBe('');
    expect(showValue('2026-02-3', 'zh-CN')).toBe('2026-02-3');
  });
});

describe('problemOf', () => {
  const say = (text: string, locale: 'zh-CN' | 'en', min?: string, max?: string) => {
    const p = problemOf(readDate(text, locale), locale, min, max);
    return p ? translate(locale, p.key, p.params) : null;
  };

  it('words an impossible date in the UI language', () => {
    expect(say('2026-02-30', 'zh-CN')).toBe('2026年2月只有 28 天。');
    expect(say('2026-02-30', 'en')).toBe('February 2026 has only 28 days.');
    expect(say('2026-13-01', 'en')).toBe('There is no month 13: a year has 12.');
    expect(say('soon', 'zh-CN')).toBe('请输入日期，如 2026-12-07、2026/12/7 或 2026年12月7日。');
  });

  it('checks min and max, and says nothing of a good or empty date', () => {
    expect(say('2026-12-01', 'zh-CN', '2026-12-05')).toBe('请选择 2026年12月5日 或之后的日期。');
    expect(say('2026-12-09', 'en', undefined, '2026-12-08')).toBe('Choose Dec 8, 2026 or earlier.');
    expect(say('2026-12-05', 'en', '2026-12-05', '2026-12-05')).toBeNull();
    expect(say('', 'en', '2026-12-05')).toBeNull();
  });
});

describe('the calendar', () => {
  it('starts weeks on Monday in Chinese and Sunday in English', () => {
    expect(weekdayNames('zh-CN').map((d) => d.short)).toEqual(['一', '二', '三', '四', '五', '六', '日']);
    expect(weekdayNames('zh-CN')[0]?.long).toBe('星期一');
    expect(weekdayNames('en').map((d) => d.short)).toEqual(['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']);
    // December 2026 begins on a Tuesday.
    const zh = monthGrid(2026, 12, 'zh-CN');
    expect(zh[0]).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect(zh.at(-1)?.at(-1)).toBe('2027-01-03');
    const en = monthGrid(2026, 12, 'en');
    expect(en[0]?.[0]).toBe('2026-11-29');
    expect(en.flat()).toContain('2026-12-31');
    // February 2026 on Sunday-first weeks is exactly four rows.
    expect(monthGrid(2026, 2, 'en')).toHaveLength(4);
  });

  it('titles months in the UI language', () => {
    expect(monthTitle(2026, 12, 'zh-CN')).toBe('2026年12月');
    expect(monthTitle(2026, 12, 'en')).toBe('December 2026');
  });

  it('moves the active day by key, within min and max', () => {
    expect(moveByKey('2026-12-31', 'ArrowRight', false, 'zh-CN')).toBe('2027-01-01');
    expect(moveByKey('2026-03-01', 'ArrowLeft', false, 'zh-CN')).toBe('2026-02-28');
    expect(moveByKey('2026-12-07', 'ArrowDown', false, 'zh-CN')).toBe('2026-12-14');
    expect(moveByKey('2026-12-07', 'ArrowUp', false, 'zh-CN')).toBe('2026-11-30');
    expect(moveByKey('2026-01-31', 'PageDown', false, 'zh-CN')).toBe('2026-02-28');
    expect(moveByKey('2024-02-29', 'PageUp', true, 'zh-CN')).toBe('2023-02-28');
    expect(moveByKey('2026-12-09', 'Home', false, 'zh-CN')).toBe('2026-12-07');
    expect(moveByKey('2026-12-09', 'Home', false, 'en')).toBe('2026-12-06');
    expect(moveByKey('2026-12-09', 'End', false, 'zh-CN')).toBe('2026-12-13');
    expect(moveByKey('2026-12-07', 'ArrowLeft', false, 'en', '2026-12-07')).toBe('2026-12-07');
    expect(moveByKey('2026-12-07', 'PageDown', false, 'en', null, '2026-12-20')).toBe('2026-12-20');
    expect(moveByKey('2026-12-07', 'Enter', false, 'en')).toBeNull();
  });

  it('adds months across years and clamps days', () => {
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(clampDay('2026-12-01', '2026-12-05', '')).toBe('2026-12-05');
    expect(clampDay('2026-12-01T10:00', null, null)).toBe('2026-12-01T10:00');
  });
});
