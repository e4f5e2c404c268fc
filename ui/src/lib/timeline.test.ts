import { describe, expect, it } from 'vitest';
import type { Interaction, TimelineEntry } from './bindings';
import { orderStatusKey, replaceInteraction, timelineView } from './timeline';
import { translate } from './i18n/core';

const interaction: Interaction = {
  id: 'i1',
  customer_id: 'c1',
  contact_id: 'k1',
  contact_name: '王芳',
  kind: 'visit',
  occurred_at: '2026-11-23T01:30:00Z',
  summary: '询问春节前交货',
  outcome: '同意先发一半',
  follow_up_on: '2026-11-24',
  follow_up_done_at: null,
  fact: null,
};

describe('timeline dispatch', () => {
  it('turns an order entry into its view, with a translatable status', () => {
    const order = { id: 'o1', number: 'SO-2611-ABC-00001', status: 'shipped' as const, currency: 'CNY', total: '288.91', created_at: '2026-11-23T02:00:00Z' };
    expect(timelineView({ type: 'order', ...order })).toEqual({ type: 'order', key: 'order:o1', at: '2026-11-23T02:00:00Z', order });
    expect(orderStatusKey('shipped')).toBe('order.status.shipped');
    expect(orderStatusKey('teleported')).toBeNull();
  });

  it('turns an interaction entry into its view', () => {
    const view = timelineView({ type: 'interaction', ...interaction });
    expect(view).toEqual({
      type: 'interaction',
      key: 'interaction:i1',
      at: '2026-11-23T01:30:00Z',
      kind: 'visit',
      interaction,
    });
  });

  it('keeps an unknown interaction kind as raw text', () => {
    const view = timelineView({ type: 'interaction', ...interaction, kind: 'telegram' });
    expect(view.type === 'interaction' && view.kind).toBeNull();
  });

  it('shows entry types from a newer backend as "unknown" instead of failing', () => {
    const claim = { type: 'warranty_claim', id: 'k1', at: '2026-11-25T00:00:00Z' } as unknown as TimelineEntry;
    expect(timelineView(claim)).toEqual({ type: 'unknown', key: 'warranty_claim:k1', at: '2026-11-25T00:00:00Z', entryType: 'warranty_claim' });
  });

  it('labels every interaction kind in both languages', () => {
    expect(translate('en', 'interaction_kind.call')).toBe('Call');
    expect(translate('zh-CN', 'interaction_kind.visit')).toBe('拜访');
    expect(translate('zh-CN', 'interaction_kind.meeting')).toBe('会议');
    expect(translate('en', 'timeline.with', { name: '王芳' })).toBe('with 王芳');
  });

  it('replaces a completed interaction in place', () => {
    const other: TimelineEntry = { type: 'interaction', ...interaction, id: 'i0' };
    const entries: TimelineEntry[] = [{ type: 'interaction', ...interaction }, other];
    const done = { ...interaction, follow_up_done_at: '2026-11-24T02:00:00Z' };
    const next = replaceInteraction(entries, done);
    expect(next[0]).toEqual({ type: 'interaction', ...done });
    expect(next[1]).toBe(other);
  });
});
