import { afterEach, describe, expect, it } from 'vitest';
import type { FollowUp } from './bindings';
import { badgeCount, dueState, FOLLOW_UP_RANGES, followUpState, isFollowUpRange, todayString } from './followups';
import { restoreTimeZone, useTimeZone } from './tz.testing';

afterEach(restoreTimeZone);

describe('follow-up tabs', () => {
  it('are the ranges the backend understands, in tab order', () => {
    expect(FOLLOW_UP_RANGES).toEqual(['overdue', 'today', 'this_week', 'all_open']);
    expect(isFollowUpRange('this_week')).toBe(true);
    expect(isFollowUpRange('week')).toBe(false);
  });

  it('send today as the local date', () => {
    useTimeZone('Asia/Shanghai');
    expect(todayString(new Date('2026-11-23T16:30:00Z'))).toBe('2026-11-24');
    useTimeZone('America/Los_Angeles');
    expect(todayString(new Date('2026-11-23T06:30:00Z'))).toBe('2026-11-22');
  });
});

describe('due state', () => {
  it('compares with today', () => {
    expect(dueState('2026-11-22', '2026-11-23')).toBe('overdue');
    expect(dueState('2026-11-23', '2026-11-23')).toBe('today');
    expect(dueState('2026-12-01', '2026-11-23')).toBe('upcoming');
    expect(dueState('2025-12-31', '2026-01-01')).toBe('overdue');
  });

  it('knows done and missing follow-ups', () => {
    expect(followUpState({ follow_up_on: null, follow_up_done_at: null }, '2026-11-23')).toBe('none');
    expect(followUpState({ follow_up_on: '2026-11-20', follow_up_done_at: '2026-11-21T08:00:00Z' }, '2026-11-23')).toBe(
      'done',
    );
    expect(followUpState({ follow_up_on: '2026-11-20', follow_up_done_at: null }, '2026-11-23')).toBe('overdue');
  });

  it('counts the badge once per follow-up', () => {
    const f = (id: string): FollowUp => ({
      interaction: {
        id,
        customer_id: 'c',
        contact_id: null,
        contact_name: null,
        kind: 'call',
        occurred_at: '2026-11-20T01:00:00Z',
        summary: 's',
        outcome: '',
        fact: null,
        follow_up_on: '2026-11-23',
        follow_up_done_at: null,
      },
      customer_code: 'C-1',
      customer_name: 'n',
      due: '2026-11-23',
    });
    expect(badgeCount([f('a'), f('b')], [f('c')])).toBe(3);
    expect(badgeCount([f('a')], [f('a')])).toBe(1);
    expect(badgeCount([], [])).toBe(0);
  });
});
