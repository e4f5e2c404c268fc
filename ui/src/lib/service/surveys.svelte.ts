// The survey-answer list's query: a period and optionally one NPS group (the records behind the
// dashboard's NPS and CSAT). The state outlives the view, so coming back keeps it.
import type { NpsGroup, SurveyListQuery } from '../bindings';
import type { MessageKey } from '../i18n';

export const SURVEY_PAGE_SIZE = 50;

export const NPS_GROUPS: readonly NpsGroup[] = ['promoter', 'passive', 'detractor'];

export type SurveyFilters = { from: string; to: string; group: NpsGroup | '' };

export const surveyListState = $state<SurveyFilters & { page: number }>({ from: '', to: '', group: '', page: 0 });

/** The list query; half-typed dates are left out rather than sent. */
export function surveyQuery(s: SurveyFilters & { page: number }): SurveyListQuery {
  const date = (v: string): string | null => (/^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? v.trim() : null);
  return {
    page: s.page,
    page_size: SURVEY_PAGE_SIZE,
    from: date(s.from),
    to: date(s.to),
    nps_group: s.group === '' ? null : s.group,
  };
}

/** The group's name, as the dashboard's NPS bars say it. */
export function npsGroupKey(g: NpsGroup): MessageKey {
  return ({ promoter: 'dashboard.promoters', passive: 'dashboard.passives', detractor: 'dashboard.detractors' } as const)[g];
}

/** The group of a 0–10 score, as core counts it (promoters 9–10, passives 7–8, detractors 0–6). */
export function npsGroupOf(score: number): NpsGroup {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}
