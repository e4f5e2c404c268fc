// Tax rates as the Settings card edits them and as the order form offers them: plain rules,
// no IPC, so they are tested on their own.
import type { TaxRates } from '../bindings';
import { plainNumber } from '../number';

/** One editable row of the card. */
export type TaxRow = { key: number; name: string; rate_pct: string };

let seq = 0;

export function rowsOf(r: TaxRates): TaxRow[] {
  return r.rates.map((x) => ({ key: ++seq, name: x.name, rate_pct: x.rate_pct }));
}

export function blankRow(): TaxRow {
  return { key: ++seq, name: '', rate_pct: '' };
}

/** A percentage as people type it: full-width digits, a trailing % sign. */
function pct(text: string): string {
  return plainNumber(text.replace(/[%％]\s*$/u, ''));
}

/** What the card sends: the rows as typed, percentages read as numbers. */
export function toInput(rows: TaxRow[], defaultPct: string): TaxRates {
  return {
    rates: rows.map((r) => ({ name: r.name, rate_pct: pct(r.rate_pct) })),
    default_pct: pct(defaultPct),
  };
}

/** A rate as a choice reads: "13 %", or "增值税 13 %" when it has a name. */
export function rateLabel(r: { name: string; rate_pct: string }): string {
  const pct = `${r.rate_pct} %`;
  return r.name.trim() ? `${r.name.trim()} ${pct}` : pct;
}

/**
 * The rate a new order line starts with: the business's default for orders in its base
 * currency; blank for orders in another currency (exports are often zero-rated or taxed
 * elsewhere), and blank while the rates are unknown.
 */
export function newLineRate(rates: TaxRates | null, orderCurrency: string, baseCurrency: string): string {
  if (!rates || rates.default_pct === '') return '';
  return orderCurrency.trim().toUpperCase() === baseCurrency.trim().toUpperCase() ? rates.default_pct : '';
}
