// The product page's stock chart: the ledger's running on-hand series turned into the columns
// uPlot draws (x in Unix seconds, ascending). Numbers here are for drawing only; quantities
// shown as text never go through them.
import type { StockPointDto } from '../bindings';
import { parseMilli } from './qty';

export type StockChartData = {
  /** Unix seconds, strictly ascending. */
  xs: number[];
  /** On hand after the movements up to each x (a step line). */
  onHand: number[];
  /** Safety stock as a flat reference line, when the product has one (> 0). */
  safety: number[] | null;
  /** Reorder point as a flat reference line, when the product has one (> 0). */
  reorder: number[] | null;
};

const toNumber = (q: string): number | null => {
  const m = parseMilli(q);
  return m === null ? null : Number(m) / 1000;
};

/** The shortest time the chart spans, so a product with a few fresh movements still reads well. */
export const MIN_SPAN_SECONDS = 6 * 3600;

/**
 * Points at the same second collapse into the last one (on hand after all of them); points that
 * cannot be read are skipped. The line starts from zero just before the first movement (the
 * ledger starts empty), spans at least MIN_SPAN_SECONDS, and is carried on to `now` so it ends at
 * today's stock. Null when there is nothing to draw.
 */
export function stockChartData(
  series: readonly StockPointDto[],
  now: Date,
  levels: { safety_stock?: string; reorder_point?: string } = {},
): StockChartData | null {
  const xs: number[] = [];
  const onHand: number[] = [];
  for (const point of series) {
    const ms = Date.parse(point.at);
    const value = toNumber(point.on_hand);
    if (Number.isNaN(ms) || value === null) continue;
    const x = Math.floor(ms / 1000);
    const last = xs.length - 1;
    if (last >= 0 && x <= (xs[last] ?? 0)) {
      // Same second (or out of order): the running total after it replaces the earlier one.
      onHand[last] = value;
    } else {
      xs.push(x);
      onHand.push(value);
    }
  }
  const first = xs[0];
  const lastX = xs[xs.length - 1];
  const lastValue = onHand[onHand.length - 1];
  if (first === undefined || lastX === undefined || lastValue === undefined) return null;
  const end = Math.max(Math.floor(now.getTime() / 1000), lastX);
  if (end > lastX) {
    xs.push(end);
    onHand.push(lastValue);
  }
  const lead = Math.max(1, Math.round((end - first) * 0.03));
  const start = Math.min(first - lead, end - MIN_SPAN_SECONDS);
  xs.unshift(start);
  onHand.unshift(0);
  const flat = (q: string | undefined): number[] | null => {
    const v = q === undefined ? null : toNumber(q);
    return v !== null && v > 0 ? xs.map(() => v) : null;
  };
  return { xs, onHand, safety: flat(levels.safety_stock), reorder: flat(levels.reorder_point) };
}
