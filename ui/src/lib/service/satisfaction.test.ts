import { describe, expect, it } from 'vitest';
import { formatCsat, formatNps } from './satisfaction';
import { policyFromText, policyText } from './policy';

describe('satisfaction figures', () => {
  it('show NPS with its sign and CSAT as a percentage, "—" without responses', () => {
    expect(formatNps('42.5', 'en')).toBe('+42.5');
    expect(formatNps('-10', 'en')).toBe('−10');
    expect(formatNps('0', 'zh-CN')).toBe('0');
    expect(formatNps('100.0', 'en')).toBe('+100');
    expect(formatNps(null, 'en')).toBe('—');
    expect(formatCsat('87.5', 'en')).toBe('87.5 %');
    expect(formatCsat('100', 'zh-CN')).toBe('100 %');
    expect(formatCsat(null, 'zh-CN')).toBe('—');
  });
});

describe('SLA policy as edited', () => {
  const defaults = { low: [72, 336], medium: [24, 168], high: [8, 72], critical: [4, 24] } as const;

  it('round-trips the hours', () => {
    const text = policyText({ low: [72, 336], medium: [24, 168], high: [8, 72], critical: [4, 24] });
    expect(text.high).toEqual(['8', '72']);
    expect(policyFromText(text)).toEqual({ policy: defaults });
    expect(policyFromText({ ...text, high: [' 6 ', '48'] })).toEqual({ policy: { ...defaults, high: [6, 48] } });
  });

  it('names the first row whose hours are not whole numbers', () => {
    const text = policyText({ low: [72, 336], medium: [24, 168], high: [8, 72], critical: [4, 24] });
    expect(policyFromText({ ...text, medium: ['1.5', '168'], critical: ['', '24'] })).toEqual({
      error: { code: 'out_of_range', message: '', field: 'medium' },
    });
  });
});
