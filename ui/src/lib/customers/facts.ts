// Derived facts the customer 360 page shows.
import type { Contact } from '../bindings';
import type { Scope } from './choices';

/** Domestic when the customer's country is the business's home country; null when either is unknown. */
export function scopeOf(country: string, homeCountry: string): Scope | null {
  const c = country.trim().toUpperCase();
  const home = homeCountry.trim().toUpperCase();
  if (c === '' || home === '') return null;
  return c === home ? 'domestic' : 'international';
}

/** The primary contact first, the rest in their stored order. */
export function contactsPrimaryFirst(contacts: readonly Contact[]): Contact[] {
  return [...contacts.filter((c) => c.primary), ...contacts.filter((c) => !c.primary)];
}

/** "City, Province, Country" without empty parts or repeats (e.g. city 北京 in province 北京). */
export function joinPlace(parts: ReadonlyArray<string | null | undefined>, separator = ', '): string {
  const out: string[] = [];
  for (const p of parts) {
    const s = (p ?? '').trim();
    if (s !== '' && !out.includes(s)) out.push(s);
  }
  return out.join(separator);
}
