import { describe, expect, it } from 'vitest';
import { isTheme, resolveTheme } from './theme';

describe('theme', () => {
  it('follows the OS only when asked to', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
    expect(resolveTheme('sepia', true)).toBe('dark');
  });
  it('knows its choices', () => {
    expect(isTheme('dark')).toBe(true);
    expect(isTheme('sepia')).toBe(false);
  });
});
