// The guided tour's steps and keys: each step highlights navigation entries (by their
// data-testid) and opens its section, so the user sees the screen it describes. Shown by
// components/Tour.svelte after the first run and from Help (the shortcut sheet, the palette).
import type { MessageKey } from '../i18n';
import type { SectionId } from '../palette/shortcuts';

export type TourStep = {
  id: string;
  /** data-testid values of the elements to highlight (one box around them all). */
  targets: string[];
  /** The section shown while the step is on, if any. */
  section: SectionId | null;
  title: MessageKey;
  body: MessageKey;
};

export const TOUR_STEPS: readonly TourStep[] = [
  { id: 'home', targets: ['nav-home', 'nav-dashboard'], section: 'home', title: 'tour.home.title', body: 'tour.home.body' },
  { id: 'customers', targets: ['nav-customers'], section: 'customers', title: 'tour.customers.title', body: 'tour.customers.body' },
  { id: 'orders', targets: ['nav-orders'], section: 'orders', title: 'tour.orders.title', body: 'tour.orders.body' },
  { id: 'products', targets: ['nav-products'], section: 'products', title: 'tour.products.title', body: 'tour.products.body' },
  { id: 'service', targets: ['nav-service'], section: 'service', title: 'tour.service.title', body: 'tour.service.body' },
  { id: 'palette', targets: ['nav-search'], section: null, title: 'tour.palette.title', body: 'tour.palette.body' },
];

export type TourMove = 'next' | 'back' | 'skip';

/** What a key does in the tour: Enter or → next, ← back, Esc skip. Enter on a focused button
 * other than "Next" is that button's own (the browser clicks it). */
export function tourKey(key: string, onOtherButton: boolean): TourMove | null {
  if (key === 'Escape') return 'skip';
  if (key === 'ArrowRight') return 'next';
  if (key === 'ArrowLeft') return 'back';
  if (key === 'Enter' && !onOtherButton) return 'next';
  return null;
}

/** The step after a move, or null when the tour ends (skipped, or next on the last step). */
export function moveTo(index: number, move: TourMove, count = TOUR_STEPS.length): number | null {
  if (move === 'skip') return null;
  if (move === 'back') return Math.max(0, index - 1);
  return index + 1 < count ? index + 1 : null;
}

export type Box = { top: number; left: number; width: number; height: number };

/** One box around the given rectangles, with `pad` pixels of room, kept inside the window. */
export function unionBox(rects: Box[], pad: number, view: { width: number; height: number }): Box | null {
  const shown = rects.filter((r) => r.width > 0 && r.height > 0);
  if (shown.length === 0) return null;
  const top = Math.max(0, Math.min(...shown.map((r) => r.top)) - pad);
  const left = Math.max(0, Math.min(...shown.map((r) => r.left)) - pad);
  const bottom = Math.min(view.height, Math.max(...shown.map((r) => r.top + r.height)) + pad);
  const right = Math.min(view.width, Math.max(...shown.map((r) => r.left + r.width)) + pad);
  return { top, left, width: right - left, height: bottom - top };
}

/** Where the step's card goes: right of the highlight when it fits, else below it; always
 * inside the window (the card is `card` pixels big). */
export function cardPlace(box: Box | null, card: { width: number; height: number }, view: { width: number; height: number }): { top: number; left: number } {
  const margin = 16;
  if (!box) return { top: Math.max(margin, (view.height - card.height) / 2), left: Math.max(margin, (view.width - card.width) / 2) };
  const clampTop = (t: number): number => Math.max(margin, Math.min(t, view.height - card.height - margin));
  const right = box.left + box.width + margin;
  if (right + card.width + margin <= view.width) return { top: clampTop(box.top), left: right };
  return { top: clampTop(box.top + box.height + margin), left: Math.max(margin, Math.min(box.left, view.width - card.width - margin)) };
}
