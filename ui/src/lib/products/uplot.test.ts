import { describe, expect, it } from 'vitest';
import { usableLanguage, withUsableLanguage } from './uplot';

// A navigator-like object whose `language` is a getter on its prototype, as in browsers.
function fakeNavigator(language: string): { language: string } {
  const proto = {
    get language(): string {
      return language;
    },
  };
  return Object.create(proto) as { language: string };
}

describe('withUsableLanguage', () => {
  it('knows which tags Intl accepts', () => {
    expect(usableLanguage('zh-CN')).toBe(true);
    expect(usableLanguage('C')).toBe(false);
  });

  it('shadows an unusable language while loading, then restores it', async () => {
    const nav = fakeNavigator('C');
    const seen = await withUsableLanguage(nav, async () => nav.language);
    expect(seen).toBe('en-US');
    expect(nav.language).toBe('C');
  });

  it('leaves a usable language alone, also when loading fails', async () => {
    const nav = fakeNavigator('zh-CN');
    expect(await withUsableLanguage(nav, async () => nav.language)).toBe('zh-CN');
    const bad = fakeNavigator('C');
    await expect(withUsableLanguage(bad, () => Promise.reject(new Error('offline')))).rejects.toThrow('offline');
    expect(bad.language).toBe('C');
  });
});
