// Pure helpers for the customer form: the editable model and its conversion to/from the IPC types.
import type {
  AddressInput,
  ContactInput,
  Customer,
  CustomerDetail,
  CustomerInput,
  CustomerKind,
  DuplicateQuery,
} from '../bindings';
import { DEFAULT_LIFECYCLE, isNeedTag, NEED_TAGS, type NeedTag } from './choices';
import { baseCurrency } from '../currency';


/** A contact row as edited. `key` only identifies the row on screen; `id` is null for a new contact. */
export type ContactDraft = {
  key: string;
  id: string | null;
  name: string;
  role: string;
  phone: string;
  email: string;
  wechat: string;
  primary: boolean;
};

/** An address row as edited. `id` is null for a new address. */
export type AddressDraft = {
  key: string;
  id: string | null;
  kind: string;
  country: string;
  province: string;
  city: string;
  street: string;
  postcode: string;
};

/**
 * The form's own model: like CustomerInput, but the predefined need tags are a set of toggles
 * (`needs`) and the user's own tags are the comma-separated text they edit (`tags`).
 */
export type CustomerDraft = {
  kind: CustomerKind;
  name: string;
  phone: string;
  email: string;
  country: string;
  province: string;
  city: string;
  needs: NeedTag[];
  tags: string;
  credit_limit: string;
  currency: string;
  channel: string;
  payment_method: string;
  payment_terms: string;
  lifecycle: string;
  /** Keep `lifecycle` as set by hand instead of the stage computed from the orders. */
  lifecyclePinned: boolean;
  owner: string;
  notes: string;
  contacts: ContactDraft[];
  addresses: AddressDraft[];
};

/** The customer's own fields a backend error can point at (`CommandError.field`), in form order. */
export const FORM_FIELDS = [
  'kind',
  'name',
  'tags',
  'phone',
  'email',
  'country',
  'province',
  'city',
  'channel',
  'payment_method',
  'payment_terms',
  'lifecycle',
  'owner',
  'credit_limit',
  'currency',
  'notes',
] as const satisfies ReadonlyArray<keyof CustomerDraft>;
export type FormField = (typeof FORM_FIELDS)[number];

export const CONTACT_FIELDS = ['name', 'role', 'phone', 'email', 'wechat', 'primary'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];
export const ADDRESS_FIELDS = ['kind', 'country', 'province', 'city', 'street', 'postcode'] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

export function isFormField(field: string | null): field is FormField {
  return field !== null && (FORM_FIELDS as readonly string[]).includes(field);
}

/** Where an error path such as "contacts.1.phone" points. */
export type ErrorTarget =
  | { section: 'customer'; field: FormField }
  | { section: 'contacts'; index: number; field: ContactField }
  | { section: 'addresses'; index: number; field: AddressField };

/**
 * Reads a backend error path: a customer field ("email"), or a row field ("contacts.1.phone",
 * "addresses.0.country"). Anything else, or a row the draft does not have, is null (shown in the
 * banner instead). Pass the row counts to check the index.
 */
export function parseErrorPath(
  field: string | null,
  rows: { contacts: number; addresses: number } = { contacts: Infinity, addresses: Infinity },
): ErrorTarget | null {
  if (field === null) return null;
  if (isFormField(field)) return { section: 'customer', field };
  const m = /^(contacts|addresses)\.(\d+)\.(\w+)$/.exec(field);
  if (!m) return null;
  const index = Number(m[2]);
  const sub = m[3] ?? '';
  if (m[1] === 'contacts') {
    if (index >= rows.contacts || !(CONTACT_FIELDS as readonly string[]).includes(sub)) return null;
    return { section: 'contacts', index, field: sub as ContactField };
  }
  if (index >= rows.addresses || !(ADDRESS_FIELDS as readonly string[]).includes(sub)) return null;
  return { section: 'addresses', index, field: sub as AddressField };
}

/** The error path of a target, as the backend writes it (also the `error-<path>` test id). */
export function errorPath(target: ErrorTarget): string {
  return target.section === 'customer' ? target.field : `${target.section}.${target.index}.${target.field}`;
}

/** The DOM id of the control for an error path: "contacts.1.phone" → "cf-contacts-1-phone". */
export function controlId(path: string): string {
  return `cf-${path.replace(/\./g, '-')}`;
}

/** Common ISO 3166-1 alpha-2 codes offered in the country datalist (any valid code may be typed). */
export const COMMON_COUNTRIES = ['CN', 'HK', 'TW', 'MO', 'US', 'DE', 'JP', 'KR', 'GB', 'FR', 'SG', 'MY', 'TH', 'VN', 'AU', 'CA'] as const;
/** Common ISO 4217 codes offered in the currency datalist. */
export const COMMON_CURRENCIES = ['CNY', 'USD', 'EUR', 'JPY', 'HKD', 'GBP', 'KRW', 'SGD', 'TWD'] as const;

/**
 * Splits the tags text into tags: separated by ASCII or full-width commas or 、, trimmed,
 * empty pieces dropped, duplicates removed (first one kept).
 */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const piece of text.split(/[,，、]/)) {
    const tag = piece.trim();
    if (tag !== '' && !seen.has(tag)) {
      seen.add(tag);
      tags.push(tag);
    }
  }
  return tags;
}

export function formatTags(tags: readonly string[]): string {
  return tags.join(', ');
}

let keySeq = 0;
/** A key for a new row on screen (never sent to the backend). */
export function newRowKey(): string {
  keySeq += 1;
  return `row-${keySeq}`;
}

export function emptyContact(primary = false): ContactDraft {
  return { key: newRowKey(), id: null, name: '', role: '', phone: '', email: '', wechat: '', primary };
}

export function emptyAddress(kind = 'billing'): AddressDraft {
  return { key: newRowKey(), id: null, kind, country: '', province: '', city: '', street: '', postcode: '' };
}

export function emptyDraft(): CustomerDraft {
  return {
    kind: 'company',
    name: '',
    phone: '',
    email: '',
    country: '',
    province: '',
    city: '',
    needs: [],
    tags: '',
    credit_limit: '',
    currency: baseCurrency(),
    channel: '',
    payment_method: '',
    payment_terms: '',
    lifecycle: DEFAULT_LIFECYCLE,
    lifecyclePinned: false,
    owner: '',
    notes: '',
    contacts: [],
    addresses: [],
  };
}

/** Splits stored tags into the predefined need tags (in their fixed order) and the user's own. */
export function splitTags(tags: readonly string[]): { needs: NeedTag[]; own: string[] } {
  const needs = NEED_TAGS.filter((n) => tags.includes(n));
  const own = tags.filter((tag) => !isNeedTag(tag));
  return { needs, own };
}

/** Need tags first (fixed order), then the user's tags; a typed tag equal to a chosen need tag is dropped. */
export function joinTags(needs: readonly NeedTag[], own: readonly string[]): string[] {
  const chosen = NEED_TAGS.filter((n) => needs.includes(n));
  const lower = new Set<string>(chosen.map((n) => n.toLowerCase()));
  const rest: string[] = [];
  for (const tag of own) {
    const key = tag.toLowerCase();
    if (!lower.has(key)) {
      lower.add(key);
      rest.push(tag);
    }
  }
  return [...chosen, ...rest];
}

export function draftFromCustomer(c: Customer): CustomerDraft {
  const { needs, own } = splitTags(c.tags);
  return {
    kind: c.kind,
    name: c.name,
    phone: c.phone,
    email: c.email,
    country: c.country,
    province: c.province,
    city: c.city,
    needs,
    tags: formatTags(own),
    credit_limit: c.credit_limit,
    currency: c.currency,
    channel: c.channel,
    payment_method: c.payment_method,
    payment_terms: c.payment_terms,
    lifecycle: c.manual_lifecycle || DEFAULT_LIFECYCLE,
    lifecyclePinned: c.lifecycle_pinned,
    owner: c.owner,
    notes: c.notes,
    contacts: [],
    addresses: [],
  };
}

/** The form model for an existing customer, its contacts and addresses keeping their ids. */
export function draftFromDetail(detail: CustomerDetail): CustomerDraft {
  return {
    ...draftFromCustomer(detail.customer),
    contacts: detail.contacts.map((c) => ({
      key: newRowKey(),
      id: c.id,
      name: c.name,
      role: c.role,
      phone: c.phone,
      email: c.email,
      wechat: c.wechat,
      primary: c.primary,
    })),
    addresses: detail.addresses.map((a) => ({
      key: newRowKey(),
      id: a.id,
      kind: a.kind,
      country: a.country,
      province: a.province,
      city: a.city,
      street: a.street,
      postcode: a.postcode,
    })),
  };
}

function contactInput(c: ContactDraft): ContactInput {
  return {
    id: c.id,
    name: c.name.trim(),
    role: c.role.trim(),
    phone: c.phone.trim(),
    email: c.email.trim(),
    wechat: c.wechat.trim(),
    primary: c.primary,
  };
}

function addressInput(a: AddressDraft): AddressInput {
  return {
    id: a.id,
    kind: a.kind,
    country: a.country.trim().toUpperCase(),
    province: a.province.trim(),
    city: a.city.trim(),
    street: a.street.trim(),
    postcode: a.postcode.trim(),
  };
}

/**
 * The CustomerInput sent to the backend. Text is trimmed (notes and streets keep inner line
 * breaks), codes are upper-cased; the backend validates everything else. Existing rows send their
 * id back, new rows null. The credit limit stays a string: never a number.
 */
export function inputFromDraft(d: CustomerDraft): CustomerInput {
  return {
    kind: d.kind,
    name: d.name.trim(),
    phone: d.phone.trim(),
    email: d.email.trim(),
    country: d.country.trim().toUpperCase(),
    province: d.province.trim(),
    city: d.city.trim(),
    tags: joinTags(d.needs, parseTags(d.tags)),
    credit_limit: d.credit_limit.trim(),
    currency: d.currency.trim().toUpperCase(),
    notes: d.notes.trim(),
    channel: d.channel,
    payment_method: d.payment_method,
    payment_terms: d.payment_terms,
    lifecycle: d.lifecycle,
    lifecycle_pinned: d.lifecyclePinned,
    owner: d.owner.trim(),
    contacts: d.contacts.map(contactInput),
    addresses: d.addresses.map(addressInput),
  };
}

/** Makes row `index` the only primary contact. */
export function setPrimary(contacts: readonly ContactDraft[], index: number): ContactDraft[] {
  return contacts.map((c, i) => ({ ...c, primary: i === index }));
}

/** Removes a contact; if it was the primary one, the first remaining contact becomes primary. */
export function removeContact(contacts: readonly ContactDraft[], index: number): ContactDraft[] {
  const removed = contacts[index];
  const rest = contacts.filter((_, i) => i !== index);
  if (removed?.primary && rest.length > 0) return setPrimary(rest, 0);
  return rest;
}

/** Adds an empty contact; the first contact of a customer is the primary one. */
export function addContact(contacts: readonly ContactDraft[]): ContactDraft[] {
  return [...contacts, emptyContact(!contacts.some((c) => c.primary))];
}

/** Adds an empty address: billing first, then shipping. */
export function addAddress(addresses: readonly AddressDraft[]): AddressDraft[] {
  const kind = addresses.some((a) => a.kind === 'billing') ? 'shipping' : 'billing';
  return [...addresses, emptyAddress(kind)];
}

function uniqueNonEmpty(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    const s = v.trim();
    if (s !== '' && !out.includes(s)) out.push(s);
  }
  return out;
}

/** The duplicate check for a draft: its name and every phone and email, its own contacts' included. */
export function duplicateQuery(d: CustomerDraft, exclude: string | null): DuplicateQuery {
  return {
    name: d.name.trim(),
    phones: uniqueNonEmpty([d.phone, ...d.contacts.map((c) => c.phone)]),
    emails: uniqueNonEmpty([d.email, ...d.contacts.map((c) => c.email)]),
    exclude,
  };
}
