// The columns each list exports: which field of the list's row, its header in the user's
// language, what kind of value it is, and for choices each code's label. Built when the user
// exports, so headers and labels are in the language shown at that moment. Keys are fields of
// the row types in bindings.ts (the rows the list view itself receives).
import type { ExportColumn, ExportKind } from '../bindings';
import { t, type MessageKey } from '../i18n';
import { CHANNELS, LIFECYCLES, PAYMENT_METHODS, PAYMENT_TERMS, RFM_SEGMENTS, TIERS, type ChoiceGroup } from '../customers/choices';
import { tChoice, tagLabel } from '../customers/labels';
import { ORDER_STATUSES } from '../orders/status';
import { tOrderStatus } from '../orders/labels';
import { stageKey } from '../products/labels';
import { COMPLAINT_STATUSES } from '../service/status';
import { FEEDBACK_CATEGORIES, FEEDBACK_KINDS, SEVERITIES } from '../service/choices';
import { tCategory, tKind as tFeedbackKind, tSeverity, tStatus as tComplaintStatus } from '../service/labels';
import { SUPPLIER_KINDS, SUPPLIER_STATUSES } from '../suppliers/form';
import { PO_STATUSES } from '../suppliers/po';
import { tKind as tSupplierKind, tPoStatus, tStatus as tSupplierStatus } from '../suppliers/labels';

/** The lists that export; each is an `ExportSource` of the same name. */
export type ExportList = 'customers' | 'orders' | 'products' | 'suppliers' | 'purchase_orders' | 'complaints' | 'lost_customers';

type Extra = { currencyKey?: string; currency?: string; values?: Record<string, string> };

function col(key: string, label: MessageKey, kind: ExportKind, extra: Extra = {}): ExportColumn {
  return {
    key,
    label: t(label),
    kind,
    currency_key: extra.currencyKey ?? null,
    currency: extra.currency ?? null,
    values: extra.values ?? {},
  };
}

/** Each code's label, for a choice column. */
export function labels(codes: readonly string[], label: (code: string) => string): Record<string, string> {
  return Object.fromEntries(codes.map((c) => [c, label(c)]));
}

const choice = (group: ChoiceGroup, codes: readonly string[]) => labels(codes, (c) => tChoice(group, c));
const PRODUCT_STAGES = ['new', 'growth', 'mature', 'decline'];

/** `lost_customers` needs the analysis currency: revenue is in it. */
export function exportColumns(list: ExportList, opts: { currency?: string } = {}): ExportColumn[] {
  const money = (key: string, label: MessageKey) => col(key, label, 'money', { currencyKey: 'currency' });
  switch (list) {
    case 'customers':
      return [
        col('code', 'field.code', 'text'),
        col('name', 'field.name', 'text'),
        col('kind', 'field.kind', 'choice', { values: { company: t('kind.company'), person: t('kind.person') } }),
        col('phone', 'field.phone', 'text'),
        col('email', 'field.email', 'text'),
        col('country', 'field.country', 'text'),
        col('province', 'field.province', 'text'),
        col('city', 'field.city', 'text'),
        col('tags', 'field.tags', 'list', { values: labels(['quality_first', 'price_sensitive', 'fast_delivery', 'needs_tech_support'], tagLabel) }),
        col('channel', 'field.channel', 'choice', { values: choice('channel', CHANNELS) }),
        col('payment_method', 'field.payment_method', 'choice', { values: choice('payment_method', PAYMENT_METHODS) }),
        col('payment_terms', 'field.payment_terms', 'choice', { values: choice('payment_terms', PAYMENT_TERMS) }),
        col('lifecycle', 'field.lifecycle', 'choice', { values: choice('lifecycle', LIFECYCLES) }),
        col('owner', 'field.owner', 'text'),
        money('credit_limit', 'field.credit_limit'),
        col('currency', 'field.currency', 'text'),
        col('notes', 'field.notes', 'text'),
        col('created_at', 'field.created_at', 'date_time'),
        col('updated_at', 'field.updated_at', 'date_time'),
      ];
    case 'orders':
      return [
        col('number', 'order.col.number', 'text'),
        col('customer_name', 'order.col.customer', 'text'),
        col('status', 'order.col.status', 'choice', { values: labels(ORDER_STATUSES, tOrderStatus) }),
        money('total', 'order.col.total'),
        col('currency', 'field.currency', 'text'),
        col('ordered_on', 'order.col.ordered_on', 'date'),
        col('promised_on', 'order.col.promised_on', 'date'),
        col('late', 'order.col.late', 'flag', { values: { true: t('order.late'), false: '' } }),
      ];
    case 'products':
      return [
        col('sku', 'product.col.sku', 'text'),
        col('name', 'product.col.name', 'text'),
        col('category', 'product.col.category', 'text'),
        col('unit', 'product.col.unit', 'text'),
        money('price', 'product.col.price'),
        money('cost', 'export.col.cost'),
        col('currency', 'field.currency', 'text'),
        col('on_hand', 'product.col.on_hand', 'number'),
        col('reserved', 'product.col.reserved', 'number'),
        col('available', 'product.col.available', 'number'),
        col('on_order', 'product.col.on_order', 'number'),
        col('safety_stock', 'export.col.safety_stock', 'number'),
        col('reorder_point', 'export.col.reorder_point', 'number'),
        col('stage', 'product.col.stage', 'choice', {
          values: labels(PRODUCT_STAGES, (s) => {
            const k = stageKey(s);
            return k ? t(k) : s;
          }),
        }),
        col('active', 'product.col.active', 'flag', { values: { true: t('product.active_yes'), false: t('product.active_no') } }),
      ];
    case 'suppliers':
      return [
        col('code', 'supplier.col.code', 'text'),
        col('name', 'supplier.col.name', 'text'),
        col('kind', 'supplier.col.kind', 'choice', { values: labels(SUPPLIER_KINDS, (k) => tSupplierKind(k as never)) }),
        col('status', 'supplier.col.status', 'choice', { values: labels(SUPPLIER_STATUSES, (s) => tSupplierStatus(s as never)) }),
        col('categories', 'supplier.col.categories', 'list'),
        col('contact_name', 'supplier.col.contact', 'text'),
        col('contact_phone', 'field.phone', 'text'),
      ];
    case 'purchase_orders':
      return [
        col('number', 'po.col.number', 'text'),
        col('supplier_name', 'po.col.supplier', 'text'),
        col('status', 'po.col.status', 'choice', { values: labels(PO_STATUSES, (s) => tPoStatus(s as never)) }),
        money('total', 'po.col.total'),
        col('currency', 'field.currency', 'text'),
        col('created_at', 'po.col.created', 'date_time'),
        col('expected_on', 'po.col.expected', 'date'),
      ];
    case 'complaints':
      return [
        col('number', 'service.col.number', 'text'),
        col('kind', 'export.col.feedback_kind', 'choice', { values: labels(FEEDBACK_KINDS, tFeedbackKind) }),
        col('customer_name', 'service.col.customer', 'text'),
        col('category', 'service.col.category', 'choice', { values: labels(FEEDBACK_CATEGORIES, tCategory) }),
        col('severity', 'service.col.severity', 'choice', { values: labels(SEVERITIES, tSeverity) }),
        col('status', 'service.col.status', 'choice', { values: labels(COMPLAINT_STATUSES, tComplaintStatus) }),
        col('assignee', 'service.col.assignee', 'text'),
        col('opened_at', 'service.col.opened', 'date_time'),
        col('sla.resolution_due', 'export.col.sla_due', 'date_time'),
        col('supplier_name', 'service.col.supplier', 'text'),
      ];
    case 'lost_customers':
      return [
        col('value.code', 'field.code', 'text'),
        col('value.name', 'lost.col_customer', 'text'),
        col('value.stage', 'lost.col_stage', 'choice', { values: choice('lifecycle', LIFECYCLES) }),
        col('value.tier', 'insight.tier', 'choice', { values: labels(TIERS, (x) => t(`tier.${x}` as MessageKey)) }),
        col('value.rfm_segment', 'insight.rfm', 'choice', { values: labels(RFM_SEGMENTS, (x) => t(`rfm.${x}` as MessageKey)) }),
        col('value.revenue', 'export.col.revenue', 'money', { currency: opts.currency ?? 'CNY' }),
        col('value.orders', 'export.col.orders', 'number'),
        col('value.last_order', 'export.col.last_order', 'date'),
        col('value.usual_interval_days', 'lost.col_interval', 'number'),
        col('value.days_since_last', 'lost.col_silent', 'number'),
        col('last_complaint_number', 'lost.col_complaint', 'text'),
        col('last_nps', 'lost.col_nps', 'number'),
      ];
  }
}

/** A file name for an export: the list's title and today's date. */
export function exportFileName(title: string, today: string, format: 'csv' | 'xlsx'): string {
  const clean = title.replace(/[\\/:*?"<>|]+/g, ' ').trim() || 'export';
  return `${clean}-${today}.${format}`;
}
