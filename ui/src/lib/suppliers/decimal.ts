// Exact decimal arithmetic on the strings the backend sends (quantities, prices): a value is a
// BigInt of units with a scale, never a float, so 0.1 + 0.2 is 0.3 and 10 × 12.35 is 123.5.
// Only what the purchase views need: read, add, subtract, multiply, compare, write back.

import { plainNumber } from '../number';
import { addDec, compareDec, formatTrimmed, mulDec, subDec, ZERO, type Dec } from '../decimal';

export { addDec, mulDec, subDec, ZERO, type Dec };
export const cmpDec = compareDec;
/** The plain decimal string, without trailing fraction zeros: "123.50" → "123.5", "-0" → "0". */
export const formatDec = formatTrimmed;

const DECIMAL = /^([-+]?)(\d*)(?:\.(\d*))?$/;

/** Reads "12", "-0.5", "3.", ".25" (surrounding spaces ignored); anything else is null. */
export function parseDec(text: string): Dec | null {
  const m = DECIMAL.exec(plainNumber(text));
  if (!m) return null;
  const whole = m[2] ?? '';
  const frac = m[3] ?? '';
  if (whole === '' && frac === '') return null;
  const digits = `${whole}${frac}`.replace(/^0+(?=\d)/, '');
  const units = BigInt(digits === '' ? '0' : digits);
  return { units: m[1] === '-' ? -units : units, scale: frac.length };
}

/** Sums decimal strings; null when any of them is not a number. */
export function sumDec(values: readonly string[]): Dec | null {
  let total = ZERO;
  for (const v of values) {
    const d = parseDec(v);
    if (!d) return null;
    total = addDec(total, d);
  }
  return total;
}
