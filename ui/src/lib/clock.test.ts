import { afterEach, describe, expect, it } from 'vitest';
import { now, nowDate, syncClock } from './clock';

afterEach(() => syncClock(new Date().toISOString()));

describe('the UI clock follows the store', () => {
  it('keeps the difference to the store clock', () => {
    const local = Date.now();
    syncClock(new Date(local + 30 * 3_600_000).toISOString(), local);
    expect(now() - Date.now()).toBeGreaterThan(30 * 3_600_000 - 1_000);
    expect(nowDate().getTime() - Date.now()).toBeLessThan(30 * 3_600_000 + 1_000);
  });

  it('takes a difference of the answer\'s latency for the same clock', () => {
    const local = Date.now();
    syncClock(new Date(local - 300).toISOString(), local);
    expect(Math.abs(now() - Date.now())).toBeLessThan(50);
  });

  it('ignores a time it cannot read', () => {
    syncClock('not a time');
    expect(Math.abs(now() - Date.now())).toBeLessThan(1_000);
  });
});
