// The base currency (Settings, the first run): what new customers, products, orders, purchase
// orders and compensations start in, and the analytics' first choice. App.svelte sets it from
// app_info (and again whenever that changes); forms read it here when they start, so no form
// hard-codes a currency.
let base = 'CNY';

export function baseCurrency(): string {
  return base;
}

export function setBaseCurrency(code: string | null | undefined): void {
  const c = (code ?? '').trim().toUpperCase();
  base = /^[A-Z]{3}$/.test(c) ? c : 'CNY';
}
