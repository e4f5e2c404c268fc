// The supplier scorecard (供应商记分卡) in the UI: periods as the backend names them
// ("2026-07", "2026-Q3", "2026"), moving between them, the weights form's sum, each
// criterion's inputs as the numbers a reader can check by hand, the history chart's option and
// the probation reason. The rules and the scores themselves are the backend's
// (`chainbook_core::scorecard`); nothing here computes a score.
import type { ScoreCriterion, ScoreGrade, ScoreHistoryPoint, ScoreInputs, ScoreWeights } from '../bindings';
import type { Option } from '../analytics/charts';

export type PeriodKind = 'month' | 'quarter' | 'year';
export const PERIOD_KINDS: readonly PeriodKind[] = ['month', 'quarter', 'year'];
export const CRITERIA: readonly ScoreCriterion[] = ['on_time', 'quality', 'price', 'complaints', 'ratings'];
/** Periods of history the supplier page asks for, per kind (a year of months or quarters). */
export const HISTORY: Record<PeriodKind, number> = { month: 12, quarter: 4, year: 3 };

type Parts = { kind: PeriodKind; year: number; n: number };

function parts(label: string): Parts | null {
  let m = /^(\d{4})$/.exec(label);
  if (m) return { kind: 'year', year: Number(m[1]), n: 1 };
  m = /^(\d{4})-Q([1-4])$/.exec(label);
  if (m) return { kind: 'quarter', year: Number(m[1]), n: Number(m[2]) };
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(label);
  if (m) return { kind: 'month', year: Number(m[1]), n: Number(m[2]) };
  return null;
}

function label(p: Parts): string {
  if (p.kind === 'year') return String(p.year);
  if (p.kind === 'quarter') return `${p.year}-Q${p.n}`;
  return `${p.year}-${String(p.n).padStart(2, '0')}`;
}

/** The period of `kind` containing a local date (YYYY-MM-DD). */
export function periodOf(kind: PeriodKind, today: string): string {
  const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(today);
  if (!m) return '';
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (kind === 'year') return String(year);
  if (kind === 'quarter') return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
  return `${year}-${m[2]}`;
}

export function kindOf(period: string): PeriodKind | null {
  return parts(period)?.kind ?? null;
}

/** The period `step` periods after (negative: before) `period`. */
export function shiftPeriod(period: string, step: number): string {
  const p = parts(period);
  if (!p) return period;
  const per = p.kind === 'year' ? 1 : p.kind === 'quarter' ? 4 : 12;
  const index = p.year * per + (p.n - 1) + step;
  return label({ kind: p.kind, year: Math.floor(index / per), n: (index % per) + 1 });
}

/** The weights' sum, for the form; the backend refuses anything but 100 (`weights_sum`). */
export function weightSum(w: ScoreWeights): number {
  return CRITERIA.reduce((s, c) => s + (Number.isFinite(w[c]) ? w[c] : 0), 0);
}

/** A 0–100 score with one decimal, or null without data. */
export function formatScore(score: number | null): string | null {
  return score === null ? null : score.toFixed(1);
}

export function gradeTone(grade: ScoreGrade | null): string {
  switch (grade) {
    case 'A':
      return 'success';
    case 'B':
      return 'accent';
    case 'C':
      return 'warning';
    case 'D':
      return 'danger';
    default:
      return 'neutral';
  }
}

/** A criterion's inputs as message parameters: the counts and the rate derived from them. */
export function inputParams(c: ScoreCriterion, i: ScoreInputs): { key: ScoreCriterion; params: Record<string, string | number> } | null {
  const pct = (x: number): string => (x * 100).toFixed(1);
  switch (c) {
    case 'on_time':
      return i.on_time_rate === null
        ? null
        : { key: 'on_time', params: { on_time: i.lines_on_time, due: i.lines_due, rate: pct(i.on_time_rate) } };
    case 'quality':
      return i.defects_per_million === null || i.rejection_share === null
        ? null
        : {
            key: 'quality',
            params: {
              rejected: i.rejected,
              received: (Number(i.accepted) + Number(i.rejected)).toString(),
              dpm: Math.round(i.defects_per_million),
              with_rejection: i.receipts_with_rejection,
              receipts: i.receipts,
              share: pct(i.rejection_share),
            },
          };
    case 'price':
      return i.price_index === null
        ? null
        : { key: 'price', params: { paid: i.price_paid, at_average: i.price_at_average, index: i.price_index.toFixed(1), products: i.price_products } };
    case 'complaints':
      return i.complaints_per_thousand === null
        ? null
        : {
            key: 'complaints',
            params: {
              complaints: i.complaints,
              received: (Number(i.accepted) + Number(i.rejected)).toString(),
              rate: i.complaints_per_thousand.toFixed(2),
            },
          };
    case 'ratings':
      return i.mean_rating === null ? null : { key: 'ratings', params: { evaluations: i.evaluations, mean: i.mean_rating.toFixed(2) } };
  }
}

const BLUE = '#2563eb';
const RED = '#dc2626';

/** The history chart: the score per period (a gap without data), the grade bounds marked. */
export function historyOption(history: ScoreHistoryPoint[], scoreLabel: string): Option {
  return {
    grid: { left: 40, right: 16, top: 16, bottom: 32 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: history.map((h) => h.period) },
    yAxis: { type: 'value', min: 0, max: 100 },
    series: [
      {
        name: scoreLabel,
        type: 'line',
        connectNulls: false,
        data: history.map((h) => (h.score === null ? null : Number(h.score.toFixed(1)))),
        itemStyle: { color: BLUE },
        markLine: {
          symbol: 'none',
          silent: true,
          label: { formatter: '{b}' },
          lineStyle: { type: 'dashed', color: RED, opacity: 0.5 },
          data: [
            { name: 'A', yAxis: 85 },
            { name: 'B', yAxis: 70 },
            { name: 'C', yAxis: 50 },
          ],
        },
      },
    ],
  };
}
