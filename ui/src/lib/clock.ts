// The UI's clock: the backend store's clock, not the WebView's. At start the app learns the
// store's time (AppInfo.now) and keeps the difference, so SLA countdowns, "today" and default
// times agree with what the backend decides (breached, late) even when the store runs on
// another clock (the end-to-end suite moves it ahead to let an SLA run out).

let offsetMs = 0;

/**
 * A difference below this is the time the answer took, not another clock: the store runs in
 * this process's machine, on its clock unless it was moved on purpose (by minutes or more).
 */
const SAME_CLOCK_MS = 2_000;

/** Sets the clock from the store's time `storeNow` (RFC 3339), read at `localNow`. */
export function syncClock(storeNow: string, localNow: number = Date.now()): void {
  const t = new Date(storeNow).getTime();
  const d = Number.isFinite(t) ? t - localNow : 0;
  offsetMs = Math.abs(d) < SAME_CLOCK_MS ? 0 : d;
}

/** Now, in milliseconds since the epoch, by the store's clock. */
export function now(): number {
  return Date.now() + offsetMs;
}

/** Now as a Date, by the store's clock. */
export function nowDate(): Date {
  return new Date(now());
}
