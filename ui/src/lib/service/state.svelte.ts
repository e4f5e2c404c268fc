// Customer-service state that outlives its views: the navigation badge (open complaints past
// their SLA) and the list's filters and page (coming back from a complaint keeps them).
import { complaintList } from '../ipc';
import { breachedOpenQuery, emptyFilters, type ComplaintFilters } from './query';

export const serviceBadge = $state({ breached: 0 });

export async function refreshBreachedCount(): Promise<void> {
  try {
    serviceBadge.breached = (await complaintList(breachedOpenQuery())).total;
  } catch (err) {
    console.warn('complaint_list (breached) failed', err);
  }
}

export const complaintListState = $state<{ filters: ComplaintFilters; page: number }>({ filters: emptyFilters(), page: 0 });
