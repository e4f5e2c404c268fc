// The one table of keyboard shortcuts: the global key handler (App.svelte), the shortcut sheet
// (`?`) and the palette's actions all read it, so a key shown is a key that works.
import type { MessageKey } from '../i18n';

/** Where the app can go: the sections of the navigation. */
export type SectionId =
  | 'home'
  | 'dashboard'
  | 'customers'
  | 'followups'
  | 'orders'
  | 'service'
  | 'products'
  | 'suppliers'
  | 'purchasing'
  | 'settings';

/** What a shortcut or a palette action does. */
export type ActionId =
  | 'palette'
  | 'shortcuts'
  | 'new_customer'
  | 'new_order'
  | 'new_complaint'
  | 'stock_count'
  | 'tour'
  | `go_${SectionId}`;

/** A key combination. `mod` is Ctrl, or ⌘ on a Mac. Letters and digits are matched by their
 * physical key (`KeyC`, `Digit1`), so Alt+letter works whatever character Alt makes. */
export type Keys = { code?: string; key?: string; mod?: boolean; alt?: boolean; shift?: boolean };

export type Shortcut = {
  action: ActionId;
  keys: Keys;
  /** Also while typing in a field (combinations with Ctrl/⌘ or Alt); `?` is not. */
  inFields: boolean;
};

const SECTION_ORDER: SectionId[] = [
  'home',
  'dashboard',
  'customers',
  'followups',
  'orders',
  'service',
  'products',
  'suppliers',
  'purchasing',
  'settings',
];

export const SECTIONS: readonly SectionId[] = SECTION_ORDER;

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'palette', keys: { code: 'KeyK', mod: true }, inFields: true },
  { action: 'shortcuts', keys: { key: '?' }, inFields: false },
  { action: 'new_customer', keys: { code: 'KeyC', alt: true }, inFields: true },
  { action: 'new_order', keys: { code: 'KeyO', alt: true }, inFields: true },
  { action: 'new_complaint', keys: { code: 'KeyF', alt: true }, inFields: true },
  // Alt+1 … Alt+9 and Alt+0 go to the sections in navigation order.
  ...SECTION_ORDER.map(
    (s, i): Shortcut => ({ action: `go_${s}`, keys: { code: `Digit${(i + 1) % 10}`, alt: true }, inFields: true }),
  ),
];

/** The label of an action, in the catalog. */
export function actionLabel(action: ActionId): MessageKey {
  return `action.${action}` as MessageKey;
}

export function shortcutFor(action: ActionId): Shortcut | undefined {
  return SHORTCUTS.find((s) => s.action === action);
}

type KeyEventLike = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/** Whether focus is somewhere the user types (plain keys belong to the field then). */
export function isTyping(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
}

function matches(k: Keys, e: KeyEventLike, mac: boolean): boolean {
  const mod = mac ? e.metaKey : e.ctrlKey;
  const otherMod = mac ? e.ctrlKey : e.metaKey;
  if (otherMod || mod !== (k.mod ?? false) || e.altKey !== (k.alt ?? false)) return false;
  if (k.code !== undefined) return e.code === k.code && e.shiftKey === (k.shift ?? false);
  // A character such as `?` needs Shift on most layouts: compare the character only.
  return e.key === k.key;
}

/** The shortcut a key press means, or null (also when it is a plain key typed in a field). */
export function shortcutOf(e: KeyEventLike, typing: boolean, mac: boolean): Shortcut | null {
  for (const s of SHORTCUTS) {
    if (matches(s.keys, e, mac) && (s.inFields || !typing)) return s;
  }
  return null;
}

/** The keys of a shortcut as the sheet and the palette show them (`Ctrl K`, `Alt 1`, `?`). */
export function keyLabel(k: Keys, mac: boolean): string[] {
  const parts: string[] = [];
  if (k.mod) parts.push(mac ? '⌘' : 'Ctrl');
  if (k.alt) parts.push(mac ? '⌥' : 'Alt');
  if (k.shift) parts.push(mac ? '⇧' : 'Shift');
  if (k.code !== undefined) parts.push(k.code.replace(/^Key|^Digit/, ''));
  else if (k.key !== undefined) parts.push(k.key);
  return parts;
}

export const isMac = (): boolean => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
