// The follow-ups view: its tabs (the backend's ranges) and how a due date compares with today.
import type { FollowUp, Interaction } from './bindings';
import { nowDate } from './clock';
import { localDate } from './datetime';

/** The ranges `follow_ups` understands, in tab order. */
export const FOLLOW_UP_RANGES = ['overdue', 'today', 'this_week', 'all_open'] as const;
export type FollowUpRange = (typeof FOLLOW_UP_RANGES)[number];

export function isFollowUpRange(value: string): value is FollowUpRange {
  return (FOLLOW_UP_RANGES as readonly string[]).includes(value);
}

/** Today as the backend wants it: the user's local date, "YYYY-MM-DD". */
export function todayString(now: Date = nowDate()): string {
  return localDate(now);
}

export type DueState = 'overdue' | 'today' | 'upcoming';

/** "YYYY-MM-DD" strings compare correctly as text. */
export function dueState(due: string, today: string): DueState {
  if (due < today) return 'overdue';
  if (due === today) return 'today';
  return 'upcoming';
}

/** An interaction's follow-up as the timeline shows it. */
export type FollowUpState = 'none' | 'done' | DueState;

export function followUpState(i: Pick<Interaction, 'follow_up_on' | 'follow_up_done_at'>, today: string): FollowUpState {
  if (i.follow_up_on === null) return 'none';
  if (i.follow_up_done_at !== null) return 'done';
  return dueState(i.follow_up_on, today);
}

/** The nav badge: open follow-ups due today or earlier (each counted once). */
export function badgeCount(overdue: readonly FollowUp[], today: readonly FollowUp[]): number {
  return new Set([...overdue, ...today].map((f) => f.interaction.id)).size;
}
