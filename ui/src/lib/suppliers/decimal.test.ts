import { describe, expect, it } from 'vitest';
import { addDec, cmpDec, formatDec, mulDec, parseDec, subDec, sumDec } from './decimal';

const d = (s: string) => {
  const v = parseDec(s);
  if (!v) throw new Error(`not a decimal: ${s}`);
  return v;
};

describe('decimal strings', () => {
  it('reads and writes back plain decimals', () => {
    expect(formatDec(d('12'))).toBe('12');
    expect(formatDec(d('12.50'))).toBe('12.5');
    expect(formatDec(d(' -0.050 '))).toBe('-0.05');
    expect(formatDec(d('.25'))).toBe('0.25');
    expect(formatDec(d('3.'))).toBe('3');
    expect(formatDec(d('-0'))).toBe('0');
    expect(formatDec(d('007.10'))).toBe('7.1');
  });

  it('refuses what is not a decimal', () => {
    for (const bad of ['', ' ', '.', '-', '1e3', '1,5', '12a', '1.2.3', 'NaN']) expect(parseDec(bad)).toBeNull();
  });

  it('adds, subtracts and multiplies exactly (no float rounding)', () => {
    expect(formatDec(addDec(d('0.1'), d('0.2')))).toBe('0.3');
    expect(formatDec(subDec(d('10'), d('6.001')))).toBe('3.999');
    expect(formatDec(mulDec(d('10'), d('12.35')))).toBe('123.5');
    expect(formatDec(mulDec(d('1.005'), d('1000')))).toBe('1005');
    expect(formatDec(mulDec(d('99999999.999'), d('99999999.99')))).toBe('9999999998900000.00001');
  });

  it('compares across scales', () => {
    expect(cmpDec(d('2.50'), d('2.5'))).toBe(0);
    expect(cmpDec(d('2.5001'), d('2.5'))).toBe(1);
    expect(cmpDec(d('-1'), d('0'))).toBe(-1);
  });

  it('sums a list, or gives null when one is not a number', () => {
    expect(formatDec(sumDec(['1.10', '2.2', '3']) ?? d('0'))).toBe('6.3');
    expect(sumDec(['1', 'x'])).toBeNull();
    expect(formatDec(sumDec([]) ?? d('1'))).toBe('0');
  });
});
