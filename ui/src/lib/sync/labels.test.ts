import { describe, expect, it } from 'vitest';
import { fieldLabel, settingLabel, settingValue, tableLabel } from './labels';

describe('conflict labels', () => {
  it('names tables and fields in the user language, else shows the identifier', () => {
    expect(tableLabel('en', 'customers')).toBe('Customer');
    expect(tableLabel('zh-CN', 'customers')).toBe('客户');
    expect(tableLabel('en', 'mystery_table')).toBe('mystery_table');
    expect(fieldLabel('en', 'credit_limit')).toBe('Credit limit');
    expect(fieldLabel('en', 'deleted')).toBe('Deleted');
    expect(fieldLabel('en', 'no_such_column')).toBe('no_such_column');
  });

  it('names a business setting by its key and shows its values as they read', () => {
    expect(tableLabel('zh-CN', 'business_settings')).toBe('经营设置');
    expect(tableLabel('en', 'business_settings')).toBe('Business settings');
    expect(settingLabel('zh-CN', 'home_country')).toBe('本国/地区');
    expect(settingLabel('en', 'sla_policy')).toBe('Complaint SLA');
    expect(settingLabel('en', 'scorecard_weights')).toBe('Supplier scorecard weights');
    expect(settingLabel('en', 'hhi_threshold')).toBe('hhi_threshold');
    expect(settingValue('en', 'home_country', '"DE"')).toBe('Germany (DE)');
    expect(settingValue('en', 'loyalty_weight', '0.4')).toBe('0.4');
    const company = JSON.stringify({ name: '链本科技', address: '', phone: '0755-1234', email: '', tax_id: '' });
    expect(settingValue('en', 'company', company)).toBe('链本科技 · 0755-1234');
    const sla = JSON.stringify({ hours: [[72, 336], [24, 168], [8, 72], [4, 24]] });
    expect(settingValue('en', 'sla_policy', sla)).toBe('Low 72 h / 336 h · Medium 24 h / 168 h · High 8 h / 72 h · Critical 4 h / 24 h');
    expect(settingValue('zh-CN', 'sla_policy', sla)).toContain('紧急 4 小时 / 24 小时');
    // Anything this app does not know how to read is shown as it came.
    expect(settingValue('en', 'sla_policy', '{"hours":[]}')).toBe('{"hours":[]}');
    expect(settingValue('en', 'scorecard_weights', '{"quality":0.5}')).toBe('{"quality":0.5}');
    const weights = JSON.stringify({ on_time: 30, quality: 30, price: 15, complaints: 15, ratings: 10 });
    expect(settingValue('zh-CN', 'scorecard_weights', weights)).toBe('准时 30 · 质量 30 · 价格 15 · 投诉 15 · 评估 10');
    expect(settingValue('en', 'home_country', 'not json')).toBe('not json');
  });
});
