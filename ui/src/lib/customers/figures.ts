// The customer 360's figures, asked for in one place: the page starts them together with the
// record and its timeline (it knows the id at once), and hands the answers on their way to the
// parts that show them, which mount only once the record arrived. Asked by the parts
// themselves they made a second round trip after the first (docs/benchmarks.md, "In the window
// at L"). A part asks again itself when its `version` moves (after a survey was recorded).
import type { CustomerInsight, Satisfaction } from '../bindings';
import { analyticsCustomer, satisfaction } from '../ipc';
import { todayString } from '../followups';
import { defaultPeriod, periodInput } from '../analytics/period';
import { SATISFACTION_DAYS } from '../service/satisfaction';

/** The customer's value figures over the default period (the last 365 days); null: none. */
export function askInsight(customerId: string): Promise<CustomerInsight | null> {
  const period = periodInput(defaultPeriod(todayString()));
  return period ? analyticsCustomer(customerId, period) : Promise.resolve(null);
}

/** NPS and CSAT over the last 90 days, of one customer or (null) everyone. */
export function askSatisfaction(customerId: string | null): Promise<Satisfaction> {
  return satisfaction(customerId, todayString(), SATISFACTION_DAYS);
}

/**
 * An answer asked for early, taken once: `take()` gives it the first time (`first` when there
 * is one), then asks afresh with `ask` every later time.
 */
export function takeOnce<T>(first: Promise<T> | undefined, ask: () => Promise<T>): () => Promise<T> {
  let early = first;
  return () => {
    const answer = early ?? ask();
    early = undefined;
    return answer;
  };
}
