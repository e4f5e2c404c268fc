import { describe, expect, it } from 'vitest';
import type { Address, CustomerDetail, Order, OrderLine } from '../bindings';
import { addressLines, documentCompany, mainContact, orderDocument, percent } from './document';
import { emptyCompany } from '../company';

const line = (over: Partial<OrderLine>): OrderLine => ({
  id: 'l',
  product_id: 'p',
  sku: 'RT-AX3',
  name: '无线路由器 AX3',
  unit: '台',
  quantity: '10',
  unit_price: '299.00',
  discount_pct: '5',
  tax_rate_pct: '13',
  net: '2840.50',
  tax: '369.27',
  gross: '3209.77',
  shipped: '0',
  returned: '0',
  unshipped: '10',
  ...over,
});

const order = (over: Partial<Order> = {}): Order => ({
  id: 'o',
  number: 'SO-2611-A3F-0001',
  customer_id: 'c',
  customer_name: '深圳华为技术有限公司',
  status: 'confirmed',
  currency: 'CNY',
  channel: 'direct',
  payment_method: 'bank_transfer',
  ordered_on: '2026-11-23',
  promised_on: '2026-12-01',
  notes: ' 请在工作日送货 ',
  credit_override: false,
  backorder: true,
  created_at: '2026-11-23T08:00:00Z',
  late: false,
  lines: [line({}), line({ id: 'm', sku: 'CAB-6', discount_pct: '0', net: '1234567.8', tax: '0.00', gross: '1234567.80' })],
  net: '1237408.30',
  tax: '369.27',
  gross: '1237777.57',
  history: [],
  shipments: [],
  returns: [],
  ...over,
});

const address = (over: Partial<Address>): Address => ({
  id: 'a',
  kind: 'billing',
  country: 'CN',
  province: '广东省',
  city: '深圳市',
  street: '龙岗区坂田华为基地',
  postcode: '518129',
  ...over,
});

const detail: CustomerDetail = {
  customer: {
    id: 'c',
    code: 'C-A3F-00001',
    kind: 'company',
    name: '深圳华为技术有限公司',
    phone: '',
    email: '',
    country: 'CN',
    province: '',
    city: '深圳',
    tags: [],
    credit_limit: '0',
    currency: 'CNY',
    notes: '',
    created_at: '2026-11-23T08:00:00Z',
    updated_at: '2026-11-23T08:00:00Z',
    channel: '',
    payment_method: '',
    payment_terms: 'net_30',
    lifecycle: 'active',
    manual_lifecycle: 'active',
    lifecycle_pinned: false,
    lifecycle_computed: false,
    owner: '',
  },
  contacts: [
    { id: 'x', name: '王芳', role: '', phone: '', email: 'wf@example.com', wechat: '', primary: false },
    { id: 'y', name: '张伟', role: '采购经理', phone: '13800138000', email: '', wechat: '', primary: true },
  ],
  addresses: [address({ kind: 'shipping', street: '龙岗区坂田仓库 3 号门' }), address({})],
};

describe('order document', () => {
  it('shows the backend amounts formatted, never recomputed', () => {
    const m = orderDocument(order(), detail, emptyCompany(), 'zh-CN', 'CN');
    expect(m.lines.map((l) => [l.n, l.unitPrice, l.discount, l.taxRate, l.net, l.tax, l.gross])).toEqual([
      [1, '299.00', '5 %', '13 %', '2,840.50', '369.27', '3,209.77'],
      [2, '299.00', '', '13 %', '1,234,567.80', '0.00', '1,234,567.80'],
    ]);
    expect([m.net, m.tax, m.gross]).toEqual(['1,237,408.30', '369.27', '¥1,237,777.57']);
    expect(m.lines[0]).toMatchObject({ quantity: '10', unit: '台', sku: 'RT-AX3' });
  });

  it('carries the total in capital numerals on a Chinese document in yuan only', () => {
    expect(orderDocument(order(), detail, null, 'zh-CN', 'CN').grossCapital).toBe(
      '人民币壹佰贰拾叁万柒仟柒佰柒拾柒元伍角柒分',
    );
    expect(orderDocument(order(), detail, null, 'en', 'CN').grossCapital).toBeNull();
    expect(orderDocument(order({ currency: 'USD' }), detail, null, 'zh-CN', 'CN').grossCapital).toBeNull();
  });

  it('translates dates and payment in the UI language', () => {
    const zh = orderDocument(order(), detail, null, 'zh-CN', 'CN');
    expect([zh.orderedOn, zh.promisedOn, zh.paymentMethod, zh.paymentTerms]).toEqual(['2026年11月23日', '2026年12月1日', '银行转账', '30 天账期']);
    const en = orderDocument(order({ promised_on: null, payment_method: '' }), detail, null, 'en', 'CN');
    expect([en.orderedOn, en.promisedOn, en.paymentMethod, en.paymentTerms]).toEqual(['Nov 23, 2026', null, '', 'Net 30 days']);
    expect(en.gross).toBe('CN¥1,237,777.57');
    expect(en.notes).toBe('请在工作日送货');
  });

  it('takes the billing address and the primary contact from the customer', () => {
    const m = orderDocument(order(), detail, null, 'zh-CN', 'CN');
    expect(m.customer).toEqual({
      name: '深圳华为技术有限公司',
      code: 'C-A3F-00001',
      billing: ['广东省深圳市龙岗区坂田华为基地 518129'],
      shipping: ['广东省深圳市龙岗区坂田仓库 3 号门 518129'],
      contact: { name: '张伟', role: '采购经理', phone: '13800138000', email: '' },
    });
  });

  it('without the customer record shows the name only', () => {
    const m = orderDocument(order(), null, null, 'en', 'CN');
    expect(m.customer).toEqual({ name: '深圳华为技术有限公司', code: '', billing: [], shipping: [], contact: null });
    expect(m.paymentTerms).toBe('');
  });

  it('marks drafts', () => {
    expect(orderDocument(order({ status: 'draft' }), null, null, 'en', 'CN').draft).toBe(true);
    expect(orderDocument(order(), null, null, 'en', 'CN').draft).toBe(false);
  });
});

describe('company header', () => {
  it('is null when nothing is set', () => {
    expect(documentCompany(null)).toBeNull();
    expect(documentCompany({ ...emptyCompany(), address: ' \n ' })).toBeNull();
  });

  it('keeps the address lines as typed, without blank ones', () => {
    expect(
      documentCompany({ name: ' 链簿贸易 ', address: '深圳市南山区\n\n  科技园 1 号 ', phone: '0755-1234', email: '', tax_id: '91440300' }),
    ).toEqual({ name: '链簿贸易', address: ['深圳市南山区', '科技园 1 号'], phone: '0755-1234', email: '', taxId: '91440300' });
  });
});

describe('addresses', () => {
  it('in Chinese: large to small on one line; a 直辖市 is named once', () => {
    expect(addressLines(address({ province: '上海', city: '上海', street: '浦东新区世纪大道 100 号', postcode: '' }), 'zh-CN', 'CN')).toEqual([
      '上海浦东新区世纪大道 100 号',
    ]);
  });

  it('in English: street, then place, then a foreign country', () => {
    expect(addressLines(address({ country: 'DE', province: '', city: 'Berlin', street: 'Unter den Linden 1', postcode: '10117' }), 'en', 'CN')).toEqual([
      'Unter den Linden 1',
      'Berlin 10117',
      'Germany',
    ]);
    expect(addressLines(address({ country: 'DE', province: '', city: 'Berlin', street: 'Unter den Linden 1', postcode: '10117' }), 'zh-CN', 'CN')).toEqual([
      '德国 Berlin Unter den Linden 1 10117',
    ]);
  });

  it('an empty address has no lines', () => {
    expect(addressLines(address({ country: '', province: '', city: '', street: '', postcode: '' }), 'zh-CN', 'CN')).toEqual([]);
  });
});

describe('helpers', () => {
  it('percent leaves out a zero discount', () => {
    expect([percent('0'), percent('0.00'), percent(''), percent('12.5')]).toEqual(['', '', '', '12.5 %']);
  });

  it('main contact falls back to the first', () => {
    expect(mainContact([])).toBeNull();
    expect(mainContact([{ id: 'a', name: '李', role: '', phone: '1', email: '', wechat: '', primary: false }])?.name).toBe('李');
  });
});
