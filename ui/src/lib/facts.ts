// Words a fact the backend recorded (a back-order, a credit override, a feedback follow-up, a
// compensation, the partner a root cause names) in the user's language. The backend sends facts as kinds with values; nothing
// here reads backend text.
import type { Fact, Interaction } from './bindings';
import { formatMoney } from './format';
import { translate, type Locale } from './i18n/core';

export function factText(fact: Fact, locale: Locale): string {
  const money = (amount: string, currency: string): string => formatMoney(amount, currency, locale);
  switch (fact.kind) {
    case 'backorder':
      return translate(locale, 'fact.backorder', { count: fact.lines });
    case 'credit_override':
      return translate(locale, 'fact.credit_override', {
        open: money(fact.open, fact.currency),
        order: money(fact.order, fact.currency),
        limit: money(fact.limit, fact.currency),
      });
    case 'delivery_feedback':
      return translate(locale, 'fact.delivery_feedback', { number: fact.order_number });
    case 'compensation':
      return translate(locale, 'fact.compensation', { amount: money(fact.amount, fact.currency) });
    case 'root_cause_partner':
      return translate(locale, `fact.root_cause_partner.${fact.supplier_kind}`, { name: fact.name, code: fact.code });
  }
}

/** What an interaction is about: the user's summary, or the fact an app-made one records. */
export function interactionSummary(i: Pick<Interaction, 'summary' | 'fact'>, locale: Locale): string {
  return i.fact ? factText(i.fact, locale) : i.summary;
}
