// The list's filter bar: its editable state and the CustomerFilterDto it becomes.
import type { CustomerFilterDto } from '../bindings';
import { isChoice, type Scope } from './choices';

/** What the filter bar edits. Lists are "any of"; different fields combine with "and". */
export type FilterState = {
  tags: string[];
  channels: string[];
  payment_methods: string[];
  lifecycles: string[];
  owners: string[];
  tiers: string[];
  rfm_segments: string[];
  product_stages: string[];
  frequency_bands: string[];
  country: string;
  province: string;
  city: string;
  /** '' is "all". */
  scope: '' | Scope;
};

/** The list-valued filters, one chip group each. */
export const LIST_FILTERS = [
  'tags',
  'channels',
  'payment_methods',
  'lifecycles',
  'owners',
  'tiers',
  'rfm_segments',
  'product_stages',
  'frequency_bands',
] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

export function emptyFilter(): FilterState {
  return {
    tags: [],
    channels: [],
    payment_methods: [],
    lifecycles: [],
    owners: [],
    tiers: [],
    rfm_segments: [],
    product_stages: [],
    frequency_bands: [],
    country: '',
    province: '',
    city: '',
    scope: '',
  };
}

/** A country filter is only sent once it is a complete 2-letter code (half-typed input is ignored). */
export function countryFilterValue(text: string): string | null {
  const code = text.trim().toUpperCase();
  return /^[A-Z]{2}$/.test(code) ? code : null;
}

/** True while the country box holds something that is not (yet) a 2-letter code. */
export function countryIncomplete(text: string): boolean {
  return text.trim() !== '' && countryFilterValue(text) === null;
}

const textOrNull = (s: string): string | null => {
  const v = s.trim();
  return v === '' ? null : v;
};

export function filterToDto(f: FilterState): CustomerFilterDto {
  return {
    tags: [...f.tags],
    channels: [...f.channels],
    payment_methods: [...f.payment_methods],
    country: countryFilterValue(f.country),
    province: textOrNull(f.province),
    city: textOrNull(f.city),
    scope: f.scope === '' ? null : f.scope,
    lifecycles: [...f.lifecycles],
    owners: [...f.owners],
    tiers: f.tiers.filter((v) => isChoice('tier', v)),
    rfm_segments: f.rfm_segments.filter((v) => isChoice('rfm', v)),
    product_stages: [...f.product_stages],
    frequency_bands: [...f.frequency_bands],
  };
}

export function filterFromDto(dto: CustomerFilterDto): FilterState {
  return {
    tags: [...dto.tags],
    channels: [...dto.channels],
    payment_methods: [...dto.payment_methods],
    lifecycles: [...dto.lifecycles],
    owners: [...dto.owners],
    tiers: [...dto.tiers],
    rfm_segments: [...dto.rfm_segments],
    product_stages: [...dto.product_stages],
    frequency_bands: [...dto.frequency_bands],
    country: dto.country ?? '',
    province: dto.province ?? '',
    city: dto.city ?? '',
    scope: dto.scope !== null && isChoice('scope', dto.scope) ? dto.scope : '',
  };
}

/** How many filter values are in effect: every chosen chip, every filled box and the scope count one. */
export function activeFilterCount(f: FilterState): number {
  const dto = filterToDto(f);
  let n = 0;
  for (const key of LIST_FILTERS) n += dto[key].length;
  for (const v of [dto.country, dto.province, dto.city, dto.scope]) if (v !== null) n += 1;
  return n;
}

/** Adds the value if missing, removes it if present (keeping the order of the rest). */
export function toggleValue(list: readonly string[], value: string): string[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/** Whether two filters select the same customers (order of chosen values does not matter). */
export function sameFilter(a: CustomerFilterDto, b: CustomerFilterDto): boolean {
  const norm = (d: CustomerFilterDto): string =>
    JSON.stringify({
      tags: [...d.tags].sort(),
      channels: [...d.channels].sort(),
      payment_methods: [...d.payment_methods].sort(),
      lifecycles: [...d.lifecycles].sort(),
      owners: [...d.owners].sort(),
      tiers: [...d.tiers].sort(),
      rfm_segments: [...d.rfm_segments].sort(),
      product_stages: [...d.product_stages].sort(),
      frequency_bands: [...d.frequency_bands].sort(),
      country: d.country ?? null,
      province: d.province ?? null,
      city: d.city ?? null,
      scope: d.scope ?? null,
    });
  return norm(a) === norm(b);
}
