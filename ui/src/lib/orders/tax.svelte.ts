// The business's tax rates (Settings → Tax rates) as the order form uses them: the rates a line
// offers and the one a new line starts with. Loaded once and kept; saving in Settings replaces
// them, so an open order form follows without a reload.
import type { TaxRates } from '../bindings';
import { taxRates as fetchTaxRates } from '../ipc';

export const taxState = $state<{ rates: TaxRates | null }>({ rates: null });

let loading: Promise<TaxRates | null> | null = null;

/** Loads the rates once (again after `setTaxRates`); a failure leaves them unknown (lines start blank). */
export function loadTaxRates(): Promise<TaxRates | null> {
  loading ??= fetchTaxRates()
    .then((r) => (taxState.rates = r))
    .catch((err: unknown) => {
      console.warn('tax rates could not be read', err);
      loading = null;
      return null;
    });
  return loading;
}

/** The rates as just saved. */
export function setTaxRates(r: TaxRates): void {
  taxState.rates = r;
  loading = Promise.resolve(r);
}
