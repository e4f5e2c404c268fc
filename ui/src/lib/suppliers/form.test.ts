import { describe, expect, it } from 'vitest';
import type { Supplier } from '../bindings';
import { addCategories, draftFromSupplier, emptySupplierDraft, inputFromSupplierDraft, supplierErrorPath } from './form';

const supplier: Supplier = {
  id: 's1',
  code: 'SUP-001',
  name: '佛山华南包装材料有限公司',
  kind: 'logistics',
  status: 'probation',
  categories: ['包装', 'Cartons'],
  contacts: [
    { id: 'c1', name: '李娜', role: '销售', phone: '13800138000', email: '', wechat: '', primary: false },
    { id: 'c2', name: 'Wang', role: '', phone: '', email: 'w@example.com', wechat: '', primary: true },
  ],
  notes: 'Line 1\nLine 2',
};

describe('supplier form', () => {
  it('starts as an approved goods supplier without categories or contacts', () => {
    const d = emptySupplierDraft();
    expect(d.kind).toBe('goods');
    expect(d.status).toBe('approved');
    expect(inputFromSupplierDraft(d)).toEqual({
      code: '',
      name: '',
      kind: 'goods',
      status: 'approved',
      categories: [],
      contacts: [],
      notes: '',
    });
  });

  it('round-trips a supplier, keeping contact ids', () => {
    const input = inputFromSupplierDraft(draftFromSupplier(supplier));
    expect(input).toEqual({
      code: 'SUP-001',
      name: '佛山华南包装材料有限公司',
      kind: 'logistics',
      status: 'probation',
      categories: ['包装', 'Cartons'],
      contacts: [
        { id: 'c1', name: '李娜', role: '销售', phone: '13800138000', email: '', wechat: '', primary: false },
        { id: 'c2', name: 'Wang', role: '', phone: '', email: 'w@example.com', wechat: '', primary: true },
      ],
      notes: 'Line 1\nLine 2',
    });
  });

  it('trims text, upper-cases the code, and adds the category still being typed', () => {
    const d = draftFromSupplier(supplier);
    d.code = ' sup-9 ';
    d.name = '  Acme  ';
    d.categoryText = ' 电子元件，cartons ';
    d.contacts = [{ ...d.contacts[0]!, id: null, name: ' 新人 ', phone: ' 139 ' }];
    const input = inputFromSupplierDraft(d);
    expect(input.code).toBe('SUP-9');
    expect(input.name).toBe('Acme');
    expect(input.categories).toEqual(['包装', 'Cartons', '电子元件']);
    expect(input.contacts).toEqual([{ id: null, name: '新人', role: '销售', phone: '139', email: '', wechat: '', primary: false }]);
  });

  it('adds categories once each, whatever the separator or case', () => {
    expect(addCategories([], 'a, b、c，a')).toEqual(['a', 'b', 'c']);
    expect(addCategories(['Steel'], 'steel, Copper')).toEqual(['Steel', 'Copper']);
    expect(addCategories(['x'], '  ')).toEqual(['x']);
  });

  it('maps backend error paths to supplier fields and contact rows', () => {
    expect(supplierErrorPath('code', 0)).toBe('code');
    expect(supplierErrorPath('categories', 0)).toBe('categories');
    expect(supplierErrorPath('contacts.1.phone', 2)).toBe('contacts.1.phone');
    expect(supplierErrorPath('contacts.2.phone', 2)).toBeNull();
    expect(supplierErrorPath('addresses.0.city', 2)).toBeNull();
    expect(supplierErrorPath('credit_limit', 2)).toBeNull();
    expect(supplierErrorPath(null, 2)).toBeNull();
  });
});
