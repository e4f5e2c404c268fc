// Exact decimal arithmetic for previews of what the backend computes (never floats): a value is
// a BigInt of units with a scale, so 0.1 + 0.2 is 0.3. Parsing and display rules differ by use
// (order inputs must be plain and non-negative; received quantities may be signed), so they
// live beside their callers (`orders/money.ts`, `suppliers/decimal.ts`); the arithmetic is here.

/** An exact decimal: `units / 10^scale`. */
export type Dec = { readonly units: bigint; readonly scale: number };

export const ZERO: Dec = { units: 0n, scale: 0 };

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** `d`'s units at `scale` places (scale ≥ d.scale: exact). */
function unitsAt(d: Dec, scale: number): bigint {
  return d.units * pow10(scale - d.scale);
}

export function addDec(a: Dec, b: Dec): Dec {
  const scale = Math.max(a.scale, b.scale);
  return { units: unitsAt(a, scale) + unitsAt(b, scale), scale };
}

export function subDec(a: Dec, b: Dec): Dec {
  const scale = Math.max(a.scale, b.scale);
  return { units: unitsAt(a, scale) - unitsAt(b, scale), scale };
}

export function mulDec(a: Dec, b: Dec): Dec {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** -1, 0 or 1. */
export function compareDec(a: Dec, b: Dec): -1 | 0 | 1 {
  const d = subDec(a, b).units;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** Rounds to `places` decimals, half away from zero: 2.345 → 2.35, −2.345 → −2.35, 2.5 → 3. */
export function roundDec(d: Dec, places: number): Dec {
  if (d.scale <= places) return { units: unitsAt(d, places), scale: places };
  const divisor = pow10(d.scale - places);
  const quotient = d.units / divisor; // BigInt division truncates towards zero
  const remainder = d.units % divisor;
  const abs = remainder < 0n ? -remainder : remainder;
  const away = abs * 2n >= divisor ? (d.units < 0n ? -1n : 1n) : 0n;
  return { units: quotient + away, scale: places };
}

/** The decimal as text with exactly its scale's places ("30.00", "-0.05", "12"). */
export function formatFixed(d: Dec): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const int = d.scale === 0 ? digits : digits.slice(0, digits.length - d.scale);
  const frac = d.scale === 0 ? '' : `.${digits.slice(digits.length - d.scale)}`;
  return `${negative ? '-' : ''}${int}${frac}`;
}

/** The decimal as text without trailing fraction zeros: "123.50" → "123.5", "-0" → "0". */
export function formatTrimmed(d: Dec): string {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return formatFixed({ units, scale });
}
