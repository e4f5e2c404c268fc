// How the sync status reads in the navigation and Settings: one line and a tone, as message
// keys with their parameters (pure, so the wording is tested without a window).
import type { ErrorCode, SyncProgress, SyncStatus } from '../bindings';
import type { MessageKey, Params } from '../i18n';

export type Tone = 'ok' | 'busy' | 'warn' | 'error' | 'off';
export type Line = { key: MessageKey; params?: Params };

/** "Synced 5 min ago" and its kin, from the last sync's end to `now`. */
export function agoLine(lastAt: string, now: Date): Line {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(lastAt)) / 60_000));
  if (minutes < 1) return { key: 'sync.last_just_now' };
  if (minutes < 60) return { key: 'sync.last_minutes', params: { count: minutes } };
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return { key: 'sync.last_hours', params: { count: hours } };
  return { key: 'sync.last_days', params: { count: Math.floor(hours / 24) } };
}

/** The main status line and its tone. */
export function statusLine(s: SyncStatus | null, now: Date): { line: Line; tone: Tone } {
  if (!s || (!s.signed_in && s.server === null)) return { line: { key: 'sync.off' }, tone: 'off' };
  if (!s.signed_in) return { line: { key: 'sync.signed_out' }, tone: 'warn' };
  if (s.running) return { line: { key: 'sync.running' }, tone: 'busy' };
  if (s.last_error === 'offline') return { line: { key: 'sync.offline' }, tone: 'warn' };
  if (s.last_error !== null) return { line: { key: 'sync.failed' }, tone: 'error' };
  if (s.last_at === null) return { line: { key: 'sync.never' }, tone: 'busy' };
  return { line: agoLine(s.last_at, now), tone: 'ok' };
}

/** "3 changes waiting", or null when nothing waits. */
export function waitingLine(s: SyncStatus | null): Line | null {
  if (!s || !s.enabled) return null;
  if (s.first_push_pending) return { key: 'sync.first_push' };
  if (s.changes_waiting === 0) return null;
  return { key: s.changes_waiting === 1 ? 'sync.waiting_one' : 'sync.waiting', params: { count: s.changes_waiting } };
}

/** The error codes a sync or sign-in can answer, each with its own message (`error.<code>`). */
export const SYNC_ERRORS: readonly ErrorCode[] = ['offline', 'unauthorized', 'no_keychain', 'upgrade_required', 'clock_ahead', 'sign_in_expired', 'device_revoked'];

/** The running sync's progress: a fraction (0–1) when its total is known, and its line. */
export function progressLine(p: SyncProgress | null): { fraction: number | null; line: Line } | null {
  if (!p) return null;
  if (p.phase === 'pushing' || p.total === null || p.total <= 0) {
    return { fraction: null, line: { key: 'sync.progress_pushing', params: { count: p.done } } };
  }
  const fraction = Math.min(1, Math.max(0, p.done / p.total));
  const key: MessageKey = p.phase === 'snapshot' ? 'sync.progress_snapshot' : 'sync.progress_pulling';
  return { fraction, line: { key, params: { percent: Math.floor(fraction * 100) } } };
}
