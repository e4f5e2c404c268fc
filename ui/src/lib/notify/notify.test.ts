import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Notice, Notification } from '../bindings';
import { translate, type MessageKey, type Params } from '../i18n/core';
import { checkNow, checkOnce, startNotifier, testNotification, wordNotice, NOTICE_KINDS } from './notify';

const en = (key: MessageKey, params?: Params): string => translate('en', key, params);
const zh = (key: MessageKey, params?: Params): string => translate('zh-CN', key, params);
const date = (ymd: string): string => `<${ymd}>`;

const followUps: Notice = {
  kind: 'follow_ups',
  total: 5,
  items: [
    { id: 'a', code: 'C-0001', name: '深圳华为', date: '2026-12-05' },
    { id: 'b', code: 'C-0002', name: '北京小米', date: '2026-12-07' },
    { id: 'c', code: 'C-0003', name: '', date: '2026-12-07' },
  ],
};

describe('wordNotice', () => {
  it('counts in the title and names the first records with their dates, then how many more', () => {
    expect(wordNotice(followUps, en, date)).toEqual({
      title: '5 follow-ups due',
      body: 'C-0001 深圳华为 · due <2026-12-05>\nC-0002 北京小米 · due <2026-12-07>\nC-0003 · due <2026-12-07>\nand 2 more',
    });
    expect(wordNotice(followUps, zh, date).title).toBe('5 条跟进到期');
    expect(wordNotice(followUps, zh, date).body.split('\n')[3]).toBe('另有 2 条');
  });

  it('says one in the singular and stock without a date', () => {
    const low: Notice = { kind: 'low_stock', total: 1, items: [{ id: 'p', code: 'BOLT-M8', name: '六角螺栓', date: null }] };
    expect(wordNotice(low, en, date)).toEqual({ title: '1 product below safety stock', body: 'BOLT-M8 六角螺栓' });
    expect(wordNotice(low, zh, date).title).toBe('1 个产品低于安全库存');
  });

  it('words every kind in both languages (no key left as itself)', () => {
    for (const kind of NOTICE_KINDS) {
      for (const tr of [en, zh]) {
        for (const total of [1, 2]) {
          const n = wordNotice({ kind, total, items: [{ id: 'x', code: 'X', name: 'Y', date: '2026-01-02' }] }, tr, date);
          expect(n.title).not.toContain('notify.');
          expect(n.body).not.toContain('notify.');
        }
      }
    }
    expect(testNotification(zh).title).toBe('链簿通知已开启');
  });
});

describe('checking', () => {
  afterEach(() => vi.useRealTimers());

  it('shows one notification per notice for today, and survives a failing backend', async () => {
    const shown: Notification[] = [];
    const due = vi.fn(async (today: string) => (today === '2026-12-07' ? [followUps] : []));
    const deps = { due, show: async (n: Notification) => void shown.push(n), today: () => '2026-12-07', tr: en, date };
    expect(await checkOnce(deps)).toBe(1);
    expect(shown[0]?.title).toBe('5 follow-ups due');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await checkOnce({ ...deps, due: async () => Promise.reject(new Error('down')) })).toBe(0);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });

  it('checks soon after start, then on its interval, until stopped', async () => {
    vi.useFakeTimers();
    const due = vi.fn(async () => [] as Notice[]);
    const stop = startNotifier({ due, show: async () => {}, today: () => '2026-12-07', tr: en, date }, 1000, 100);
    await vi.advanceTimersByTimeAsync(100);
    expect(due).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(due).toHaveBeenCalledTimes(3);
    checkNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(due).toHaveBeenCalledTimes(4);
    stop();
    checkNow();
    await vi.advanceTimersByTimeAsync(5000);
    expect(due).toHaveBeenCalledTimes(4);
  });
});
