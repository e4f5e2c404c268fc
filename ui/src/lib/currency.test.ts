import { afterEach, describe, expect, it } from 'vitest';
import { baseCurrency, setBaseCurrency } from './currency';
import { emptyDraft as emptyCustomer } from './customers/form';
import { emptyDraft as emptyProduct, inputFromDraft } from './products/form';
import { emptyPoDraft } from './suppliers/po';
import { effectiveCurrency } from './orders/form';

describe('base currency', () => {
  afterEach(() => setBaseCurrency('CNY'));

  it('is CNY until app_info says otherwise, and ignores what is not a code', () => {
    expect(baseCurrency()).toBe('CNY');
    setBaseCurrency(' usd ');
    expect(baseCurrency()).toBe('USD');
    setBaseCurrency('dollars');
    expect(baseCurrency()).toBe('CNY');
    setBaseCurrency(null);
    expect(baseCurrency()).toBe('CNY');
  });

  it('is what new customers, products, purchase orders and orders start in', () => {
    setBaseCurrency('EUR');
    expect(emptyCustomer().currency).toBe('EUR');
    expect(emptyProduct().currency).toBe('EUR');
    expect(inputFromDraft({ ...emptyProduct(), currency: '' }).currency).toBe('EUR');
    expect(emptyPoDraft().currency).toBe('EUR');
    // An order: as typed, else the customer's, else the base currency.
    expect(effectiveCurrency('', null)).toBe('EUR');
    expect(effectiveCurrency('', 'JPY')).toBe('JPY');
    expect(effectiveCurrency('usd', 'JPY')).toBe('USD');
  });
});
