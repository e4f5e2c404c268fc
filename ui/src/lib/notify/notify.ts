// Desktop notifications, worded here: the backend says what is new (kinds, records, dates) and
// the UI turns each notice into a title and a body in the user's language, then asks the shell
// to show it through the OS. The check runs at start and every few minutes while the app is
// open; the backend remembers what it told, so a check that finds nothing new says nothing.
import type { Notice, NoticeKind, Notification } from '../bindings';
import type { MessageKey, Params } from '../i18n/core';

/** How often the app looks for something new to tell. */
export const CHECK_EVERY_MS = 5 * 60_000;
/** The first look after start, once the first screen is up. */
export const FIRST_CHECK_MS = 3_000;

export const NOTICE_KINDS: readonly NoticeKind[] = ['follow_ups', 'sla_breaches', 'contracts', 'low_stock'];

type Translate = (key: MessageKey, params?: Params) => string;

/** One record's line: code and name, with its date where it has one. */
function itemLine(kind: NoticeKind, item: Notice['items'][number], tr: Translate, date: (ymd: string) => string): string {
  const who = item.name && item.name !== item.code ? `${item.code} ${item.name}` : item.code;
  if (item.date == null) return who;
  return tr(`notify.line.${kind}` as MessageKey, { who, date: date(item.date) });
}

/** A notice worded as a notification: "2 follow-ups due" over the first few records. */
export function wordNotice(n: Notice, tr: Translate, date: (ymd: string) => string): Notification {
  const title = tr((n.total === 1 ? `notify.title.${n.kind}_one` : `notify.title.${n.kind}`) as MessageKey, { count: n.total });
  const lines = n.items.map((i) => itemLine(n.kind, i, tr, date));
  const more = n.total - n.items.length;
  if (more > 0) lines.push(tr('notify.more', { count: more }));
  return { title, body: lines.join('\n') };
}

/** The test notification Settings sends, so the user sees what the OS does with ours. */
export function testNotification(tr: Translate): Notification {
  return { title: tr('notify.test_title'), body: tr('notify.test_body') };
}

export interface NotifierDeps {
  due: (today: string) => Promise<Notice[]>;
  show: (n: Notification) => Promise<void>;
  today: () => string;
  tr: Translate;
  date: (ymd: string) => string;
}

/**
 * One check: what is new, worded and shown one notification per kind. Returns how many were
 * shown. A failure is logged, never thrown: a missed notification must not break the app.
 */
export async function checkOnce(deps: NotifierDeps): Promise<number> {
  let shown = 0;
  try {
    const notices = await deps.due(deps.today());
    for (const n of notices) {
      await deps.show(wordNotice(n, deps.tr, deps.date));
      shown++;
    }
  } catch (err) {
    console.warn('notifications: check failed', err);
  }
  return shown;
}

/** The running notifier's check, for [`checkNow`]. */
let current: (() => void) | null = null;

/** Starts checking (first soon, then every few minutes); returns the stop function. */
export function startNotifier(deps: NotifierDeps, every: number = CHECK_EVERY_MS, first: number = FIRST_CHECK_MS): () => void {
  let running = false;
  const run = (): void => {
    // Never two checks at once: a slow one (a large plan) is not doubled by the timer.
    if (running) return;
    running = true;
    void checkOnce(deps).finally(() => (running = false));
  };
  const start = setTimeout(run, first);
  const timer = setInterval(run, every);
  current = run;
  return () => {
    clearTimeout(start);
    clearInterval(timer);
    if (current === run) current = null;
  };
}

/** Checks at once (notifications just turned on say what needs attention now, not in minutes). */
export function checkNow(): void {
  current?.();
}
