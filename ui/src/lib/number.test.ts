import { describe, expect, it } from 'vitest';
import { plainNumber } from './number';

describe('plainNumber (mirrors chainbook_core::number::plain_number)', () => {
  it('reads numbers as people type them', () => {
    const cases: [string, string][] = [
      ['１２３', '123'],
      ['１２３．５', '123.5'],
      ['12。5', '12.5'],
      ['1,000.50', '1000.50'],
      ['12,345,678', '12345678'],
      ['1 000', '1000'],
      ["1'000.5", '1000.5'],
      ['¥1,200', '1200'],
      ['￥８８', '88'],
      ['25元', '25'],
      ['25 元', '25'],
      ['US$ 3.5', '3.5'],
      ['12.5 CNY', '12.5'],
      ['-¥5', '-5'],
      ['¥-5', '-5'],
      ['  7 ', '7'],
      ['-1,000', '-1000'],
      ['', ''],
    ];
    for (const [typed, plain] of cases) expect(plainNumber(typed), typed).toBe(plain);
  });

  it('leaves ambiguous forms for the parser to refuse', () => {
    for (const typed of ['1,5', '1,2345', '1,000,00', 'abc', '1.000,5', '¥¥5', '--5']) {
      expect(plainNumber(typed)).not.toMatch(/^-?\d+(\.\d+)?$/);
    }
  });
});
