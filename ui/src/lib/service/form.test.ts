import { describe, expect, it } from 'vitest';
import type { Complaint } from '../bindings';
import {
  emptyFeedbackDraft,
  emptySurveyDraft,
  feedbackInput,
  isFeedbackField,
  npsGroup,
  resolutionChanged,
  resolutionDraft,
  resolutionInput,
  surveyInput,
  withCustomer,
  withKind,
} from './form';

const ACME = { id: 'c1', code: 'C-001', name: '深圳华为技术有限公司' };

const complaint = (over: Partial<Complaint> = {}): Complaint => ({
  id: 'k1',
  number: 'CP-2611-A1-00001',
  kind: 'complaint',
  customer_id: 'c1',
  customer_name: ACME.name,
  order_id: 'o1',
  order_number: 'SO-2611-A1-00001',
  product_id: null,
  channel: 'phone',
  category: 'damaged',
  severity: 'high',
  description: '外箱压坏',
  assignee: '',
  status: 'acknowledged',
  opened_at: '2026-11-23T02:00:00.000Z',
  responded_at: '2026-11-23T02:10:00.000Z',
  resolved_at: null,
  closed_at: null,
  sla: null,
  root_cause: null,
  supplier_id: null,
  supplier_name: null,
  cause_product_id: null,
  resolution: '',
  compensation: null,
  currency: '',
  satisfaction: null,
  events: [],
  ...over,
});

describe('complaint form ↔ FeedbackInput', () => {
  it('starts as a medium complaint by phone, prefilled with the order it came from', () => {
    const d = emptyFeedbackDraft({ customer: ACME, orderId: 'o1', orderNumber: 'SO-1' });
    expect(d).toMatchObject({ kind: 'complaint', customer: ACME, order_id: 'o1', channel: 'phone', category: '', severity: 'medium' });
    expect(emptyFeedbackDraft()).toMatchObject({ customer: null, order_id: '' });
  });

  it('sends ids, no order as null, a trimmed assignee', () => {
    const d = { ...emptyFeedbackDraft({ customer: ACME, orderId: 'o1' }), category: 'damaged', severity: 'high', description: 'x', assignee: ' 李娜 ' };
    expect(feedbackInput({ ...d, product: { id: 'p1', sku: 'RT', name: 'Router' } })).toEqual({
      kind: 'complaint',
      customer_id: 'c1',
      order_id: 'o1',
      product_id: 'p1',
      channel: 'phone',
      category: 'damaged',
      severity: 'high',
      description: 'x',
      assignee: '李娜',
    });
    expect(feedbackInput({ ...d, customer: null, order_id: '' })).toMatchObject({ customer_id: null, order_id: null, product_id: null });
  });

  it('drops the severity of feedback without an SLA, and a category that does not fit a new kind', () => {
    const d = { ...emptyFeedbackDraft({ customer: ACME }), category: 'damaged', severity: 'critical' };
    const s = withKind(d, 'suggestion');
    expect(s.category).toBe('');
    expect(feedbackInput(s).severity).toBe('');
    expect(withKind({ ...d, category: 'other' }, 'suggestion_box').category).toBe('other');
    expect(withKind(d, 'complaint').category).toBe('damaged');
  });

  it('forgets the order when the customer changes', () => {
    const d = emptyFeedbackDraft({ customer: ACME, orderId: 'o1' });
    expect(withCustomer(d, { ...ACME }).order_id).toBe('o1');
    expect(withCustomer(d, { id: 'c2', code: '', name: 'Other' }).order_id).toBe('');
    expect(withCustomer(d, null).order_id).toBe('');
  });

  it('knows its fields', () => {
    expect(isFeedbackField('customer_id')).toBe(true);
    expect(isFeedbackField('lines.0.x')).toBe(false);
    expect(isFeedbackField(null)).toBe(false);
  });
});

describe('root cause and resolution ↔ ResolutionInput', () => {
  it('start from the saved complaint with the customer currency as default', () => {
    const d = resolutionDraft(complaint(), null, 'CNY');
    expect(d).toEqual({ root_cause: '', supplier: null, product: null, resolution: '', compensation: '', currency: 'CNY' });
    expect(resolutionChanged(d, complaint())).toBe(false);
  });

  it('send the carrier, the resolution and the compensation with its currency', () => {
    const d = {
      ...resolutionDraft(complaint(), null, 'CNY'),
      root_cause: 'carrier_damage',
      supplier: { id: 's1', code: 'SF', name: '顺丰速运', kind: 'logistics' as const },
      resolution: '补发新货',
      compensation: ' 150.00 ',
      currency: 'cny',
    };
    expect(resolutionInput(d)).toEqual({
      root_cause: 'carrier_damage',
      supplier_id: 's1',
      product_id: null,
      resolution: '补发新货',
      compensation: '150.00',
      currency: 'CNY',
    });
    expect(resolutionChanged(d, complaint())).toBe(true);
  });

  it('send no currency without an amount', () => {
    expect(resolutionInput({ ...resolutionDraft(complaint(), null, 'USD'), resolution: 'ok' }).currency).toBe('');
  });

  it('read back what was saved, unchanged', () => {
    const saved = complaint({
      root_cause: 'carrier_damage',
      supplier_id: 's1',
      supplier_name: '顺丰速运',
      cause_product_id: 'p1',
      resolution: '补发新货',
      compensation: '150.00',
      currency: 'CNY',
    });
    const d = resolutionDraft(saved, { id: 'p1', sku: 'RT', name: 'Router' }, 'USD');
    expect(d.supplier).toEqual({ id: 's1', code: '', name: '顺丰速运', kind: '' });
    expect(d.product).toEqual({ id: 'p1', sku: 'RT', name: 'Router' });
    expect(d.currency).toBe('CNY');
    expect(resolutionChanged(d, saved)).toBe(false);
    // A product not looked up yet is known by its id (and is no change).
    const pending = resolutionDraft(saved, null, 'USD');
    expect(pending.product).toEqual({ id: 'p1', sku: '', name: '' });
    expect(resolutionChanged(pending, saved)).toBe(false);
    expect(resolutionChanged({ ...d, compensation: '' }, saved)).toBe(true);
    expect(resolutionChanged({ ...d, resolution: '补发新货 ' }, saved)).toBe(false);
  });
});

describe('survey form ↔ SurveyInput', () => {
  it('sends the scores given, today, and what it is linked to', () => {
    const d = emptySurveyDraft('2026-11-23', { customer: ACME, complaint_id: 'k1' });
    expect(surveyInput({ ...d, nps: 9, comment: '服务很好' })).toEqual({
      customer_id: 'c1',
      order_id: null,
      complaint_id: 'k1',
      nps: 9,
      csat: null,
      comment: '服务很好',
      channel: 'phone',
      responded_on: '2026-11-23',
    });
    expect(surveyInput({ ...d, order_id: 'o1', csat: 5 })).toMatchObject({ order_id: 'o1', nps: null, csat: 5 });
  });

  it('groups NPS scores into detractors, passives and promoters', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsGroup)).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
  });

});
