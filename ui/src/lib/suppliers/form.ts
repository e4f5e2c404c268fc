// The supplier form's model and its conversion to and from the IPC types. Contacts are the
// customer form's contact rows (same ContactInput, same editor, same trimming rules).
import type { Supplier, SupplierInput } from '../bindings';
import {
  emptyDraft as emptyCustomerDraft,
  inputFromDraft as customerInputFromDraft,
  newRowKey,
  parseErrorPath,
  parseTags,
  type ContactDraft,
} from '../customers/form';

export const SUPPLIER_KINDS = ['goods', 'logistics', 'service'] as const;
export type SupplierKind = (typeof SUPPLIER_KINDS)[number];
export const SUPPLIER_STATUSES = ['approved', 'probation', 'blocked'] as const;
export type SupplierStatus = (typeof SUPPLIER_STATUSES)[number];

/** The supplier's own fields a backend error can point at, in form order. */
export const SUPPLIER_FIELDS = ['code', 'name', 'kind', 'status', 'categories', 'notes'] as const;
export type SupplierField = (typeof SUPPLIER_FIELDS)[number];

export type SupplierDraft = {
  code: string;
  name: string;
  kind: SupplierKind;
  status: SupplierStatus;
  /** Categories already added as tags. */
  categories: string[];
  /** What is typed in the category box and not yet added (added on save). */
  categoryText: string;
  contacts: ContactDraft[];
  notes: string;
};

export function emptySupplierDraft(): SupplierDraft {
  return { code: '', name: '', kind: 'goods', status: 'approved', categories: [], categoryText: '', contacts: [], notes: '' };
}

export function draftFromSupplier(s: Supplier): SupplierDraft {
  return {
    code: s.code,
    name: s.name,
    kind: s.kind,
    status: s.status,
    categories: [...s.categories],
    categoryText: '',
    notes: s.notes,
    contacts: s.contacts.map((c) => ({
      key: newRowKey(),
      id: c.id,
      name: c.name,
      role: c.role,
      phone: c.phone,
      email: c.email,
      wechat: c.wechat,
      primary: c.primary,
    })),
  };
}

/**
 * Adds typed categories (comma-, full-width-comma- or 、-separated) to the list, skipping ones it
 * already has (ignoring case).
 */
export function addCategories(categories: readonly string[], text: string): string[] {
  const out = [...categories];
  const seen = new Set(out.map((c) => c.toLowerCase()));
  for (const c of parseTags(text)) {
    if (!seen.has(c.toLowerCase())) {
      seen.add(c.toLowerCase());
      out.push(c);
    }
  }
  return out;
}

export function inputFromSupplierDraft(d: SupplierDraft): SupplierInput {
  // Contacts go through the customer form's conversion: the same ContactInput, trimmed the same way.
  const contacts = customerInputFromDraft({ ...emptyCustomerDraft(), contacts: d.contacts }).contacts;
  return {
    code: d.code.trim().toUpperCase(),
    name: d.name.trim(),
    kind: d.kind,
    status: d.status,
    categories: addCategories(d.categories, d.categoryText),
    contacts,
    notes: d.notes.trim(),
  };
}

/** Where an error path points: a supplier field, a contact row field ("contacts.1.phone"), or nowhere (banner). */
export function supplierErrorPath(field: string | null, contacts: number): string | null {
  if (field === null) return null;
  if ((SUPPLIER_FIELDS as readonly string[]).includes(field)) return field;
  const target = parseErrorPath(field, { contacts, addresses: 0 });
  return target?.section === 'contacts' ? field : null;
}

/** The DOM id of a supplier form control. Contact rows use the contacts editor's own ids. */
export function supplierControlId(field: SupplierField): string {
  return `sf-${field}`;
}
