// The complaint list's filters and the query they make.
import type { ComplaintListQuery } from '../bindings';
import { isFeedbackCategory, isFeedbackKind, isSeverity } from './choices';
import type { PickedCustomer, PickedSupplier } from './form';
import { isComplaintStatus } from './status';

export const PAGE_SIZE = 50;

export type ComplaintFilters = {
  kind: string;
  /** "", "open" (new, acknowledged or investigating) or one status. */
  status: string;
  severity: string;
  category: string;
  customer: PickedCustomer | null;
  assignee: string;
  supplier: PickedSupplier | null;
  breached: boolean;
};

export function emptyFilters(): ComplaintFilters {
  return { kind: '', status: '', severity: '', category: '', customer: null, assignee: '', supplier: null, breached: false };
}

/** The overdue list: open complaints whose SLA is breached (the navigation's one-click entry). */
export function overdueFilters(): ComplaintFilters {
  return { ...emptyFilters(), status: 'open', breached: true };
}

/** How many filters are set (for "clear filters"). */
export function activeFilterCount(f: ComplaintFilters): number {
  return [
    f.kind !== '',
    f.status !== '',
    f.severity !== '',
    f.category !== '',
    f.customer !== null,
    f.assignee.trim() !== '',
    f.supplier !== null,
    f.breached,
  ].filter(Boolean).length;
}

export function buildComplaintQuery(f: ComplaintFilters, page: number, pageSize: number = PAGE_SIZE): ComplaintListQuery {
  const assignee = f.assignee.trim();
  return {
    page,
    page_size: pageSize,
    kind: isFeedbackKind(f.kind) ? f.kind : null,
    status: isComplaintStatus(f.status) ? f.status : null,
    open_only: f.status === 'open',
    severity: isSeverity(f.severity) ? f.severity : null,
    category: isFeedbackCategory(f.category) ? f.category : null,
    customer_id: f.customer?.id ?? null,
    assignee: assignee === '' ? null : assignee,
    supplier_id: f.supplier?.id ?? null,
    breached_only: f.breached,
  };
}

/** The query behind the navigation badge: how many open complaints are past their SLA. */
export function breachedOpenQuery(): ComplaintListQuery {
  return buildComplaintQuery(overdueFilters(), 0, 1);
}


/** Whether the two filter sets are the same (the overdue entry is highlighted while they are). */
export function sameFilters(a: ComplaintFilters, b: ComplaintFilters): boolean {
  return (
    a.kind === b.kind &&
    a.status === b.status &&
    a.severity === b.severity &&
    a.category === b.category &&
    (a.customer?.id ?? null) === (b.customer?.id ?? null) &&
    a.assignee.trim() === b.assignee.trim() &&
    (a.supplier?.id ?? null) === (b.supplier?.id ?? null) &&
    a.breached === b.breached
  );
}
