// Complaint statuses and the actions the complaint page offers in each. Mirrors the state
// machine in chainbook-core (complaint.rs, apply_complaint_action): new → acknowledged →
// investigating → resolved → closed, with reopen (back to investigating) once resolved or closed.

export const COMPLAINT_STATUSES = ['new', 'acknowledged', 'investigating', 'resolved', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const COMPLAINT_ACTIONS = ['acknowledge', 'investigate', 'resolve', 'close', 'reopen'] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];

/** What a complaint's page is doing, so that one change at a time reaches the store. */
export type ComplaintBusy = ComplaintAction | 'note' | 'assign' | 'rate' | null;

export function isComplaintStatus(value: string | null | undefined): value is ComplaintStatus {
  return typeof value === 'string' && (COMPLAINT_STATUSES as readonly string[]).includes(value);
}

/** Still being worked on (counts for the SLA and the "open only" filter). */
export function isOpenStatus(status: string): boolean {
  return status === 'new' || status === 'acknowledged' || status === 'investigating';
}

/** The status after an action, or null when the backend would refuse it. */
export function nextStatus(status: string, action: ComplaintAction): ComplaintStatus | null {
  switch (action) {
    case 'acknowledge':
      return status === 'new' ? 'acknowledged' : null;
    case 'investigate':
      return status === 'new' || status === 'acknowledged' ? 'investigating' : null;
    case 'resolve':
      return isOpenStatus(status) ? 'resolved' : null;
    case 'close':
      return status === 'resolved' ? 'closed' : null;
    case 'reopen':
      return status === 'resolved' || status === 'closed' ? 'investigating' : null;
  }
}

/** The actions offered for a status, in button order. */
export function complaintActions(status: string): ComplaintAction[] {
  return COMPLAINT_ACTIONS.filter((a) => nextStatus(status, a) !== null);
}

/** The main step forward is the primary button. */
export function primaryAction(status: string): ComplaintAction | null {
  switch (status) {
    case 'new':
      return 'acknowledge';
    case 'acknowledged':
      return 'investigate';
    case 'investigating':
      return 'resolve';
    case 'resolved':
      return 'close';
    default:
      return null;
  }
}

/** Whether the customer's satisfaction with the resolution can be recorded (once resolved). */
export function canRateResolution(status: string): boolean {
  return status === 'resolved' || status === 'closed';
}

export type Tone = 'neutral' | 'accent' | 'warning' | 'success' | 'danger';

export function complaintStatusTone(status: string): Tone {
  switch (status) {
    case 'new':
      return 'warning';
    case 'acknowledged':
    case 'investigating':
      return 'accent';
    case 'resolved':
    case 'closed':
      return 'success';
    default:
      return 'neutral';
  }
}

export function severityTone(severity: string | null): Tone {
  switch (severity) {
    case 'critical':
    case 'high':
      return 'danger';
    case 'medium':
      return 'warning';
    case 'low':
      return 'neutral';
    default:
      return 'neutral';
  }
}
