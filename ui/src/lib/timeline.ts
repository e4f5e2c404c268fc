// The customer 360 timeline: one view model per entry, chosen by `entry.type`. Orders, complaints
// and surveys join the timeline as new cases in `timelineView` (and a component for each); the
// rest of the page does not change.
import type { ComplaintSummary, Interaction, OrderEntry, SurveyResponse, TimelineEntry } from './bindings';
import type { MessageKey } from './i18n';
import { isChoice, type InteractionKind } from './customers/choices';

export type TimelineView =
  | {
      type: 'interaction';
      key: string;
      /** RFC 3339: when it happened (the timeline is newest first). */
      at: string;
      /** The kind if the UI knows it (icon and label), else null (shown raw). */
      kind: InteractionKind | null;
      interaction: Interaction;
    }
  | {
      type: 'order';
      key: string;
      /** RFC 3339: when the order was entered. */
      at: string;
      order: OrderEntry;
    }
  | {
      type: 'complaint';
      key: string;
      /** RFC 3339: when it was opened. */
      at: string;
      complaint: ComplaintSummary;
    }
  | {
      type: 'survey';
      key: string;
      /** RFC 3339: when the response was recorded. */
      at: string;
      survey: SurveyResponse;
    }
  | {
      /** An entry type this UI version does not know yet: shown as a plain line, never an error. */
      type: 'unknown';
      key: string;
      at: string | null;
      entryType: string;
    };

function stripType(entry: Extract<TimelineEntry, { type: 'interaction' }>): Interaction {
  const { type: _type, ...interaction } = entry;
  return interaction;
}

export function timelineView(entry: TimelineEntry): TimelineView {
  switch (entry.type) {
    case 'interaction':
      return {
        type: 'interaction',
        key: `interaction:${entry.id}`,
        at: entry.occurred_at,
        kind: isChoice('interaction_kind', entry.kind) ? entry.kind : null,
        interaction: stripType(entry),
      };
    case 'order': {
      const { type: _type, ...order } = entry;
      return { type: 'order', key: `order:${entry.id}`, at: entry.created_at, order };
    }
    case 'complaint': {
      const { type: _type, ...complaint } = entry;
      return { type: 'complaint', key: `complaint:${entry.id}`, at: entry.opened_at, complaint };
    }
    case 'survey': {
      const { type: _type, ...survey } = entry;
      return { type: 'survey', key: `survey:${entry.id}`, at: entry.created_at, survey };
    }
    default: {
      // Compile-time check: every type in the bindings has a case above.
      const unhandled: never = entry;
      return unknownView(unhandled as unknown as Record<string, unknown>);
    }
  }
}

// Reached only when the backend sends a type newer than this UI.
function unknownView(raw: Record<string, unknown>): TimelineView {
  const entryType = typeof raw['type'] === 'string' ? raw['type'] : 'unknown';
  const id = typeof raw['id'] === 'string' ? raw['id'] : Math.random().toString(36).slice(2);
  const at = typeof raw['occurred_at'] === 'string' ? raw['occurred_at'] : typeof raw['at'] === 'string' ? raw['at'] : null;
  return { type: 'unknown', key: `${entryType}:${id}`, at, entryType };
}

/** Replaces one interaction (e.g. after its follow-up was marked done), keeping the order. */
export function replaceInteraction(entries: readonly TimelineEntry[], updated: Interaction): TimelineEntry[] {
  return entries.map((e) => (e.type === 'interaction' && e.id === updated.id ? { type: 'interaction', ...updated } : e));
}

const ORDER_STATUS_KEYS: Record<string, MessageKey> = {
  draft: 'order.status.draft',
  confirmed: 'order.status.confirmed',
  picking: 'order.status.picking',
  shipped: 'order.status.shipped',
  delivered: 'order.status.delivered',
  closed: 'order.status.closed',
  cancelled: 'order.status.cancelled',
};

/** The catalog key of an order status, or null for a status this UI does not know. */
export function orderStatusKey(status: string): MessageKey | null {
  return ORDER_STATUS_KEYS[status] ?? null;
}

const COMPLAINT_STATUS_KEYS: Record<string, MessageKey> = {
  new: 'complaint.status.new',
  acknowledged: 'complaint.status.acknowledged',
  investigating: 'complaint.status.investigating',
  resolved: 'complaint.status.resolved',
  closed: 'complaint.status.closed',
};

const FEEDBACK_KIND_KEYS: Record<string, MessageKey> = {
  complaint: 'complaint.kind.complaint',
  suggestion: 'complaint.kind.suggestion',
  mystery_shopper: 'complaint.kind.mystery_shopper',
  suggestion_box: 'complaint.kind.suggestion_box',
};

/** The catalog key of a complaint status, or null for one this UI does not know. */
export function complaintStatusKey(status: string): MessageKey | null {
  return COMPLAINT_STATUS_KEYS[status] ?? null;
}

/** The catalog key of a feedback kind, or null for one this UI does not know. */
export function feedbackKindKey(kind: string): MessageKey | null {
  return FEEDBACK_KIND_KEYS[kind] ?? null;
}
