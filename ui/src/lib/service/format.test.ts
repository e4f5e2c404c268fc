import { afterEach, describe, expect, it } from 'vitest';
import { restoreTimeZone, useTimeZone } from '../tz.testing';
import { shortDate, shortDateTime } from './format';

describe('compact local times', () => {
  afterEach(restoreTimeZone);

  it('show UTC instants in the local time zone', () => {
    useTimeZone('Asia/Shanghai');
    // 22:30 UTC is 06:30 the next day in Beijing.
    expect(shortDateTime('2026-11-23T22:30:00.000Z', 'zh-CN')).toBe('2026/11/24 06:30');
    expect(shortDate('2026-11-23T22:30:00.000Z', 'zh-CN')).toBe('2026/11/24');
    useTimeZone('America/New_York');
    expect(shortDate('2026-11-23T02:00:00.000Z', 'en')).toBe('11/22/26');
  });

  it('leave text that is not a time as it is', () => {
    expect(shortDateTime('soon', 'en')).toBe('soon');
    expect(shortDate('', 'en')).toBe('');
  });
});
