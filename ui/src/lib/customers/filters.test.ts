import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  countryFilterValue,
  countryIncomplete,
  emptyFilter,
  filterFromDto,
  filterToDto,
  sameFilter,
  toggleValue,
} from './filters';

describe('filter state → CustomerFilterDto', () => {
  it('sends nothing for an empty filter', () => {
    expect(filterToDto(emptyFilter())).toEqual({
      tags: [],
      channels: [],
      payment_methods: [],
      country: null,
      province: null,
      city: null,
      scope: null,
      lifecycles: [],
      owners: [],
      tiers: [],
      rfm_segments: [],
      product_stages: [],
      frequency_bands: [],
    });
  });

  it('trims text, upper-cases the country and maps "all" to null', () => {
    const dto = filterToDto({
      ...emptyFilter(),
      tags: ['quality_first', 'vip'],
      channels: ['distributor'],
      payment_methods: ['alipay', 'cash'],
      lifecycles: ['at_risk'],
      owners: ['李明'],
      tiers: ['a', 'z'],
      rfm_segments: ['at_risk'],
      product_stages: ['decline'],
      frequency_bands: ['rare'],
      country: ' cn ',
      province: ' 广东 ',
      city: '  ',
      scope: 'international',
    });
    expect(dto).toEqual({
      tags: ['quality_first', 'vip'],
      channels: ['distributor'],
      payment_methods: ['alipay', 'cash'],
      country: 'CN',
      province: '广东',
      city: null,
      scope: 'international',
      lifecycles: ['at_risk'],
      owners: ['李明'],
      tiers: ['a'],
      rfm_segments: ['at_risk'],
      product_stages: ['decline'],
      frequency_bands: ['rare'],
    });
  });

  it('ignores a half-typed country', () => {
    expect(countryFilterValue('c')).toBeNull();
    expect(countryFilterValue('CHN')).toBeNull();
    expect(countryFilterValue('de')).toBe('DE');
    expect(countryIncomplete('c')).toBe(true);
    expect(countryIncomplete('')).toBe(false);
    expect(countryIncomplete('us')).toBe(false);
    expect(filterToDto({ ...emptyFilter(), country: 'c' }).country).toBeNull();
  });

  it('round-trips through a saved segment', () => {
    const f = { ...emptyFilter(), tags: ['fast_delivery'], province: '浙江', scope: 'domestic' as const };
    expect(filterFromDto(filterToDto(f))).toEqual(f);
    expect(filterFromDto({ ...filterToDto(emptyFilter()), scope: 'martian' }).scope).toBe('');
  });
});

describe('active filter count', () => {
  it('counts every chosen value, filled box and the scope', () => {
    expect(activeFilterCount(emptyFilter())).toBe(0);
    expect(
      activeFilterCount({
        ...emptyFilter(),
        tags: ['a', 'b'],
        channels: ['direct'],
        city: '深圳',
        scope: 'domestic',
      }),
    ).toBe(5);
    // blank or incomplete boxes do not filter, so they do not count
    expect(activeFilterCount({ ...emptyFilter(), city: '  ', country: 'c' })).toBe(0);
  });
});

describe('helpers', () => {
  it('toggle a value in and out', () => {
    expect(toggleValue(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggleValue(['a', 'b'], 'a')).toEqual(['b']);
  });

  it('compare filters regardless of the order of chosen values', () => {
    const a = filterToDto({ ...emptyFilter(), tags: ['x', 'y'] });
    const b = filterToDto({ ...emptyFilter(), tags: ['y', 'x'] });
    expect(sameFilter(a, b)).toBe(true);
    expect(sameFilter(a, filterToDto({ ...emptyFilter(), tags: ['x'] }))).toBe(false);
    expect(sameFilter(a, { ...b, city: '深圳' })).toBe(false);
  });
});
