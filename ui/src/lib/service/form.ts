// The forms of customer service as edited on screen, and the inputs the backend takes: a new
// complaint or other feedback (FeedbackInput), a root cause and resolution (ResolutionInput) and a
// survey response (SurveyInput). Pickers hold the picked record; the inputs carry its id.
import type { Complaint, FeedbackInput, ResolutionInput, SurveyInput } from '../bindings';
import { categoryFits, hasSla } from './choices';

export type PickedCustomer = { id: string; code: string; name: string };
export type PickedProduct = { id: string; sku: string; name: string };
/** kind: goods, logistics (a carrier) or service; "" when not known (as saved on a complaint). */
export type PickedSupplier = { id: string; code: string; name: string; kind: 'goods' | 'logistics' | 'service' | '' };

/** What a complaint can be opened with from elsewhere (an order page, a customer page). */
export type ComplaintPrefill = {
  customer: PickedCustomer | null;
  orderId?: string | null;
  /** The order's number, shown until the customer's orders are loaded. */
  orderNumber?: string | null;
};

export type FeedbackDraft = {
  kind: string;
  customer: PickedCustomer | null;
  /** "" for none. */
  order_id: string;
  product: PickedProduct | null;
  channel: string;
  category: string;
  severity: string;
  description: string;
  assignee: string;
};

/** The fields of the form, as the backend names them in errors. */
export const FEEDBACK_FIELDS = [
  'kind',
  'customer_id',
  'order_id',
  'product_id',
  'channel',
  'category',
  'severity',
  'description',
  'assignee',
] as const;
export type FeedbackField = (typeof FEEDBACK_FIELDS)[number];

export function isFeedbackField(field: string | null): field is FeedbackField {
  return field !== null && (FEEDBACK_FIELDS as readonly string[]).includes(field);
}

export function emptyFeedbackDraft(prefill: ComplaintPrefill | null = null): FeedbackDraft {
  return {
    kind: 'complaint',
    customer: prefill?.customer ?? null,
    order_id: prefill?.orderId ?? '',
    product: null,
    channel: 'phone',
    category: '',
    severity: 'medium',
    description: '',
    assignee: '',
  };
}

/** Changes the kind; a category that does not fit the new kind is cleared. */
export function withKind(d: FeedbackDraft, kind: string): FeedbackDraft {
  return { ...d, kind, category: categoryFits(d.category, kind) ? d.category : '' };
}

/** Changes the customer; the order belonged to the previous one, so it is cleared. */
export function withCustomer(d: FeedbackDraft, customer: PickedCustomer | null): FeedbackDraft {
  const same = customer !== null && d.customer !== null && customer.id === d.customer.id;
  return { ...d, customer, order_id: same ? d.order_id : '' };
}

export function feedbackInput(d: FeedbackDraft): FeedbackInput {
  return {
    kind: d.kind,
    customer_id: d.customer?.id ?? null,
    order_id: d.order_id === '' ? null : d.order_id,
    product_id: d.product?.id ?? null,
    channel: d.channel,
    category: d.category,
    // Only complaints have a severity (the backend ignores it for the rest).
    severity: hasSla(d.kind) ? d.severity : '',
    description: d.description,
    assignee: d.assignee.trim(),
  };
}

// ---- root cause and resolution

export type ResolutionDraft = {
  root_cause: string;
  supplier: PickedSupplier | null;
  product: PickedProduct | null;
  resolution: string;
  compensation: string;
  currency: string;
};

export const RESOLUTION_FIELDS = ['root_cause', 'supplier_id', 'product_id', 'resolution', 'compensation', 'currency'] as const;
export type ResolutionField = (typeof RESOLUTION_FIELDS)[number];

export function isResolutionField(field: string | null): field is ResolutionField {
  return field !== null && (RESOLUTION_FIELDS as readonly string[]).includes(field);
}

/**
 * The form for a complaint as saved. The product is passed in once looked up (the complaint has
 * only its id; another product is ignored); `defaultCurrency` fills the currency while no
 * compensation is saved.
 */
export function resolutionDraft(c: Complaint, product: PickedProduct | null, defaultCurrency: string): ResolutionDraft {
  return {
    root_cause: c.root_cause ?? '',
    supplier: c.supplier_id ? { id: c.supplier_id, code: '', name: c.supplier_name ?? '', kind: '' } : null,
    // Until the product is looked up it is known by its id only.
    product: c.cause_product_id === null ? null : product?.id === c.cause_product_id ? product : { id: c.cause_product_id, sku: '', name: '' },
    resolution: c.resolution,
    compensation: c.compensation ?? '',
    currency: c.currency !== '' ? c.currency : defaultCurrency,
  };
}

export function resolutionInput(d: ResolutionDraft): ResolutionInput {
  const compensation = d.compensation.trim();
  return {
    root_cause: d.root_cause,
    supplier_id: d.supplier?.id ?? null,
    product_id: d.product?.id ?? null,
    resolution: d.resolution,
    compensation,
    // The currency only means something with an amount.
    currency: compensation === '' ? '' : d.currency.trim().toUpperCase(),
  };
}

/** Whether the form differs from what is saved (Save is only needed then). */
export function resolutionChanged(d: ResolutionDraft, c: Complaint): boolean {
  const i = resolutionInput(d);
  return (
    i.root_cause !== (c.root_cause ?? '') ||
    i.supplier_id !== c.supplier_id ||
    i.product_id !== c.cause_product_id ||
    i.resolution.trim() !== c.resolution ||
    i.compensation !== (c.compensation ?? '') ||
    (i.compensation !== '' && i.currency !== c.currency)
  );
}

// ---- survey responses

export const NPS_SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
export const CSAT_SCORES = [1, 2, 3, 4, 5] as const;

/** Detractor (0–6), passive (7–8) or promoter (9–10): the colour of an NPS button. */
export function npsGroup(score: number): 'detractor' | 'passive' | 'promoter' {
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

export type SurveyDraft = {
  customer: PickedCustomer | null;
  nps: number | null;
  csat: number | null;
  comment: string;
  channel: string;
  /** YYYY-MM-DD */
  responded_on: string;
  /** "" for none. */
  order_id: string;
  complaint_id: string | null;
};

export const SURVEY_FIELDS = ['customer_id', 'order_id', 'complaint_id', 'nps', 'csat', 'comment', 'channel', 'responded_on'] as const;
export type SurveyField = (typeof SURVEY_FIELDS)[number];

export function isSurveyField(field: string | null): field is SurveyField {
  return field !== null && (SURVEY_FIELDS as readonly string[]).includes(field);
}

export function emptySurveyDraft(today: string, from: Partial<Pick<SurveyDraft, 'customer' | 'order_id' | 'complaint_id'>> = {}): SurveyDraft {
  return {
    customer: from.customer ?? null,
    nps: null,
    csat: null,
    comment: '',
    channel: 'phone',
    responded_on: today,
    order_id: from.order_id ?? '',
    complaint_id: from.complaint_id ?? null,
  };
}

export function surveyInput(d: SurveyDraft): SurveyInput {
  return {
    customer_id: d.customer?.id ?? null,
    order_id: d.order_id === '' ? null : d.order_id,
    complaint_id: d.complaint_id,
    nps: d.nps,
    csat: d.csat,
    comment: d.comment,
    channel: d.channel,
    responded_on: d.responded_on,
  };
}
