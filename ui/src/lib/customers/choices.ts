// The closed sets of choice keys the backend accepts (see CustomerInput in bindings.ts), and the
// catalog keys that translate them. The UI only ever sends the keys.
import type { MessageKey } from '../i18n/core';

export const CHANNELS = ['direct', 'online_shop', 'phone', 'distributor', 'rep_visit'] as const;
export const PAYMENT_METHODS = ['bank_transfer', 'cash', 'alipay', 'wechat_pay', 'card', 'cheque', 'on_account'] as const;
export const PAYMENT_TERMS = ['prepaid', 'cash_on_delivery', 'net_15', 'net_30', 'net_60', 'net_90'] as const;
export const LIFECYCLES = ['lead', 'new', 'active', 'at_risk', 'lost'] as const;
export const DEFAULT_LIFECYCLE: Lifecycle = 'new';
/** The predefined need tags (按客户需求); stored as these keys, shown translated. */
export const NEED_TAGS = ['quality_first', 'price_sensitive', 'fast_delivery', 'needs_tech_support'] as const;
export const ADDRESS_KINDS = ['billing', 'shipping'] as const;
export const INTERACTION_KINDS = ['call', 'visit', 'email', 'message', 'meeting'] as const;
export const SCOPES = ['domestic', 'international'] as const;
/** The value dimensions of segments, over the 365 days to today. */
export const TIERS = ['a', 'b', 'c'] as const;
export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'potential_loyalists',
  'new',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cant_lose',
  'hibernating',
  'lost',
] as const;
export const PRODUCT_STAGES = ['new', 'growth', 'mature', 'decline'] as const;
export const FREQUENCY_BANDS = ['none', 'rare', 'regular', 'frequent'] as const;

export type Channel = (typeof CHANNELS)[number];
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export type PaymentTerms = (typeof PAYMENT_TERMS)[number];
export type Lifecycle = (typeof LIFECYCLES)[number];
export type NeedTag = (typeof NEED_TAGS)[number];
export type AddressKind = (typeof ADDRESS_KINDS)[number];
export type InteractionKind = (typeof INTERACTION_KINDS)[number];
export type Scope = (typeof SCOPES)[number];

/** The groups of choices, each with the catalog prefix of its labels (`channel.direct`, …). */
export const CHOICE_GROUPS = {
  channel: CHANNELS,
  payment_method: PAYMENT_METHODS,
  payment_terms: PAYMENT_TERMS,
  lifecycle: LIFECYCLES,
  need: NEED_TAGS,
  address_kind: ADDRESS_KINDS,
  interaction_kind: INTERACTION_KINDS,
  scope: SCOPES,
  tier: TIERS,
  rfm: RFM_SEGMENTS,
  'product.stage': PRODUCT_STAGES,
  band: FREQUENCY_BANDS,
} as const;
export type ChoiceGroup = keyof typeof CHOICE_GROUPS;

export function isChoice<G extends ChoiceGroup>(group: G, value: string): value is (typeof CHOICE_GROUPS)[G][number] {
  return (CHOICE_GROUPS[group] as readonly string[]).includes(value);
}

export function isNeedTag(tag: string): tag is NeedTag {
  return isChoice('need', tag);
}

/**
 * The catalog key for a choice, e.g. ("channel", "direct") → "channel.direct". A value the UI
 * does not know (say a newer backend added one) has no key: show the raw value then.
 */
export function choiceKey(group: ChoiceGroup, value: string): MessageKey | null {
  return isChoice(group, value) ? (`${group}.${value}` as MessageKey) : null;
}
