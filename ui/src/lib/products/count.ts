// The stock-count sheet (盘点): summary figures, the filter that jumps to a SKU, keyboard moves
// between lines, and when a typed count needs saving. Pure functions over the IPC types.
import type { CountLine, StockCount } from '../bindings';
import { milliToString, parseMilli } from './qty';

export type CountSummary = {
  /** Lines on the sheet. */
  total: number;
  /** Lines with a counted quantity. */
  counted: number;
  /** Counted lines whose count differs from the expected quantity: the corrections posting writes. */
  corrections: number;
  /** Sum of counted − expected over counted lines, as a quantity string. */
  net: string;
};

/** The counted quantity a line shows: what is being typed if it reads as a quantity, else the saved one. */
function countedMilli(line: CountLine, typed: string | undefined): bigint | null {
  if (typed !== undefined) {
    if (typed.trim() === '') return null;
    const m = parseMilli(typed);
    if (m !== null && m >= 0n) return m;
  }
  return line.counted === null ? null : parseMilli(line.counted);
}

/**
 * counted − expected for one line, taking what is typed (and not yet saved) into account; null
 * while the line is not counted.
 */
export function lineDifference(line: CountLine, typed?: string): string | null {
  const counted = countedMilli(line, typed);
  const expected = parseMilli(line.expected);
  if (counted === null || expected === null) return null;
  return milliToString(counted - expected);
}

/** Summary of a sheet; `typed` holds unsaved entries by product id. */
export function summarize(lines: readonly CountLine[], typed: Readonly<Record<string, string>> = {}): CountSummary {
  let counted = 0;
  let corrections = 0;
  let net = 0n;
  for (const line of lines) {
    const c = countedMilli(line, typed[line.product_id]);
    const e = parseMilli(line.expected);
    if (c === null || e === null) continue;
    counted += 1;
    if (c !== e) corrections += 1;
    net += c - e;
  }
  return { total: lines.length, counted, corrections, net: milliToString(net) };
}

/**
 * Lines matching the filter box: SKU or name containing the text (case-insensitive), lines whose
 * SKU starts with it first, so Enter in the box jumps to the SKU typed.
 */
export function filterLines(lines: readonly CountLine[], query: string): CountLine[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [...lines];
  const starts: CountLine[] = [];
  const contains: CountLine[] = [];
  for (const line of lines) {
    const sku = line.sku.toLowerCase();
    if (sku.startsWith(q)) starts.push(line);
    else if (sku.includes(q) || line.name.toLowerCase().includes(q)) contains.push(line);
  }
  return [...starts, ...contains];
}

/**
 * Where a key press in line `index`'s input moves focus: Enter and ArrowDown go to the next line,
 * Shift+Enter and ArrowUp to the previous one (null at either end, and for other keys).
 */
export function nextLineIndex(
  index: number,
  count: number,
  key: string,
  shift = false,
): number | null {
  let next: number;
  if ((key === 'Enter' && !shift) || key === 'ArrowDown') next = index + 1;
  else if ((key === 'Enter' && shift) || key === 'ArrowUp') next = index - 1;
  else return null;
  return next >= 0 && next < count ? next : null;
}

/** Whether a typed entry differs from what is saved for the line (and so has to be sent). */
export function needsSave(line: CountLine, typed: string): boolean {
  const text = typed.trim();
  if (text === '') return line.counted !== null;
  if (line.counted === null) return true;
  const a = parseMilli(text);
  const b = parseMilli(line.counted);
  return a === null || b === null || a !== b;
}

/** The sheet with one line replaced by the backend's updated copy. */
export function replaceLine(count: StockCount, updated: CountLine): StockCount {
  return { ...count, lines: count.lines.map((l) => (l.product_id === updated.product_id ? updated : l)) };
}

/** Open counts can be edited; posted and cancelled ones are read-only. */
export function isEditable(count: Pick<StockCount, 'status'>): boolean {
  return count.status === 'open';
}
