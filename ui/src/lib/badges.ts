// The navigation's badges (follow-ups due, complaints past their SLA, sync status): asked for
// when the data changed (the backend says so after a burst of writes, here or by sync:
// src-tauri/src/changes.rs) and once a minute, as complaints breach and follow-ups fall due
// with nobody changing anything; never on a change of view, so a section or a record opens
// with only its own queries in flight.
import { onDataChanged } from './ipc';
import { refreshFollowUpsDue } from './app.svelte';
import { refreshBreachedCount } from './service/state.svelte';
import { refreshSync } from './sync/state.svelte';

const EVERY_MINUTE = 60_000;

function refreshBadges(): void {
  void refreshFollowUpsDue();
  void refreshBreachedCount();
  void refreshSync();
}

/** Asks for the badges now, then as described above; returns the function that stops it. */
export function watchBadges(): () => void {
  refreshBadges();
  const unlisten = onDataChanged(refreshBadges).catch((err: unknown) => {
    console.warn('cannot follow data changes', err);
    return () => {};
  });
  const timer = setInterval(() => {
    void refreshBreachedCount();
    void refreshFollowUpsDue();
  }, EVERY_MINUTE);
  return () => {
    clearInterval(timer);
    void unlisten.then((stop) => stop());
  };
}
