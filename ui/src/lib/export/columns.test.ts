import { afterEach, describe, expect, it } from 'vitest';
import { setCurrentLocale } from '../i18n/state.svelte';
import { exportColumns, exportFileName, type ExportList } from './columns';

const LISTS: ExportList[] = ['customers', 'orders', 'products', 'suppliers', 'purchase_orders', 'complaints', 'lost_customers'];

describe('export columns', () => {
  afterEach(() => setCurrentLocale('en'));

  it('have a header in each language for every list, and unique keys', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      setCurrentLocale(locale);
      for (const list of LISTS) {
        const cols = exportColumns(list);
        expect(cols.length, list).toBeGreaterThan(3);
        expect(new Set(cols.map((c) => c.key)).size, list).toBe(cols.length);
        for (const c of cols) {
          expect(c.label, `${list}.${c.key}`).not.toMatch(/^[a-z_]+(\.[a-z_]+)+$/);
          expect(c.label.trim().length, `${list}.${c.key}`).toBeGreaterThan(0);
          if (c.kind === 'money') expect(c.currency_key ?? c.currency, `${list}.${c.key}`).toBeTruthy();
        }
      }
    }
  });

  it('name choices in the language shown', () => {
    setCurrentLocale('zh-CN');
    const status = exportColumns('orders').find((c) => c.key === 'status')!;
    expect(status.kind).toBe('choice');
    expect(status.values?.['delivered']).toBe('已送达');
    expect(exportColumns('customers')[0]?.label).toBe('编号');
    setCurrentLocale('en');
    expect(exportColumns('orders').find((c) => c.key === 'status')!.values?.['delivered']).toBe('Delivered');
  });

  it('lost customers carry the analysis currency', () => {
    const revenue = exportColumns('lost_customers', { currency: 'JPY' }).find((c) => c.key === 'value.revenue')!;
    expect(revenue.currency).toBe('JPY');
  });

  it('file names are safe and dated', () => {
    expect(exportFileName('客户/名单', '2026-12-07', 'xlsx')).toBe('客户 名单-2026-12-07.xlsx');
    expect(exportFileName('  ', '2026-12-07', 'csv')).toBe('export-2026-12-07.csv');
  });
});
