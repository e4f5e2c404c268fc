import { describe, expect, it } from 'vitest';
import type { Customer, CustomerDetail } from '../bindings';
import {
  addAddress,
  addContact,
  controlId,
  draftFromCustomer,
  draftFromDetail,
  duplicateQuery,
  emptyContact,
  emptyDraft,
  errorPath,
  formatTags,
  inputFromDraft,
  isFormField,
  joinTags,
  parseErrorPath,
  parseTags,
  removeContact,
  setPrimary,
  splitTags,
} from './form';

const customer: Customer = {
  id: '0190',
  code: 'C-0001',
  kind: 'person',
  name: '张三',
  phone: '138',
  email: 'a@b.cn',
  country: 'CN',
  province: '广东',
  city: '深圳',
  tags: ['重品质', '快交货'],
  credit_limit: '5000.00',
  currency: 'CNY',
  notes: 'n',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-02T00:00:00Z',
  channel: 'distributor',
  payment_method: 'alipay',
  payment_terms: 'net_30',
  lifecycle: 'lost',
  manual_lifecycle: 'active',
  lifecycle_pinned: false,
  lifecycle_computed: true,
  owner: '李明',
};

describe('parseTags', () => {
  it('splits, trims and drops empty pieces', () => {
    expect(parseTags('')).toEqual([]);
    expect(parseTags('  ,  , ')).toEqual([]);
    expect(parseTags('quality-first, fast-delivery ,price-sensitive')).toEqual([
      'quality-first',
      'fast-delivery',
      'price-sensitive',
    ]);
  });

  it('accepts full-width commas and 、', () => {
    expect(parseTags('重品质，快交货、重价格')).toEqual(['重品质', '快交货', '重价格']);
  });

  it('keeps inner spaces and removes duplicates', () => {
    expect(parseTags('needs technical support, a, a ,b')).toEqual(['needs technical support', 'a', 'b']);
  });

  it('round-trips with formatTags', () => {
    expect(parseTags(formatTags(['重品质', 'fast delivery']))).toEqual(['重品质', 'fast delivery']);
  });
});

describe('need tags', () => {
  it('split stored tags into the predefined keys (fixed order) and the user tags', () => {
    expect(splitTags(['vip', 'fast_delivery', 'quality_first', '华南'])).toEqual({
      needs: ['quality_first', 'fast_delivery'],
      own: ['vip', '华南'],
    });
  });

  it('join need keys first and drop a typed tag equal to a chosen key', () => {
    expect(joinTags(['fast_delivery', 'quality_first'], ['vip', 'Quality_First', 'vip2'])).toEqual([
      'quality_first',
      'fast_delivery',
      'vip',
      'vip2',
    ]);
    expect(joinTags([], ['a'])).toEqual(['a']);
  });
});

describe('drafts', () => {
  it('start as a new company in CNY, without contacts or addresses', () => {
    const d = emptyDraft();
    expect(d.kind).toBe('company');
    expect(d.currency).toBe('CNY');
    expect(d.lifecycle).toBe('new');
    expect(d.tags).toBe('');
    expect(d.needs).toEqual([]);
    expect(d.contacts).toEqual([]);
    expect(d.addresses).toEqual([]);
  });

  it('become a CustomerInput with tags split and codes upper-cased, amount untouched', () => {
    const d = {
      ...emptyDraft(),
      name: '  深圳华为技术有限公司 ',
      country: 'cn',
      currency: 'usd',
      tags: 'a, b',
      needs: ['price_sensitive' as const],
      credit_limit: ' 1000.50 ',
      owner: ' 李明 ',
      channel: 'direct',
    };
    expect(inputFromDraft(d)).toEqual({
      kind: 'company',
      name: '深圳华为技术有限公司',
      phone: '',
      email: '',
      country: 'CN',
      province: '',
      city: '',
      tags: ['price_sensitive', 'a', 'b'],
      credit_limit: '1000.50',
      currency: 'USD',
      notes: '',
      channel: 'direct',
      payment_method: '',
      payment_terms: '',
      lifecycle: 'new',
      lifecycle_pinned: false,
      owner: '李明',
      contacts: [],
      addresses: [],
    });
  });

  it('load from a Customer', () => {
    const d = draftFromCustomer({ ...customer, tags: ['重品质', 'quality_first', '快交货'] });
    expect(d.tags).toBe('重品质, 快交货');
    expect(d.needs).toEqual(['quality_first']);
    expect(d.channel).toBe('distributor');
    // The form edits the stage set by hand, not the computed one shown elsewhere.
    expect(d.lifecycle).toBe('active');
    expect(d.lifecyclePinned).toBe(false);
    expect(inputFromDraft({ ...d, lifecyclePinned: true }).lifecycle_pinned).toBe(true);
    expect(inputFromDraft(d).tags).toEqual(['quality_first', '重品质', '快交货']);
  });

  it('treat an empty lifecycle as new', () => {
    expect(draftFromCustomer({ ...customer, manual_lifecycle: '' as Customer['manual_lifecycle'] }).lifecycle).toBe('new');
  });

  it('know which error fields belong to the form', () => {
    expect(isFormField('email')).toBe(true);
    expect(isFormField('credit_limit')).toBe(true);
    expect(isFormField('owner')).toBe(true);
    expect(isFormField('id')).toBe(false);
    expect(isFormField(null)).toBe(false);
  });
});

describe('contacts and addresses', () => {
  const detail: CustomerDetail = {
    customer,
    contacts: [
      { id: 'k1', name: '王芳', role: '采购', phone: '139', email: '', wechat: '', primary: true },
      { id: 'k2', name: 'Li', role: '', phone: '', email: 'li@x.cn', wechat: 'li_w', primary: false },
    ],
    addresses: [{ id: 'a1', kind: 'billing', country: 'CN', province: '广东', city: '深圳', street: '科技路 1 号', postcode: '518057' }],
  };

  it('load with their ids and send the ids back; new rows send null', () => {
    const d = draftFromDetail(detail);
    expect(d.contacts.map((c) => c.id)).toEqual(['k1', 'k2']);
    d.contacts = addContact(d.contacts);
    const added = d.contacts[2];
    if (!added) throw new Error('no new contact');
    added.name = ' 新人 ';
    added.phone = ' 137 ';
    d.addresses = addAddress(d.addresses);
    const addr = d.addresses[1];
    if (!addr) throw new Error('no new address');
    addr.country = 'us';
    const input = inputFromDraft(d);
    expect(input.contacts).toEqual([
      { id: 'k1', name: '王芳', role: '采购', phone: '139', email: '', wechat: '', primary: true },
      { id: 'k2', name: 'Li', role: '', phone: '', email: 'li@x.cn', wechat: 'li_w', primary: false },
      { id: null, name: '新人', role: '', phone: '137', email: '', wechat: '', primary: false },
    ]);
    expect(input.addresses).toEqual([
      { id: 'a1', kind: 'billing', country: 'CN', province: '广东', city: '深圳', street: '科技路 1 号', postcode: '518057' },
      { id: null, kind: 'shipping', country: 'US', province: '', city: '', street: '', postcode: '' },
    ]);
    // the on-screen row keys never reach the backend
    expect(JSON.stringify(input)).not.toContain('row-');
  });

  it('keep exactly one primary contact', () => {
    let contacts = addContact([]);
    expect(contacts[0]?.primary).toBe(true);
    contacts = addContact(contacts);
    expect(contacts.map((c) => c.primary)).toEqual([true, false]);
    contacts = setPrimary(contacts, 1);
    expect(contacts.map((c) => c.primary)).toEqual([false, true]);
    contacts = removeContact(contacts, 1);
    expect(contacts.map((c) => c.primary)).toEqual([true]);
    expect(removeContact([emptyContact(true)], 0)).toEqual([]);
  });

  it('offer billing first, then shipping', () => {
    const one = addAddress([]);
    expect(one[0]?.kind).toBe('billing');
    expect(addAddress(one)[1]?.kind).toBe('shipping');
  });
});

describe('error paths', () => {
  it('map backend paths to the field they name', () => {
    expect(parseErrorPath('email')).toEqual({ section: 'customer', field: 'email' });
    expect(parseErrorPath('contacts.1.phone')).toEqual({ section: 'contacts', index: 1, field: 'phone' });
    expect(parseErrorPath('addresses.0.country')).toEqual({ section: 'addresses', index: 0, field: 'country' });
  });

  it('reject paths the form cannot show (they go to the banner)', () => {
    expect(parseErrorPath(null)).toBeNull();
    expect(parseErrorPath('contacts')).toBeNull();
    expect(parseErrorPath('contacts.x.phone')).toBeNull();
    expect(parseErrorPath('contacts.0.fax')).toBeNull();
    expect(parseErrorPath('orders.0.name')).toBeNull();
    expect(parseErrorPath('contacts.2.phone', { contacts: 2, addresses: 0 })).toBeNull();
    expect(parseErrorPath('contacts.1.phone', { contacts: 2, addresses: 0 })).not.toBeNull();
  });

  it('give the test id path and the control id', () => {
    const target = parseErrorPath('contacts.1.phone');
    if (!target) throw new Error('no target');
    expect(errorPath(target)).toBe('contacts.1.phone');
    expect(controlId(errorPath(target))).toBe('cf-contacts-1-phone');
    expect(controlId('name')).toBe('cf-name');
  });
});

describe('duplicate query', () => {
  it('collects the name and every phone and email, contacts included, without blanks or repeats', () => {
    const d = {
      ...emptyDraft(),
      name: ' 华为 ',
      phone: '0755 1',
      email: 'a@x.cn',
      contacts: [
        { ...emptyContact(true), phone: '138', email: '' },
        { ...emptyContact(), phone: '0755 1', email: 'b@x.cn' },
      ],
    };
    expect(duplicateQuery(d, null)).toEqual({
      name: '华为',
      phones: ['0755 1', '138'],
      emails: ['a@x.cn', 'b@x.cn'],
      exclude: null,
    });
    expect(duplicateQuery(d, 'id-1').exclude).toBe('id-1');
  });
});
