import { describe, expect, it } from 'vitest';
import { addDec, compareDec, formatFixed, formatTrimmed, mulDec, roundDec, subDec, type Dec } from './decimal';

const d = (units: bigint, scale: number): Dec => ({ units, scale });

describe('exact decimals', () => {
  it('add, subtract and multiply without floats', () => {
    expect(formatFixed(addDec(d(1n, 1), d(2n, 1)))).toBe('0.3');
    expect(formatFixed(subDec(d(100n, 0), d(75n, 1)))).toBe('92.5');
    expect(formatFixed(mulDec(d(10n, 0), d(1235n, 2)))).toBe('123.50');
    expect(compareDec(d(5n, 1), d(50n, 2))).toBe(0);
    expect(compareDec(d(-1n, 0), d(0n, 0))).toBe(-1);
  });

  it('round half away from zero', () => {
    expect(formatFixed(roundDec(d(2345n, 3), 2))).toBe('2.35');
    expect(formatFixed(roundDec(d(-2345n, 3), 2))).toBe('-2.35');
    expect(formatFixed(roundDec(d(25n, 1), 0))).toBe('3');
    expect(formatFixed(roundDec(d(7n, 0), 2))).toBe('7.00');
  });

  it('write fixed or trimmed', () => {
    expect(formatFixed(d(-5n, 2))).toBe('-0.05');
    expect(formatTrimmed(d(12350n, 2))).toBe('123.5');
    expect(formatTrimmed(d(0n, 3))).toBe('0');
  });
});
