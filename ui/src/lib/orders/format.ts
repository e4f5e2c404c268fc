// Amounts in order tables, shown as plain grouped numbers (the currency is in the heading, so
// each cell need not repeat "CN¥"). The decimal string goes to Intl as-is: exact, no floats.
import type { Locale } from '../i18n/core';
import { minorUnit } from './money';
import { numberFormat } from '../intl';

const DECIMAL = /^-?\d+(\.\d+)?$/;

export function formatAmount(amount: string, currency: string, locale: Locale): string {
  const value = amount.trim();
  if (!DECIMAL.test(value)) return amount;
  const decimals = value.includes('.') ? value.length - value.indexOf('.') - 1 : 0;
  const places = minorUnit(currency);
  const nf = numberFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-US', {
    minimumFractionDigits: places,
    maximumFractionDigits: Math.min(Math.max(places, decimals), 20),
  });
  return nf.format(value as Intl.StringNumericLiteral);
}
