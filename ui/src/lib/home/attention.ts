// The home's "what needs attention today": how each group's lines are worded and where a
// group's "show all" leads. The backend sends codes, dates and quantities; this words them.
import type { AttentionGroup, AttentionKind, AttentionLine } from '../bindings';
import { translate, type Locale, type MessageKey } from '../i18n/core';
import { formatDate, formatDateTime } from '../format';

/** Lines shown per group; the count says how many there are. */
export const HOME_LINES = 5;

/** How far ahead contract reminders look (the store's `CONTRACT_WINDOW_DAYS`). */
export const CONTRACT_DAYS = 30;

export const GROUP_TITLES: Record<AttentionKind, MessageKey> = {
  follow_ups: 'home.group.follow_ups',
  complaints: 'home.group.complaints',
  complaints_due_soon: 'home.group.complaints_due_soon',
  late_orders: 'home.group.late_orders',
  late_purchase_orders: 'home.group.late_purchase_orders',
  reorder: 'home.group.reorder',
  contracts: 'home.group.contracts',
};

/** The record a line opens. */
export type Target = 'customer' | 'complaint' | 'order' | 'purchase_order' | 'product' | 'supplier';

export const LINE_TARGET: Record<AttentionKind, Target> = {
  follow_ups: 'customer',
  complaints: 'complaint',
  complaints_due_soon: 'complaint',
  late_orders: 'order',
  late_purchase_orders: 'purchase_order',
  reorder: 'product',
  contracts: 'supplier',
};

/** The filtered list behind a group's "show all"; null where no such list exists. */
export type ShowAll = 'followups_overdue' | 'followups_today' | 'complaints_overdue' | 'orders_late' | 'replenishment' | 'suppliers';

export function showAllFor(group: AttentionGroup, today: string): ShowAll | null {
  switch (group.kind) {
    case 'follow_ups':
      // The follow-up list shows one range at a time: the overdue ones when there are any.
      return group.lines.some((l) => l.date !== null && l.date < today) ? 'followups_overdue' : 'followups_today';
    case 'complaints':
      return 'complaints_overdue';
    case 'late_orders':
      return 'orders_late';
    case 'reorder':
      return 'replenishment';
    case 'contracts':
      return 'suppliers';
    case 'late_purchase_orders':
    case 'complaints_due_soon':
      return null;
  }
}

export type LineText = { title: string; subtitle: string; when: string; overdue: boolean };

/** A line as the home shows it: what, who, and the date or figures that put it there. */
export function lineText(kind: AttentionKind, line: AttentionLine, today: string, locale: Locale): LineText {
  const date = line.date ?? '';
  const on = (key: MessageKey): string => translate(locale, key, { date: formatDate(date, locale) });
  switch (kind) {
    case 'follow_ups':
      return {
        title: line.name,
        subtitle: line.values[0] ?? '',
        when: date < today ? on('home.line.follow_up_overdue') : translate(locale, 'home.line.follow_up_today'),
        overdue: date < today,
      };
    case 'complaints':
      return { title: line.code, subtitle: line.name, when: on('home.line.complaint'), overdue: true };
    case 'complaints_due_soon': {
      // Within a day the hour matters: the deadline to the minute.
      const due = line.values[0];
      const at = due ? formatDateTime(due, locale) : formatDate(date, locale);
      return { title: line.code, subtitle: line.name, when: translate(locale, 'home.line.complaint_due_soon', { date: at }), overdue: false };
    }
    case 'late_orders':
      return { title: line.code, subtitle: line.name, when: on('home.line.order'), overdue: true };
    case 'late_purchase_orders':
      return { title: line.code, subtitle: line.name, when: on('home.line.purchase_order'), overdue: true };
    case 'reorder':
      return {
        title: line.name,
        subtitle: line.code,
        when: translate(locale, 'home.line.reorder', { position: line.values[0] ?? '', point: line.values[1] ?? '' }),
        overdue: false,
      };
    case 'contracts':
      return { title: line.name, subtitle: line.code, when: on('home.line.contract'), overdue: false };
  }
}

/** Every group is empty. */
export function allClear(groups: AttentionGroup[]): boolean {
  return groups.every((g) => g.count === 0);
}
