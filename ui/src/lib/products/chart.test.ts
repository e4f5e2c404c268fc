import { describe, expect, it } from 'vitest';
import { MIN_SPAN_SECONDS, stockChartData } from './chart';

const now = new Date('2026-11-23T12:00:00Z');
const s = (iso: string): number => Date.parse(iso) / 1000;

describe('stockChartData', () => {
  it('is null without movements', () => {
    expect(stockChartData([], now)).toBeNull();
  });

  it('starts from zero before the first movement and carries the line on to now', () => {
    const d = stockChartData(
      [
        { at: '2026-11-01T08:00:00.000Z', on_hand: '40' },
        { at: '2026-11-21T09:30:00.000Z', on_hand: '35' },
      ],
      now,
    );
    const first = s('2026-11-01T08:00:00Z');
    const end = s('2026-11-23T12:00:00Z');
    const lead = Math.round((end - first) * 0.03);
    expect(d).toEqual({
      xs: [first - lead, first, s('2026-11-21T09:30:00Z'), end],
      onHand: [0, 40, 35, 35],
      safety: null,
      reorder: null,
    });
  });

  it('keeps the last running total of movements in the same second', () => {
    const d = stockChartData(
      [
        { at: '2026-11-20T08:00:00.100Z', on_hand: '40' },
        { at: '2026-11-20T08:00:00.900Z', on_hand: '35.5' },
        { at: 'garbage', on_hand: '1' },
        { at: '2026-11-21T08:00:00.000Z', on_hand: '-2' },
      ],
      now,
    );
    expect(d?.xs.slice(1)).toEqual([s('2026-11-20T08:00:00Z'), s('2026-11-21T08:00:00Z'), s('2026-11-23T12:00:00Z')]);
    expect(d?.onHand).toEqual([0, 35.5, -2, -2]);
  });

  it('spans at least six hours for fresh movements', () => {
    const d = stockChartData(
      [
        { at: '2026-11-23T11:59:58.000Z', on_hand: '40' },
        { at: '2026-11-23T11:59:59.000Z', on_hand: '35' },
      ],
      now,
    );
    expect(d?.xs).toEqual([s('2026-11-23T06:00:00Z'), s('2026-11-23T11:59:58Z'), s('2026-11-23T11:59:59Z'), s('2026-11-23T12:00:00Z')]);
    expect(d?.onHand).toEqual([0, 40, 35, 35]);
    expect((d?.xs.at(-1) ?? 0) - (d?.xs[0] ?? 0)).toBe(MIN_SPAN_SECONDS);
  });

  it('adds flat safety stock and reorder point lines when they are set', () => {
    const d = stockChartData([{ at: '2026-11-20T08:00:00Z', on_hand: '40' }], now, {
      safety_stock: '10',
      reorder_point: '0',
    });
    expect(d?.safety).toEqual([10, 10, 10]);
    expect(d?.reorder).toBeNull();
  });
});
