// The sync status every view shares (the navigation's indicator and badge, Settings, the
// conflicts view): loaded at start, replaced by each answer and each background-sync event.
import type { SyncProgress, SyncStatus } from '../bindings';
import { onSyncProgress, onSyncStatus, syncStatus } from '../ipc';

/** `progress`: the running sync's last report, cleared when a status says none runs. */
export const syncState = $state({ status: null as SyncStatus | null, progress: null as SyncProgress | null });

/**
 * A new status; a sync that is not running has no progress. A status older than the one shown
 * is dropped: a command's answer can arrive after the background task's later event.
 */
export function setSyncStatus(s: SyncStatus): void {
  if (syncState.status && s.version < syncState.status.version) return;
  syncState.status = s;
  if (!s.running) syncState.progress = null;
}

export async function refreshSync(): Promise<void> {
  try {
    setSyncStatus(await syncStatus());
  } catch (err) {
    console.warn('sync_status failed', err);
  }
}

/** Follows the background task's events; returns the unsubscribe function. */
export async function watchSync(): Promise<() => void> {
  try {
    const stops = await Promise.all([
      onSyncStatus(setSyncStatus),
      onSyncProgress((p) => (syncState.progress = p)),
    ]);
    return () => stops.forEach((stop) => stop());
  } catch (err) {
    console.warn('cannot follow the sync status', err);
    return () => {};
  }
}
