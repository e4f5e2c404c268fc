import { describe, expect, it } from 'vitest';
import {
  canRateResolution,
  complaintActions,
  COMPLAINT_ACTIONS,
  COMPLAINT_STATUSES,
  complaintStatusTone,
  isOpenStatus,
  nextStatus,
  primaryAction,
  severityTone,
} from './status';

describe('complaint actions per status', () => {
  it('follow the state machine in core (every status × action)', () => {
    // The table from chainbook-core's every_transition_is_allowed_or_refused.
    const expected: Record<string, Record<string, string | null>> = {
      new: { acknowledge: 'acknowledged', investigate: 'investigating', resolve: 'resolved', close: null, reopen: null },
      acknowledged: { acknowledge: null, investigate: 'investigating', resolve: 'resolved', close: null, reopen: null },
      investigating: { acknowledge: null, investigate: null, resolve: 'resolved', close: null, reopen: null },
      resolved: { acknowledge: null, investigate: null, resolve: null, close: 'closed', reopen: 'investigating' },
      closed: { acknowledge: null, investigate: null, resolve: null, close: null, reopen: 'investigating' },
    };
    for (const s of COMPLAINT_STATUSES) {
      for (const a of COMPLAINT_ACTIONS) {
        expect({ s, a, next: nextStatus(s, a) }).toEqual({ s, a, next: expected[s]?.[a] ?? null });
      }
    }
  });

  it('offer the allowed actions in button order', () => {
    expect(complaintActions('new')).toEqual(['acknowledge', 'investigate', 'resolve']);
    expect(complaintActions('acknowledged')).toEqual(['investigate', 'resolve']);
    expect(complaintActions('investigating')).toEqual(['resolve']);
    expect(complaintActions('resolved')).toEqual(['close', 'reopen']);
    expect(complaintActions('closed')).toEqual(['reopen']);
    expect(complaintActions('archived')).toEqual([]);
  });

  it('never offer closing before resolving', () => {
    for (const s of ['new', 'acknowledged', 'investigating']) expect(complaintActions(s)).not.toContain('close');
  });

  it('make the next step forward the primary one', () => {
    expect(primaryAction('new')).toBe('acknowledge');
    expect(primaryAction('acknowledged')).toBe('investigate');
    expect(primaryAction('investigating')).toBe('resolve');
    expect(primaryAction('resolved')).toBe('close');
    expect(primaryAction('closed')).toBeNull();
    for (const s of COMPLAINT_STATUSES) {
      const p = primaryAction(s);
      if (p) expect(complaintActions(s)).toContain(p);
    }
  });

  it('rate a resolution once resolved, and count open statuses', () => {
    expect(COMPLAINT_STATUSES.filter(canRateResolution)).toEqual(['resolved', 'closed']);
    expect(COMPLAINT_STATUSES.filter(isOpenStatus)).toEqual(['new', 'acknowledged', 'investigating']);
  });

  it('colour statuses and severities', () => {
    expect(complaintStatusTone('new')).toBe('warning');
    expect(complaintStatusTone('closed')).toBe('success');
    expect(complaintStatusTone('odd')).toBe('neutral');
    expect(severityTone('critical')).toBe('danger');
    expect(severityTone('high')).toBe('danger');
    expect(severityTone('medium')).toBe('warning');
    expect(severityTone(null)).toBe('neutral');
  });
});
