import { describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import zhCN from '../i18n/zh-CN.json';
import { TOUR_STEPS, cardPlace, moveTo, tourKey, unionBox } from './steps';

describe('guided tour', () => {
  it('has 4–6 steps, each worded in both languages, ending on the palette', () => {
    expect(TOUR_STEPS.length).toBeGreaterThanOrEqual(4);
    expect(TOUR_STEPS.length).toBeLessThanOrEqual(6);
    for (const s of TOUR_STEPS) {
      for (const key of [s.title, s.body]) {
        expect((en as Record<string, string>)[key], key).toBeTruthy();
        expect((zhCN as Record<string, string>)[key], key).toBeTruthy();
      }
      expect(s.targets.length).toBeGreaterThan(0);
    }
    expect(TOUR_STEPS.at(-1)?.targets).toEqual(['nav-search']);
  });

  it('Enter and → go on, ← goes back, Esc skips', () => {
    expect(tourKey('Enter', false)).toBe('next');
    expect(tourKey('Enter', true)).toBeNull();
    expect(tourKey('ArrowRight', true)).toBe('next');
    expect(tourKey('ArrowLeft', false)).toBe('back');
    expect(tourKey('Escape', true)).toBe('skip');
    expect(tourKey('a', false)).toBeNull();
  });

  it('moves through the steps and ends after the last or on skip', () => {
    expect(moveTo(0, 'next', 3)).toBe(1);
    expect(moveTo(2, 'next', 3)).toBeNull();
    expect(moveTo(0, 'back', 3)).toBe(0);
    expect(moveTo(2, 'back', 3)).toBe(1);
    expect(moveTo(1, 'skip', 3)).toBeNull();
  });

  it('boxes the targets and keeps the card inside a 1280×720 window', () => {
    const view = { width: 1280, height: 720 };
    const box = unionBox(
      [
        { top: 100, left: 10, width: 180, height: 30 },
        { top: 134, left: 10, width: 180, height: 30 },
        { top: 0, left: 0, width: 0, height: 0 },
      ],
      4,
      view,
    );
    expect(box).toEqual({ top: 96, left: 6, width: 188, height: 72 });
    expect(unionBox([], 4, view)).toBeNull();
    const card = { width: 360, height: 220 };
    expect(cardPlace(box, card, view)).toEqual({ top: 96, left: 210 });
    // Near the bottom the card moves up into the window.
    const low = cardPlace({ top: 680, left: 6, width: 188, height: 30 }, card, view);
    expect(low.top + card.height).toBeLessThanOrEqual(720);
    // Without a target it is centred.
    expect(cardPlace(null, card, view)).toEqual({ top: 250, left: 460 });
  });
});
