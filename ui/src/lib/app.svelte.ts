// App-wide data several views share: settings from app_info, the saved segments (listed in the
// nav), the follow-up badge and the filter choices. Views call the refresh functions after they
// change something these depend on.
import type { AppInfo, FilterOptions, Segment } from './bindings';
import { customerFilterOptions, followUps, segmentList } from './ipc';
import { badgeCount, todayString } from './followups';

export const shared = $state({
  info: null as AppInfo | null,
  segments: [] as Segment[],
  followUpsDue: 0,
  filterOptions: { tags: [], owners: [], countries: [], provinces: [] } as FilterOptions,
});

export function homeCountry(): string {
  return shared.info?.home_country ?? '';
}

export async function refreshSegments(): Promise<void> {
  try {
    shared.segments = await segmentList();
  } catch (err) {
    console.warn('segment_list failed', err);
  }
}

export async function refreshFollowUpsDue(): Promise<void> {
  try {
    const today = todayString();
    const [overdue, dueToday] = await Promise.all([followUps('overdue', today), followUps('today', today)]);
    shared.followUpsDue = badgeCount(overdue, dueToday);
  } catch (err) {
    console.warn('follow_ups failed', err);
  }
}

export async function refreshFilterOptions(): Promise<void> {
  try {
    shared.filterOptions = await customerFilterOptions();
  } catch (err) {
    console.warn('customer_filter_options failed', err);
  }
}

/** After a customer was created, changed or deleted: counts, choices and due follow-ups may differ. */
export function customersChanged(): void {
  void refreshSegments();
  void refreshFilterOptions();
  void refreshFollowUpsDue();
}
