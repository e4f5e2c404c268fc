// The order confirmation (销售订单确认书) as printed: what OrderDocument.svelte shows, worked out
// from the order, the customer's record and the company header. Every amount is the backend's
// decimal string, only formatted here (exact, through Intl), never recomputed.
import type { Address, Company, Contact, CustomerDetail, Order } from '../bindings';
import { formatDate, formatMoney, regionName } from '../format';
import { translate, type Locale } from '../i18n/core';
import { choiceKey, type ChoiceGroup } from '../customers/choices';
import { isCompanyEmpty } from '../company';
import { formatAmount } from './format';
import { capitalAmount } from '../capital';

export type DocumentCompany = {
  name: string;
  /** The address as typed in Settings, one entry per non-empty line. */
  address: string[];
  phone: string;
  email: string;
  taxId: string;
};

export type DocumentContact = { name: string; role: string; phone: string; email: string };

export type DocumentCustomer = {
  name: string;
  code: string;
  billing: string[];
  /** Only when it differs from the billing address. */
  shipping: string[];
  contact: DocumentContact | null;
};

export type DocumentLine = {
  n: number;
  sku: string;
  name: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  /** "" when there is no discount. */
  discount: string;
  taxRate: string;
  net: string;
  tax: string;
  gross: string;
};

export type OrderDocumentModel = {
  /** null: nothing set in Settings (the preview shows a hint instead). */
  company: DocumentCompany | null;
  number: string;
  draft: boolean;
  orderedOn: string;
  /** null when no date was promised. */
  promisedOn: string | null;
  currency: string;
  customer: DocumentCustomer;
  lines: DocumentLine[];
  net: string;
  tax: string;
  /** With the currency sign. */
  gross: string;
  /**
   * The total in Chinese capital numerals (大写金额, "人民币壹万元整") on a Chinese document in
   * yuan, as Chinese business documents carry it; null otherwise.
   */
  grossCapital: string | null;
  /** Translated, "" when not set. */
  paymentMethod: string;
  paymentTerms: string;
  notes: string;
};

function nonEmptyLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

export function documentCompany(company: Company | null | undefined): DocumentCompany | null {
  if (!company || isCompanyEmpty(company)) return null;
  return {
    name: company.name.trim(),
    address: nonEmptyLines(company.address),
    phone: company.phone.trim(),
    email: company.email.trim(),
    taxId: company.tax_id.trim(),
  };
}

const CJK = /[\u3000-\u9fff\uf900-\ufaff]/;

/**
 * An address as lines, in the custom of the language: Chinese from large to small on one line
 * (省市区街道, postcode after it), English street first, then city/province/postcode, then the
 * country. The country is named only when it is not the home country.
 */
export function addressLines(a: Address, locale: Locale, homeCountry: string): string[] {
  const country = a.country.trim().toUpperCase();
  const countryName = country !== '' && country !== homeCountry.trim().toUpperCase() ? regionName(country, locale) : '';
  const province = a.province.trim();
  const city = a.city.trim() === province ? '' : a.city.trim(); // 直辖市: 上海 / 上海
  const street = a.street.trim();
  const postcode = a.postcode.trim();
  if (locale === 'zh-CN') {
    const parts = [countryName, province, city, street].filter((p) => p !== '');
    const joined = parts.every((p) => CJK.test(p)) ? parts.join('') : parts.join(' ');
    const line = [joined, postcode].filter((p) => p !== '').join(' ');
    return line === '' ? [] : [line];
  }
  const place = [[city, province].filter((p) => p !== '').join(', '), postcode].filter((p) => p !== '').join(' ');
  return [street, place, countryName].filter((p) => p !== '');
}

function addressOf(addresses: Address[], kind: string): Address | null {
  return addresses.find((a) => a.kind === kind) ?? null;
}

/** The primary contact, else the first one, else null. */
export function mainContact(contacts: Contact[]): DocumentContact | null {
  const c = contacts.find((x) => x.primary) ?? contacts[0];
  if (!c) return null;
  return { name: c.name.trim(), role: c.role.trim(), phone: c.phone.trim(), email: c.email.trim() };
}

export function documentCustomer(order: Order, detail: CustomerDetail | null, locale: Locale, homeCountry: string): DocumentCustomer {
  if (!detail) return { name: order.customer_name, code: '', billing: [], shipping: [], contact: null };
  const billingAddress = addressOf(detail.addresses, 'billing');
  const shippingAddress = addressOf(detail.addresses, 'shipping');
  const billing = billingAddress ? addressLines(billingAddress, locale, homeCountry) : [];
  const shipping = shippingAddress ? addressLines(shippingAddress, locale, homeCountry) : [];
  return {
    name: order.customer_name,
    code: detail.customer.code,
    billing,
    shipping: shipping.join('\n') === billing.join('\n') ? [] : shipping,
    contact: mainContact(detail.contacts),
  };
}

function choice(locale: Locale, group: ChoiceGroup, value: string): string {
  if (value === '') return '';
  const key = choiceKey(group, value);
  return key ? translate(locale, key) : value;
}

/** "5" → "5 %", no discount → "". */
export function percent(value: string): string {
  const v = value.trim();
  return v === '' || /^0+(\.0+)?$/.test(v) ? '' : `${v} %`;
}

/** "人民币" and the amount in capitals, or null when it is not an amount in yuan. */
function capitalYuan(amount: string): string | null {
  const words = capitalAmount(amount);
  return words === null ? null : `人民币${words}`;
}

export function orderDocument(
  order: Order,
  detail: CustomerDetail | null,
  company: Company | null | undefined,
  locale: Locale,
  homeCountry: string,
): OrderDocumentModel {
  const amount = (v: string): string => formatAmount(v, order.currency, locale);
  return {
    company: documentCompany(company),
    number: order.number,
    draft: order.status === 'draft',
    orderedOn: formatDate(order.ordered_on, locale),
    promisedOn: order.promised_on ? formatDate(order.promised_on, locale) : null,
    currency: order.currency,
    customer: documentCustomer(order, detail, locale, homeCountry),
    lines: order.lines.map((l, i) => ({
      n: i + 1,
      sku: l.sku,
      name: l.name,
      quantity: l.quantity,
      unit: l.unit,
      unitPrice: amount(l.unit_price),
      discount: percent(l.discount_pct),
      taxRate: `${l.tax_rate_pct.trim()} %`,
      net: amount(l.net),
      tax: amount(l.tax),
      gross: amount(l.gross),
    })),
    net: amount(order.net),
    tax: amount(order.tax),
    gross: formatMoney(order.gross, order.currency, locale),
    grossCapital: locale === 'zh-CN' && order.currency === 'CNY' ? capitalYuan(order.gross) : null,
    paymentMethod: choice(locale, 'payment_method', order.payment_method),
    paymentTerms: detail ? choice(locale, 'payment_terms', detail.customer.payment_terms) : '',
    notes: order.notes.trim(),
  };
}
