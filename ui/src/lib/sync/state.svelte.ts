// The sync status every view shares (the navigation's indicator and badge, Settings, the
// conflicts view): loaded at start, replaced by each answer and each background-sync event.
import type { SyncStatus } from '../bindings';
import { onSyncStatus, syncStatus } from '../ipc';

export const syncState = $state({ status: null as SyncStatus | null });

export async function refreshSync(): Promise<void> {
  try {
    syncState.status = await syncStatus();
  } catch (err) {
    console.warn('sync_status failed', err);
  }
}

/** Follows the background task's events; returns the unsubscribe function. */
export async function watchSync(): Promise<() => void> {
  try {
    return await onSyncStatus((s) => (syncState.status = s));
  } catch (err) {
    console.warn('cannot follow the sync status', err);
    return () => {};
  }
}
