// SLA countdowns. The backend fixes a complaint's first-response and resolution due times when it
// is opened (UTC instants) and reports each deadline's state at the time of the request: due,
// breached, met or missed. Between requests the clock moves on, so the list and the page work
// the state out again from the due time and the current instant (a "due" deadline that has
// passed is breached; met and missed are final), and show the time left or the time overdue.
import type { SlaDto } from '../bindings';
import { translate, type Locale } from '../i18n/core';

export type DeadlineState = 'due' | 'breached' | 'met' | 'missed';
/** As shown: a due deadline with less than a quarter of its time left is at risk (amber). */
export type SlaShownState = 'due' | 'at_risk' | 'breached' | 'met' | 'missed' | 'none';
export type SlaTarget = 'first_response' | 'resolution';

/** Below this share of the allowed time left, a due deadline is at risk. */
export const AT_RISK_SHARE = 0.25;

export type DeadlineView = {
  state: SlaShownState;
  /** Milliseconds left (due, at risk) or overdue (breached); 0 once done. */
  ms: number;
  /** RFC 3339 due time. */
  due: string;
};

export type SlaView = DeadlineView & {
  /** Which deadline the countdown is about: the first response until it is done, then resolution. */
  target: SlaTarget | null;
  /** The first response was (or is) late while resolution is still to come. */
  firstLate: boolean;
};

const time = (rfc3339: string): number => new Date(rfc3339).getTime();

/** A deadline's state now: the backend's, moved on to "breached" once a due deadline has passed. */
export function deadlineState(due: string, reported: string, now: number): DeadlineState {
  if (reported === 'met' || reported === 'missed' || reported === 'breached') return reported;
  const d = time(due);
  return Number.isFinite(d) && now > d ? 'breached' : 'due';
}

/** One deadline as shown: state (with "at risk") and the time left or overdue. */
export function deadlineView(due: string, reported: string, openedAt: string, now: number): DeadlineView {
  const state = deadlineState(due, reported, now);
  const d = time(due);
  if (state === 'met' || state === 'missed') return { state, ms: 0, due };
  if (state === 'breached') return { state, ms: Number.isFinite(d) ? Math.max(0, now - d) : 0, due };
  const left = Math.max(0, d - now);
  const span = d - time(openedAt);
  const atRisk = Number.isFinite(span) && span > 0 && left < span * AT_RISK_SHARE;
  return { state: atRisk ? 'at_risk' : 'due', ms: left, due };
}

/** The countdown a list row shows: the first response while it is pending, then resolution. */
export function slaView(sla: SlaDto | null, openedAt: string, now: number): SlaView {
  if (sla === null) return { state: 'none', ms: 0, due: '', target: null, firstLate: false };
  const first = deadlineView(sla.first_response_due, sla.first_response, openedAt, now);
  if (first.state === 'due' || first.state === 'at_risk' || first.state === 'breached') {
    return { ...first, target: 'first_response', firstLate: first.state === 'breached' };
  }
  const resolution = deadlineView(sla.resolution_due, sla.resolution, openedAt, now);
  return { ...resolution, target: 'resolution', firstLate: first.state === 'missed' };
}

/** Whole days, hours and minutes in a duration (rounded down to the minute). */
export function durationParts(ms: number): { days: number; hours: number; minutes: number } {
  const total = Math.floor(Math.max(0, ms) / 60_000);
  return { days: Math.floor(total / 1440), hours: Math.floor((total % 1440) / 60), minutes: total % 60 };
}

/** "2 d 5 h", "5 h 12 min", "12 min", "< 1 min" (days drop the minutes, as a countdown reads). */
export function formatDuration(ms: number, locale: Locale): string {
  const { days, hours, minutes } = durationParts(ms);
  if (days > 0) return translate(locale, hours > 0 ? 'sla.duration.days_hours' : 'sla.duration.days', { days, hours });
  if (hours > 0) return translate(locale, minutes > 0 ? 'sla.duration.hours_minutes' : 'sla.duration.hours', { hours, minutes });
  if (minutes > 0) return translate(locale, 'sla.duration.minutes', { minutes });
  return translate(locale, 'sla.duration.under_minute');
}

/** The countdown text: "3 h 12 min left", "Overdue by 2 h", "Met", "Missed", or "" without an SLA. */
export function slaText(view: Pick<DeadlineView, 'state' | 'ms'>, locale: Locale): string {
  switch (view.state) {
    case 'due':
    case 'at_risk':
      return translate(locale, 'sla.left', { time: formatDuration(view.ms, locale) });
    case 'breached':
      return translate(locale, 'sla.overdue', { time: formatDuration(view.ms, locale) });
    case 'met':
      return translate(locale, 'sla.state.met');
    case 'missed':
      return translate(locale, 'sla.state.missed');
    case 'none':
      return '';
  }
}
