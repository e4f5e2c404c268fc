// Exact decimal arithmetic on the strings the backend sends (quantities, prices): a value is a
// BigInt of units with a scale, never a float, so 0.1 + 0.2 is 0.3 and 10 × 12.35 is 123.5.
// Only what the purchase views need: read, add, subtract, multiply, compare, write back.

export type Dec = { readonly units: bigint; readonly scale: number };

const DECIMAL = /^([-+]?)(\d*)(?:\.(\d*))?$/;

/** Reads "12", "-0.5", "3.", ".25" (surrounding spaces ignored); anything else is null. */
export function parseDec(text: string): Dec | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const whole = m[2] ?? '';
  const frac = m[3] ?? '';
  if (whole === '' && frac === '') return null;
  const digits = `${whole}${frac}`.replace(/^0+(?=\d)/, '');
  const units = BigInt(digits === '' ? '0' : digits);
  return { units: m[1] === '-' ? -units : units, scale: frac.length };
}

function rescale(d: Dec, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

export function addDec(a: Dec, b: Dec): Dec {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

export function subDec(a: Dec, b: Dec): Dec {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) - rescale(b, scale), scale };
}

export function mulDec(a: Dec, b: Dec): Dec {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** -1, 0 or 1. */
export function cmpDec(a: Dec, b: Dec): -1 | 0 | 1 {
  const d = subDec(a, b).units;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export const ZERO: Dec = { units: 0n, scale: 0 };

/** The plain decimal string, without trailing fraction zeros: "123.50" → "123.5", "-0" → "0". */
export function formatDec(d: Dec): string {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${frac}` : ''}`;
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
