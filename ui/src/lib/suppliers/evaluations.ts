// Supplier evaluations (供应商评估): periodic 1–5 ratings, the manual part of the scorecard.
import type { Evaluation, EvaluationInput } from '../bindings';

export const RATINGS = [1, 2, 3, 4, 5] as const;
export const RATING_FIELDS = ['cooperation', 'service', 'technology'] as const;
export type RatingField = (typeof RATING_FIELDS)[number];
export const EVALUATION_FIELDS = ['period', ...RATING_FIELDS, 'comment'] as const;

export type EvaluationDraft = {
  period: string;
  cooperation: number;
  service: number;
  technology: number;
  comment: string;
};

/** The quarter a local date falls in, written as the backend expects: "2026-Q4". */
export function quarterOf(today: string): string {
  const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(today);
  if (!m) return '';
  return `${m[1]}-Q${Math.floor((Number(m[2]) - 1) / 3) + 1}`;
}

export function emptyEvaluationDraft(today: string): EvaluationDraft {
  return { period: quarterOf(today), cooperation: 3, service: 3, technology: 3, comment: '' };
}

export function inputFromEvaluationDraft(supplierId: string, d: EvaluationDraft): EvaluationInput {
  return {
    supplier_id: supplierId,
    period: d.period.trim().toUpperCase(),
    cooperation: d.cooperation,
    service: d.service,
    technology: d.technology,
    comment: d.comment.trim(),
  };
}

/** The mean of the three ratings with one decimal ("3.7"); ratings are small integers, so no money rules apply. */
export function averageRating(e: Pick<Evaluation, RatingField>): string {
  const tenths = Math.round(((e.cooperation + e.service + e.technology) * 10) / 3);
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/** Newest period first ("2026-Q4" before "2026-Q3", "2026-11" before "2026-10"), then newest entry. */
export function sortEvaluations(list: readonly Evaluation[]): Evaluation[] {
  return [...list].sort((a, b) => (a.period === b.period ? b.created_at.localeCompare(a.created_at) : periodKey(b.period).localeCompare(periodKey(a.period))));
}

// A sortable key: months and quarters of a year interleave by their last month.
function periodKey(period: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `${q[1]}-${String(Number(q[2]) * 3).padStart(2, '0')}q`;
  return period;
}
