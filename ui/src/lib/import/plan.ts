// The import wizard's logic, pure: the kinds, the plan sent with every check and commit, what
// a fix or a skip does to it, and the words of a problem in the user's language.
import type { ErrorCode, ImportIssue, ImportPlanInput, ImportPreview } from '../bindings';
import { errorKey, translate, type Locale, type MessageKey } from '../i18n/core';

export const IMPORT_KINDS = ['customers', 'products', 'suppliers', 'opening_stock', 'orders'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export type DuplicateAction = 'skip' | 'update' | 'create';

/** Every field key any kind maps columns to (the catalogs label each as `import.field.<key>`). */
export const IMPORT_FIELDS = [
  'code', 'name', 'kind', 'phone', 'email', 'country', 'province', 'city', 'tags', 'credit_limit', 'currency',
  'channel', 'payment_method', 'payment_terms', 'lifecycle', 'owner', 'created_on', 'notes', 'contact_name',
  'contact_role', 'contact_phone', 'contact_email', 'contact_wechat', 'address_kind', 'street', 'postcode', 'sku',
  'unit', 'category', 'price', 'cost', 'stage', 'pack_size', 'min_order_qty', 'lead_time_days', 'safety_stock',
  'reorder_point', 'active', 'status', 'categories', 'quantity', 'on', 'reference', 'number', 'customer_code',
  'unit_price', 'amount', 'discount_pct', 'tax_rate_pct', 'ordered_on', 'delivered_on',
] as const;

/** Duplicates of orders cannot be updated (an order's history is not edited by a file). */
export function duplicateActions(kind: ImportKind): DuplicateAction[] {
  if (kind === 'orders') return ['skip', 'create'];
  if (kind === 'customers') return ['skip', 'update', 'create'];
  return ['skip', 'update'];
}

/** A fresh plan for a previewed file, starting from the preview's mapping. */
export function newPlan(path: string, kind: ImportKind, preview: ImportPreview): ImportPlanInput {
  return {
    path,
    sheet: preview.sheet,
    kind,
    mapping: [...preview.mapping],
    day_month: 'day_first',
    // A semicolon-separated file usually comes with decimal commas (Excel in much of Europe).
    decimal_mark: preview.delimiter === ';' ? 'comma' : 'point',
    on_duplicate: 'skip',
    choices: [],
    skip: [],
    fixes: [],
    touch_stock: false,
  };
}

/** Required fields no column is mapped to. */
export function missingFields(preview: ImportPreview, mapping: (string | null)[]): string[] {
  return preview.fields.filter((f) => f.required && !mapping.includes(f.key)).map((f) => f.key);
}

/** The plan with `column` mapped to `field` (null: not imported); a field goes to one column only. */
export function mapColumn(plan: ImportPlanInput, column: number, field: string | null): ImportPlanInput {
  const mapping = plan.mapping.map((m, i) => (i === column ? field : m === field && field !== null ? null : m));
  return { ...plan, mapping };
}

/** The plan with the cell of `row`, `column` replaced by `value` (a later fix of the same cell wins). */
export function withFix(plan: ImportPlanInput, row: number, column: number, value: string): ImportPlanInput {
  const fixes = plan.fixes.filter((f) => !(f.row === row && f.column === column));
  return { ...plan, fixes: [...fixes, { row, column, value }], skip: plan.skip.filter((r) => r !== row) };
}

/** The plan with `row` left out, or put back. */
export function withSkip(plan: ImportPlanInput, row: number, skip: boolean): ImportPlanInput {
  const rest = plan.skip.filter((r) => r !== row);
  return { ...plan, skip: skip ? [...rest, row].sort((a, b) => a - b) : rest };
}

/** The plan with `row`'s duplicate handled by `action`. */
export function withChoice(plan: ImportPlanInput, row: number, action: DuplicateAction): ImportPlanInput {
  return { ...plan, choices: [...plan.choices.filter((c) => c.row !== row), { row, action }] };
}

function has(locale: Locale, key: string): key is MessageKey {
  return translate(locale, key as MessageKey) !== key;
}

/** A field's label, or the key itself when it has none (never empty). */
export function fieldLabel(locale: Locale, key: string): string {
  const k = `import.field.${key}`;
  return has(locale, k) ? translate(locale, k) : key;
}

/** Codes whose form message does not fit a row of a file get words of their own. */
const IMPORT_WORDED: ErrorCode[] = [
  'conflict',
  'not_found',
  'date_order',
  'missing_column',
  'empty_file',
  'invalid_argument',
  'duplicate_header',
  'unreadable_file',
  'invalid_choice',
];

/** A problem of a row as the user reads it. */
export function issueText(locale: Locale, issue: Pick<ImportIssue, 'code' | 'field' | 'value'>): string {
  const field = issue.field ? fieldLabel(locale, issue.field) : translate(locale, 'error.field_generic');
  const params = { field, value: issue.value };
  if (IMPORT_WORDED.includes(issue.code)) {
    return translate(locale, `import.issue.${issue.code}` as MessageKey, params);
  }
  return translate(locale, errorKey(issue.code), params);
}

/** The column's header, or its spreadsheet letter when it has none. */
export function columnName(headers: string[], column: number | null): string {
  if (column === null) return '';
  const h = headers[column];
  if (h) return h;
  let n = column;
  let out = '';
  for (;;) {
    out = String.fromCharCode(65 + (n % 26)) + out;
    if (n < 26) break;
    n = Math.floor(n / 26) - 1;
  }
  return out;
}

/** The error report's words in the user's language, for `import_report`. */
export function reportWords(locale: Locale, codes: readonly ErrorCode[]): {
  titles: string[];
  fields: Record<string, string>;
  reasons: Record<string, string>;
} {
  const titles = (['row', 'column', 'field', 'value', 'reason'] as const).map((k) =>
    translate(locale, `import.report.${k}` as MessageKey),
  );
  const fields: Record<string, string> = {};
  for (const f of IMPORT_FIELDS) fields[f] = fieldLabel(locale, f);
  const reasons: Record<string, string> = {};
  for (const code of codes) reasons[code] = issueText(locale, { code, field: '', value: '' });
  return { titles, fields, reasons };
}
