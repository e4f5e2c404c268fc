// What the dashboard and the lost-customer page look at (period, currency, segment), kept while
// the user moves between them and the records behind a figure.
import type { AnalysisInput } from '../bindings';
import { todayString } from '../followups';
import { defaultPeriod, periodInput, type PeriodChoice } from './period';

export const analysisState = $state<{ period: PeriodChoice; currency: string; segment: string | null; compare: string | null }>({
  period: defaultPeriod(todayString()),
  currency: '',
  segment: null,
  /** A second segment whose figures are shown beside the first's ('' = everyone). */
  compare: null,
});

/** The request for the current choice, or null while it is incomplete (no currency yet, half-typed dates). */
export function currentAnalysis(): AnalysisInput | null {
  const period = periodInput(analysisState.period);
  if (!period || analysisState.currency === '') return null;
  return { period, currency: analysisState.currency, segment: analysisState.segment };
}

/** The same request for the comparison segment, or null without one. */
export function comparedAnalysis(): AnalysisInput | null {
  const q = currentAnalysis();
  const other = analysisState.compare;
  if (!q || other === null) return null;
  return { ...q, segment: other === '' ? null : other };
}
