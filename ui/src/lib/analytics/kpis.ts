// The dashboard's figures: what each one shows, how it is formatted, which way is better, and
// the change against the previous period. Values come as the backend computed them; nothing is
// recomputed here. A figure without data shows "no data", never 0 %.
import type { Figures, SupplyFigures } from '../bindings';
import type { MessageKey } from '../i18n';
import { numberFormat } from '../intl';

export type KpiKind = 'money' | 'count' | 'rate' | 'hours' | 'score' | 'turns' | 'days' | 'ppm';

/** Where clicking a figure leads: the records behind it. */
export type Drill =
  | 'orders'
  | 'late_deliveries'
  | 'inaccurate_deliveries'
  | 'imperfect_deliveries'
  | 'slow_shipments'
  | 'surveys'
  | 'complaints'
  | 'slipping'
  | 'purchasing'
  | null;

/** A period's figures as the dashboard holds them: stock and supplier figures arrive separately (null until then). */
export type FigureSet = { figures: Figures; supply: SupplyFigures | null };

export type Kpi = {
  key: string;
  label: MessageKey;
  help: MessageKey;
  kind: KpiKind;
  /** Whether a higher value is better (null: neither). */
  higherIsBetter: boolean | null;
  value: (f: FigureSet) => string | number | null;
  drill: Drill;
  /** Not cut by segment (stock and suppliers serve everyone). */
  uncut?: boolean;
};

export const KPIS: readonly Kpi[] = [
  { key: 'revenue', label: 'kpi.revenue', help: 'kpi.revenue_help', kind: 'money', higherIsBetter: true, value: (f) => f.figures.revenue, drill: 'orders' },
  { key: 'orders', label: 'kpi.orders', help: 'kpi.orders_help', kind: 'count', higherIsBetter: true, value: (f) => f.figures.orders, drill: 'orders' },
  { key: 'repurchase', label: 'kpi.repurchase', help: 'kpi.repurchase_help', kind: 'rate', higherIsBetter: true, value: (f) => f.figures.repurchase_rate, drill: null },
  { key: 'on_time', label: 'kpi.on_time', help: 'kpi.on_time_help', kind: 'rate', higherIsBetter: true, value: (f) => f.figures.on_time_rate, drill: 'late_deliveries' },
  { key: 'accuracy', label: 'kpi.accuracy', help: 'kpi.accuracy_help', kind: 'rate', higherIsBetter: true, value: (f) => f.figures.accuracy, drill: 'inaccurate_deliveries' },
  { key: 'perfect', label: 'kpi.perfect', help: 'kpi.perfect_help', kind: 'rate', higherIsBetter: true, value: (f) => f.figures.perfect_order_rate, drill: 'imperfect_deliveries' },
  {
    key: 'processing',
    label: 'kpi.processing',
    help: 'kpi.processing_help',
    kind: 'hours',
    higherIsBetter: false,
    value: (f) => f.figures.processing_hours?.median ?? null,
    drill: 'slow_shipments',
  },
  { key: 'nps', label: 'kpi.nps', help: 'kpi.nps_help', kind: 'score', higherIsBetter: true, value: (f) => f.figures.nps, drill: 'surveys' },
  { key: 'csat', label: 'kpi.csat', help: 'kpi.csat_help', kind: 'score', higherIsBetter: true, value: (f) => f.figures.csat, drill: 'surveys' },
  {
    key: 'first_response',
    label: 'kpi.first_response',
    help: 'kpi.first_response_help',
    kind: 'hours',
    higherIsBetter: false,
    value: (f) => f.figures.first_response_hours?.median ?? null,
    drill: 'complaints',
  },
  {
    key: 'resolution',
    label: 'kpi.resolution',
    help: 'kpi.resolution_help',
    kind: 'hours',
    higherIsBetter: false,
    value: (f) => f.figures.resolution_hours?.median ?? null,
    drill: 'complaints',
  },
  { key: 'sla', label: 'kpi.sla', help: 'kpi.sla_help', kind: 'rate', higherIsBetter: true, value: (f) => f.figures.sla_compliance, drill: 'complaints' },
  { key: 'turnover', label: 'kpi.turnover', help: 'kpi.turnover_help', kind: 'turns', higherIsBetter: true, value: (f) => f.supply?.turnover ?? null, drill: null, uncut: true },
  {
    key: 'days_of_supply',
    label: 'kpi.days_of_supply',
    help: 'kpi.days_of_supply_help',
    kind: 'days',
    higherIsBetter: null,
    value: (f) => f.supply?.days_of_supply ?? null,
    drill: null,
    uncut: true,
  },
  {
    key: 'supplier_on_time',
    label: 'kpi.supplier_on_time',
    help: 'kpi.supplier_on_time_help',
    kind: 'rate',
    higherIsBetter: true,
    value: (f) => f.supply?.supplier_on_time ?? null,
    drill: 'purchasing',
    uncut: true,
  },
  {
    key: 'defects',
    label: 'kpi.defects',
    help: 'kpi.defects_help',
    kind: 'ppm',
    higherIsBetter: false,
    value: (f) => f.supply?.defects_per_million ?? null,
    drill: 'purchasing',
    uncut: true,
  },
];

function intlLocale(locale: string): string {
  return locale === 'zh-CN' ? 'zh-CN' : 'en-US';
}

/** A figure's number for display (money is formatted by the caller with its currency); null = no data. */
export function formatNumber(kind: KpiKind, value: string | number | null, locale: string): string | null {
  if (value === null) return null;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return null;
  const nf = (digits: number, style?: 'percent') =>
    numberFormat(intlLocale(locale), { maximumFractionDigits: digits, minimumFractionDigits: 0, style });
  switch (kind) {
    case 'rate':
      return nf(1, 'percent').format(n);
    case 'count':
    case 'ppm':
      return nf(0).format(n);
    case 'turns':
      return nf(2).format(n);
    case 'hours':
    case 'days':
    case 'score':
    case 'money':
      return nf(1).format(n);
  }
}

export type Delta = { sign: -1 | 0 | 1; good: boolean | null; amount: number };

/**
 * The change from the previous period: for rates in percentage points, otherwise relative (a
 * fraction of the previous value; null when the previous value is 0 or either side has no data).
 */
export function delta(kpi: Kpi, current: FigureSet, previous: FigureSet | null): Delta | null {
  if (!previous) return null;
  const a = toNumber(kpi.value(current));
  const b = toNumber(kpi.value(previous));
  if (a === null || b === null) return null;
  let amount: number;
  if (kpi.kind === 'rate' || kpi.kind === 'score') amount = a - b;
  else if (b === 0) return null;
  else amount = (a - b) / Math.abs(b);
  const sign = amount > 1e-12 ? 1 : amount < -1e-12 ? -1 : 0;
  const good = sign === 0 || kpi.higherIsBetter === null ? null : (sign > 0) === kpi.higherIsBetter;
  return { sign, good, amount };
}

function toNumber(v: string | number | null): number | null {
  if (v === null) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** The delta's number with its sign ("+3.2"), in percentage points for rates and scores, else in percent. */
export function formatDelta(kpi: Kpi, d: Delta, locale: string): { value: string; unit: 'points' | 'percent' } {
  const sign = d.sign > 0 ? '+' : d.sign < 0 ? '−' : '±';
  const nf = numberFormat(intlLocale(locale), { maximumFractionDigits: 1 });
  if (kpi.kind === 'rate') return { value: `${sign}${nf.format(Math.abs(d.amount) * 100)}`, unit: 'points' };
  if (kpi.kind === 'score') return { value: `${sign}${nf.format(Math.abs(d.amount))}`, unit: 'points' };
  return { value: `${sign}${nf.format(Math.abs(d.amount) * 100)}`, unit: 'percent' };
}
