// Stock quantities. They cross IPC as decimal strings with at most three places ("35", "-2.5",
// "0.125") and are never turned into floats for arithmetic: sums and differences are done in
// integer thousandths (BigInt), the way the backend's ledger keeps them.
import type { Locale } from '../i18n/core';
import { plainNumber } from '../number';
import { numberFormat } from '../intl';

/** Places a quantity may have (the backend's `QTY_PLACES`). */
export const QTY_PLACES = 3;
const SCALE = 1000n;
const PLAIN = /^([-+]?)(\d+)(?:\.(\d+))?$/;

/**
 * A plain decimal ("12", "-0.5", "3.250") → integer thousandths, or null when it is not a plain
 * decimal or has more than three places (trailing zeros do not count). Spaces around are ignored.
 */
export function parseMilli(text: string): bigint | null {
  const m = PLAIN.exec(plainNumber(text));
  if (!m) return null;
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > QTY_PLACES) return null;
  const milli = BigInt(m[2] ?? '0') * SCALE + BigInt(frac.padEnd(QTY_PLACES, '0'));
  return m[1] === '-' ? -milli : milli;
}

/** Integer thousandths → the shortest decimal string ("35", "-2.5", "0.125"). */
export function milliToString(milli: bigint): string {
  const negative = milli < 0n;
  const abs = negative ? -milli : milli;
  const int = abs / SCALE;
  const frac = (abs % SCALE).toString().padStart(QTY_PLACES, '0').replace(/0+$/, '');
  const body = frac === '' ? int.toString() : `${int}.${frac}`;
  return negative ? `-${body}` : body;
}

/** a − b for two quantity strings, exactly; null if either is not a quantity. */
export function subtractQty(a: string, b: string): string | null {
  const x = parseMilli(a);
  const y = parseMilli(b);
  return x === null || y === null ? null : milliToString(x - y);
}

/** The sign of a quantity string: -1, 0 or 1 (0 for anything that is not a quantity). */
export function qtySign(q: string | null): -1 | 0 | 1 {
  const m = q === null ? null : parseMilli(q);
  if (m === null || m === 0n) return 0;
  return m < 0n ? -1 : 1;
}

function intlLocale(locale: Locale): string {
  return locale === 'zh-CN' ? 'zh-CN' : 'en-US';
}

function format(q: string, locale: Locale, signDisplay: 'auto' | 'exceptZero'): string {
  const milli = parseMilli(q);
  if (milli === null) return q;
  const plain = milliToString(milli);
  // A string goes to Intl as an exact decimal (no float rounding on the way).
  const nf = numberFormat(intlLocale(locale), { maximumFractionDigits: QTY_PLACES, signDisplay });
  return nf.format(plain as Intl.StringNumericLiteral);
}

/** A quantity for display: digit grouping of the UI language, up to three places ("1,250.5"). */
export function formatQty(q: string, locale: Locale): string {
  return format(q, locale, 'auto');
}

/** A signed change for display: "+40", "-5", "0". */
export function formatSignedQty(q: string, locale: Locale): string {
  return format(q, locale, 'exceptZero');
}
