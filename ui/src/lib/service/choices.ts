// Customer service choices, mirroring chainbook-core (complaint.rs): feedback kinds, channels,
// categories by kind, severities, root causes and the note kinds of a complaint's timeline.

export const FEEDBACK_KINDS = ['complaint', 'suggestion', 'mystery_shopper', 'suggestion_box'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

export const FEEDBACK_CHANNELS = ['phone', 'email', 'visit', 'wechat', 'online', 'other'] as const;
export type FeedbackChannel = (typeof FEEDBACK_CHANNELS)[number];

/** Complaint categories ("other" last). */
export const COMPLAINT_CATEGORIES = [
  'quality',
  'late_delivery',
  'wrong_item',
  'wrong_quantity',
  'damaged',
  'billing',
  'service_attitude',
  'other',
] as const;

/** Categories of suggestions and other feedback (improvements; "other" last). */
export const IMPROVEMENT_CATEGORIES = ['product_idea', 'service_improvement', 'delivery_improvement', 'pricing', 'other'] as const;

export const FEEDBACK_CATEGORIES = [
  'quality',
  'late_delivery',
  'wrong_item',
  'wrong_quantity',
  'damaged',
  'billing',
  'service_attitude',
  'product_idea',
  'service_improvement',
  'delivery_improvement',
  'pricing',
  'other',
] as const;
export type FeedbackCategory = (typeof FEEDBACK_CATEGORIES)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ROOT_CAUSES = [
  'product_defect',
  'supplier_quality',
  'carrier_damage',
  'carrier_delay',
  'warehouse_error',
  'order_entry_error',
  'billing_error',
  'staff_behaviour',
  'customer_misuse',
  'other',
] as const;
export type RootCause = (typeof ROOT_CAUSES)[number];

/** The timeline entries of a complaint. */
export const EVENT_KINDS = ['opened', 'comment', 'status', 'assignment', 'contact', 'root_cause', 'resolution', 'satisfaction'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

function isOneOf<T extends string>(list: readonly T[], value: string | null | undefined): value is T {
  return value !== null && value !== undefined && (list as readonly string[]).includes(value);
}

export const isFeedbackKind = (v: string | null | undefined): v is FeedbackKind => isOneOf(FEEDBACK_KINDS, v);
export const isFeedbackChannel = (v: string | null | undefined): v is FeedbackChannel => isOneOf(FEEDBACK_CHANNELS, v);
export const isFeedbackCategory = (v: string | null | undefined): v is FeedbackCategory => isOneOf(FEEDBACK_CATEGORIES, v);
export const isSeverity = (v: string | null | undefined): v is Severity => isOneOf(SEVERITIES, v);
export const isRootCause = (v: string | null | undefined): v is RootCause => isOneOf(ROOT_CAUSES, v);
export const isEventKind = (v: string | null | undefined): v is EventKind => isOneOf(EVENT_KINDS, v);

/** Only complaints have a severity, an SLA and the workflow deadlines. */
export function hasSla(kind: string): boolean {
  return kind === 'complaint';
}

/** The categories a kind offers: complaint categories for complaints, improvements for the rest. */
export function categoriesFor(kind: string): readonly FeedbackCategory[] {
  return kind === 'complaint' ? COMPLAINT_CATEGORIES : IMPROVEMENT_CATEGORIES;
}

/** Whether a category fits a kind (as the backend checks it). */
export function categoryFits(category: string, kind: string): boolean {
  return (categoriesFor(kind) as readonly string[]).includes(category);
}

/** Root causes that name a carrier rather than a goods supplier (the picker suggests logistics suppliers). */
export function isCarrierCause(cause: string): boolean {
  return cause === 'carrier_damage' || cause === 'carrier_delay';
}
