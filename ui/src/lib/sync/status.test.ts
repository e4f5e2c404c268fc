import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../bindings';
import { translate } from '../i18n/core';
import { errorMessage } from '../i18n/core';
import { agoLine, progressLine, statusLine, SYNC_ERRORS, waitingLine } from './status';

const now = new Date('2026-12-06T12:00:00Z');

function status(over: Partial<SyncStatus> = {}): SyncStatus {
  return {
    enabled: true, signed_in: true, server: 'https://sync.example', device_name: 'Laptop', device_code: 'A1',
    last_at: '2026-12-06T11:55:00.000Z', last_error: null, changes_waiting: 0, first_push_pending: false,
    held: 0, open_conflicts: 0, running: false, offline: false, version: 1, ...over,
  };
}

describe('sync status', () => {
  it('says how long ago the last sync was', () => {
    expect(agoLine('2026-12-06T11:59:30Z', now)).toEqual({ key: 'sync.last_just_now' });
    expect(agoLine('2026-12-06T11:55:00Z', now)).toEqual({ key: 'sync.last_minutes', params: { count: 5 } });
    expect(agoLine('2026-12-06T09:00:00Z', now)).toEqual({ key: 'sync.last_hours', params: { count: 3 } });
    expect(agoLine('2026-12-03T12:00:00Z', now)).toEqual({ key: 'sync.last_days', params: { count: 3 } });
    expect(translate('en', 'sync.last_minutes', { count: 5 })).toBe('Synced 5 min ago');
  });

  it('reads off, signed out, running, offline, failed, never and synced', () => {
    expect(statusLine(null, now).tone).toBe('off');
    expect(statusLine(status({ signed_in: false, server: null, enabled: false }), now).line.key).toBe('sync.off');
    expect(statusLine(status({ signed_in: false }), now).line.key).toBe('sync.signed_out');
    expect(statusLine(status({ running: true }), now).line.key).toBe('sync.running');
    expect(statusLine(status({ last_error: 'offline', offline: true }), now)).toEqual({ line: { key: 'sync.offline' }, tone: 'warn' });
    expect(statusLine(status({ last_error: 'unauthorized' }), now).tone).toBe('error');
    expect(statusLine(status({ last_at: null }), now).line.key).toBe('sync.never');
    expect(statusLine(status(), now)).toEqual({ line: { key: 'sync.last_minutes', params: { count: 5 } }, tone: 'ok' });
  });

  it('counts the changes waiting', () => {
    expect(waitingLine(status())).toBeNull();
    expect(waitingLine(status({ changes_waiting: 1 }))).toEqual({ key: 'sync.waiting_one', params: { count: 1 } });
    expect(waitingLine(status({ changes_waiting: 7 }))).toEqual({ key: 'sync.waiting', params: { count: 7 } });
    expect(waitingLine(status({ first_push_pending: true }))?.key).toBe('sync.first_push');
    expect(translate('zh-CN', 'sync.waiting', { count: 7 })).toContain('7');
  });

  it('has its own message for every sync error in both languages', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const generic = errorMessage(locale, { code: 'internal', field: null });
      for (const code of SYNC_ERRORS) {
        const m = errorMessage(locale, { code, field: null });
        expect(m).not.toBe(generic);
        expect(m.length).toBeGreaterThan(10);
      }
    }
    expect(errorMessage('en', { code: 'no_keychain', field: null })).toContain('keychain');
  });

  it('shows the first sync as a share of the snapshot and the push as a count', () => {
    expect(progressLine(null)).toBeNull();
    expect(progressLine({ phase: 'pushing', done: 500, total: null })).toEqual({
      fraction: null,
      line: { key: 'sync.progress_pushing', params: { count: 500 } },
    });
    expect(progressLine({ phase: 'snapshot', done: 250, total: 1000 })).toEqual({
      fraction: 0.25,
      line: { key: 'sync.progress_snapshot', params: { percent: 25 } },
    });
    expect(progressLine({ phase: 'pulling', done: 7, total: 0 })?.fraction).toBeNull();
  });
});
