// The SLA policy as edited in Settings: hours as typed per severity, checked to be whole numbers
// before they are sent (the backend checks the ranges and that a first response is not due
// after resolution).
import type { CommandError, SlaPolicy } from '../bindings';
import { SEVERITIES, type Severity } from './choices';
import { plainNumber } from '../number';

/** `[first response, resolution]` hours as typed, per severity. */
export type SlaPolicyText = Record<Severity, [string, string]>;

export function policyText(p: SlaPolicy): SlaPolicyText {
  return {
    low: [String(p.low[0]), String(p.low[1])],
    medium: [String(p.medium[0]), String(p.medium[1])],
    high: [String(p.high[0]), String(p.high[1])],
    critical: [String(p.critical[0]), String(p.critical[1])],
  };
}

/** Whole hours, or null. */
function hours(text: string): number | null {
  const s = plainNumber(text);
  return /^\d{1,6}$/.test(s) ? Number(s) : null;
}

/** The policy to send, or the first row whose hours are not whole numbers (out of range). */
export function policyFromText(text: SlaPolicyText): { policy: SlaPolicy } | { error: CommandError } {
  const out: Partial<Record<Severity, [number, number]>> = {};
  for (const s of SEVERITIES) {
    const [a, b] = text[s];
    const first = hours(a);
    const resolve = hours(b);
    if (first === null || resolve === null) return { error: { code: 'out_of_range', message: '', field: s } };
    out[s] = [first, resolve];
  }
  const { low, medium, high, critical } = out;
  if (!low || !medium || !high || !critical) return { error: { code: 'internal', message: 'incomplete policy', field: null } };
  return { policy: { low, medium, high, critical } };
}
