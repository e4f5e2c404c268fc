import { describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import zhCN from '../i18n/zh-CN.json';
import { SECTIONS, SHORTCUTS, actionLabel, keyLabel, shortcutFor, shortcutOf } from './shortcuts';

const press = (over: Partial<KeyboardEvent>): Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'> => ({
  key: '',
  code: '',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...over,
});

describe('shortcuts', () => {
  it('are unique: no two actions share keys', () => {
    const keys = SHORTCUTS.map((s) => JSON.stringify(s.keys));
    expect(new Set(keys).size).toBe(keys.length);
    const actions = SHORTCUTS.map((s) => s.action);
    expect(new Set(actions).size).toBe(actions.length);
  });

  it('have a label in both languages', () => {
    for (const s of SHORTCUTS) {
      expect((en as Record<string, string>)[actionLabel(s.action)], s.action).toBeTruthy();
      expect((zhCN as Record<string, string>)[actionLabel(s.action)], s.action).toBeTruthy();
    }
  });

  it('Ctrl+K opens the palette, ⌘K on a Mac, also while typing', () => {
    expect(shortcutOf(press({ key: 'k', code: 'KeyK', ctrlKey: true }), true, false)?.action).toBe('palette');
    expect(shortcutOf(press({ key: 'k', code: 'KeyK', metaKey: true }), false, true)?.action).toBe('palette');
    // Ctrl on a Mac is not ⌘, and ⌘ elsewhere is not Ctrl.
    expect(shortcutOf(press({ key: 'k', code: 'KeyK', ctrlKey: true }), false, true)).toBeNull();
    expect(shortcutOf(press({ key: 'k', code: 'KeyK', metaKey: true }), false, false)).toBeNull();
  });

  it('? opens the sheet, but not while typing in a field', () => {
    expect(shortcutOf(press({ key: '?', code: 'Slash', shiftKey: true }), false, false)?.action).toBe('shortcuts');
    expect(shortcutOf(press({ key: '?', code: 'Slash', shiftKey: true }), true, false)).toBeNull();
    // A plain letter is never a shortcut.
    expect(shortcutOf(press({ key: 'o', code: 'KeyO' }), false, false)).toBeNull();
  });

  it('Alt+letter creates, by the physical key whatever character Alt types', () => {
    expect(shortcutOf(press({ key: 'ø', code: 'KeyO', altKey: true }), true, true)?.action).toBe('new_order');
    expect(shortcutOf(press({ key: 'c', code: 'KeyC', altKey: true }), false, false)?.action).toBe('new_customer');
    expect(shortcutOf(press({ key: 'f', code: 'KeyF', altKey: true }), false, false)?.action).toBe('new_complaint');
    expect(shortcutOf(press({ key: 'O', code: 'KeyO', altKey: true, shiftKey: true }), false, false)).toBeNull();
  });

  it('Alt+1 … Alt+0 go to the sections in navigation order', () => {
    expect(SECTIONS.length).toBe(10);
    SECTIONS.forEach((s, i) => {
      const code = `Digit${(i + 1) % 10}`;
      expect(shortcutOf(press({ key: String((i + 1) % 10), code, altKey: true }), false, false)?.action).toBe(`go_${s}`);
    });
  });

  it('label keys as the platform writes them', () => {
    expect(keyLabel(shortcutFor('palette')!.keys, false)).toEqual(['Ctrl', 'K']);
    expect(keyLabel(shortcutFor('palette')!.keys, true)).toEqual(['⌘', 'K']);
    expect(keyLabel(shortcutFor('go_home')!.keys, false)).toEqual(['Alt', '1']);
    expect(keyLabel(shortcutFor('shortcuts')!.keys, false)).toEqual(['?']);
  });
});
