// Translated labels for product values (life-cycle stage, movement kind, count status).
import type { MessageKey } from '../i18n/core';
import { isStage, type Stage } from './form';
import { HISTORY_KINDS } from './movement';

type HistoryKind = (typeof HISTORY_KINDS)[number];
export type CountStatus = 'open' | 'posted' | 'cancelled';

export function stageKey(stage: string): MessageKey | null {
  if (!isStage(stage)) return null;
  const key: `product.stage.${Stage}` & MessageKey = `product.stage.${stage}`;
  return key;
}

/** Badge colour of a stage (classes from app.css). */
export function stageBadge(stage: string): string {
  switch (stage) {
    case 'new':
      return 'accent';
    case 'growth':
      return 'success';
    case 'decline':
      return 'warning';
    default:
      return '';
  }
}

export function movementKindKey(kind: string): MessageKey | null {
  if (!(HISTORY_KINDS as readonly string[]).includes(kind)) return null;
  const key: `stock.kind.${HistoryKind}` & MessageKey = `stock.kind.${kind as HistoryKind}`;
  return key;
}

export function countStatusKey(status: CountStatus): MessageKey {
  const key: `count.status.${CountStatus}` & MessageKey = `count.status.${status}`;
  return key;
}

export function countStatusBadge(status: CountStatus): string {
  return status === 'open' ? 'accent' : status === 'posted' ? 'success' : '';
}
