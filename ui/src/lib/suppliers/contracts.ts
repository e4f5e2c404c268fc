// Supplier contracts (供应商合同): the dialog's model and how close a contract is to its end.
import type { Contract, ContractInput } from '../bindings';
import { addDays } from '../datetime';
import { plainNumber } from '../number';

/** Reminders look this many days ahead unless the user changes it; contracts ending this soon are highlighted. */
export const EXPIRY_WINDOW_DAYS = 30;

export const CONTRACT_FIELDS = ['title', 'starts_on', 'ends_on', 'terms', 'auto_renew', 'notice_days', 'reference'] as const;
export type ContractField = (typeof CONTRACT_FIELDS)[number];

export type ContractDraft = {
  title: string;
  starts_on: string;
  ends_on: string;
  terms: string;
  auto_renew: boolean;
  notice_days: string;
  reference: string;
};

/** A new contract: starting today, running a year. */
export function emptyContractDraft(today: string): ContractDraft {
  return {
    title: '',
    starts_on: today,
    ends_on: addDays(addYears(today, 1), -1),
    terms: '',
    auto_renew: false,
    notice_days: '30',
    reference: '',
  };
}

function addYears(ymd: string, years: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return ymd;
  const y = Number(m[1]) + years;
  // 29 February becomes 28 February in a year without it.
  const day = m[2] === '02' && m[3] === '29' && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? '28' : m[3];
  return `${String(y).padStart(4, '0')}-${m[2]}-${day}`;
}

export function draftFromContract(c: Contract): ContractDraft {
  return {
    title: c.title,
    starts_on: c.starts_on,
    ends_on: c.ends_on,
    terms: c.terms,
    auto_renew: c.auto_renew,
    notice_days: String(c.notice_days),
    reference: c.reference,
  };
}

export function inputFromContractDraft(supplierId: string, d: ContractDraft): ContractInput {
  return {
    supplier_id: supplierId,
    title: d.title.trim(),
    starts_on: d.starts_on.trim(),
    ends_on: d.ends_on.trim(),
    terms: d.terms.trim(),
    auto_renew: d.auto_renew,
    notice_days: d.notice_days.trim(),
    reference: d.reference.trim(),
  };
}

function utcDay(ymd: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

/** Whole calendar days from `today` to `endsOn` (0 on the last day, negative once it has ended). */
export function daysLeft(endsOn: string, today: string): number | null {
  const end = utcDay(endsOn);
  const now = utcDay(today);
  return end === null || now === null ? null : end - now;
}

export type ExpiryState = 'ended' | 'soon' | 'running' | 'future';

/**
 * How a contract stands today: ended, ending within `window` days (soon), running, or not
 * started yet (future).
 */
export function expiryState(c: Pick<Contract, 'starts_on' | 'ends_on'>, today: string, window = EXPIRY_WINDOW_DAYS): ExpiryState {
  const left = daysLeft(c.ends_on, today);
  if (left !== null && left < 0) return 'ended';
  if (left !== null && left <= window) return 'soon';
  return c.starts_on > today ? 'future' : 'running';
}

/** The reminder window typed by the user, as a whole number of days from 1 to 730; null if it is not one. */
export function parseWindow(text: string): number | null {
  const s = plainNumber(text);
  if (!/^\d{1,3}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= 730 ? n : null;
}
