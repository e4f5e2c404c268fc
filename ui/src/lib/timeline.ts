// The customer 360 timeline: one view model per entry, chosen by `entry.type`. Orders, complaints
// and surveys join the timeline as new cases in `timelineView` (and a component for each); the
// rest of the page does not change.
import type { Interaction, TimelineEntry } from './bindings';
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
      /** An entry type this UI version does not know yet: shown as a plain line, never an error. */
      type: 'unknown';
      key: string;
      at: string | null;
      entryType: string;
    };

function stripType(entry: TimelineEntry): Interaction {
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
    default: {
      // Compile-time check: every type in the bindings has a case above.
      const unhandled: never = entry.type;
      return unknownView(entry as unknown as Record<string, unknown>, unhandled);
    }
  }
}

// Reached only when the backend sends a type newer than this UI.
function unknownView(raw: Record<string, unknown>, _type: unknown): TimelineView {
  const entryType = typeof raw['type'] === 'string' ? raw['type'] : 'unknown';
  const id = typeof raw['id'] === 'string' ? raw['id'] : Math.random().toString(36).slice(2);
  const at = typeof raw['occurred_at'] === 'string' ? raw['occurred_at'] : typeof raw['at'] === 'string' ? raw['at'] : null;
  return { type: 'unknown', key: `${entryType}:${id}`, at, entryType };
}

/** Replaces one interaction (e.g. after its follow-up was marked done), keeping the order. */
export function replaceInteraction(entries: readonly TimelineEntry[], updated: Interaction): TimelineEntry[] {
  return entries.map((e) => (e.type === 'interaction' && e.id === updated.id ? { type: 'interaction', ...updated } : e));
}
