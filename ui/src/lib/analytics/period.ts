// The analysis period the dashboard and the lost-customer page share: a preset (or a custom first
// day) and an as-of date. Nothing after the as-of date counts; "all" means all history.
import type { PeriodInput } from '../bindings';
import { addDays, isYmd } from '../datetime';

export const PRESETS = ['last_30', 'last_90', 'last_365', 'this_year', 'all', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];

export type PeriodChoice = {
  preset: Preset;
  /** YYYY-MM-DD */
  asOf: string;
  /** The first day of a custom period (YYYY-MM-DD); ignored by the other presets. */
  from: string;
};

/** The default: the 365 days up to today. */
export function defaultPeriod(today: string): PeriodChoice {
  return { preset: 'last_365', asOf: today, from: addDays(today, -364) };
}

/** The first day a choice stands for ("" = all history), or null while a custom date is half-typed. */
export function firstDay(c: PeriodChoice): string | null {
  switch (c.preset) {
    case 'last_30':
      return addDays(c.asOf, -29);
    case 'last_90':
      return addDays(c.asOf, -89);
    case 'last_365':
      return addDays(c.asOf, -364);
    case 'this_year':
      return `${c.asOf.slice(0, 4)}-01-01`;
    case 'all':
      return '';
    case 'custom':
      return isYmd(c.from) ? c.from : null;
  }
}

/** What the backend is sent, or null while the choice is incomplete (the backend checks the order of the days). */
export function periodInput(c: PeriodChoice): PeriodInput | null {
  if (!isYmd(c.asOf)) return null;
  const from = firstDay(c);
  return from === null ? null : { from, as_of: c.asOf };
}
