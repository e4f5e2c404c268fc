import { describe, expect, it } from 'vitest';
import type { SlaDto } from '../bindings';
import { deadlineState, deadlineView, durationParts, formatDuration, slaText, slaView } from './sla';

const at = (s: string): number => new Date(s).getTime();
const HOUR = 3_600_000;

// High severity: first response 8 h, resolution 3 days after opening.
const OPENED = '2026-11-23T02:00:00.000Z';
const sla = (over: Partial<SlaDto> = {}): SlaDto => ({
  first_response_due: '2026-11-23T10:00:00.000Z',
  resolution_due: '2026-11-26T02:00:00.000Z',
  first_response: 'due',
  resolution: 'due',
  ...over,
});

describe('deadline state', () => {
  it('moves a due deadline on to breached once it has passed; met and missed are final', () => {
    const due = '2026-11-23T10:00:00.000Z';
    expect(deadlineState(due, 'due', at('2026-11-23T09:59:59Z'))).toBe('due');
    expect(deadlineState(due, 'due', at('2026-11-23T10:00:00Z'))).toBe('due');
    expect(deadlineState(due, 'due', at('2026-11-23T10:00:01Z'))).toBe('breached');
    expect(deadlineState(due, 'met', at('2026-12-01T00:00:00Z'))).toBe('met');
    expect(deadlineState(due, 'missed', at('2026-11-23T00:00:00Z'))).toBe('missed');
    expect(deadlineState(due, 'breached', at('2026-11-23T00:00:00Z'))).toBe('breached');
  });

  it('is at risk (amber) with under a quarter of the allowed time left', () => {
    const due = '2026-11-23T10:00:00.000Z'; // 8 h after opening: a quarter is 2 h
    expect(deadlineView(due, 'due', OPENED, at(due) - 2 * HOUR - 1000).state).toBe('due');
    expect(deadlineView(due, 'due', OPENED, at(due) - 2 * HOUR + 1000).state).toBe('at_risk');
    const v = deadlineView(due, 'due', OPENED, at(due) - 90 * 60_000);
    expect(v).toEqual({ state: 'at_risk', ms: 90 * 60_000, due });
    expect(deadlineView(due, 'due', OPENED, at(due) + 5 * 60_000)).toEqual({ state: 'breached', ms: 5 * 60_000, due });
    expect(deadlineView(due, 'met', OPENED, at(due) + HOUR)).toEqual({ state: 'met', ms: 0, due });
  });
});

describe('the list countdown', () => {
  it('counts down to the first response until it is done, then to resolution', () => {
    const now = at('2026-11-23T03:00:00Z');
    expect(slaView(sla(), OPENED, now)).toMatchObject({ state: 'due', target: 'first_response', ms: 7 * HOUR, firstLate: false });
    const answered = slaView(sla({ first_response: 'met' }), OPENED, now);
    expect(answered).toMatchObject({ state: 'due', target: 'resolution', ms: 71 * HOUR, firstLate: false });
  });

  it('shows a late first response as breached, and remembers it once answered late', () => {
    const now = at('2026-11-23T12:00:00Z');
    expect(slaView(sla(), OPENED, now)).toMatchObject({ state: 'breached', target: 'first_response', ms: 2 * HOUR, firstLate: true });
    expect(slaView(sla({ first_response: 'missed' }), OPENED, now)).toMatchObject({ state: 'due', target: 'resolution', firstLate: true });
  });

  it('shows met or missed once resolved, and nothing without an SLA', () => {
    const now = at('2026-12-01T00:00:00Z');
    expect(slaView(sla({ first_response: 'met', resolution: 'met' }), OPENED, now)).toMatchObject({ state: 'met', target: 'resolution' });
    expect(slaView(sla({ first_response: 'met', resolution: 'missed' }), OPENED, now)).toMatchObject({ state: 'missed' });
    expect(slaView(null, OPENED, now)).toMatchObject({ state: 'none', target: null });
  });

  it('does not depend on the local time zone (instants, not wall clocks)', () => {
    // Across a DST change: 24 real hours are 24 hours left, whatever the clock shows.
    const opened = '2026-03-29T00:30:00+01:00';
    const s = sla({ first_response_due: '2026-03-29T03:30:00.000Z', resolution_due: '2026-03-30T00:30:00+01:00' });
    const v = slaView({ ...s, first_response: 'met' }, opened, at(opened));
    expect(v.ms).toBe(24 * HOUR);
  });
});

describe('durations and countdown texts', () => {
  it('split into whole days, hours and minutes (rounded down)', () => {
    expect(durationParts(0)).toEqual({ days: 0, hours: 0, minutes: 0 });
    expect(durationParts(59_999)).toEqual({ days: 0, hours: 0, minutes: 0 });
    expect(durationParts(3 * HOUR + 12 * 60_000 + 59_000)).toEqual({ days: 0, hours: 3, minutes: 12 });
    expect(durationParts(50 * HOUR)).toEqual({ days: 2, hours: 2, minutes: 0 });
    expect(durationParts(-5)).toEqual({ days: 0, hours: 0, minutes: 0 });
  });

  it('read naturally in both languages', () => {
    expect(formatDuration(2 * 24 * HOUR + 5 * HOUR + 30 * 60_000, 'en')).toBe('2 d 5 h');
    expect(formatDuration(3 * 24 * HOUR, 'en')).toBe('3 d');
    expect(formatDuration(5 * HOUR + 12 * 60_000, 'en')).toBe('5 h 12 min');
    expect(formatDuration(8 * HOUR, 'en')).toBe('8 h');
    expect(formatDuration(12 * 60_000, 'en')).toBe('12 min');
    expect(formatDuration(30_000, 'en')).toBe('< 1 min');
    expect(formatDuration(5 * HOUR + 12 * 60_000, 'zh-CN')).toBe('5 小时 12 分');
    expect(formatDuration(3 * 24 * HOUR, 'zh-CN')).toBe('3 天');
  });

  it('say what is left, how late, or how it ended', () => {
    expect(slaText({ state: 'due', ms: 7 * HOUR }, 'en')).toBe('7 h left');
    expect(slaText({ state: 'at_risk', ms: 90 * 60_000 }, 'en')).toBe('1 h 30 min left');
    expect(slaText({ state: 'breached', ms: 2 * HOUR }, 'en')).toBe('Overdue by 2 h');
    expect(slaText({ state: 'breached', ms: 2 * HOUR }, 'zh-CN')).toBe('已超时 2 小时');
    expect(slaText({ state: 'met', ms: 0 }, 'en')).toBe('Met');
    expect(slaText({ state: 'missed', ms: 0 }, 'zh-CN')).toBe('超时完成');
    expect(slaText({ state: 'none', ms: 0 }, 'en')).toBe('');
  });
});
