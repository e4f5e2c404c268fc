import { describe, expect, it } from 'vitest';
import { capitalAmount } from './capital';

describe('capitalAmount (大写金额)', () => {
  it('follows the rules for payment documents', () => {
    const cases: [string, string][] = [
      ['0', '零元整'],
      ['0.00', '零元整'],
      ['0.05', '伍分'],
      ['0.5', '伍角'],
      ['0.53', '伍角叁分'],
      ['1', '壹元整'],
      ['10', '壹拾元整'],
      ['15', '壹拾伍元整'],
      ['100.00', '壹佰元整'],
      ['105', '壹佰零伍元整'],
      ['1680.32', '壹仟陆佰捌拾元叁角贰分'],
      ['1680.30', '壹仟陆佰捌拾元叁角'],
      ['16409.02', '壹万陆仟肆佰零玖元零贰分'],
      ['107000.53', '壹拾万柒仟元伍角叁分'],
      ['100500', '壹拾万零伍佰元整'],
      ['10000', '壹万元整'],
      ['1001', '壹仟零壹元整'],
      ['100000001', '壹亿零壹元整'],
      ['120000000', '壹亿贰仟万元整'],
      ['325000.00', '叁拾贰万伍仟元整'],
      ['999999999999.99', '玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分'],
      ['-12.5', '负壹拾贰元伍角'],
    ];
    for (const [amount, words] of cases) expect(capitalAmount(amount), amount).toBe(words);
  });

  it('refuses what is not an amount in yuan', () => {
    for (const bad of ['', 'abc', '1.234', '1e3', '12345678901234567', '1,000']) expect(capitalAmount(bad), bad).toBeNull();
  });
});
