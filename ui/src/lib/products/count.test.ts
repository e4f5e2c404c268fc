import { describe, expect, it } from 'vitest';
import type { CountLine, StockCount } from '../bindings';
import { filterLines, isEditable, lineDifference, needsSave, nextLineIndex, replaceLine, summarize } from './count';

const line = (sku: string, expected: string, counted: string | null, name = sku): CountLine => ({
  product_id: `id-${sku}`,
  sku,
  name,
  expected,
  counted,
  difference: null,
});

const lines = [line('A-1', '10', '8'), line('A-2', '5', '5'), line('B-1', '0.5', null, '螺母'), line('AB-3', '-2', '0')];

describe('count sheet summary', () => {
  it('counts lines, corrections and the net difference', () => {
    expect(summarize(lines)).toEqual({ total: 4, counted: 3, corrections: 2, net: '0' });
    expect(summarize([])).toEqual({ total: 0, counted: 0, corrections: 0, net: '0' });
  });

  it('takes unsaved entries into account', () => {
    expect(summarize(lines, { 'id-B-1': '0.25', 'id-A-1': '' })).toEqual({
      total: 4,
      counted: 3,
      corrections: 2,
      net: '1.75',
    });
    // something that is not a quantity falls back to what is saved
    expect(summarize(lines, { 'id-A-2': 'abc' }).corrections).toBe(2);
  });

  it('gives a line difference, live while typing', () => {
    expect(lineDifference(lines[0]!)).toBe('-2');
    expect(lineDifference(lines[2]!)).toBeNull();
    expect(lineDifference(lines[2]!, '0.75')).toBe('0.25');
    expect(lineDifference(lines[0]!, '')).toBeNull();
    expect(lineDifference(lines[3]!)).toBe('2');
  });
});

describe('filterLines', () => {
  it('puts SKUs starting with the text first, then other matches by SKU or name', () => {
    expect(filterLines(lines, 'a').map((l) => l.sku)).toEqual(['A-1', 'A-2', 'AB-3']);
    expect(filterLines(lines, 'b').map((l) => l.sku)).toEqual(['B-1', 'AB-3']);
    expect(filterLines(lines, '螺').map((l) => l.sku)).toEqual(['B-1']);
    expect(filterLines(lines, '  ').length).toBe(4);
    expect(filterLines(lines, 'zz')).toEqual([]);
  });
});

describe('keyboard moves', () => {
  it('Enter and ArrowDown go down, Shift+Enter and ArrowUp go up, within the sheet', () => {
    expect(nextLineIndex(0, 3, 'Enter')).toBe(1);
    expect(nextLineIndex(1, 3, 'ArrowDown')).toBe(2);
    expect(nextLineIndex(2, 3, 'Enter')).toBeNull();
    expect(nextLineIndex(2, 3, 'Enter', true)).toBe(1);
    expect(nextLineIndex(1, 3, 'ArrowUp')).toBe(0);
    expect(nextLineIndex(0, 3, 'ArrowUp')).toBeNull();
    expect(nextLineIndex(0, 3, 'Tab')).toBeNull();
    expect(nextLineIndex(0, 3, 'a')).toBeNull();
  });
});

describe('needsSave', () => {
  it('compares the typed value with the saved one as quantities', () => {
    expect(needsSave(line('X', '1', null), '')).toBe(false);
    expect(needsSave(line('X', '1', null), '3')).toBe(true);
    expect(needsSave(line('X', '1', '3'), '3.000')).toBe(false);
    expect(needsSave(line('X', '1', '3'), ' 3 ')).toBe(false);
    expect(needsSave(line('X', '1', '3'), '')).toBe(true);
    expect(needsSave(line('X', '1', '3'), '4')).toBe(true);
    expect(needsSave(line('X', '1', '3'), 'abc')).toBe(true);
  });
});

describe('count helpers', () => {
  it('replaces one line and knows which counts are editable', () => {
    const count: StockCount = { id: 'c', note: '', status: 'open', started_at: '', lines };
    const next = replaceLine(count, { ...lines[2]!, counted: '1', difference: '0.5' });
    expect(next.lines[2]?.counted).toBe('1');
    expect(next.lines[0]).toBe(lines[0]);
    expect(count.lines[2]?.counted).toBeNull();
    expect(isEditable(count)).toBe(true);
    expect(isEditable({ status: 'posted' })).toBe(false);
    expect(isEditable({ status: 'cancelled' })).toBe(false);
  });
});
