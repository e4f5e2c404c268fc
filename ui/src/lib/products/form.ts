// The product form's model and its conversion to/from the IPC types.
import type { Product, ProductInput } from '../bindings';
import { baseCurrency } from '../currency';


/** Life-cycle stages, in order (the backend's `ProductStage`). */
export const STAGES = ['new', 'growth', 'mature', 'decline'] as const;
export type Stage = (typeof STAGES)[number];

export function isStage(value: string): value is Stage {
  return (STAGES as readonly string[]).includes(value);
}

/** The product's fields a backend error can point at (`CommandError.field`), in form order. */
export const PRODUCT_FIELDS = [
  'sku',
  'name',
  'unit',
  'category',
  'stage',
  'active',
  'currency',
  'price',
  'cost',
  'pack_size',
  'min_order_qty',
  'lead_time_days',
  'safety_stock',
  'reorder_point',
] as const satisfies ReadonlyArray<keyof ProductInput>;
export type ProductField = (typeof PRODUCT_FIELDS)[number];

export function isProductField(field: string | null): field is ProductField {
  return field !== null && (PRODUCT_FIELDS as readonly string[]).includes(field);
}

/** Fields holding a quantity in the product's unit (up to three decimal places). */
export const QTY_FIELDS = ['pack_size', 'min_order_qty', 'safety_stock', 'reorder_point'] as const satisfies ReadonlyArray<ProductField>;

/** The form as edited: exactly the input, every value as typed. */
export type ProductDraft = ProductInput;

export function emptyDraft(): ProductDraft {
  return {
    sku: '',
    name: '',
    unit: '',
    category: '',
    currency: baseCurrency(),
    price: '',
    cost: '',
    stage: 'new',
    pack_size: '1',
    min_order_qty: '',
    lead_time_days: '',
    safety_stock: '',
    reorder_point: '',
    active: true,
  };
}

/** A stored product as the form shows it. Zero quantities and lead time show as empty fields. */
export function draftFromProduct(p: Product): ProductDraft {
  const zeroIsEmpty = (q: string): string => (/^0(\.0*)?$/.test(q) ? '' : q);
  return {
    sku: p.sku,
    name: p.name,
    unit: p.unit,
    category: p.category,
    currency: p.currency,
    price: p.price,
    cost: p.cost,
    stage: isStage(p.stage) ? p.stage : 'new',
    pack_size: p.pack_size,
    min_order_qty: zeroIsEmpty(p.min_order_qty),
    lead_time_days: p.lead_time_days === 0 ? '' : String(p.lead_time_days),
    safety_stock: zeroIsEmpty(p.safety_stock),
    reorder_point: zeroIsEmpty(p.reorder_point),
    active: p.active,
  };
}

/**
 * What is sent to product_create / product_update. Text is trimmed; the SKU and currency are
 * upper-cased (the backend does the same) and an empty currency becomes CNY. Values are not
 * otherwise checked here: the backend validates and names the field of the first problem.
 */
export function inputFromDraft(d: ProductDraft): ProductInput {
  const currency = d.currency.trim().toUpperCase();
  return {
    sku: d.sku.trim().toUpperCase(),
    name: d.name.trim(),
    unit: d.unit.trim(),
    category: d.category.trim(),
    currency: currency === '' ? baseCurrency() : currency,
    price: d.price.trim(),
    cost: d.cost.trim(),
    stage: d.stage.trim(),
    pack_size: d.pack_size.trim(),
    min_order_qty: d.min_order_qty.trim(),
    lead_time_days: d.lead_time_days.trim(),
    safety_stock: d.safety_stock.trim(),
    reorder_point: d.reorder_point.trim(),
    active: d.active,
  };
}

/** The DOM id of a product form control. */
export function controlId(field: ProductField): string {
  return `pf-${field}`;
}

/** Units offered in the unit field's suggestions (any text may be typed). */
export const COMMON_UNITS_ZH = ['件', '个', '箱', '套', '台', '千克', '米', '升', '包', '卷'] as const;
export const COMMON_UNITS_EN = ['pcs', 'box', 'set', 'unit', 'kg', 'm', 'l', 'pack', 'roll', 'pair'] as const;
