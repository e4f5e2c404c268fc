import { describe, expect, it } from 'vitest';
import { sectionFocusStep } from './sectionfocus';

const look = { activeInside: false, activeInDialog: false, hasHeading: false, timedOut: false };

describe('sectionFocusStep', () => {
  it('waits for the section to draw its heading, then focuses it', () => {
    expect(sectionFocusStep(look)).toBe('wait');
    expect(sectionFocusStep({ ...look, hasHeading: true })).toBe('focus_heading');
  });

  it('leaves focus where the section or the user put it', () => {
    // A form focused its first field: that is the better place.
    expect(sectionFocusStep({ ...look, activeInside: true, hasHeading: true })).toBe('done');
    expect(sectionFocusStep({ ...look, activeInDialog: true, hasHeading: true })).toBe('done');
    expect(sectionFocusStep({ ...look, activeInDialog: true, timedOut: true })).toBe('done');
  });

  it('falls back to the section itself when no heading comes in time', () => {
    expect(sectionFocusStep({ ...look, timedOut: true })).toBe('focus_main');
    expect(sectionFocusStep({ ...look, timedOut: true, hasHeading: true })).toBe('focus_heading');
  });
});
