import { describe, expect, it } from 'vitest';
import type { Contact } from '../bindings';
import { contactsPrimaryFirst, joinPlace, scopeOf } from './facts';

describe('customer facts', () => {
  it('decide domestic vs international by the home country', () => {
    expect(scopeOf('CN', 'CN')).toBe('domestic');
    expect(scopeOf('cn', 'CN')).toBe('domestic');
    expect(scopeOf('US', 'CN')).toBe('international');
    expect(scopeOf('', 'CN')).toBeNull();
    expect(scopeOf('US', '')).toBeNull();
  });

  it('list the primary contact first', () => {
    const c = (id: string, primary: boolean): Contact => ({ id, name: id, role: '', phone: '', email: '', wechat: '', primary });
    expect(contactsPrimaryFirst([c('a', false), c('b', true), c('c', false)]).map((x) => x.id)).toEqual(['b', 'a', 'c']);
  });

  it('join places without blanks or repeats', () => {
    expect(joinPlace(['深圳', '广东', '中国'])).toBe('深圳, 广东, 中国');
    expect(joinPlace(['北京', '北京', '', null, '中国'])).toBe('北京, 中国');
    expect(joinPlace([])).toBe('');
  });
});
