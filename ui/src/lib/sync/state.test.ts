import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../bindings';
import { setSyncStatus, syncState } from './state.svelte';

function status(version: number, running: boolean): SyncStatus {
  return {
    enabled: true, signed_in: true, server: 'https://sync.example', device_name: 'Laptop', device_code: 'A1',
    last_at: null, last_error: null, changes_waiting: 0, first_push_pending: false,
    held: 0, open_conflicts: 0, running, offline: false, version,
  };
}

describe('the shared sync status', () => {
  it('keeps the newest status when an older answer arrives after a later event', () => {
    syncState.progress = { phase: 'pushing', done: 3, total: null };
    setSyncStatus(status(4, true));
    expect(syncState.progress).not.toBeNull();
    setSyncStatus(status(5, false));
    expect(syncState.status?.running).toBe(false);
    expect(syncState.progress).toBeNull();
    setSyncStatus(status(4, true));
    expect(syncState.status?.running).toBe(false);
    setSyncStatus({ ...status(5, false), changes_waiting: 2 });
    expect(syncState.status?.changes_waiting).toBe(2);
  });
});
